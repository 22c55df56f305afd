/**
 * The app's own origin, `app://gcm`, served by a privileged custom protocol from the built
 * renderer folder (instead of file://, which would give every local file the same origin).
 * Pure: no Electron import, unit-tested.
 */
import { contentType, resolveStaticFile } from '../app-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'gcm';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for `app://gcm/...` with no credentials or port. (WHATWG gives non-special schemes the
 * origin "null", so protocol and host are compared instead of `URL.origin`.)
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string') return false;
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/**
 * The file inside `root` that an app URL names, or null when the URL is not ours or escapes the
 * folder. Paths without an extension are the single-page app and get index.html.
 */
export function resolveAppFile(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  return resolveStaticFile(root, parse(url)!.pathname);
}

export { contentType };
