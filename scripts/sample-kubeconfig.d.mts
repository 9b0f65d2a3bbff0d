/** Writes the sample kubeconfig to `file`, with expiries relative to `at` (epoch ms). */
export function writeSampleKubeconfig(file: string, at: number): void;
