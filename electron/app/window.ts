/**
 * The Kubeward window: created on demand and destroyed when closed (a tray app must
 * not keep a renderer alive), locked down (no Node, sandboxed, isolated); popups,
 * navigation, permissions and the CSP header are the app-wide guards' (guards.ts).
 */
import { BrowserWindow, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import type { FindingRef } from '../../shared/findings';
import type { IpcEvents } from '../../shared/ipc';

/** The renderer: a built file when packaged, the Vite dev server (ELECTRON_RENDERER_URL) in development. */
export type RendererEntry = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export function entryUrl(entry: RendererEntry): string {
  return entry.kind === 'file' ? pathToFileURL(entry.path).href : entry.url;
}

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

export interface WindowConfig {
  entry: RendererEntry;
  preloadPath: string;
}

function send<E extends keyof IpcEvents>(contents: WebContents, channel: E, payload: IpcEvents[E]): void {
  contents.send(channel, payload);
}

export class AppWindow {
  private window: BrowserWindow | undefined;
  private loaded = false;
  private pending: FindingRef | undefined;

  constructor(private readonly config: WindowConfig) {}

  /** Shows the window (creating it if needed) and, when given, takes it to that finding. */
  open(target?: FindingRef): void {
    const window = this.window ?? this.create();
    if (target) {
      if (this.loaded) send(window.webContents, 'window:open-finding', target);
      else this.pending = target;
    }
    if (window.isMinimized()) window.restore();
    if (this.loaded) window.show();
    window.focus();
  }

  /** Sends an event to the window, if one is open and loaded; a closed window re-reads everything when opened. */
  emit<E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]): void {
    if (this.window && this.loaded && !this.window.isDestroyed()) send(this.window.webContents, channel, payload);
  }

  /** The live window, if one is open. */
  get current(): BrowserWindow | undefined {
    return this.window;
  }

  private create(): BrowserWindow {
    const window = new BrowserWindow({
      width: 960,
      height: 680,
      show: false,
      title: 'Kubeward',
      webPreferences: { ...SECURE_WEB_PREFERENCES, preload: this.config.preloadPath },
    });
    this.window = window;
    this.loaded = false;
    window.once('ready-to-show', () => window.show());
    window.webContents.on('did-finish-load', () => {
      this.loaded = true;
      if (this.pending) send(window.webContents, 'window:open-finding', this.pending);
      this.pending = undefined;
    });
    window.on('closed', () => {
      this.window = undefined;
      this.loaded = false;
    });
    if (this.config.entry.kind === 'file') void window.loadFile(this.config.entry.path);
    else void window.loadURL(this.config.entry.url);
    return window;
  }
}
