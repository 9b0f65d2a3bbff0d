import { promises as fs } from 'node:fs';
import type { FileRead } from '../../../shared/facts';

/** Kubeconfigs are kilobytes to a few MB; anything far larger is not one, and reading it whole would stall a check. */
export const KUBECONFIG_SIZE_LIMIT = 16 * 1024 * 1024;
/** Certificates, keys and token files are a few KB. */
export const REFERENCED_FILE_SIZE_LIMIT = 1024 * 1024;

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

/**
 * Reads a file as text with a size bound, turning every failure into data.
 * Mode is reported on POSIX only: Windows has no meaningful permission bits.
 */
export async function readFileBounded(
  path: string,
  limit: number,
  decode: (bytes: Uint8Array) => string = (bytes) => Buffer.from(bytes).toString('utf8'),
): Promise<FileRead> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) return { state: 'directory' };
    if (stat.size > limit) return { state: 'too-large', size: stat.size, limit };
    // Read at most limit + 1 bytes: a growing file or a device must not slip past the bound.
    const buffer = Buffer.alloc(Math.min(stat.size, limit) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > limit) return { state: 'too-large', size: length, limit };
        break;
      }
    }
    const mode = process.platform === 'win32' ? undefined : stat.mode & 0o777;
    return { state: 'ok', text: decode(buffer.subarray(0, length)), mode, size: length };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    if (code === 'EISDIR') return { state: 'directory' };
    return { state: 'unreadable', reason: describeError(error) };
  } finally {
    await handle?.close();
  }
}
