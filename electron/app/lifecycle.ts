/**
 * The app's life as a tray app: one instance (a second launch opens the window), no
 * dock icon on macOS, a stable AppUserModelID on Windows (notifications need it),
 * keeps running with no window, and stops the monitor before quitting.
 */
import { app, powerMonitor } from 'electron';

/** Must equal electron-builder's `appId`: Windows groups notifications by it. */
export const APP_ID = 'dev.kubeward.app';

/** False when another instance runs: it has been told to open its window, and this one quits. */
export function claimSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

export function configurePlatform(platform: NodeJS.Platform): void {
  // LSUIElement in the packaged Info.plist hides the icon from launch; this covers development.
  if (platform === 'darwin') app.dock?.hide();
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}

export interface LifecycleHooks {
  openWindow(): void;
  checkNow(): void;
  /** Resolves once the monitor has stopped and its state is saved. */
  stop(): Promise<void>;
}

export function installLifecycle(hooks: LifecycleHooks): void {
  app.on('second-instance', () => {
    void app.whenReady().then(() => hooks.openWindow());
  });
  // With a listener, closing the last window no longer quits: the tray stays.
  app.on('window-all-closed', () => undefined);
  // Credentials may have expired while the machine slept.
  void app.whenReady().then(() => powerMonitor.on('resume', () => hooks.checkNow()));
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void hooks
      .stop()
      .catch(() => undefined)
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}
