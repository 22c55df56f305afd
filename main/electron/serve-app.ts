/**
 * Answers requests for `app://gcm/...` with files from the built renderer, with the same
 * Content-Security-Policy as browser mode. No Electron import: protocol.ts plugs it in.
 */
import fs from 'node:fs/promises';
import { SECURITY_HEADERS } from '../app-files';
import { contentType, resolveAppFile } from './app-origin';

export const APP_HEADERS = SECURITY_HEADERS;

const plain = (status: number, text: string) => new Response(text, { status, headers: { ...APP_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });

export async function appResponse(root: string, url: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed');
  const file = resolveAppFile(root, url);
  if (!file) return plain(403, 'outside the app');
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return plain(404, 'not found');
  }
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...APP_HEADERS, 'content-type': contentType(file), 'content-length': String(body.length) },
  });
}
