/**
 * The install's plugin approval key: 32 random bytes in `approval.key` beside the settings
 * file (mode 0600), created on first use and never shown. Plugin approvals are HMACs under
 * it, so the fingerprints in settings.json say nothing about a plugin's secret arguments
 * to whoever holds a copy of that file without this one.
 */
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';

const KEY_BYTES = 32;

export function approvalKeyPath(settingsPath: string): string {
  return path.join(path.dirname(settingsPath), 'approval.key');
}

export interface ApprovalKey {
  key: Buffer;
  /** A new key: approvals made before it (under no key, or a lost one) match nothing any more. */
  created: boolean;
}

/** The key in `file` when it is a regular file of exactly 32 bytes; read without blocking and never more than that. */
async function readKey(file: string): Promise<Buffer | 'missing' | 'unusable'> {
  let handle;
  try {
    // Non-blocking and no symlinks (where the platform has them): a FIFO or a link to /dev/zero in its place must not hang or flood the start.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unusable';
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size !== KEY_BYTES) return 'unusable';
    const key = Buffer.alloc(KEY_BYTES);
    const { bytesRead } = await handle.read(key, 0, KEY_BYTES, 0);
    return bytesRead === KEY_BYTES ? key : 'unusable';
  } finally {
    await handle.close();
  }
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
