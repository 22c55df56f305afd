/**
 * An S3 EMULATOR for tests, not S3: a node:http server on loopback holding one bucket in memory,
 * path-style requests only, no authentication (the SDK's signature is not checked), answering the
 * XML the AWS SDK reads for the operations the intake's S3 storage makes (main/intake/s3-storage.ts
 * and @tus/s3-store): PutObject, GetObject, HeadObject, DeleteObject, CopyObject, ListObjectsV2,
 * CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, AbortMultipartUpload,
 * ListMultipartUploads. Anything else is 501. There was no S3 server to test against (no MinIO,
 * and the npm package s3rver has no ListParts nor AbortMultipartUpload).
 *
 * Where AWS's documentation says so, it is as strict as S3: listings page (at most 1000, or
 * MaxKeys / max-parts / max-uploads, or `pageSize`, with their markers and continuation tokens);
 * CompleteMultipartUpload refuses parts out of order (InvalidPartOrder), a part not uploaded or
 * with another ETag (InvalidPart), a part other than the last under 5 MiB (EntityTooSmall), no
 * part (MalformedXML); part numbers are 1 to 10,000; CopyObject of a source over 5 GiB is refused
 * (InvalidRequest: such a copy needs UploadPartCopy); HeadObject on a missing key is a 404 without
 * a body; DeleteObject of a missing key is a 204. It fails on demand (`fail`): an operation's next
 * requests answered 500, 503 or 503 SlowDown, a 200 carrying an error, or their connection dropped,
 * before anything is done or after it is.
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

/**
 * How a failing operation fails: an S3 error (500 InternalError, 503 ServiceUnavailable, 503
 * SlowDown), its connection dropped unanswered, or (S3's way for CopyObject, UploadPartCopy and
 * CompleteMultipartUpload, whose 200 goes out before the work is done) a 200 whose body is an
 * InternalError.
 */
export type S3Failure = 500 | 503 | 'SlowDown' | 'drop' | 'error-in-200';

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
  /** Puts an object as another client would; deletes one. */
  put(key: string, body: string | Buffer): void;
  remove(key: string): void;
  /** Refuses (403 AccessDenied) every deletion of an object or multipart upload whose key starts so, while set. */
  denyDeletes: string | null;
  /** The most entries one page of a listing holds (S3: 1000); a request asking for fewer gets fewer. */
  pageSize: number;
  /**
   * Fails the next `times` requests of operation `op` (a name as in `calls`; '*' for any) as `how`
   * says, before doing anything, or (`when: 'after'`) once it is done: its answer is lost, as a
   * real service's may be after the work. A later call for the same `op` replaces it.
   */
  fail(op: string, how: S3Failure, times?: number, when?: 'before' | 'after'): void;
  /** Ends every failure `fail` set. */
  recover(): void;
  /** Operations answered so far, by name (a failure as `error CODE`, a dropped one as `dropped OP`). */
  calls: string[];
  close(): Promise<void>;
}

