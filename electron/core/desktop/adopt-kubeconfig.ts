/**
 * "Choose a file…" on the window's empty state: with no kubeconfig at the path kubectl looks
 * for, the file the user picked is copied there (owner-only, never over an existing file), so
 * kubectl, kubeward and every other tool find it. Only a file that parses as a kubeconfig is copied.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { FixStepResult } from '../../../shared/ipc';
import { parseKubeconfig } from '../../../shared/kubeconfig/parse';
import { KUBECONFIG_SIZE_LIMIT, readFileBounded } from '../files/read-file';

export async function adoptKubeconfig(chosen: string, target: string): Promise<FixStepResult> {
  const read = await readFileBounded(chosen, { limit: KUBECONFIG_SIZE_LIMIT });
  if (read.state !== 'ok') return { ok: false, message: `Could not read ${chosen}: ${read.state.replace('-', ' ')}` };
  const parsed = parseKubeconfig(read.text, chosen);
  if (!parsed.ok) return { ok: false, message: `${chosen} is not a kubeconfig: ${parsed.error.message}` };
  try {
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // COPYFILE_EXCL: a kubeconfig that appeared meanwhile is the user's; never replace it.
    await fs.copyFile(chosen, target, constants.COPYFILE_EXCL);
    await fs.chmod(target, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'a file is there now; nothing was replaced' : (code ?? 'copy failed');
    return { ok: false, message: `Could not copy to ${target}: ${why}` };
  }
  return { ok: true, message: `Copied ${chosen} to ${target}, where kubectl looks for it.` };
}
