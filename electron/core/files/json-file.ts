/**
 * The app's own small JSON files (alert state, settings) in the user's config dir:
 * written atomically (temp file in the same directory, fsync, rename) with mode 0600,
 * read back with a one-line reason when a file exists but cannot be used.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { readFileBounded } from './read-file';

/** The alert state and the settings are a few KB: a file far larger is not one of them (a link to /dev/zero, say). */
const JSON_FILE_SIZE_LIMIT = 4 * 1024 * 1024;

export type JsonRead = { kind: 'missing' } | { kind: 'json'; value: unknown } | { kind: 'unusable'; problem: string };

/** Read bounded: a device or a pipe is never opened, and at most JSON_FILE_SIZE_LIMIT + 1 bytes are read. */
export async function readJsonFile(file: string): Promise<JsonRead> {
  const read = await readFileBounded(file, { limit: JSON_FILE_SIZE_LIMIT });
  switch (read.state) {
    case 'missing':
      return { kind: 'missing' };
    case 'ok':
      try {
        return { kind: 'json', value: JSON.parse(read.text) as unknown };
      } catch {
        return { kind: 'unusable', problem: `${file} is not valid JSON` };
      }
    case 'directory':
      return { kind: 'unusable', problem: `${file} is a directory` };
    case 'unreadable':
      return { kind: 'unusable', problem: `${file} could not be read (${read.reason})` };
    case 'too-large':
      return { kind: 'unusable', problem: `${file} is larger than ${JSON_FILE_SIZE_LIMIT} bytes` };
    case 'special':
      return { kind: 'unusable', problem: `${file} is a ${read.kind}, not a file` };
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Same directory, so the rename is atomic; random, so two writers never share a temp file.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
