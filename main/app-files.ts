/**
 * Serving the built renderer, shared by the browser-mode host and the Electron `app://` protocol:
 * the security headers (with the CSP), content types, and mapping a URL path to a file that
 * must stay inside the app folder. Plain Node.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY', // frame-ancestors 'none' for browsers that predate it
  'cache-control': 'no-store',
});

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

/** decodeURIComponent that answers null instead of throwing on a malformed escape. */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * The file inside `root` that a URL path names, or null when the path is malformed or escapes the
 * folder. Paths without an extension are the single-page app and get index.html.
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let rel = safeDecode(urlPath);
  if (rel === null || rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '' || !path.posix.extname(rel)) rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  return file.startsWith(base + path.sep) ? file : null;
}

/**
 * The bytes of `file` (from resolveStaticFile) if it is a regular file whose real path, symbolic
 * links followed, is still inside `root`; else null (a link out of the app folder, a folder, a
 * missing file).
 */
export async function readAppFile(root: string, file: string): Promise<Buffer | null> {
  try {
    const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    if (!real.startsWith(realRoot + path.sep) || !(await fs.stat(real)).isFile()) return null;
    return await fs.readFile(real);
  } catch {
    return null;
  }
}
