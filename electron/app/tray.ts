/**
 * The tray: an icon for the worst status, a one-line tooltip, and the menu, which on
 * many Linux desktops is the only way in (they deliver no click events). The menu is
 * a pure function of the monitor's TrayModel so it can be tested without Electron.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import path from 'node:path';
import { SEVERITY_RANK, type Status } from '../../shared/findings';
import type { TrayModel, TrayStatus } from '../../shared/monitor';

export interface TrayActions {
  useContext(name: string): void;
  checkNow(): void;
  openWindow(): void;
  /** `until` null resumes notifications. */
  pauseNotifications(until: Date | null): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuOptions {
  startAtLogin: boolean;
  now: Date;
}

const STATUS_LABEL: Record<TrayStatus, string> = {
  ok: 'OK',
  info: 'OK (notes)',
  warning: 'Warning',
  error: 'Error',
  'not-checked': 'Not checked',
  'not-running': 'Not running',
  unknown: 'Not checked yet',
};

/** Tomorrow at 09:00 local time: "until tomorrow" should not resume in the middle of the night. */
export function tomorrowMorning(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
}

function clock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

function statusLabel(status: TrayStatus): string {
  return STATUS_LABEL[status] ?? status;
}

function contextLabel(name: string, status: Status): string {
  return `${name} — ${statusLabel(status)}`;
}

/**
 * The menu's first lines: the worst status across every context (a failing context that is not
 * the current one still shows), then the current context when it is not that one.
 */
function headLines(model: TrayModel): MenuItemConstructorOptions[] {
  const current = model.contexts.find((c) => c.current);
  const rank = (status: Status) => SEVERITY_RANK[status] ?? 0;
  const worst = [...model.contexts].sort((a, b) => rank(b.status) - rank(a.status))[0];
  if (!worst) return [{ label: model.status === 'unknown' ? STATUS_LABEL.unknown : 'No contexts', enabled: false }];
  const alike = model.contexts.filter((c) => c.status === worst.status).length;
  const top =
    worst.status === 'ok' && alike > 1
      ? `All ${alike} contexts OK`
      : `${contextLabel(worst.name, worst.status)}${alike > 1 ? ` (+${alike - 1} more)` : ''}`;
  const lines: MenuItemConstructorOptions[] = [{ label: top, enabled: false }];
  if (!current) lines.push({ label: 'No current context', enabled: false });
  else if (current !== worst)
    lines.push({ label: `Current: ${contextLabel(current.name, current.status)}`, enabled: false });
  return lines;
}

function pauseItem(model: TrayModel, actions: TrayActions, now: Date): MenuItemConstructorOptions {
  if (model.pausedUntil && Date.parse(model.pausedUntil) > now.getTime()) {
    return {
      label: `Notifications paused until ${clock(model.pausedUntil)}`,
      submenu: [{ label: 'Resume notifications', click: () => actions.pauseNotifications(null) }],
    };
  }
  return {
    label: 'Pause notifications',
    submenu: [
      { label: 'For 1 hour', click: () => actions.pauseNotifications(new Date(now.getTime() + 3_600_000)) },
      { label: 'Until tomorrow', click: () => actions.pauseNotifications(tomorrowMorning(now)) },
    ],
  };
}

export function trayMenuTemplate(
  model: TrayModel,
  actions: TrayActions,
  options: TrayMenuOptions,
): MenuItemConstructorOptions[] {
  const contexts: MenuItemConstructorOptions[] = model.contexts.map((c) => ({
    label: contextLabel(c.name, c.status),
    type: 'radio',
    checked: c.current,
    click: () => {
      if (!c.current) actions.useContext(c.name);
    },
  }));
  return [
    ...headLines(model),
    {
      label: 'Contexts',
      enabled: contexts.length > 0,
      submenu: contexts.length ? contexts : [{ label: 'No contexts', enabled: false }],
    },
    { type: 'separator' },
    {
      label: model.checking ? 'Checking…' : 'Check now',
      enabled: !model.checking,
      click: () => actions.checkNow(),
    },
    { label: 'Open Kubeward…', click: () => actions.openWindow() },
    pauseItem(model, actions, options.now),
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: options.startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { type: 'separator' },
    { label: 'Quit Kubeward', click: () => actions.quit() },
  ];
}

export interface IconLocation {
  packaged: boolean;
  /** process.resourcesPath when packaged (icons ship via extraResources). */
  resourcesPath: string;
  /** The app's root in development (build/icons/ lives there). */
  appRoot: string;
}

const TRAY_ICON: Record<TrayStatus, 'ok' | 'warning' | 'error' | 'unknown'> = {
  ok: 'ok',
  info: 'ok',
  'not-running': 'ok',
  'not-checked': 'unknown',
  warning: 'warning',
  error: 'error',
  unknown: 'unknown',
};

export function trayIconPath(status: TrayStatus, where: IconLocation, platform: NodeJS.Platform): string {
  const dir = where.packaged ? path.join(where.resourcesPath, 'icons') : path.join(where.appRoot, 'build', 'icons');
  // Info findings and a stopped local cluster break nothing: the tray shows them as OK. A credential
  // nothing tested is not known to work: the icon of "unknown". macOS wants the black-and-alpha template variant.
  const icon = TRAY_ICON[status];
  return path.join(dir, `tray-${icon}${platform === 'darwin' ? 'Template' : ''}.png`);
}

function trayIcon(status: TrayStatus, where: IconLocation, platform: NodeJS.Platform): NativeImage {
  const image = nativeImage.createFromPath(trayIconPath(status, where, platform));
  // macOS tints template images for light and dark menu bars.
  if (platform === 'darwin') image.setTemplateImage(true);
  return image;
}

export interface TrayViewConfig {
  actions: TrayActions;
  icons: IconLocation;
  platform: NodeJS.Platform;
  startAtLogin: () => boolean;
  now: () => Date;
}

/** Owns the one Tray; repaint with each TrayModel the monitor publishes. */
export class TrayView {
  private tray: Tray | undefined;
  private model: TrayModel | undefined;

  constructor(private readonly config: TrayViewConfig) {}

  show(model: TrayModel): void {
    this.model = model;
    const icon = trayIcon(model.status, this.config.icons, this.config.platform);
    if (!this.tray) {
      this.tray = new Tray(icon);
      // Windows users expect a left click on a tray icon to open its app; the menu stays on the right button.
      if (this.config.platform === 'win32') this.tray.on('click', () => this.config.actions.openWindow());
    } else this.tray.setImage(icon);
    this.tray.setToolTip(`Kubeward: ${model.tooltip}`);
    this.repaintMenu();
  }

  /** Rebuilds the menu from the last model, e.g. after "Start at login" changed. */
  repaintMenu(): void {
    if (!this.model) return;
    const options = { startAtLogin: this.config.startAtLogin(), now: this.config.now() };
    this.tray?.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(this.model, this.config.actions, options)));
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }
}
