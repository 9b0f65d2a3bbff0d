/** The app's own JSON files (alert state, settings) read with a size cap, never from a device or a pipe. */
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_ALERT_STATE } from '../../shared/alerts/state';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { SettingsStore } from '../../electron/core/desktop/settings-store';
import { loadAlertState } from '../../electron/core/monitor/state-store';
import { tempDir } from '../support/temp';

describe.runIf(process.platform !== 'win32')('state and settings files', () => {
  it('starts fresh from a state file linked to /dev/zero without reading it, or from a FIFO without waiting', async () => {
    const dir = tempDir('state');
    const zero = path.join(dir, 'state.json');
    symlinkSync('/dev/zero', zero);
    const fifo = path.join(dir, 'fifo.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    expect(await loadAlertState(zero)).toEqual({
      state: EMPTY_ALERT_STATE,
      problem: `${zero} is a character device, not a file`,
    });
    expect(await loadAlertState(fifo)).toEqual({ state: EMPTY_ALERT_STATE, problem: `${fifo} is a pipe, not a file` });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('caps the size of a settings file', async () => {
    const dir = tempDir('settings');
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, `{"pad": "${'x'.repeat(5 * 1024 * 1024)}"}`);
    const lines: string[] = [];
    const store = await SettingsStore.open(file, (line) => lines.push(line));
    expect(store.current()).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([`settings ${file} is larger than 4194304 bytes; using the defaults`]);
  });
});
