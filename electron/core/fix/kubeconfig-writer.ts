/**
 * The one writer for every kubeconfig change kubeward makes. It holds client-go's
 * lock (so kubectl waits or fails instead of interleaving), keeps comments, key
 * order and the file's mode, backs the original up, and replaces the file with an
 * atomic rename: a crash or an error never leaves a half-written kubeconfig.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type Document, type ToStringOptions } from 'yaml';
import { withFileLock, type LockOptions } from './file-lock';
import { errorLine } from '../../../shared/error-line';

export type EditOptions = LockOptions;

export interface EditResult {
  /** The original file's copy, for Undo. */
  backup: string;
  /** What the edit wrote, so an Undo can tell whether the file changed since. */
  written: Buffer;
}

export interface UndoOptions extends EditOptions {
  /** Refuse unless the file still holds these bytes (what the edit wrote): a later change is not lost to the undo. */
  expected?: Buffer;
}

interface Original {
  bytes: Buffer;
  mode: number;
}

async function readOriginal(file: string): Promise<Original> {
  const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
  return { bytes, mode: stat.mode & 0o7777 };
}

function parseForEdit(file: string, bytes: Buffer): Document {
  // go-yaml reads UTF-16 kubeconfigs; rewriting them as UTF-8 would change more than the edit.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`${file} is UTF-16 encoded; kubeward only edits UTF-8 kubeconfigs`);
  }
  const doc = parseDocument(bytes.toString('utf8'));
  const [error] = doc.errors;
  if (error) throw new Error(`${file} is not valid YAML, not editing it: ${errorLine(error.message).trim()}`);
  return doc;
}

/** The file's own layout where the `yaml` package lets us choose, so the diff is only the edit. */
function layoutOf(text: string): ToStringOptions {
  return {
    lineWidth: 0,
    // kubectl writes block sequences flush with their key.
    indentSeq: !/^[^\s#][^\n]*:[ \t]*\r?\n-[ \t\r\n]/m.test(text),
    flowCollectionPadding: /[{[] [^\s\]}]/.test(text),
  };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

async function writeSynced(file: string, data: Buffer | string, flag: 'wx'): Promise<void> {
  const handle = await fs.open(file, flag, 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeBackup(target: string, bytes: Buffer): Promise<string> {
  const base = `${target}.kubeward-${timestamp()}`;
  // Two edits within one millisecond must not share a backup.
  for (let n = 0; ; n += 1) {
    const backup = n === 0 ? `${base}.bak` : `${base}-${n}.bak`;
    try {
      await writeSynced(backup, bytes, 'wx');
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` next to `target` and renames it over `target`, after checking that
 * `target` still holds `expected` (a writer that ignores the lock, like an editor).
 */
async function replaceAtomically(
  target: string,
  data: string | Buffer,
  mode: number,
  expected: Original | null,
): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.kubeward-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeSynced(temp, data, 'wx');
    await fs.chmod(temp, mode);
    if (expected) {
      const now = await readOriginal(target);
      if (!now.bytes.equals(expected.bytes) || now.mode !== expected.mode) {
        throw new Error(`${target} changed on disk while kubeward was editing it; nothing was written, try again`);
      }
    }
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Applies `edit` to the kubeconfig `file` under its lock and replaces the file
 * atomically. Throws (with the original untouched) when the lock stays held, the
 * file is not YAML, `edit` throws, or the file changed while being edited.
 */
export async function editKubeconfig(
  file: string,
  edit: (doc: Document) => void,
  options: EditOptions = {},
): Promise<EditResult> {
  return withFileLock(
    file,
    async () => {
      // A symlinked kubeconfig stays a symlink: the file it points at is the one replaced.
      const target = await fs.realpath(file);
      const original = await readOriginal(target);
      const doc = parseForEdit(file, original.bytes);
      edit(doc);
      const written = Buffer.from(doc.toString(layoutOf(original.bytes.toString('utf8'))));
      const backup = await writeBackup(target, original.bytes);
      try {
        await replaceAtomically(target, written, original.mode, original);
      } catch (error) {
        await fs.rm(backup, { force: true });
        throw error;
      }
      return { backup, written };
    },
    options,
  );
}

/** Undo: puts the backup's bytes back in place of `file`, under the same lock and atomically. */
export async function undoEdit(file: string, backup: string, options: UndoOptions = {}): Promise<void> {
  await withFileLock(
    file,
    async () => {
      const target = await fs.realpath(file);
      const [bytes, current] = await Promise.all([fs.readFile(backup), readOriginal(target)]);
      const { expected } = options;
      if (expected && !current.bytes.equals(expected)) {
        throw new Error(`${file} changed after kubeward wrote it; not undoing, which would lose that change`);
      }
      await replaceAtomically(target, bytes, current.mode, expected ? { bytes: expected, mode: current.mode } : null);
    },
    options,
  );
}

export interface PendingBackup {
  target: string;
  bytes: Buffer;
  backup: string;
}

/**
 * For a program kubeward runs that writes the kubeconfig itself (`aws eks
 * update-kubeconfig`, `gcloud container clusters get-credentials`): a backup taken
 * before it runs; `keptIfChanged` afterwards keeps it, as an edit's, only if the file changed.
 */
export async function backupBeforeRun(file: string): Promise<PendingBackup | undefined> {
  let target: string;
  try {
    target = await fs.realpath(file);
  } catch (error) {
    // No file yet: the program creates it, and there is nothing to restore.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const { bytes } = await readOriginal(target);
  return { target, bytes, backup: await writeBackup(target, bytes) };
}

/** The EditResult for the program's change, or undefined (and no backup left behind) when it changed nothing. */
export async function keptIfChanged(pending: PendingBackup): Promise<EditResult | undefined> {
  const now = await fs.readFile(pending.target).catch(() => undefined);
  if (now && !now.equals(pending.bytes)) return { backup: pending.backup, written: now };
  await fs.rm(pending.backup, { force: true });
  return undefined;
}
