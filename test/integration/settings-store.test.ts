/**
 * The settings file on disk: the backups the fixes keep and the first-launch welcome, choices added after settings
 * files were first saved.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/core/desktop/settings-store';
import { DEFAULT_BACKUPS_KEPT } from '../../shared/defaults';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { tempDir } from '../support/temp';

describe('backupsKept in the settings file', () => {
  it('is the default for a file saved before it existed, and is saved when chosen', async () => {
    const file = path.join(tempDir('settings'), 'settings.json');
    const { backupsKept, ...older } = DEFAULT_SETTINGS;
    writeFileSync(file, JSON.stringify({ ...older, probesOff: ['edge'] }));
    const logs: string[] = [];
    const store = await SettingsStore.open(file, (line) => logs.push(line));
    expect(logs).toEqual([]);
    expect(store.current()).toMatchObject({ probesOff: ['edge'], backupsKept: DEFAULT_BACKUPS_KEPT });
    expect(backupsKept).toBe(10);

    await store.save({ ...store.current(), backupsKept: 3 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ probesOff: ['edge'], backupsKept: 3 });
    expect((await SettingsStore.open(file)).current().backupsKept).toBe(3);
  });

  it('refuses none (Undo restores the newest backup), fractions and absurd counts, keeping the saved value', async () => {
    const file = path.join(tempDir('settings'), 'settings.json');
    const store = await SettingsStore.open(file);
    for (const bad of [0, -1, 2.5, 1001]) {
      await expect(store.save({ ...store.current(), backupsKept: bad })).rejects.toThrow(
        'backupsKept: expected an integer from 1 to 1000',
      );
    }
    expect(store.current().backupsKept).toBe(DEFAULT_BACKUPS_KEPT);
  });
});

describe('the first-launch welcome in the settings file', () => {
  it('is due with no settings file, not for settings saved before it existed, and stays dismissed', async () => {
    const dir = tempDir('settings');
    const fresh = await SettingsStore.open(path.join(dir, 'none.json'));
    expect(fresh.current().welcomed).toBe(false);

    const older = path.join(dir, 'older.json');
    const { welcomed, ...before } = DEFAULT_SETTINGS;
    expect(welcomed).toBe(false);
    writeFileSync(older, JSON.stringify(before));
    expect((await SettingsStore.open(older)).current().welcomed).toBe(true);

    const file = path.join(dir, 'settings.json');
    const store = await SettingsStore.open(file);
    await store.save({ ...store.current(), welcomed: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ welcomed: true });
    expect((await SettingsStore.open(file)).current().welcomed).toBe(true);
    await expect(store.save({ ...store.current(), welcomed: 'yes' as unknown as boolean })).rejects.toThrow(
      'welcomed: expected true or false',
    );
  });
});
