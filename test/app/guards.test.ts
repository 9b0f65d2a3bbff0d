/**
 * The guards hold for every webContents the app ever has, not only the window's: a
 * webContents created after startup (a second window, a devtools or webview page) is
 * refused popups, navigation away from our renderer, webviews and permissions too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { installContentGuards } from '../../electron/app/guards';
import { AppWindow } from '../../electron/app/window';
import { CONTENT_SECURITY_POLICY } from '../../shared/url-safety';
import { app, BrowserWindow, fakeEvent, resetElectronFake, shell } from '../fakes/electron';

const INDEX = '/opt/Kubeward/resources/app.asar/out/renderer/index.html';
const OWN = `file://${INDEX}`;

/** A webContents Electron creates after the app has started: any of them must be guarded. */
function newContents() {
  return new BrowserWindow().webContents;
}

beforeEach(() => {
  resetElectronFake();
  installContentGuards(OWN);
});

describe('content guards, installed app-wide', () => {
  it('are installed once, on app web-contents-created, and reach the app window too', () => {
    expect(app.listenerCount('web-contents-created')).toBe(1);
    const appWindow = new AppWindow({ entry: { kind: 'file', path: INDEX }, preloadPath: '/opt/preload/index.cjs' });
    appWindow.open();
    const window = BrowserWindow.instances.at(-1);
    if (!window) throw new Error('no window was created');
    expect(window.webContents.windowOpenHandler).toBeDefined();
    expect(window.webContents.listenerCount('will-frame-navigate')).toBe(1);
  });

  it('deny window.open, and hand only allow-listed links to the browser', () => {
    const contents = newContents();
    const handler = contents.windowOpenHandler;
    if (!handler) throw new Error('no window open handler');
    const open = (url: string) => handler({ url } as Parameters<typeof handler>[0]);
    expect(open('https://kubernetes.io/docs/')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://kubernetes.io/docs/']);
  });

  it('deny navigation, frame navigation and redirects away from our page, and webviews', () => {
    const contents = newContents();
    const navigate = (event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string) => {
      const e = fakeEvent({ url, isMainFrame: event !== 'will-frame-navigate' });
      contents.emit(event, e, url);
      return e.defaultPrevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-frame-navigate', 'about:blank')).toBe(true);
    expect(navigate('will-navigate', `${OWN}#/settings`)).toBe(false);
    expect(navigate('will-frame-navigate', `${OWN}#/settings`)).toBe(false);
    const attach = fakeEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
  });

  it('deny every permission request and check', () => {
    const contents = newContents();
    const { permissionRequestHandler, permissionCheckHandler } = contents.session;
    if (!permissionRequestHandler || !permissionCheckHandler) throw new Error('permission handlers not set');
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'] as const) {
      permissionRequestHandler(contents as never, permission, (granted) => answers.push(granted), {} as never);
      answers.push(permissionCheckHandler(null, permission, OWN, {} as never));
    }
    expect(answers).toHaveLength(10);
    expect(answers.every((granted) => granted === false)).toBe(true);
  });

  it('add the CSP header to every response', () => {
    const contents = newContents();
    const listener = contents.session.webRequest.headersListener;
    if (!listener) throw new Error('no headers listener');
    let headers: Record<string, string | string[]> | undefined;
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } } as never, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
