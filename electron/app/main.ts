/**
 * Composition root of the desktop app. This issue ships it as a compiling entry
 * point with the secure window shell; the tray, monitor and notifications are
 * wired here by the desktop-app issue.
 */
import { app, BrowserWindow } from 'electron';
import path from 'node:path';

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    show: false,
    title: 'Kubeward',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

if (!app.requestSingleInstanceLock()) app.quit();
void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
