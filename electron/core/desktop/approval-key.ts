/**
 * The install's plugin approval key: 32 random bytes in `approval.key` beside the settings
 * file (mode 0600), created on first use and never shown. Plugin approvals are HMACs under
 * it, so the fingerprints in settings.json say nothing about a plugin's secret arguments
 * to whoever holds a copy of that file without this one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { readFileBounded } from '../files/read-file';

const KEY_BYTES = 32;

export function approvalKeyPath(settingsPath: string): string {
  return path.join(path.dirname(settingsPath), 'approval.key');
}

export interface ApprovalKey {
  key: Buffer;
  /** A new key: approvals made before it (under no key, or a lost one) match nothing any more. */
  created: boolean;
}

/**
 * The key in `file` when it is a regular file of exactly 32 bytes. Read through the bounded reader:
 * a FIFO or a link to /dev/zero in its place must not hang or flood the start.
 */
async function readKey(file: string): Promise<Buffer | 'missing' | 'unusable'> {
  const read = await readFileBounded(file, {
    limit: KEY_BYTES,
    decode: (bytes) => Buffer.from(bytes).toString('base64'),
  });
  if (read.state === 'missing') return 'missing';
  return read.state === 'ok' && read.size === KEY_BYTES ? Buffer.from(read.text, 'base64') : 'unusable';
}

/** Writes a new key under a temp name and links it into place: readers never see a half-written key, and EEXIST says another start won. */
async function createKey(file: string): Promise<Buffer> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return key;
}

/** The install's key, created when there is none; an unusable one (cut short, not a file) is replaced. */
export async function loadApprovalKey(file: string): Promise<ApprovalKey> {
  const found = await readKey(file);
  if (Buffer.isBuffer(found)) return { key: found, created: false };
  if (found === 'unusable') await rm(file, { force: true, recursive: true });
  try {
    return { key: await createKey(file), created: true };
  } catch (error) {
    // Another start of the app created it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readKey(file);
    if (!Buffer.isBuffer(raced)) throw error;
    return { key: raced, created: false };
  }
}
