/**
 * The one writer for every kubeconfig change kubeward makes. It keeps comments, key
 * order, mode, owner and group and hard links, and holds client-go's lock only for the
 * write itself: the new content, the backup of the original (fsynced) and the
 * replacement file are all ready before `<file>.lock` is taken, since kubectl does not
 * wait for a held lock but fails at once. Under the lock it checks the file is still
 * what it read, then renames the replacement over it (atomic: a crash never leaves a
 * half-written kubeconfig) or, for a hard-linked file, writes it in place as kubectl does.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, type Document, type ToStringOptions } from 'yaml';
import { whenUnlocked, withFileLock, type LockOptions } from './file-lock';
import { DEFAULT_BACKUPS_KEPT } from '../../../shared/defaults';
import { errorLine } from '../../../shared/error-line';

export interface EditOptions extends LockOptions {
  /** How many backups of each file to keep (the newest); older ones are removed after a write. */
  backupsKept?: number;
}

export interface EditResult {
  /** The original file's copy, for Undo. */
  backup: string;
  /** What the edit wrote, so an Undo can tell whether the file changed since. */
  written: Buffer;
}

export interface UndoOptions extends LockOptions {
  /** Refuse unless the file still holds these bytes (what the edit wrote): a later change is not lost to the undo. */
  expected?: Buffer;
}

interface Original {
  bytes: Buffer;
  stat: Stats;
}

