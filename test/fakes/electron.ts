/**
 * Stand-in for the `electron` module in vitest (the real binary cannot run on the
 * build machines). Grows with the app's tests; each export is checked against
 * Electron's own types so the fake cannot drift from the real API. It records what
 * the app asked for and lets a test fire the events Electron would.
 */
import type * as Electron from 'electron';

type Listener = (...args: never[]) => unknown;

/** on/once/emit, the slice of EventEmitter the app uses. */
class Emitter {
  private listeners = new Map<string, { listener: Listener; once: boolean }[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: false }]);
    return this;
  }

  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once: true }]);
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l.listener !== listener),
    );
    return this;
  }

  /** Test helper: fire an event as Electron would; returns the listeners' results. */
  emit(event: string, ...args: unknown[]): unknown[] {
    const current = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      current.filter((l) => !l.once),
    );
    return current.map((l) => (l.listener as (...a: unknown[]) => unknown)(...args));
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
}

/** A DOM-less stand-in for Electron's Event: enough for preventDefault checks. */
export function fakeEvent<T extends object = object>(extra?: T): Electron.Event & T & { defaultPrevented: boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...extra,
  };
  return event as unknown as Electron.Event & T & { defaultPrevented: boolean };
}

class FakeApp extends Emitter {
  isPackaged = false;
  hasLock = true;
  quitCalls = 0;
  dockHidden = false;
  appUserModelId: string | undefined;
  loginItem: Electron.Settings | undefined;
  dock = {
    hide: () => {
      this.dockHidden = true;
    },
  };

  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }

  quit(): void {
    this.quitCalls += 1;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  getVersion(): string {
    return '0.1.0';
  }

  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }

  setLoginItemSettings(settings: Electron.Settings): void {
    this.loginItem = settings;
  }

  getLoginItemSettings(): Electron.LoginItemSettings {
    return { openAtLogin: this.loginItem?.openAtLogin ?? false } as Electron.LoginItemSettings;
  }
}

export const app = new FakeApp() satisfies Pick<
  Electron.App,
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'whenReady'
  | 'getVersion'
  | 'setAppUserModelId'
  | 'setLoginItemSettings'
  | 'isPackaged'
>;

// Only events are used; PowerMonitor's own methods (idle state, battery) are not faked.
class FakePowerMonitor extends Emitter {}

/** Fire 'resume' with `powerMonitor.emit('resume')`. */
export const powerMonitor = new FakePowerMonitor();

type PermissionRequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0];
type HeadersListener = (
  details: Electron.OnHeadersReceivedListenerDetails,
  callback: (response: Electron.HeadersReceivedResponse) => void,
) => void;

class FakeWebRequest {
  headersListener: HeadersListener | null = null;

  onHeadersReceived(listener: HeadersListener | null): void {
    this.headersListener = listener;
  }
}

class FakeSession implements Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> {
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  webRequest = new FakeWebRequest();

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

class FakeWebContents
  extends Emitter
  implements Pick<Electron.WebContents, 'setWindowOpenHandler' | 'send' | 'getURL' | 'loadFile' | 'loadURL'>
{
  session = new FakeSession();
  windowOpenHandler: WindowOpenHandler | undefined;
  sent: { channel: string; args: unknown[] }[] = [];
  url = '';

  /** Like Electron, every new webContents is announced app-wide first. */
  constructor() {
    super();
    app.emit('web-contents-created', fakeEvent(), this);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  getURL(): string {
    return this.url;
  }

  loadFile(filePath: string, options?: Electron.LoadFileOptions): Promise<void> {
    this.url = `file://${filePath}${options?.hash ? `#${options.hash}` : ''}`;
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.url = url;
    return Promise.resolve();
  }
}

export class BrowserWindow
  extends Emitter
  implements Pick<Electron.BrowserWindow, 'show' | 'focus' | 'isDestroyed' | 'isMinimized' | 'restore' | 'close'>
{
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    BrowserWindow.instances.push(this);
  }

  loadFile(filePath: string, options?: Electron.LoadFileOptions): Promise<void> {
    return this.webContents.loadFile(filePath, options);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  show(): void {
    this.visible = true;
  }

  focus(): void {
    this.focused = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return false;
  }

  restore(): void {}

  /** Like Electron: 'close' (cancellable), then the window is destroyed and 'closed' fires. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

type InvokeListener = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class FakeIpcMain implements Pick<Electron.IpcMain, 'handle' | 'removeHandler'> {
  handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Test helper: what ipcRenderer.invoke from a frame at `frameUrl` would get (null frame: destroyed). */
  async invokeFrom(
    frame: { url: string; top?: boolean } | null,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const senderFrame = frame && { url: frame.url, parent: frame.top === false ? {} : null };
    return handler(fakeEvent({ senderFrame }) as unknown as Electron.IpcMainInvokeEvent, ...args);
  }
}

export const ipcMain = new FakeIpcMain();

type RendererListener = (event: Electron.IpcRendererEvent, ...args: unknown[]) => void;

// on/removeListener return the real IpcRenderer for chaining, which a fake cannot be; their parameters match.
class FakeIpcRenderer implements Pick<Electron.IpcRenderer, 'invoke'> {
  invoked: { channel: string; args: unknown[] }[] = [];
  private emitter = new Emitter();
  /** What an invoke resolves with, per channel (tests set it). */
  replies = new Map<string, unknown>();

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.replies.get(channel));
  }

