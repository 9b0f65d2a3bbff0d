/** Verdicts on the files of the KUBECONFIG list that more than one rule needs. */
import type { SourceFile } from '../../facts';

/** kubectl refuses to load any kubeconfig while one file in the list is a directory, unreadable or invalid. */
export function kubectlRefuses(source: SourceFile): boolean {
  return source.read.state === 'directory' || source.read.state === 'unreadable' || source.parse?.ok === false;
}
