import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ID, claimSingleInstance, configurePlatform, installLifecycle } from '../../electron/app/lifecycle';
import { app, fakeEvent, powerMonitor, resetElectronFake } from '../fakes/electron';

function recordingHooks() {
  const calls: string[] = [];
  let finishStop: () => void = () => undefined;
  const hooks = {
    openWindow: () => calls.push('openWindow'),
    checkNow: () => calls.push('checkNow'),
    stop: () => {
      calls.push('stop');
      return new Promise<void>((resolve) => {
        finishStop = resolve;
      });
    },
  };
  return { calls, hooks, finishStop: () => finishStop() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetElectronFake());

describe('single instance', () => {
  it('keeps running when it holds the lock', () => {
    expect(claimSingleInstance()).toBe(true);
    expect(app.quitCalls).toBe(0);
  });

  it('a second launch quits at once and builds nothing', async () => {
    // A fresh module graph, so main.ts runs its top level against a fake that denies the lock.
    vi.resetModules();
    const fake = await import('../fakes/electron');
    fake.app.hasLock = false;
    await import('../../electron/app/main');
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
    expect(fake.Tray.instances).toHaveLength(0);
  });

  it('the first instance opens its window when a second one starts', async () => {
    const { calls, hooks } = recordingHooks();
    installLifecycle(hooks);
    app.emit('second-instance', fakeEvent(), ['kubeward'], '/home/u');
    await settle();
    expect(calls).toEqual(['openWindow']);
  });
});

describe('platform', () => {
  it('hides the dock icon on macOS only, and sets the AppUserModelID on Windows only', () => {
    configurePlatform('linux');
    expect([app.dockHidden, app.appUserModelId]).toEqual([false, undefined]);
    configurePlatform('darwin');
    expect([app.dockHidden, app.appUserModelId]).toEqual([true, undefined]);
    configurePlatform('win32');
    expect(app.appUserModelId).toBe(APP_ID);
  });
});

describe('lifecycle', () => {
  it('stays in the tray when the last window closes', () => {
    installLifecycle(recordingHooks().hooks);
    expect(app.listenerCount('window-all-closed')).toBe(1);
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
  });

  it('re-checks on resume from sleep', async () => {
    const { calls, hooks } = recordingHooks();
    installLifecycle(hooks);
    await settle();
    powerMonitor.emit('resume');
    expect(calls).toEqual(['checkNow']);
  });

  it('quits only after the monitor has stopped', async () => {
    const { calls, hooks, finishStop } = recordingHooks();
    installLifecycle(hooks);
    const first = fakeEvent();
    app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    expect(calls).toEqual(['stop']);
    await settle();
    expect(app.quitCalls).toBe(0);
    finishStop();
    await settle();
    expect(app.quitCalls).toBe(1);
    // Electron fires before-quit again for that quit: this time it goes through.
    const second = fakeEvent();
    app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
    expect(calls).toEqual(['stop']);
  });
});
