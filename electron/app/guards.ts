/**
 * The guards every webContents gets, installed once app-wide (`web-contents-created`), so
 * none escapes them: not the window's, nor any created later (a second window, devtools,
 * a webview). Popups, navigation away from our renderer, webviews and permission prompts
 * are refused; https links on the allow-list open in the browser; every response carries
 * the CSP header.
 */
import { app, shell, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isOwnPage } from '../../shared/url-safety';

function guardContents(contents: WebContents, ownUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayOnOwnPage = (event: Electron.Event<{ url: string }>) => {
    if (!isOwnPage(event.url, ownUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnOwnPage);
  // Fired for subframes as well as the main frame: an iframe may not leave our page either.
  contents.on('will-frame-navigate', stayOnOwnPage);
  contents.on('will-redirect', stayOnOwnPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/** `ownUrl`: the renderer page the window loads (entryUrl), the only place any webContents may be. */
export function installContentGuards(ownUrl: string): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, ownUrl));
}
