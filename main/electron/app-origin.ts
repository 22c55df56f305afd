/**
 * The app's own origin, `app://gcm`, served by a privileged custom protocol from the built
 * renderer folder (instead of file://, which would give every local file the same origin).
 * Pure: no Electron import, unit-tested.
 */
import path from 'node:path';

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
  const u = parse(url)!;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '' || !path.posix.extname(rel)) rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  return file.startsWith(base + path.sep) ? file : null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
export const contentType = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
