/**
 * Which files kubectl loads: client-go's NewDefaultClientConfigLoadingRules. A set
 * KUBECONFIG is split like Go's filepath.SplitList, empty entries are skipped and
 * repeats dropped (first kept); only an unset or empty KUBECONFIG means ~/.kube/config.
 */
import type { Platform } from '../facts';
import { isWindows, join } from './filepath';

/** filepath.SplitList on Windows: ';'-separated, double quotes protect a ';' and are then removed. */
function splitWindowsList(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '"') quoted = !quoted;
    else if (value[i] === ';' && !quoted) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((entry) => entry.replaceAll('"', ''));
}

export function kubeconfigPaths(
  kubeconfigEnv: string | undefined,
  homeDir: string,
  platform: Platform,
): { paths: string[]; explicit: boolean } {
  if (!kubeconfigEnv) return { paths: [join(platform, homeDir, '.kube', 'config')], explicit: false };
  const entries = isWindows(platform) ? splitWindowsList(kubeconfigEnv) : kubeconfigEnv.split(':');
  // A KUBECONFIG of only separators loads nothing at all, not the default file.
  return { paths: [...new Set(entries.filter((entry) => entry !== ''))], explicit: true };
}
