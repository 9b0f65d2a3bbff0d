/** Where Chrome or Chromium is usually installed on `platform`, in the order they are tried. */
export function chromiumCandidates(platform: NodeJS.Platform, home: string): string[];
/** What to do when no browser is found, in one line. */
export function missingChromium(platform: NodeJS.Platform): string;
/** The browser's path: KUBEWARD_CHROMIUM, else the first candidate installed; throws the one-line fix when there is none. */
export function findChromium(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string;
