import type { MenuItem, MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tomorrowMorning, trayIconPath, trayMenuTemplate, TrayView, type TrayActions } from '../../electron/app/tray';
import type { TrayModel } from '../../shared/monitor';
import { Menu, resetElectronFake, Tray } from '../fakes/electron';

class RecordingActions implements TrayActions {
  calls: unknown[][] = [];
  useContext(name: string) {
    this.calls.push(['useContext', name]);
  }
  checkNow() {
    this.calls.push(['checkNow']);
  }
  openWindow() {
    this.calls.push(['openWindow']);
  }
  pauseNotifications(until: Date | null) {
    this.calls.push(['pause', until?.toISOString() ?? null]);
  }
  setStartAtLogin(enabled: boolean) {
    this.calls.push(['startAtLogin', enabled]);
  }
  quit() {
    this.calls.push(['quit']);
  }
}

const NOW = new Date(2026, 10, 28, 14, 30);
const MODEL: TrayModel = {
  status: 'warning',
  tooltip: 'prod: client certificate expires in 3 days',
  contexts: [
    { name: 'prod', status: 'warning', current: true },
    { name: 'staging', status: 'ok', current: false },
    { name: 'legacy', status: 'error', current: false },
  ],
  checking: false,
};

function item(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = template.find((i) => i.label === label);
  if (!found) throw new Error(`no menu item "${label}" in ${template.map((i) => i.label).join(', ')}`);
  return found;
}

function click(entry: MenuItemConstructorOptions, checked?: boolean): void {
  // The clicked MenuItem carries the toggled state of a checkbox.
  entry.click?.({ checked } as MenuItem, undefined, {} as never);
}

function submenu(entry: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  if (!Array.isArray(entry.submenu)) throw new Error(`"${entry.label}" has no submenu`);
  return entry.submenu as MenuItemConstructorOptions[];
}

beforeEach(() => resetElectronFake());

describe('trayMenuTemplate', () => {
  it('leads with the worst context, then the current one, then every context with its status', () => {
    const template = trayMenuTemplate(MODEL, new RecordingActions(), { startAtLogin: false, now: NOW });
    expect(template.slice(0, 2)).toEqual([
      { label: 'legacy — Error', enabled: false },
      { label: 'Current: prod — Warning', enabled: false },
    ]);
    const contexts = submenu(item(template, 'Contexts'));
    expect(contexts.map((c) => [c.label, c.checked])).toEqual([
      ['prod — Warning', true],
      ['staging — OK', false],
      ['legacy — Error', false],
    ]);
    expect(template.map((i) => i.label ?? i.type)).toEqual([
      'legacy — Error',
      'Current: prod — Warning',
      'Contexts',
      'separator',
      'Check now',
      'Open Kubeward…',
      'Pause notifications',
      'Start at login',
      'separator',
      'Quit Kubeward',
    ]);
  });

  it('switches context only when another one is picked', () => {
    const actions = new RecordingActions();
    const contexts = submenu(item(trayMenuTemplate(MODEL, actions, { startAtLogin: false, now: NOW }), 'Contexts'));
    click(contexts[0] as MenuItemConstructorOptions);
    click(contexts[2] as MenuItemConstructorOptions);
    expect(actions.calls).toEqual([['useContext', 'legacy']]);
  });

  it('wires Check now, Open, Start at login and Quit', () => {
    const actions = new RecordingActions();
    const template = trayMenuTemplate(MODEL, actions, { startAtLogin: true, now: NOW });
    click(item(template, 'Check now'));
    click(item(template, 'Open Kubeward…'));
    const login = item(template, 'Start at login');
    expect(login).toMatchObject({ type: 'checkbox', checked: true });
    click(login, false);
    click(item(template, 'Quit Kubeward'));
    expect(actions.calls).toEqual([['checkNow'], ['openWindow'], ['startAtLogin', false], ['quit']]);
  });

  it('pauses for an hour or until tomorrow 09:00 local time', () => {
    const actions = new RecordingActions();
    const pause = submenu(
      item(trayMenuTemplate(MODEL, actions, { startAtLogin: false, now: NOW }), 'Pause notifications'),
    );
    click(item(pause, 'For 1 hour'));
    click(item(pause, 'Until tomorrow'));
    expect(actions.calls).toEqual([
      ['pause', new Date(2026, 10, 28, 15, 30).toISOString()],
      ['pause', new Date(2026, 10, 29, 9, 0).toISOString()],
    ]);
    expect(tomorrowMorning(new Date(2026, 11, 31, 23, 59))).toEqual(new Date(2027, 0, 1, 9, 0));
  });

  it('offers to resume while paused, and pausing again once the pause is over', () => {
    const actions = new RecordingActions();
    const until = new Date(2026, 10, 28, 16, 5).toISOString();
    const paused = trayMenuTemplate({ ...MODEL, pausedUntil: until }, actions, { startAtLogin: false, now: NOW });
    const entry = item(paused, 'Notifications paused until 16:05');
    click(item(submenu(entry), 'Resume notifications'));
    expect(actions.calls).toEqual([['pause', null]]);
    const later = new Date(2026, 10, 28, 17, 0);
    const over = trayMenuTemplate({ ...MODEL, pausedUntil: until }, actions, { startAtLogin: false, now: later });
    expect(item(over, 'Pause notifications')).toBeDefined();
  });

  it('greys out Check now during a check, and copes with no contexts', () => {
    const template = trayMenuTemplate(
      { status: 'unknown', tooltip: 'Kubeward: not checked yet', contexts: [], checking: true },
      new RecordingActions(),
      { startAtLogin: false, now: NOW },
    );
    expect(template[0]).toEqual({ label: 'Not checked yet', enabled: false });
    expect(item(template, 'Checking…')).toMatchObject({ enabled: false });
    expect(submenu(item(template, 'Contexts'))).toEqual([{ label: 'No contexts', enabled: false }]);
  });

  it('says all is well only when every context is OK, and names the current one when it is not the worst', () => {
    const calm = (current: string): TrayModel => ({
      ...MODEL,
      status: 'ok',
      contexts: ['prod', 'staging'].map((name) => ({ name, status: 'ok', current: name === current })),
    });
    const options = { startAtLogin: false, now: NOW };
    expect(trayMenuTemplate(calm('none'), new RecordingActions(), options).slice(0, 2)).toEqual([
      { label: 'All 2 contexts OK', enabled: false },
      { label: 'No current context', enabled: false },
    ]);
    const twoErrors: TrayModel = {
      ...MODEL,
      contexts: [
        { name: 'a', status: 'error', current: true },
        { name: 'b', status: 'error', current: false },
      ],
    };
    expect(trayMenuTemplate(twoErrors, new RecordingActions(), options).slice(0, 2)).toEqual([
      { label: 'a — Error (+1 more)', enabled: false },
      { label: 'Contexts', enabled: true, submenu: expect.any(Array) },
    ]);
  });
});