/** S3's limits (AWS S3 user guide, "Amazon S3 multipart upload limits"; CopyObject API reference). */
export const S3_MIN_PART_BYTES = 5 * 1024 * 1024;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_COPY_BYTES = 5 * 1024 ** 3;
const S3_PAGE = 1000;

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
  type Request = { req: http.IncomingMessage; key: string; q: URLSearchParams };

  /** The operation a request asks for, by S3's REST API (path-style), or null. */
  const operationOf = (m: string | undefined, key: string, q: URLSearchParams, req: http.IncomingMessage): string | null => {
    if (!key) return m !== 'GET' ? null : q.has('uploads') ? 'ListMultipartUploads' : q.get('list-type') === '2' ? 'ListObjectsV2' : null;
    if (m === 'GET') return q.has('uploadId') ? 'ListParts' : 'GetObject';
    if (m === 'HEAD') return 'HeadObject';
    if (m === 'PUT') return q.has('uploadId') ? (req.headers['x-amz-copy-source'] ? null : 'UploadPart') : req.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    if (m === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : q.has('uploadId') ? 'CompleteMultipartUpload' : null;
    if (m === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    return null;
  };

  /** One page of `list` (sorted) after the entries `after` says are before it: the page, and whether more follow. */
  const page = <T>(list: T[], after: (x: T) => boolean, asked: string | null): { items: T[]; truncated: boolean; max: number } => {
    const max = Math.min(asked === null ? S3_PAGE : Math.max(0, Number(asked) || 0), S3_PAGE, emulator.pageSize);
    const rest = list.filter(after);
    return { items: rest.slice(0, max), truncated: rest.length > max, max };
  };

  const operations: Record<string, (r: Request) => Promise<Answer> | Answer> = {
    ListMultipartUploads: ({ q }) => {
      const prefix = q.get('prefix') ?? '';
      const keyMarker = q.get('key-marker') ?? '';
      const idMarker = q.get('upload-id-marker');
      // (by key, then by initiation: S3's order)
      const all = [...uploads.entries()].filter(([, x]) => x.key.startsWith(prefix)).sort(([a, x], [b, y]) => (x.key !== y.key ? (x.key < y.key ? -1 : 1) : x.at - y.at || (a < b ? -1 : 1)));
      const markerAt = idMarker ? all.findIndex(([id]) => id === idMarker) : -1;
      const p = page(all, ([id, x]) => x.key > keyMarker || (idMarker !== null && x.key === keyMarker && all.findIndex(([i]) => i === id) > markerAt), q.get('max-uploads'));
      const last = p.items.at(-1);
      const next = p.truncated && last ? el('NextKeyMarker', last[1].key) + el('NextUploadIdMarker', last[0]) : '';
      const inner = el('Bucket', bucket) + el('KeyMarker', keyMarker) + el('UploadIdMarker', idMarker ?? '') + next + el('Prefix', prefix) + el('MaxUploads', p.max) + el('IsTruncated', p.truncated) + p.items.map(([id, x]) => `<Upload>${el('Key', x.key)}${el('UploadId', id)}${el('Initiated', iso(x.at))}${el('StorageClass', 'STANDARD')}</Upload>`).join('');
      return { body: xml('ListMultipartUploadsResult', inner) };
    },
    ListObjectsV2: ({ q }) => {
      const prefix = q.get('prefix') ?? '';
      const token = q.get('continuation-token');
      const from = token !== null ? Buffer.from(token, 'base64url').toString() : (q.get('start-after') ?? '');
      const p = page([...objects.entries()].filter(([k]) => k.startsWith(prefix)).sort(([x], [y]) => (x < y ? -1 : 1)), ([k]) => k > from, q.get('max-keys'));
      const next = p.truncated ? el('NextContinuationToken', Buffer.from(p.items.at(-1)![0]).toString('base64url')) : '';
      const inner = el('Name', bucket) + el('Prefix', prefix) + (token !== null ? el('ContinuationToken', token) : '') + next + el('KeyCount', p.items.length) + el('MaxKeys', p.max) + el('IsTruncated', p.truncated) + p.items.map(([k, o]) => `<Contents>${el('Key', k)}${el('LastModified', iso(o.at))}${el('ETag', o.etag)}${el('Size', o.body.length)}${el('StorageClass', 'STANDARD')}</Contents>`).join('');
      return { body: xml('ListBucketResult', inner) };
    },
    ListParts: ({ key, q }) => {
      const x = multipartOf(q.get('uploadId'), key);
      const marker = Number(q.get('part-number-marker') ?? 0);
      const p = page([...x.parts.entries()].sort(([a], [c]) => a - c), ([n]) => n > marker, q.get('max-parts'));
      const next = p.truncated ? el('NextPartNumberMarker', p.items.at(-1)![0]) : '';
      const inner = el('Bucket', bucket) + el('Key', key) + el('UploadId', q.get('uploadId')!) + el('PartNumberMarker', marker) + next + el('MaxParts', p.max) + el('IsTruncated', p.truncated) + p.items.map(([n, part]) => `<Part>${el('PartNumber', n)}${el('LastModified', iso(part.at))}${el('ETag', part.etag)}${el('Size', part.body.length)}</Part>`).join('');
      return { body: xml('ListPartsResult', inner) };
    },
    GetObject: ({ key }) => {
      const o = objectOf(key);
      return { headers: objectHeaders(o), body: o.body };
    },
    // (a missing key: 404 and no body, as for any HEAD)
    HeadObject: ({ key }) => ({ headers: objectHeaders(objectOf(key)) }),
    UploadPart: async ({ req, key, q }) => {
      const x = multipartOf(q.get('uploadId'), key);
      const n = Number(q.get('partNumber'));
      if (!Number.isInteger(n) || n < 1 || n > S3_MAX_PARTS) throw new S3Error(400, 'InvalidArgument');
      const body = await readBody(req);
      const part = { body, at: Date.now(), etag: md5(body), meta: {} };
      x.parts.set(n, part);
      return { headers: { ETag: part.etag } };
    },
    CopyObject: ({ req, key }) => {
      const source = decodeURIComponent(String(req.headers['x-amz-copy-source'])).replace(/^\//, '');
      if (!source.startsWith(`${bucket}/`)) throw new S3Error(404, 'NoSuchBucket');
      const o = objectOf(source.slice(bucket.length + 1));
      // (larger sources are copied part by part: UploadPartCopy)
      if (o.body.length > S3_MAX_COPY_BYTES) throw new S3Error(400, 'InvalidRequest');
      const copy = { ...o, at: Date.now(), meta: req.headers['x-amz-metadata-directive'] === 'REPLACE' ? metaOf(req) : o.meta };
      objects.set(key, copy);
      return { body: xml('CopyObjectResult', el('LastModified', iso(copy.at)) + el('ETag', copy.etag)) };
    },
    PutObject: async ({ req, key }) => {
      const body = await readBody(req);
      const o = { body, at: Date.now(), etag: md5(body), meta: metaOf(req) };
      objects.set(key, o);
      return { headers: { ETag: o.etag } };
    },
    CreateMultipartUpload: ({ req, key }) => {
      const id = crypto.randomBytes(12).toString('hex');
      uploads.set(id, { key, at: Date.now(), meta: metaOf(req), parts: new Map() });
      return { body: xml('InitiateMultipartUploadResult', el('Bucket', bucket) + el('Key', key) + el('UploadId', id)) };
    },
    CompleteMultipartUpload: async ({ req, key, q }) => {
      const id = q.get('uploadId')!;
      const x = multipartOf(id, key);
      const listed = [...(await readBody(req)).toString().matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((r) => ({ n: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(r[1]!)?.[1]), etag: /<ETag>([^<]*)<\/ETag>/.exec(r[1]!)?.[1]?.replace(/&quot;|&#34;/g, '"') }));
      if (!listed.length) throw new S3Error(400, 'MalformedXML');
      const parts = listed.map(({ n, etag }, i) => {
        if (i > 0 && n <= listed[i - 1]!.n) throw new S3Error(400, 'InvalidPartOrder');
        const p = x.parts.get(n);
        if (!p || (etag !== undefined && etag !== p.etag)) throw new S3Error(400, 'InvalidPart');
        return p.body;
      });
      if (parts.slice(0, -1).some((b) => b.length < S3_MIN_PART_BYTES)) throw new S3Error(400, 'EntityTooSmall');
      const body = Buffer.concat(parts);
      const o = { body, at: Date.now(), etag: `"${crypto.createHash('md5').update(body).digest('hex')}-${parts.length}"`, meta: x.meta };
      objects.set(key, o);
      uploads.delete(id);
      return { body: xml('CompleteMultipartUploadResult', el('Location', `${url}/${bucket}/${key}`) + el('Bucket', bucket) + el('Key', key) + el('ETag', o.etag)) };
    },
    AbortMultipartUpload: ({ key, q }) => {
      denied(key);
      multipartOf(q.get('uploadId'), key);
      uploads.delete(q.get('uploadId')!);
      return { status: 204 };
    },
    // (a key that is not there: 204 all the same)
    DeleteObject: ({ key }) => {
      denied(key);
      objects.delete(key);
      return { status: 204 };
    },
  };
  const objectHeaders = (o: Stored) => ({ ...o.meta, 'Content-Type': 'application/octet-stream', 'Content-Length': String(o.body.length), ETag: o.etag, 'Last-Modified': new Date(o.at).toUTCString() });
  const denied = (key: string) => {
    if (emulator.denyDeletes !== null && key.startsWith(emulator.denyDeletes)) throw new S3Error(403, 'AccessDenied');
  };

  type Failing = { how: S3Failure; left: number; after: boolean };
  const failures = new Map<string, Failing>();
  /** The failure asked for `op`, if any is left (one request's worth taken). */
  const failureFor = (op: string): Failing | null => {
    for (const name of [op, '*']) {
      const f = failures.get(name);
      if (!f || f.left <= 0) continue;
      f.left--;
      return f;
    }
    return null;
  };
  const FAILURES: Record<Exclude<S3Failure, 'drop'>, [number, string]> = { 500: [500, 'InternalError'], 503: [503, 'ServiceUnavailable'], SlowDown: [503, 'SlowDown'], 'error-in-200': [200, 'InternalError'] };

  const handle = async (req: http.IncomingMessage): Promise<{ op: string; answer: Answer } | null> => {
    const u = new URL(req.url ?? '/', 'http://s3');
    const [, b, ...rest] = u.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const op = operationOf(req.method, key, u.searchParams, req);
    const failure = op ? failureFor(op) : null;
    const fail = (how: S3Failure) => {
      if (how !== 'drop') throw new S3Error(...FAILURES[how]);
      calls.push(`dropped ${op}`);
      req.socket.destroy();
      return null;
    };
    if (failure && !failure.after) return fail(failure.how);
    if (decodeURIComponent(b ?? '') !== bucket) throw new S3Error(404, 'NoSuchBucket');
    if (req.headers['content-encoding']?.includes('aws-chunked')) throw new S3Error(501, 'NotImplemented');
    if (!op) throw new S3Error(501, 'NotImplemented');
    const answer = await operations[op]!({ req, key, q: u.searchParams });
    return failure ? fail(failure.how) : { op, answer };
  };

  const server = http.createServer((req, res) => {
    handle(req).then(
      (done) => {
        if (!done) return;
        const { op, answer } = done;
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
    remove: (key) => void objects.delete(key),
    denyDeletes: null,
    pageSize: S3_PAGE,
    fail: (op, how, times = Number.POSITIVE_INFINITY, when = 'before') => void failures.set(op, { how, left: times, after: when === 'after' }),
    recover: () => failures.clear(),
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return emulator;
}
