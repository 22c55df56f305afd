/**
 * Deny by default, for every webContents the app ever creates (`web-contents-created`): no
 * webviews, no new windows, no navigation away from the app; links to web pages and e-mail
 * addresses go to the operating system only after vetting. The session denies every permission
 * and every request to the network or to local files.
 */
import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';
import { isSafeExternalUrl } from './external-url';

/** Opens a vetted http(s)/mailto URL in the user's browser or mail app; anything else is dropped. */
export function openExternalIfSafe(url: unknown): boolean {
  if (!isSafeExternalUrl(url)) {
    console.warn(`[gcm-review] refused to open ${JSON.stringify(String(url).slice(0, 200))}`);
    return false;
  }
  shell.openExternal(url).catch((e: unknown) => console.warn('[gcm-review] could not open link:', e));
  return true;
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfSafe(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: Electron.Event, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternalIfSafe(url);
  };
  contents.on('will-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
}

/** Everything a page could reach outside the app: http(s), websockets, ftp, local files. */
export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file:///*'];

export function lockDownSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }));
}