async function readOriginal(file: string): Promise<Original> {
  const handle = await fs.open(file, 'r');
  try {
    // One open file for both, so the bytes and the owner, mode and link count are of the same file.
    const stat = await handle.stat();
    return { bytes: await handle.readFile(), stat };
  } finally {
    await handle.close();
  }
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

/**
 * Gives a file kubeward creates the owner and group of the file it stands for. Running as
 * root (sudo kubeward fix), a file of ours would be root's: kubectl, which writes in
 * place, leaves the owner as it was. False when this user may not (not root, another owner).
 */
async function keepOwner(handle: fs.FileHandle, original: Stats): Promise<boolean> {
  if (process.platform === 'win32') return true;
  const ours = await handle.stat();
  if (ours.uid === original.uid && ours.gid === original.gid) return true;
  try {
    await handle.chown(original.uid, original.gid);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}

async function writeBackup(target: string, original: Original): Promise<string> {
  const base = `${target}.kubeward-${timestamp()}`;
  // Two edits within one millisecond must not share a backup.
  for (let n = 0; ; n += 1) {
    const backup = n === 0 ? `${base}.bak` : `${base}-${n}.bak`;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(backup, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      // Its owner can read it, and restore it by hand; if this user may not give it away, it stays 0600 and ours.
      await keepOwner(handle, original.stat);
      await handle.writeFile(original.bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.rm(backup, { force: true });
      throw error;
    }
    await handle.close();
    return backup;
  }
}

/** Matches the backups writeBackup names: the timestamp, then the number two edits in one millisecond add. */
const BACKUP_SUFFIX = /^\.kubeward-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(?:-(\d+))?\.bak$/;

/** Removes all but the newest `kept` backups of `target`: each is a full copy of its credentials. */
async function pruneBackups(target: string, kept: number): Promise<void> {
  const name = path.basename(target);
  const backups = (await fs.readdir(path.dirname(target)))
    .flatMap((entry) => {
      const match = entry.startsWith(name) ? BACKUP_SUFFIX.exec(entry.slice(name.length)) : null;
      return match ? [{ entry, stamp: match[1] ?? '', n: Number(match[2] ?? 0) }] : [];
    })
    .sort((a, b) => (a.stamp === b.stamp ? b.n - a.n : a.stamp < b.stamp ? 1 : -1));
  for (const { entry } of backups.slice(kept)) await fs.rm(path.join(path.dirname(target), entry), { force: true });
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

/** How the new bytes reach the file: a replacement renamed over it, or written into it. */
type Replacement = { kind: 'rename'; temp: string } | { kind: 'in-place' };

/**
 * Everything that can happen before the lock. A hard-linked file is written in place, as
 * kubectl writes it: a rename would give only this name the new content and split the
 * links. So is a file whose owner this user cannot keep on a new file (kubectl keeps it too).
 */
async function prepareReplacement(target: string, data: Buffer, original: Stats): Promise<Replacement> {
  if (original.nlink > 1) return { kind: 'in-place' };
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.kubeward-${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await fs.open(temp, 'wx', 0o600);
  let kept: boolean;
  try {
    kept = await keepOwner(handle, original);
    // After chown, which may clear set-id bits.
    await handle.chmod(original.mode & 0o7777);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  if (kept) return { kind: 'rename', temp };
  await fs.rm(temp, { force: true });
  return { kind: 'in-place' };
}

/** The same file, with what a replacement must keep: any change means someone else wrote it since it was read. */
function unchanged(now: Original, before: Original): boolean {
  const [a, b] = [now.stat, before.stat];
  return (
    now.bytes.equals(before.bytes) &&
    a.ino === b.ino &&
    a.mode === b.mode &&
    a.nlink === b.nlink &&
    a.uid === b.uid &&
    a.gid === b.gid
  );
}

/** The in-place write failed part way: the file may hold part of the new content; the backup (the pre-edit content, for an edit and its undo alike) is kept. */
class InPlaceWriteError extends Error {}

/**
 * Writes `data` to `target` (the file `file` names) under `file`'s lock, after checking
 * that it is still `before` (a writer that ignores the lock, like an editor, may have
 * saved since). The lock covers the check and the rename or in-place write only; the
 * fsyncs that make them durable come after it is released.
 */
async function writeUnderLock(
  file: string,
  target: string,
  data: Buffer,
  before: Original,
  options: LockOptions,
  backup: string,
): Promise<void> {
  const replacement = await prepareReplacement(target, data, before.stat);
  let written: fs.FileHandle | undefined;
  try {
    await withFileLock(
      file,
      async () => {
        if (!unchanged(await readOriginal(target), before)) {
          throw new Error(`${target} changed on disk while kubeward was editing it; nothing was written, try again`);
        }
        if (replacement.kind === 'rename') {
          await fs.rename(replacement.temp, target);
          return;
        }
        written = await fs.open(target, 'r+');
        try {
          // Over the old bytes, then cut to length: the same inode, so every link sees the new content.
          await written.write(data, 0, data.length, 0);
          await written.truncate(data.length);
        } catch (error) {
          throw new InPlaceWriteError(
            `writing ${target} in place failed part way (${errorLine(error)}); what it held before kubeward's edit is in ${backup}`,
          );
        }
      },
      options,
    );
  } catch (error) {
    if (replacement.kind === 'rename') await fs.rm(replacement.temp, { force: true });
    throw error;
  } finally {
    // Only the page cache matters to the next locked reader; durability can wait for the lock's release.
    if (written) await written.sync().finally(() => written?.close());
  }
  if (replacement.kind === 'rename') await syncDirectory(path.dirname(target));
}

/**
 * Applies `edit` to the kubeconfig `file` and writes the result (see writeUnderLock).
 * Throws (with the original untouched and no backup left) when the lock stays held,
 * the file is not YAML, `edit` throws, or the file changed while being edited.
 */
export async function editKubeconfig(
  file: string,
  edit: (doc: Document) => void,
  options: EditOptions = {},
): Promise<EditResult> {
  // A symlinked kubeconfig stays a symlink: the file it points at is the one written.
  const target = await fs.realpath(file);
  await whenUnlocked(file, options);
  const original = await readOriginal(target);
  const doc = parseForEdit(file, original.bytes);
  edit(doc);
  const written = Buffer.from(doc.toString(layoutOf(original.bytes.toString('utf8'))));
  const backup = await writeBackup(target, original);
  try {
    await writeUnderLock(file, target, written, original, options, backup);
  } catch (error) {
    if (!(error instanceof InPlaceWriteError)) await fs.rm(backup, { force: true });
    throw error;
  }
  await pruneBackups(target, options.backupsKept ?? DEFAULT_BACKUPS_KEPT);
  return { backup, written };
}

/** Undo: puts the backup's bytes back in place of `file`, the way an edit writes. */
export async function undoEdit(file: string, backup: string, options: UndoOptions = {}): Promise<void> {
  const target = await fs.realpath(file);
  const [bytes, current] = await Promise.all([
    fs.readFile(backup).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new Error(`the backup ${backup} no longer exists (kubeward keeps only the newest backups of a file)`);
    }),
    readOriginal(target),
  ]);
  const { expected } = options;
  if (expected && !current.bytes.equals(expected)) {
    throw new Error(`${file} changed after kubeward wrote it; not undoing, which would lose that change`);
  }
  await writeUnderLock(file, target, bytes, current, options, backup);
}

export interface PendingBackup {
  target: string;
  bytes: Buffer;
  backup: string;
  backupsKept: number;
}

/**
 * For a program kubeward runs that writes the kubeconfig itself (`aws eks
 * update-kubeconfig`, `gcloud container clusters get-credentials`): a backup taken
 * before it runs; `keptIfChanged` afterwards keeps it, as an edit's, only if the file changed.
 */
export async function backupBeforeRun(
  file: string,
  backupsKept = DEFAULT_BACKUPS_KEPT,
): Promise<PendingBackup | undefined> {
  let target: string;
  try {
    target = await fs.realpath(file);
  } catch (error) {
    // No file yet: the program creates it, and there is nothing to restore.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const original = await readOriginal(target);
  return { target, bytes: original.bytes, backup: await writeBackup(target, original), backupsKept };
}

/** The EditResult for the program's change, or undefined (and no backup left behind) when it changed nothing. */
export async function keptIfChanged(pending: PendingBackup): Promise<EditResult | undefined> {
  const now = await fs.readFile(pending.target).catch(() => undefined);
  if (now && !now.equals(pending.bytes)) {
    await pruneBackups(pending.target, pending.backupsKept);
    return { backup: pending.backup, written: now };
  }
  await fs.rm(pending.backup, { force: true });
  return undefined;
}