  on(channel: string, listener: RendererListener): this {
    this.emitter.on(channel, listener);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.emitter.removeListener(channel, listener);
    return this;
  }

  /** Test helper: a message from the main process. */
  receive(channel: string, ...args: unknown[]): void {
    this.emitter.emit(channel, fakeEvent(), ...args);
  }

  listenerCount(channel: string): number {
    return this.emitter.listenerCount(channel);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(apiKey: string, api: unknown) {
    this.exposed.set(apiKey, api);
  },
} satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'> & { exposed: Map<string, unknown> };

class FakeNativeImage implements Pick<Electron.NativeImage, 'setTemplateImage' | 'isTemplateImage'> {
  template = false;

  constructor(readonly path: string) {}

  setTemplateImage(option: boolean): void {
    this.template = option;
  }

  isTemplateImage(): boolean {
    return this.template;
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path) as unknown as Electron.NativeImage,
} satisfies Pick<typeof Electron.nativeImage, 'createFromPath'>;

export class Menu {
  constructor(readonly template: Electron.MenuItemConstructorOptions[]) {}

  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): Electron.Menu {
    return new Menu(template) as unknown as Electron.Menu;
  }
}

export class Tray
  extends Emitter
  implements Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy' | 'isDestroyed'>
{
  static instances: Tray[] = [];
  image: Electron.NativeImage;
  tooltip = '';
  menu: Electron.Menu | null = null;
  destroyed = false;

  constructor(image: Electron.NativeImage | string) {
    super();
    this.image = typeof image === 'string' ? nativeImage.createFromPath(image) : image;
    Tray.instances.push(this);
  }

  setImage(image: Electron.NativeImage): void {
    this.image = image;
  }

  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }

  setContextMenu(menu: Electron.Menu | null): void {
    this.menu = menu;
  }

  destroy(): void {
    this.destroyed = true;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class Notification extends Emitter implements Pick<Electron.Notification, 'show' | 'close'> {
  static instances: Notification[] = [];
  shown = false;

  constructor(readonly options: Electron.NotificationConstructorOptions = {}) {
    super();
    Notification.instances.push(this);
  }

  static isSupported(): boolean {
    return true;
  }

  show(): void {
    this.shown = true;
  }

  close(): void {
    this.shown = false;
  }
}

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
} satisfies Pick<Electron.Shell, 'openExternal'> & { opened: string[] };

/** Records each open dialog; `dialog.answer` is what the next one returns (the user's choice or a cancel). */
export const dialog = {
  opened: [] as { parent: boolean; options: Electron.OpenDialogOptions }[],
  answer: { canceled: true, filePaths: [] } as Electron.OpenDialogReturnValue,
  showOpenDialog(
    parentOrOptions: Electron.BaseWindow | Electron.OpenDialogOptions,
    maybeOptions?: Electron.OpenDialogOptions,
  ): Promise<Electron.OpenDialogReturnValue> {
    const parent = maybeOptions !== undefined;
    this.opened.push({ parent, options: maybeOptions ?? (parentOrOptions as Electron.OpenDialogOptions) });
    return Promise.resolve(this.answer);
  },
} satisfies Pick<Electron.Dialog, 'showOpenDialog'> & {
  opened: unknown[];
  answer: Electron.OpenDialogReturnValue;
};

/** Forget everything recorded, between tests. */
export function resetElectronFake(): void {
  BrowserWindow.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  ipcMain.handlers.clear();
  ipcRenderer.invoked = [];
  ipcRenderer.replies.clear();
  contextBridge.exposed.clear();
  shell.opened = [];
  dialog.opened = [];
  dialog.answer = { canceled: true, filePaths: [] };
  app.removeAllListeners();
  powerMonitor.removeAllListeners();
  app.hasLock = true;
  app.quitCalls = 0;
  app.dockHidden = false;
  app.appUserModelId = undefined;
  app.loginItem = undefined;
}
