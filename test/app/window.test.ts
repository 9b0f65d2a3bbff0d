import { beforeEach, describe, expect, it } from 'vitest';
import { AppWindow, entryUrl, SECURE_WEB_PREFERENCES } from '../../electron/app/window';
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isOwnPage } from '../../shared/url-safety';
import { BrowserWindow, resetElectronFake } from '../fakes/electron';

const INDEX = '/opt/Kubeward/resources/app.asar/out/renderer/index.html';
const OWN = `file://${INDEX}`;

function openWindow() {
  const appWindow = new AppWindow({ entry: { kind: 'file', path: INDEX }, preloadPath: '/opt/preload/index.cjs' });
  appWindow.open();
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return { appWindow, window };
}

beforeEach(() => resetElectronFake());

describe('shared/url-safety', () => {
  it('knows our own page, for a built file and for the dev server', () => {
    expect(isOwnPage(`${OWN}#/finding/prod`, OWN)).toBe(true);
    expect(isOwnPage(`${OWN}?tab=1`, OWN)).toBe(true);
    expect(isOwnPage('file:///opt/Kubeward/resources/app.asar/out/renderer/other.html', OWN)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', OWN)).toBe(false);
    expect(isOwnPage('https://evil.example/', OWN)).toBe(false);
    expect(isOwnPage('not a url', OWN)).toBe(false);
    expect(isOwnPage('http://localhost:5173/src/x', 'http://localhost:5173/')).toBe(true);
    expect(isOwnPage('http://localhost:5173.evil.example/', 'http://localhost:5173/')).toBe(false);
    expect(isOwnPage('http://127.0.0.1:5173/', 'http://localhost:5173/')).toBe(false);
  });

  it('lets only allow-listed https documentation leave for the browser', () => {
    expect(isAllowedExternal('https://kubernetes.io/docs/reference/access-authn-authz/authentication/')).toBe(true);
    expect(isAllowedExternal('http://kubernetes.io/docs/')).toBe(false);
    expect(isAllowedExternal('https://kubernetes.io.evil.example/')).toBe(false);
    expect(isAllowedExternal('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternal('https://github.com:8443/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
  });

  it('the CSP header matches the renderer meta tag and adds frame-ancestors', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(CONTENT_SECURITY_POLICY).toBe(`${meta}; frame-ancestors 'none'`);
  });
});

describe('AppWindow', () => {
  it('creates the window only when asked, with the secure options, hidden until ready', async () => {
    expect(BrowserWindow.instances).toHaveLength(0);
    const { window } = openWindow();
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toEqual({ ...SECURE_WEB_PREFERENCES, preload: '/opt/preload/index.cjs' });
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.webContents.getURL()).toBe(OWN);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
    expect(entryUrl({ kind: 'url', url: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
  });

  it('reuses the open window and destroys it on close, so no renderer stays alive', () => {
    const { appWindow, window } = openWindow();
    appWindow.open();
    expect(BrowserWindow.instances).toHaveLength(1);
    window.close();
    expect(window.isDestroyed()).toBe(true);
    expect(appWindow.current).toBeUndefined();
    appWindow.open();
    expect(BrowserWindow.instances).toHaveLength(2);
  });

  it('takes a new window to the finding once the page has loaded, an open one at once', () => {
    const { appWindow, window } = openWindow();
    appWindow.open({ context: 'prod', rule: 'client-cert-expiring' });
    expect(window.webContents.sent).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sent).toEqual([
      { channel: 'window:open-finding', args: [{ context: 'prod', rule: 'client-cert-expiring' }] },
    ]);
    appWindow.open({ rule: 'kubeconfig-invalid' });
    expect(window.webContents.sent.at(-1)).toEqual({
      channel: 'window:open-finding',
      args: [{ rule: 'kubeconfig-invalid' }],
    });
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });
});
