/** Writes the code-cache warm-up kubeconfig to `file`, with expiries relative to `at` (epoch ms). */
export function writeWarmupKubeconfig(file: string, at: number): void;
