import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartFile, desktopEntry, isStartAtLogin, setStartAtLogin } from '../../electron/app/autostart';
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

describe('setStartAtLogin', () => {
  it('writes and removes the XDG autostart entry on Linux', async () => {
    const where = {
      platform: 'linux' as const,
      env: { XDG_CONFIG_HOME: path.join(home, 'config') },
      homeDir: home,
      execPath: '/opt/Kubeward/kubeward',
    };
    const file = path.join(home, 'config', 'autostart', 'kubeward.desktop');
    expect(await isStartAtLogin(where)).toBe(false);
    await setStartAtLogin(true, where);
    expect(await readFile(file, 'utf8')).toBe(desktopEntry(where));
    expect(await isStartAtLogin(where)).toBe(true);
    await setStartAtLogin(false, where);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await isStartAtLogin(where)).toBe(false);
    // Turning it off twice is not an error.
    await setStartAtLogin(false, where);
    expect(app.loginItem).toBeUndefined();
  });

  it('uses login items on macOS and Windows, and writes no file', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const where = { platform, env: {}, homeDir: home, execPath: '/Applications/Kubeward.app' };
      await setStartAtLogin(true, where);
      expect(app.loginItem).toEqual({ openAtLogin: true });
      expect(await isStartAtLogin(where)).toBe(true);
      await setStartAtLogin(false, where);
      expect(await isStartAtLogin(where)).toBe(false);
    }
    await expect(stat(path.join(home, '.config'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
