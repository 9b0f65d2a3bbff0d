/**
 * client-go's kubeconfig lock: `<file>.lock` created with O_EXCL while a writer
 * works on `<file>`. kubectl gives up at once when the lock exists; we wait a
 * little first, since kubectl holds it only for a few milliseconds.
 */
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockOptions {
  /** How long to wait for a held lock before giving up, ms. */
  timeoutMs?: number;
  /** The pause between attempts, ms. */
  retryMs?: number;
}

const DEFAULT_LOCK_TIMEOUT_MS = 2000;
const DEFAULT_RETRY_MS = 20;

function lockPath(file: string): string {
  return `${file}.lock`;
}

/** Retries `attempt` until it returns true or the lock timeout passes. */
async function waitFor(lock: string, attempt: () => Promise<boolean>, options: LockOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() >= deadline) {
      throw new Error(
        `${lock} still exists after ${timeoutMs} ms: kubectl or another program is writing the kubeconfig (delete the lock file if nothing is)`,
      );
    }
    await sleep(options.retryMs ?? DEFAULT_RETRY_MS);
  }
}

async function acquire(lock: string, options: LockOptions): Promise<void> {
  await waitFor(
    lock,
    async () => {
      try {
        await (await fs.open(lock, 'wx', 0o600)).close();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        return false;
      }
    },
    options,
  );
}

/**
 * Waits until nobody holds `<file>.lock`, without taking it: kubectl writes in place
 * while it holds the lock, so a read now does not catch it half-way (the locked write
 * still checks that the file is what was read).
 */
export async function whenUnlocked(file: string, options: LockOptions = {}): Promise<void> {
  const lock = lockPath(file);
  await waitFor(
    lock,
    async () => {
      try {
        await fs.lstat(lock);
        return false;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        return true;
      }
    },
    options,
  );
}

/** Runs `work` while holding `<file>.lock`; the lock is removed however `work` ends. */
export async function withFileLock<T>(file: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = lockPath(file);
  await acquire(lock, options);
  try {
    return await work();
  } finally {
    await fs.rm(lock, { force: true });
  }
}
