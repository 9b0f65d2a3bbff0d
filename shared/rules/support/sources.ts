/** Verdicts on the files of the KUBECONFIG list that more than one rule needs. */
import type { SourceFile } from '../../facts';

/**
 * kubectl refuses to load any kubeconfig while one file in the list is a directory, unreadable or invalid,
 * and never gets to load one that is a device, a socket or a pipe nothing finishes writing.
 */
export function kubectlRefuses(source: SourceFile): boolean {
  const { state } = source.read;
  return state === 'directory' || state === 'unreadable' || state === 'special' || source.parse?.ok === false;
}
