/**
 * What a request names, read from its request target exactly as sent (never a normalised form:
 * `..`, `%2e%2e`, encoded slashes and absolute-form targets name nothing here). Every upload is
 * named by its 32 hex digits, so nothing but an upload's own files can ever be reached through
 * tus (which would otherwise take `<id>.json`, another upload's record, as an id of its own).
 */
import { Uuid } from '../../shared/contract/common';
import { BUNDLES_PATH, KEY_PATH, RECEIPT_PATH, UPLOAD_PATH } from './protocol';

export const UPLOAD_ID_RE = /^[0-9a-f]{32}$/;

export type Target =
  | { kind: 'key' }
  /** POST (create) and OPTIONS on the collection. */
  | { kind: 'uploads' }
  | { kind: 'upload'; uploadId: string }
  | { kind: 'receipt'; bundleId: string; uploadId: string | null }
  | { kind: 'bundles'; after: number }
  | { kind: 'bundle'; bundleId: string }
  /** Not a resource of the intake, or not one this method applies to: the status and why. */
  | { kind: 'refused'; status: number; code: string; reason: string };

const refused = (status: number, code: string, reason: string): Target => ({ kind: 'refused', status, code, reason });

const decoded = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

const UPLOADS = UPLOAD_PATH.slice(0, -1);

export function targetOf(method: string, rawUrl: string): Target {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  if (path === KEY_PATH) return method === 'GET' ? { kind: 'key' } : refused(405, 'method', `${method} is not allowed on ${KEY_PATH}`);

  if (path === UPLOADS || path === UPLOAD_PATH) {
    if (method === 'POST' || method === 'OPTIONS') return { kind: 'uploads' };
    return refused(405, 'method', `${method} is not allowed on ${UPLOAD_PATH}: uploads are created by POST and named by their URL`);
  }
  if (path.startsWith(UPLOAD_PATH)) {
    const id = path.slice(UPLOAD_PATH.length);
    if (!UPLOAD_ID_RE.test(id)) return refused(404, 'not_found', 'no such upload: an upload is named by 32 hex digits');
    if (q >= 0) return refused(400, 'bad_request', 'an upload URL has no query');
    if (method === 'GET') return refused(405, 'method', 'uploads cannot be read back');
    if (method === 'POST') return refused(405, 'method', 'POST creates uploads on the collection, not on an upload');
    return { kind: 'upload', uploadId: id };
  }

  if (path.startsWith(RECEIPT_PATH)) {
    if (method !== 'GET') return refused(405, 'method', `${method} is not allowed on receipts`);
    const bundleId = decoded(path.slice(RECEIPT_PATH.length));
    if (bundleId === null || !Uuid.safeParse(bundleId).success) return refused(400, 'bad_request', 'not a bundle id (a UUID)');
    const upload = query.get('upload');
    return { kind: 'receipt', bundleId, uploadId: upload && UPLOAD_ID_RE.test(upload) ? upload : null };
  }
  if (path === BUNDLES_PATH) {
    if (method !== 'GET') return refused(405, 'method', `${method} is not allowed on ${BUNDLES_PATH}`);
    return { kind: 'bundles', after: Math.max(0, Number.parseInt(query.get('after') ?? '0', 10) || 0) };
  }
  if (path.startsWith(`${BUNDLES_PATH}/`)) {
    if (method !== 'GET') return refused(405, 'method', `${method} is not allowed on bundles`);
    const bundleId = decoded(path.slice(BUNDLES_PATH.length + 1));
    if (bundleId === null || !Uuid.safeParse(bundleId).success) return refused(400, 'bad_request', 'not a bundle id (a UUID)');
    return { kind: 'bundle', bundleId };
  }
  return refused(404, 'not_found', `no such resource: ${method} ${path.slice(0, 200)}`);
}
