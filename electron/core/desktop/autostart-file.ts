/**
 * Linux "Start at login": an XDG autostart entry (`$XDG_CONFIG_HOME/autostart/kubeward.desktop`),
 * pointing at the AppImage when run from one (the mounted executable's path changes on
 * every launch). Plain Node: the app uses it on Linux, the dev bridge everywhere.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Host } from '../../../shared/host';
import type { LoginItem } from './api';

/** The host, and the executable the entry starts (unless $APPIMAGE names the AppImage it runs from). */
export interface AutostartHost extends Host {
  execPath: string;
}

export function autostartFile(where: Pick<AutostartHost, 'env' | 'homeDir'>): string {
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

export function desktopEntry(where: Pick<AutostartHost, 'env' | 'execPath'>): string {
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

export function xdgLoginItem(where: Pick<AutostartHost, 'env' | 'homeDir' | 'execPath'>): LoginItem {
  const file = autostartFile(where);
  return {
    async get() {
      try {
        const text = await readFile(file, 'utf8');
        return !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
      } catch {
        return false;
      }
    },
    async set(enabled) {
      if (!enabled) {
        await rm(file, { force: true });
        return;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, desktopEntry(where));
    },
  };
}
