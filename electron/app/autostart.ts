/**
 * "Start at login": login items on macOS and Windows; on Linux an XDG autostart entry
 * (`$XDG_CONFIG_HOME/autostart/kubeward.desktop`), pointing at the AppImage when run
 * from one (the mounted executable's path changes on every launch).
 */
import { app } from 'electron';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AutostartEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homeDir: string;
  execPath: string;
}

export function autostartFile(where: Pick<AutostartEnv, 'env' | 'homeDir'>): string {
  const configHome = where.env.XDG_CONFIG_HOME?.trim();
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(where.homeDir, '.config');
  return path.join(base, 'autostart', 'kubeward.desktop');
}

/** Desktop Entry spec: quote an Exec argument that needs it, escaping ", `, $ and \. */
function execArgument(value: string): string {
  if (!/[\s"'\\`$<>|;&*?#()]/.test(value)) return value;
  return `"${value.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

export function desktopEntry(where: Pick<AutostartEnv, 'env' | 'execPath'>): string {
  const executable = where.env.APPIMAGE || where.execPath;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Kubeward',
    'Comment=Warns before kubectl starts failing with Unauthorized',
    `Exec=${execArgument(executable).replace(/%/g, '%%')}`,
    'Icon=kubeward',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function isStartAtLogin(where: AutostartEnv): Promise<boolean> {
  if (where.platform !== 'linux') return app.getLoginItemSettings().openAtLogin;
  try {
    const text = await readFile(autostartFile(where), 'utf8');
    return !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
  } catch {
    return false;
  }
}

export async function setStartAtLogin(enabled: boolean, where: AutostartEnv): Promise<void> {
  if (where.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled });
    return;
  }
  const file = autostartFile(where);
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, desktopEntry(where));
}
