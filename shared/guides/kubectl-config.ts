/**
 * `kubectl config` commands of fix steps, written once so that each names the file it edits. Without
 * `--kubeconfig`, kubectl edits the files of the shell's own KUBECONFIG, which need not be the ones
 * kubeward checked: there `set-credentials NAME` creates a new, unused entry instead (kubectl 1.32).
 * With it, kubectl loads and writes that one file only, so the file is the one that defines the
 * entry (Named.source), where kubectl's merged edit would write it too.
 */
import { shellArg } from './shell';

/** `kubectl config --kubeconfig FILE SUBCOMMAND …`; `subcommand` is shell text whose words the caller quoted. */
export function kubectlConfig(file: string, subcommand: string): string {
  return `kubectl config --kubeconfig ${shellArg(file)} ${subcommand}`;
}
