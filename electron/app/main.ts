/**
 * Composition root of the desktop app: the desktop core (electron/core/desktop/desktop.ts)
 * drives the tray, the notifications and the window through a MonitorPlatform; the
 * window talks back through the typed IPC handlers the core provides.
 */
import { app, net, Notification } from 'electron';
import path from 'node:path';
import type { FindingRef } from '../../shared/findings';
import type { MonitorPlatform } from '../../shared/monitor';
import { watchConnectivity } from '../core/monitor/connectivity';
import { openDesktopCore } from '../core/desktop/desktop';
import { resolveLoginShellPath } from '../core/exec/login-shell-path';
import type { Monitor } from '../core/monitor/monitor';
import { defaultSettingsPath } from '../core/desktop/settings-store';
import { gatherSnapshot } from '../core/check/snapshot';
import { defaultStatePath } from '../core/monitor/state-store';
import { useContext } from '../core/fix/use-context';
import { currentHost } from '../core/host';
import { loginItem } from './autostart';
import { registerIpc } from './ipc';
import { installContentGuards } from './guards';
import { claimSingleInstance, configurePlatform, installLifecycle } from './lifecycle';
import { Notifier } from './notifications';
import { chooseKubeconfigFile } from './open-dialog';
import { TrayView } from './tray';
import { AppWindow, entryUrl, type RendererEntry } from './window';
import { errorLine } from '../../shared/error-line';
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';

const host = currentHost();
/** Electron's own platform checks (dock, tray icons, notifications) take Node's name for it. */
const platform = process.platform;

function rendererEntry(): RendererEntry {
  // electron-vite's dev server; never trusted in a packaged app.
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) return { kind: 'url', url: devUrl };
  return { kind: 'file', path: path.join(import.meta.dirname, '../renderer/index.html') };
}

/** The tray's Contexts submenu: kubectl's use-context through the safe writer, on a fresh read of the files. */
async function switchContext(name: string, monitor: Monitor): Promise<void> {
  try {
    const snapshot = await gatherSnapshot({ kubeconfig: host.env.KUBECONFIG, host });
    await useContext(snapshot, name);
  } catch (error) {
    const reason = errorLine(error);
    new Notification({ title: `Could not switch to ${name}`, body: reason }).show();
    return;
  }
  await monitor.checkNow();
}

async function start(): Promise<void> {
  configurePlatform(platform);
  const entry = rendererEntry();
  // Before anything creates a webContents: each one is guarded as it is created.
  installContentGuards(entryUrl(entry));
  const window = new AppWindow({
    entry,
    preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
  });
  // The monitor exists once the core is open; a notification's button cannot come before the first check.
  let snooze: (target: FindingRef) => void = () => undefined;
  const notifier = new Notifier(
    { openWindow: (target) => window.open(target), snoozeDay: (target) => snooze(target) },
    platform,
  );
  const startAtLogin = loginItem({ ...host, execPath: process.execPath });
  let startsAtLogin = false;
  const tray = new TrayView({
    icons: { packaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot: app.getAppPath() },
    platform,
    startAtLogin: () => startsAtLogin,
    now: () => new Date(),
    actions: {
      useContext: (name) => void switchContext(name, monitor),
      checkNow: () => void monitor.checkNow(),
      openWindow: () => window.open(),
      pauseNotifications: (until) => void monitor.pause(until?.getTime()),
      setStartAtLogin: (enabled) =>
        void startAtLogin.set(enabled).then(() => {
          startsAtLogin = enabled;
          tray.repaintMenu();
        }),
      quit: () => app.quit(),
    },
  });

  const ui: MonitorPlatform = {
    showTray: (model) => tray.show(model),
    notify: (alert) => notifier.notify(alert),
    openWindow: (target) => window.open(target),
  };
  const { monitor, handlers, firstLaunch } = await openDesktopCore({
    host,
    // Resolved once: plugins a terminal finds (Homebrew, gcloud SDK) must not look missing in the app.
    loginShellPath: await resolveLoginShellPath(host.env, host.platform),
    offline: false,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    statePath: defaultStatePath(host),
    settingsPath: defaultSettingsPath(host),
    ui,
    loginItem: {
      get: () => startAtLogin.get(),
      set: async (enabled) => {
        await startAtLogin.set(enabled);
        startsAtLogin = enabled;
        tray.repaintMenu();
      },
    },
    emit: (channel, payload) => window.emit(channel, payload),
    version: app.getVersion(),
    log: (line) => console.warn(`kubeward: ${line}`),
    pickKubeconfig: () => chooseKubeconfigFile(window.current),
  });
  snooze = (target) => void monitor.snooze(target, '1d');
  installLifecycle({
    openWindow: () => window.open(),
    checkNow: () => void monitor.checkNow(),
    stop: () => monitor.stop(),
  });

  await app.whenReady();
  startsAtLogin = await startAtLogin.get();
  tray.show({ status: 'unknown', tooltip: 'not checked yet', contexts: [], checking: true });
  registerIpc(handlers, entryUrl(entry));
  // Checks again when the network comes back: a VPN up again makes probes meaningful.
  watchConnectivity(
    () => net.isOnline(),
    () => void monitor.checkNow(),
  );
  await monitor.start();
  // A tray-only app looks like it never started: the first launch shows the window, with the welcome.
  if (firstLaunch) window.open();
}

if (claimSingleInstance()) {
  start().catch((error: unknown) => {
    console.error('kubeward: could not start', error);
    app.exit(1);
  });
}
