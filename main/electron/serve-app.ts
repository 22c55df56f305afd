/**
 * Answers requests for `app://gcm/...` with files from the built renderer, with the same
 * Content-Security-Policy as browser mode, and one-time print pages from memory (print-pages.ts)
 * with the print HTML's own policy. No Electron import: protocol.ts plugs it in.
 */
import { SECURITY_HEADERS, readAppFile } from '../app-files';
import { contentType, isAppUrl, resolveAppFile } from './app-origin';
import { PRINT_CSP, PRINT_PATH_PREFIX, type OneTimePages } from './print-pages';

export const APP_HEADERS = SECURITY_HEADERS;

const plain = (status: number, text: string) => new Response(text, { status, headers: { ...APP_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

export async function appResponse(root: string, url: string, method = 'GET', printPages?: OneTimePages): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed');
  if (printPages && isAppUrl(url) && new URL(url).pathname.startsWith(PRINT_PATH_PREFIX)) {
    const html = printPages.take(new URL(url).pathname);
    if (html === null) return plain(404, 'not found');
    const body = Buffer.from(html, 'utf8');
    return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...APP_HEADERS, 'content-security-policy': PRINT_CSP, 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) },
    });
  }
  const file = resolveAppFile(root, url);
  if (!file) return plain(403, 'outside the app');
  const body = await readAppFile(root, file);
  if (!body) return plain(404, 'not found');
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...APP_HEADERS, 'content-type': contentType(file), 'content-length': String(body.length) },
  });
}
