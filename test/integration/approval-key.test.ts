/** The install's plugin approval key on disk: created once, kept, and an unusable file in its place replaced without hanging. */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalKeyPath, loadApprovalKey } from '../../electron/core/desktop/approval-key';
import { tempDir } from '../support/temp';

describe('loadApprovalKey', () => {
  it('creates 32 random bytes beside the settings on first use (0600), then keeps them', async () => {
    const file = approvalKeyPath(path.join(tempDir('approval'), 'kubeward', 'settings.json'));
    const first = await loadApprovalKey(file);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(readFileSync(file)).toEqual(first.key);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await loadApprovalKey(file);
    expect(again).toEqual({ key: first.key, created: false });
  });

  it('replaces a key file cut short', async () => {
    const file = path.join(tempDir('approval'), 'approval.key');
    writeFileSync(file, 'short');
    const loaded = await loadApprovalKey(file);
    expect(loaded.created).toBe(true);
    expect(readFileSync(file)).toEqual(loaded.key);
  });

  it.skipIf(process.platform === 'win32')('never reads a FIFO or a link to /dev/zero in its place', async () => {
    const dir = tempDir('approval');
    const fifo = path.join(dir, 'fifo.key');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const zero = path.join(dir, 'zero.key');
    symlinkSync('/dev/zero', zero);
    for (const file of [fifo, zero]) {
      const loaded = await loadApprovalKey(file);
      expect(loaded.created).toBe(true);
      expect(statSync(file).isFile()).toBe(true);
      expect(readFileSync(file)).toEqual(loaded.key);
    }
  });

  it('takes the key another start created first', async () => {
    const file = path.join(tempDir('approval'), 'approval.key');
    const loads = await Promise.all([loadApprovalKey(file), loadApprovalKey(file), loadApprovalKey(file)]);
    const keys = new Set(loads.map((l) => l.key.toString('hex')));
    expect(keys.size).toBe(1);
    expect(loads.filter((l) => l.created)).toHaveLength(1);
  });
});
