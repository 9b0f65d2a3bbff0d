/**
 * Composition root of the desktop app: the monitor (electron/core) drives the tray,
 * the notifications and the window through a MonitorPlatform; the window talks back
 * through the typed IPC handlers.
 */
import { app, Notification } from 'electron';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../../shared/findings';
import type { MonitorPlatform } from '../../shared/monitor';
import { DesktopExecPolicy } from '../core/exec-policy';
import { resolveLoginShellPath } from '../core/login-shell-path';
import { Monitor } from '../core/monitor';
import { gatherSnapshot } from '../core/snapshot';
import { defaultStatePath } from '../core/state-store';
import { useContext } from '../core/use-context';
import { isStartAtLogin, setStartAtLogin, type AutostartEnv } from './autostart';
import { ipcHandlers } from './handlers';
import { registerIpc } from './ipc';
import { claimSingleInstance, configurePlatform, installLifecycle } from './lifecycle';
import { Notifier } from './notifications';
import { TrayView } from './tray';
import { AppWindow, entryUrl, type RendererEntry } from './window';

const platform = process.platform;
const homeDir = os.homedir();

function rendererEntry(): RendererEntry {
  // electron-vite's dev server; never trusted in a packaged app.
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) return { kind: 'url', url: devUrl };
  return { kind: 'file', path: path.join(import.meta.dirname, '../renderer/index.html') };
}

/** The tray's Contexts submenu: kubectl's use-context through the safe writer, on a fresh read of the files. */
async function switchContext(name: string, monitor: Monitor): Promise<void> {
  try {
    const snapshot = await gatherSnapshot({
      kubeconfig: process.env.KUBECONFIG,
      homeDir,
      platform,
      search: { path: process.env.PATH, pathExt: process.env.PATHEXT },
    });
    await useContext(snapshot, name);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
    new Notification({ title: `Could not switch to ${name}`, body: reason }).show();
    return;
  }
  await monitor.checkNow();
}

async function start(): Promise<void> {
  configurePlatform(platform);
  const entry = rendererEntry();
  const window = new AppWindow({
    entry,
    preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
  });
  let lastReport: Report | null = null;
  const notifier = new Notifier((target) => window.open(target), platform);
  const autostart: AutostartEnv = { platform, env: process.env, homeDir, execPath: process.execPath };
  let startAtLogin = false;
  const tray = new TrayView({
    icons: { packaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot: app.getAppPath() },
    platform,
    startAtLogin: () => startAtLogin,
    now: () => new Date(),
    actions: {
      useContext: (name) => void switchContext(name, monitor),
      checkNow: () => void monitor.checkNow(),
      openWindow: () => window.open(),
      pauseNotifications: (until) => void monitor.pause(until?.getTime()),
      setStartAtLogin: (enabled) =>
        void setStartAtLogin(enabled, autostart).then(() => {
          startAtLogin = enabled;
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
  const monitor = new Monitor({
    env: process.env,
    // Resolved once: plugins a terminal finds (Homebrew, gcloud SDK) must not look missing in the app.
    loginShellPath: await resolveLoginShellPath(process.env, platform),
    homeDir,
    platform,
    offline: false,
    timeoutMs: 10_000,
    statePath: defaultStatePath(process.env, homeDir, platform),
    ui,
    // No plugin is approved until the settings store and its approval prompt land: none runs unattended.
    execPolicy: new DesktopExecPolicy({ approved: () => new Set() }),
    log: (line) => console.warn(`kubeward: ${line}`),
    onChecked: (result) => {
      if ('report' in result) lastReport = result.report;
    },
  });
  installLifecycle({
    openWindow: () => window.open(),
    checkNow: () => void monitor.checkNow(),
    stop: () => monitor.stop(),
  });

  await app.whenReady();
  startAtLogin = await isStartAtLogin(autostart);
  tray.show({ status: 'unknown', tooltip: 'not checked yet', contexts: [], checking: true });
  registerIpc(
    ipcHandlers(
      {
        lastReport: () => lastReport,
        checkNow: async () => {
          await monitor.checkNow();
          return lastReport;
        },
        snooze: (target, kind) => monitor.snooze(target, kind),
        pause: (until) => monitor.pause(until),
      },
      app.getVersion(),
    ),
    entryUrl(entry),
  );
  await monitor.start();
}

if (claimSingleInstance()) {
  start().catch((error: unknown) => {
    console.error('kubeward: could not start', error);
    app.exit(1);
  });
}
