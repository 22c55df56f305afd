/**
 * An S3 EMULATOR for tests, not S3: a node:http server on loopback holding one bucket in memory,
 * path-style requests only, no authentication (the SDK's signature is not checked), answering the
 * XML the AWS SDK reads for the operations the intake's S3 storage makes (main/intake/s3-storage.ts
 * and @tus/s3-store): PutObject, GetObject, HeadObject, DeleteObject, CopyObject, ListObjectsV2,
 * CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, AbortMultipartUpload,
 * ListMultipartUploads. Anything else is 501. There was no S3 server to test against (no MinIO,
 * and the npm package s3rver has no ListParts nor AbortMultipartUpload).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

interface Stored {
  body: Buffer;
  at: number;
  etag: string;
  meta: Record<string, string>;
}
interface Multipart {
  key: string;
  at: number;
  meta: Record<string, string>;
  parts: Map<number, Stored>;
}

export interface S3Emulator {
  /** The endpoint (http://127.0.0.1:PORT), and `--storage` for a prefix in its bucket. */
  url: string;
  bucket: string;
  storageUrl(prefix: string): string;
  /** Object keys under `prefix`, sorted; and keys with a multipart upload in progress. */
  objects(prefix?: string): string[];
  multipart(prefix?: string): string[];
  object(key: string): Buffer | null;
  /** Makes what is under `prefix` (objects, multipart uploads and their parts) `ms` older. */
  backdate(prefix: string, ms: number): void;
  /** Puts an object as another client would. */
  put(key: string, body: string | Buffer): void;
  /** Refuses (403 AccessDenied) every deletion of an object or multipart upload whose key starts so, while set. */
  denyDeletes: string | null;
  /** Operations answered so far, by name. */
  calls: string[];
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const iso = (t: number) => new Date(t).toISOString();
const md5 = (b: Buffer) => `"${crypto.createHash('md5').update(b).digest('hex')}"`;
const xml = (root: string, inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`;
const el = (name: string, v: string | number | boolean) => `<${name}>${xmlEscape(String(v))}</${name}>`;

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export async function startS3Emulator(bucket = 'intake-test'): Promise<S3Emulator> {
  // the SDK signs every request, so it needs credentials (the emulator checks none); and it must
  // not look for an instance role on the network. Set for the intake children the tests spawn too.
  process.env.AWS_ACCESS_KEY_ID ??= 'emulator';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'emulator';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const objects = new Map<string, Stored>();
  const uploads = new Map<string, Multipart>();
  const calls: string[] = [];

  const metaOf = (req: http.IncomingMessage) => Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k, String(v)]));
  const readBody = (req: http.IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });
  const multipartOf = (id: string | null, key: string) => {
    const u = id ? uploads.get(id) : undefined;
    if (!u || u.key !== key) throw new S3Error(404, 'NoSuchUpload');
    return u;
  };
  const objectOf = (key: string) => {
    const o = objects.get(key);
    if (!o) throw new S3Error(404, 'NoSuchKey');
    return o;
  };

  type Answer = { status?: number; headers?: Record<string, string>; body?: string | Buffer };
  const handle = async (req: http.IncomingMessage): Promise<{ op: string; answer: Answer }> => {
    const u = new URL(req.url ?? '/', 'http://s3');
    const [, b, ...rest] = u.pathname.split('/');
    if (decodeURIComponent(b ?? '') !== bucket) throw new S3Error(404, 'NoSuchBucket');
    const key = rest.map(decodeURIComponent).join('/');
    const q = u.searchParams;
    const m = req.method;
    if (req.headers['content-encoding']?.includes('aws-chunked')) throw new S3Error(501, 'NotImplemented');
    if (!key && m === 'GET' && q.has('uploads')) {
      const prefix = q.get('prefix') ?? '';
      const list = [...uploads.entries()].filter(([, x]) => x.key.startsWith(prefix)).sort(([, x], [, y]) => (x.key < y.key ? -1 : 1));
      const inner = el('Bucket', bucket) + el('KeyMarker', '') + el('UploadIdMarker', '') + el('Prefix', prefix) + el('MaxUploads', 1000) + el('IsTruncated', false) + list.map(([id, x]) => `<Upload>${el('Key', x.key)}${el('UploadId', id)}${el('Initiated', iso(x.at))}${el('StorageClass', 'STANDARD')}</Upload>`).join('');
      return { op: 'ListMultipartUploads', answer: { body: xml('ListMultipartUploadsResult', inner) } };
    }
    if (!key && m === 'GET' && q.get('list-type') === '2') {
      const prefix = q.get('prefix') ?? '';
      const list = [...objects.entries()].filter(([k]) => k.startsWith(prefix)).sort(([x], [y]) => (x < y ? -1 : 1));
      const inner = el('Name', bucket) + el('Prefix', prefix) + el('KeyCount', list.length) + el('MaxKeys', 1000) + el('IsTruncated', false) + list.map(([k, o]) => `<Contents>${el('Key', k)}${el('LastModified', iso(o.at))}${el('ETag', o.etag)}${el('Size', o.body.length)}${el('StorageClass', 'STANDARD')}</Contents>`).join('');
      return { op: 'ListObjectsV2', answer: { body: xml('ListBucketResult', inner) } };
    }
    if (!key) throw new S3Error(501, 'NotImplemented');
    if (m === 'GET' && q.has('uploadId')) {
      const x = multipartOf(q.get('uploadId'), key);
      const parts = [...x.parts.entries()].sort(([a], [c]) => a - c);
      const inner = el('Bucket', bucket) + el('Key', key) + el('UploadId', q.get('uploadId')!) + el('PartNumberMarker', 0) + el('NextPartNumberMarker', parts.at(-1)?.[0] ?? 0) + el('MaxParts', 1000) + el('IsTruncated', false) + parts.map(([n, p]) => `<Part>${el('PartNumber', n)}${el('LastModified', iso(p.at))}${el('ETag', p.etag)}${el('Size', p.body.length)}</Part>`).join('');
      return { op: 'ListParts', answer: { body: xml('ListPartsResult', inner) } };
    }
    if (m === 'GET' || m === 'HEAD') {
      const o = objects.get(key);
      if (!o) throw new S3Error(404, 'NoSuchKey');
      const headers = { ...o.meta, 'Content-Type': 'application/octet-stream', 'Content-Length': String(o.body.length), ETag: o.etag, 'Last-Modified': new Date(o.at).toUTCString() };
      return { op: m === 'GET' ? 'GetObject' : 'HeadObject', answer: { headers, body: m === 'GET' ? o.body : undefined } };
    }
    if (m === 'PUT' && q.has('uploadId')) {
      const x = multipartOf(q.get('uploadId'), key);
      const body = await readBody(req);
      const part = { body, at: Date.now(), etag: md5(body), meta: {} };
      x.parts.set(Number(q.get('partNumber')), part);
      return { op: 'UploadPart', answer: { headers: { ETag: part.etag } } };
    }
    if (m === 'PUT' && req.headers['x-amz-copy-source']) {
      const source = decodeURIComponent(String(req.headers['x-amz-copy-source'])).replace(/^\//, '');
      if (!source.startsWith(`${bucket}/`)) throw new S3Error(404, 'NoSuchBucket');
      const o = objectOf(source.slice(bucket.length + 1));
      const copy = { ...o, at: Date.now(), meta: req.headers['x-amz-metadata-directive'] === 'REPLACE' ? metaOf(req) : o.meta };
      objects.set(key, copy);
      return { op: 'CopyObject', answer: { body: xml('CopyObjectResult', el('LastModified', iso(copy.at)) + el('ETag', copy.etag)) } };
    }
    if (m === 'PUT') {
      const body = await readBody(req);
      const o = { body, at: Date.now(), etag: md5(body), meta: metaOf(req) };
      objects.set(key, o);
      return { op: 'PutObject', answer: { headers: { ETag: o.etag } } };
    }
    if (m === 'POST' && q.has('uploads')) {
      const id = crypto.randomBytes(12).toString('hex');
      uploads.set(id, { key, at: Date.now(), meta: metaOf(req), parts: new Map() });
      return { op: 'CreateMultipartUpload', answer: { body: xml('InitiateMultipartUploadResult', el('Bucket', bucket) + el('Key', key) + el('UploadId', id)) } };
    }
    if (m === 'POST' && q.has('uploadId')) {
      const id = q.get('uploadId')!;
      const x = multipartOf(id, key);
      const numbers = [...(await readBody(req)).toString().matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((r) => Number(r[1]));
      const parts = numbers.map((n) => {
        const p = x.parts.get(n);
        if (!p) throw new S3Error(400, 'InvalidPart');
        return p.body;
      });
      const body = Buffer.concat(parts);
      const o = { body, at: Date.now(), etag: `"${crypto.createHash('md5').update(body).digest('hex')}-${parts.length}"`, meta: x.meta };
      objects.set(key, o);
      uploads.delete(id);
      return { op: 'CompleteMultipartUpload', answer: { body: xml('CompleteMultipartUploadResult', el('Location', `${url}/${bucket}/${key}`) + el('Bucket', bucket) + el('Key', key) + el('ETag', o.etag)) } };
    }
    if (m === 'DELETE' && emulator.denyDeletes !== null && key.startsWith(emulator.denyDeletes)) throw new S3Error(403, 'AccessDenied');
    if (m === 'DELETE' && q.has('uploadId')) {
      multipartOf(q.get('uploadId'), key);
      uploads.delete(q.get('uploadId')!);
      return { op: 'AbortMultipartUpload', answer: { status: 204 } };
    }
    if (m === 'DELETE') {
      objects.delete(key);
      return { op: 'DeleteObject', answer: { status: 204 } };
    }
    throw new S3Error(501, 'NotImplemented');
  };

  const server = http.createServer((req, res) => {
    handle(req).then(
      ({ op, answer }) => {
        calls.push(op);
        const body = answer.body ?? '';
        const type = typeof body === 'string' && body ? { 'Content-Type': 'application/xml' } : {};
        res.writeHead(answer.status ?? 200, { ...type, ...answer.headers, ...(req.method === 'HEAD' ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (e) => {
        const s = e instanceof S3Error ? e : new S3Error(500, 'InternalError');
        calls.push(`error ${s.code}`);
        const body = req.method === 'HEAD' ? '' : xml('Error', el('Code', s.code) + el('Message', s.code) + el('RequestId', '0'));
        res.writeHead(s.status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(body)) });
        res.end(body);
        req.resume();
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const emulator: S3Emulator = {
    url,
    bucket,
    storageUrl: (prefix) => `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(url)}&region=us-east-1&forcePathStyle=1`,
    objects: (prefix = '') => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
    multipart: (prefix = '') => [...uploads.values()].map((x) => x.key).filter((k) => k.startsWith(prefix)).sort(),
    object: (key) => objects.get(key)?.body ?? null,
    backdate: (prefix, ms) => {
      for (const [k, o] of objects) if (k.startsWith(prefix)) o.at -= ms;
      for (const x of uploads.values()) {
        if (!x.key.startsWith(prefix)) continue;
        x.at -= ms;
        for (const p of x.parts.values()) p.at -= ms;
      }
    },
    put: (key, body) => {
      const b = Buffer.from(body);
      objects.set(key, { body: b, at: Date.now(), etag: md5(b), meta: {} });
    },
    denyDeletes: null,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return emulator;
}
