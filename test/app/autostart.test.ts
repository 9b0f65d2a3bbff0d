import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginItem } from '../../electron/app/autostart';
import { autostartFile, desktopEntry } from '../../electron/core/desktop/autostart-file';
import { app, resetElectronFake } from '../fakes/electron';

let home: string;

beforeEach(async () => {
  resetElectronFake();
  home = await mkdtemp(path.join(tmpdir(), 'kubeward-autostart-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('desktopEntry', () => {
  it('starts the installed binary', () => {
    const text = desktopEntry({ env: {}, execPath: '/opt/Kubeward/kubeward' });
    expect(text.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Name=Kubeward',
      'Comment=Warns before kubectl starts failing with Unauthorized',
      'Exec=/opt/Kubeward/kubeward',
      'Icon=kubeward',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ]);
  });

  it('starts the AppImage, not its temporary mount, and quotes a path that needs it', () => {
    const env = { APPIMAGE: '/home/u/Apps/Kubeward 0.1 "beta" 100%.AppImage' };
    const text = desktopEntry({ env, execPath: '/tmp/.mount_KubewXYZ/kubeward' });
    expect(text).toContain('Exec="/home/u/Apps/Kubeward 0.1 \\"beta\\" 100%%.AppImage"\n');
    expect(text).not.toContain('.mount_');
  });
});

describe('autostartFile', () => {
  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(autostartFile({ env: { XDG_CONFIG_HOME: '/cfg' }, homeDir: '/home/u' })).toBe(
      path.join('/cfg', 'autostart', 'kubeward.desktop'),
    );
    expect(autostartFile({ env: { XDG_CONFIG_HOME: 'cfg' }, homeDir: '/home/u' })).toBe(
      path.join('/home/u', '.config', 'autostart', 'kubeward.desktop'),
    );
    expect(autostartFile({ env: {}, homeDir: '/home/u' })).toBe(
      path.join('/home/u', '.config', 'autostart', 'kubeward.desktop'),
    );
  });
});

describe('loginItem', () => {
  it('writes and removes the XDG autostart entry on Linux', async () => {
    const where = {
      platform: 'linux' as const,
      env: { XDG_CONFIG_HOME: path.join(home, 'config') },
      homeDir: home,
      execPath: '/opt/Kubeward/kubeward',
    };
    const file = path.join(home, 'config', 'autostart', 'kubeward.desktop');
    const item = loginItem(where);
    expect(await item.get()).toBe(false);
    await item.set(true);
    expect(await readFile(file, 'utf8')).toBe(desktopEntry(where));
    expect(await item.get()).toBe(true);
    await item.set(false);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await item.get()).toBe(false);
    // Turning it off twice is not an error.
    await item.set(false);
    expect(app.loginItem).toBeUndefined();
  });

  it('uses login items on macOS and Windows, and writes no file', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const item = loginItem({ platform, env: {}, homeDir: home, execPath: '/Applications/Kubeward.app' });
      await item.set(true);
      expect(app.loginItem).toEqual({ openAtLogin: true });
      expect(await item.get()).toBe(true);
      await item.set(false);
      expect(await item.get()).toBe(false);
    }
    await expect(stat(path.join(home, '.config'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
