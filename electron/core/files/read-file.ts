import { constants, promises as fs, type Stats } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FileRead, SpecialFileKind } from '../../../shared/facts';

/** Kubeconfigs are kilobytes to a few MB; anything far larger is not one, and reading it whole would stall a check. */
export const KUBECONFIG_SIZE_LIMIT = 16 * 1024 * 1024;
/** Certificates, keys and token files are a few KB. */
export const REFERENCED_FILE_SIZE_LIMIT = 1024 * 1024;

/** How a read is bounded. */
export interface ReadBounds {
  /** Bytes: a file larger than this is `too-large`, and no more than this + 1 bytes are ever read. */
  limit: number;
  /**
   * How long a pipe (a FIFO, /dev/fd/N from process substitution) may take to reach its end. Without
   * it a pipe is not opened at all: only kubeconfig lists name pipes on purpose.
   */
  pipeTimeoutMs?: number;
  decode?: (bytes: Uint8Array) => string;
}

// Non-blocking: opening a FIFO for reading otherwise blocks until something opens it for writing, forever
// if nothing does. The flag does not exist on Windows, which has no FIFOs in the file system.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/** How often a pipe that has nothing to read yet is asked again. */
const PIPE_POLL_MS = 10;
const CHUNK_BYTES = 64 * 1024;

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

function failure(error: unknown): FileRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { state: 'missing' };
  if (code === 'EISDIR') return { state: 'directory' };
  return { state: 'unreadable', reason: describeError(error) };
}

function specialKind(stat: Stats): SpecialFileKind {
  if (stat.isFIFO()) return 'pipe';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isSocket()) return 'socket';
  return 'character device';
}

/** The null device reads as an empty file, as kubectl reads it (`KUBECONFIG=/dev/null` is a common way to say "none"). */
async function isNullDevice(stat: Stats): Promise<boolean> {
  if (!stat.isCharacterDevice()) return false;
  try {
    const nul = await fs.stat(os.devNull);
    return nul.isCharacterDevice() && nul.rdev === stat.rdev;
  } catch {
    return false;
  }
}

type Chunks = { state: 'read'; bytes: Buffer } | { state: 'too-large'; size: number } | { state: 'stalled' };

/**
 * Reads until the end, at most limit + 1 bytes (a growing file must not slip past the bound), and
 * for a pipe until `deadline`. `waited` is set once a pipe said it had nothing yet (EAGAIN): a writer was there.
 */
async function readChunks(
  handle: fs.FileHandle,
  limit: number,
  deadline: number,
  waited: { writer: boolean },
): Promise<Chunks> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - length));
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      waited.writer = true;
      if (performance.now() >= deadline) return { state: 'stalled' };
      await sleep(PIPE_POLL_MS);
      continue;
    }
    if (bytesRead === 0) return { state: 'read', bytes: Buffer.concat(chunks, length) };
    chunks.push(buffer.subarray(0, bytesRead));
    length += bytesRead;
    if (length > limit) return { state: 'too-large', size: length };
  }
}

async function readOpened(handle: fs.FileHandle, stat: Stats, bounds: ReadBounds): Promise<FileRead> {
  const { limit, pipeTimeoutMs } = bounds;
  const pipe = stat.isFIFO();
  if (pipe && pipeTimeoutMs === undefined) return { state: 'special', kind: 'pipe' };
  if (!pipe && stat.size > limit) return { state: 'too-large', size: stat.size, limit };
  const waited = { writer: false };
  const read = await readChunks(handle, limit, performance.now() + (pipeTimeoutMs ?? 0), waited);
  if (read.state === 'stalled') return { state: 'special', kind: 'pipe', pipe: 'stalled', waitedMs: pipeTimeoutMs };
  if (read.state === 'too-large') return { state: 'too-large', size: read.size, limit };
  // A pipe at its end before anything was written to it has no writer: a named one blocks kubectl's open.
  if (pipe && read.bytes.length === 0 && !waited.writer) return { state: 'special', kind: 'pipe', pipe: 'no-writer' };
  const decode = bounds.decode ?? ((bytes: Uint8Array) => Buffer.from(bytes).toString('utf8'));
  const mode = process.platform === 'win32' ? undefined : stat.mode & 0o777;
  return { state: 'ok', text: decode(read.bytes), mode, size: read.bytes.length };
}

/**
 * Reads a file as text, bounded by size and, for a pipe, by time; every failure is data. The path's
 * type is checked without opening it (stat): a device or a socket is never opened, since a read could
 * block (a terminal), never end (/dev/zero) or have effects. Mode is reported on POSIX only: Windows has
 * no meaningful permission bits.
 */
export async function readFileBounded(path: string, bounds: ReadBounds): Promise<FileRead> {
  let stat: Stats;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    return failure(error);
  }
  if (stat.isDirectory()) return { state: 'directory' };
  if (await isNullDevice(stat)) return { state: 'ok', text: '', size: 0 };
  if (!stat.isFile() && !(stat.isFIFO() && bounds.pipeTimeoutMs !== undefined)) {
    return { state: 'special', kind: specialKind(stat) };
  }
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, OPEN_FLAGS);
    // The path may have been replaced since the stat: what was opened decides.
    const opened = await handle.stat();
    if (opened.isDirectory()) return { state: 'directory' };
    if (!opened.isFile() && !opened.isFIFO()) return { state: 'special', kind: specialKind(opened) };
    return await readOpened(handle, opened, bounds);
  } catch (error) {
    return failure(error);
  } finally {
    await handle?.close();
  }
}
