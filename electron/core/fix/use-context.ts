/**
 * `kubectl config use-context`, through the safe writer: the same file kubectl
 * would write, the same refusal of an unknown name.
 */
import type { Snapshot } from '../../../shared/facts';
import { editKubeconfig, type EditOptions, type EditResult } from './kubeconfig-writer';

/**
 * The file kubectl writes `current-context` to (client-go's PathOptions.GetDefaultFilename):
 * the only file of a one-file list or the default path, else the first file of the
 * KUBECONFIG list that exists (even when a later file is the one setting it: the
 * first file's value then wins), else the last. Which file currently sets it does not matter.
 */
function currentContextFile(snapshot: Snapshot): string {
  const { sources } = snapshot;
  const target = sources.find((s) => s.read.state !== 'missing') ?? sources.at(-1);
  if (!target) throw new Error('no kubeconfig file to write the current context to');
  return target.path;
}

export async function useContext(
  snapshot: Snapshot,
  name: string,
  options?: EditOptions,
): Promise<EditResult & { file: string }> {
  if (!snapshot.config.contexts.has(name)) throw new Error(`no context named "${name}" in the kubeconfig`);
  const file = currentContextFile(snapshot);
  const result = await editKubeconfig(file, (doc) => doc.set('current-context', name), options);
  return { ...result, file };
}
