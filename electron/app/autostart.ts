/**
 * "Start at login": Electron's login items on macOS and Windows; on Linux an XDG
 * autostart entry (electron/core/desktop/autostart-file.ts).
 */
import { app } from 'electron';
import type { LoginItem } from '../core/desktop/api';
import { xdgLoginItem, type AutostartHost } from '../core/desktop/autostart-file';

export function loginItem(where: AutostartHost): LoginItem {
  if (where.platform === 'linux') return xdgLoginItem(where);
  return {
    get: () => Promise.resolve(app.getLoginItemSettings().openAtLogin),
    set: (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled });
      return Promise.resolve();
    },
  };
}
