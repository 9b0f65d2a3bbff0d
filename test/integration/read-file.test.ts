/** The bounded reader on real special files: FIFOs, devices, a socket, pipes with and without a writer. */
import { spawn, spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readFileBounded } from '../../electron/core/files/read-file';
import { tempDir } from '../support/temp';

const posix = process.platform !== 'win32';

function fifo(): string {
  const file = path.join(tempDir('fifo'), 'fifo');
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

/**
 * A shell that opens `file` for writing, then runs `script` with its stdout there; killed after the test.
 * Resolves once it waits in open() (a reader that comes before any writer finds none, by design).
 */
async function writer(file: string, script: string): Promise<void> {
  const child = spawn('sh', ['-c', `exec > "$1"; ${script}`, 'sh', file], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe.runIf(posix)('readFileBounded on what is not a regular file', () => {
  it('does not wait on a FIFO nothing writes to, and does not open one unless pipes are allowed', async () => {
    const file = fifo();
    const started = performance.now();
    expect(await readFileBounded(file, { limit: 1024, pipeTimeoutMs: 5_000 })).toEqual({
      state: 'special',
      kind: 'pipe',
      pipe: 'no-writer',
    });
    expect(await readFileBounded(file, { limit: 1024 })).toEqual({ state: 'special', kind: 'pipe' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads a FIFO to its end when a writer comes, and gives up on one that stalls', async () => {
    const file = fifo();
    await writer(file, 'sleep 0.2; printf "apiVersion: v1\\n"');
    const read = await readFileBounded(file, { limit: 1024, pipeTimeoutMs: 5_000 });
    expect(read).toMatchObject({ state: 'ok', text: 'apiVersion: v1\n', size: 15 });

    const stalled = fifo();
    await writer(stalled, 'printf "apiVersion"; sleep 30');
    const started = performance.now();
    expect(await readFileBounded(stalled, { limit: 1024, pipeTimeoutMs: 300 })).toEqual({
      state: 'special',
      kind: 'pipe',
      pipe: 'stalled',
      waitedMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('bounds a pipe by size too', async () => {
    const file = fifo();
    await writer(file, 'head -c 100000 /dev/zero');
    expect(await readFileBounded(file, { limit: 1024, pipeTimeoutMs: 5_000 })).toEqual({
      state: 'too-large',
      size: 1025,
      limit: 1024,
    });
  });

  it('never opens a character device (a symlink to /dev/zero included) or a socket; /dev/null reads empty', async () => {
    const dir = tempDir('devices');
    const zero = path.join(dir, 'zero');
    symlinkSync('/dev/zero', zero);
    expect(await readFileBounded(zero, { limit: 1024, pipeTimeoutMs: 1_000 })).toEqual({
      state: 'special',
      kind: 'character device',
    });
    expect(await readFileBounded('/dev/null', { limit: 1024 })).toEqual({ state: 'ok', text: '', size: 0 });

    const socket = path.join(dir, 'socket');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    expect(await readFileBounded(socket, { limit: 1024 })).toEqual({ state: 'special', kind: 'socket' });
  });

  it('still reads regular files, with their mode, and refuses one over the limit', async () => {
    const file = path.join(tempDir('regular'), 'config');
    writeFileSync(file, 'x'.repeat(2000), { mode: 0o640 });
    expect(await readFileBounded(file, { limit: 4096 })).toEqual({
      state: 'ok',
      text: 'x'.repeat(2000),
      mode: 0o640,
      size: 2000,
    });
    expect(await readFileBounded(file, { limit: 1000 })).toEqual({ state: 'too-large', size: 2000, limit: 1000 });
    expect(await readFileBounded(path.join(file, 'below'), { limit: 1000 })).toEqual({
      state: 'unreadable',
      reason: 'a parent of the path is not a directory',
    });
  });
});
