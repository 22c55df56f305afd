/**
 * Deny by default, for every webContents the app ever creates (`web-contents-created`): no
 * webviews, no new windows, no navigation away from the app; links to web pages and e-mail
 * addresses go to the operating system only after vetting. The session denies every permission
 * but clipboard writing for our own window (permissions.ts), every request to the network or to
 * local files, and spellcheck dictionary downloads.
 */
import { shell, type Session, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-origin';
import { isSafeExternalUrl } from '../../shared/external-url';
import { permissionGranted } from './permissions';

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

/**
 * Where Chromium's spellchecker (Linux, and Windows for languages the OS has no checker for) would
 * download Hunspell dictionaries from: our own scheme, where none are shipped, so it never reaches
 * the network (electron/electron#22573). Dictionaries already in the profile's Dictionaries
 * folder still work; macOS and Windows use the system's own spellchecker, which downloads nothing.
 */
export const OFFLINE_DICTIONARY_URL = `${APP_ORIGIN}/spellcheck-dictionaries/`;

/** `isAppWindow`: whether a webContents is our main window's (the only one that may write to the clipboard). */
export function lockDownSession(ses: Session, isAppWindow: (contents: WebContents | null) => boolean): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => callback(permissionGranted(permission, isAppWindow(contents), details.requestingUrl)));
  ses.setPermissionCheckHandler((contents, permission, requestingOrigin) => permissionGranted(permission, isAppWindow(contents), requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerDictionaryDownloadURL(OFFLINE_DICTIONARY_URL);
  ses.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }));
}