describe('TrayView', () => {
  const icons = { packaged: true, resourcesPath: '/opt/Kubeward/resources', appRoot: '/src/kubeward' };

  it('opens the window on a left click on Windows, and leaves clicks to the menu elsewhere', () => {
    for (const platform of ['win32', 'linux'] as const) {
      resetElectronFake();
      const actions = new RecordingActions();
      const view = new TrayView({ actions, icons, platform, startAtLogin: () => false, now: () => NOW });
      view.show(MODEL);
      (Tray.instances[0] as Tray).emit('click');
      expect(actions.calls).toEqual(platform === 'win32' ? [['openWindow']] : []);
    }
  });

  it('finds icons in resources when packaged and in build/icons in development', () => {
    expect(trayIconPath('error', icons, 'linux')).toBe(path.join('/opt/Kubeward/resources', 'icons', 'tray-error.png'));
    expect(trayIconPath('ok', { ...icons, packaged: false }, 'win32')).toBe(
      path.join('/src/kubeward', 'build', 'icons', 'tray-ok.png'),
    );
    expect(trayIconPath('info', icons, 'linux')).toBe(path.join('/opt/Kubeward/resources', 'icons', 'tray-ok.png'));
    expect(trayIconPath('warning', icons, 'darwin')).toBe(
      path.join('/opt/Kubeward/resources', 'icons', 'tray-warningTemplate.png'),
    );
  });

  it('never shows a credential nothing tested as OK; a stopped local cluster is calm', () => {
    expect(trayIconPath('not-checked', icons, 'linux')).toBe(
      path.join('/opt/Kubeward/resources', 'icons', 'tray-unknown.png'),
    );
    expect(trayIconPath('not-running', icons, 'linux')).toBe(
      path.join('/opt/Kubeward/resources', 'icons', 'tray-ok.png'),
    );
    const model: TrayModel = {
      ...MODEL,
      contexts: [
        { name: 'eks', status: 'not-checked', current: true },
        { name: 'kind-dev', status: 'not-running', current: false },
      ],
    };
    const [current, contexts] = trayMenuTemplate(model, new RecordingActions(), { startAtLogin: false, now: NOW });
    expect(current?.label).toBe('eks — Not checked');
    expect((contexts?.submenu as MenuItemConstructorOptions[]).map((i) => i.label)).toEqual([
      'eks — Not checked',
      'kind-dev — Not running',
    ]);
  });

  it('paints one tray: icon per worst status, tooltip and menu from the model', () => {
    const view = new TrayView({
      actions: new RecordingActions(),
      icons,
      platform: 'linux',
      startAtLogin: () => false,
      now: () => NOW,
    });
    view.show(MODEL);
    view.show({ ...MODEL, status: 'error', tooltip: 'legacy: token expired' });
    expect(Tray.instances).toHaveLength(1);
    const tray = Tray.instances[0] as Tray;
    expect((tray.image as unknown as { path: string; template: boolean }).path).toBe(
      path.join('/opt/Kubeward/resources', 'icons', 'tray-error.png'),
    );
    expect((tray.image as unknown as { template: boolean }).template).toBe(false);
    expect(tray.tooltip).toBe('Kubeward: legacy: token expired');
    expect((tray.menu as unknown as Menu).template[0]?.label).toBe('legacy — Error');
    view.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it('uses template images on macOS', () => {
    const view = new TrayView({
      actions: new RecordingActions(),
      icons,
      platform: 'darwin',
      startAtLogin: () => true,
      now: () => NOW,
    });
    view.show(MODEL);
    const tray = Tray.instances[0] as Tray;
    expect((tray.image as unknown as { template: boolean }).template).toBe(true);
    expect((tray.menu as unknown as Menu).template.find((i) => i.label === 'Start at login')?.checked).toBe(true);
  });
});
