/**
 * How an upload sends its bundle file: tus-js-client's file source and HTTP stack, in place of its
 * Node ones. Its Node stack pipes a read stream into the request, and a read stream reads each
 * piece into a new buffer: 200 MB were 200 fresh megabytes of memory, each page faulted in as the
 * read filled it (in a virtual machine, ~0.5-1 ms per MB, most of the sending process's CPU). Here
 * a PATCH's body is a range of the file (FileRange), read into a few buffers that are used again:
 * a buffer is read into once more only after the request has handed its bytes to the system (its
 * write's callback), so no byte is overwritten before it is sent; the buffers in flight are the
 * back-pressure. The buffers outlive the request (`spare`), so a PATCH after a cut line, or the next
 * upload, reads into memory already mapped: one whose write failed only once its connection has
 * closed (the system then holds none of it). Other requests (POST, HEAD) have no body.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type * as Tus from 'tus-js-client';

/**
 * Bytes per read of the bundle file while uploading: a 64th of the bundle, between 64 KB and 1 MB.
 * Progress counts bytes read and bytes handed to the system, so a small bundle keeps small reads
 * (its percentage does not run ahead); a large one reads 1 MB at a time (fewer reads, socket
 * writes and callbacks for the same bytes).
 */
export const readBytesFor = (size: number): number => Math.min(1024 * 1024, Math.max(64 * 1024, Math.ceil(size / 64 / 65536) * 65536));

/** Buffers one upload reads into (at most this many reads are on their way to the system at once: 4 MB for a large bundle). */
const BUFFERS = 4;
/**
 * Read buffers no request is using, of one size (readBytesFor of the last bundle sent), for the
 * next PATCH of any upload: at most two uploads' worth (the worker sends two at a time).
 */
const spare: Buffer[] = [];
const SPARE_BUFFERS = 2 * BUFFERS;
const takeSpare = (size: number): Buffer | null => {
  if (spare.length && spare[0]!.length !== size) spare.length = 0; // another bundle size: let them go
  return spare.pop() ?? null;
};
const giveBack = (buf: Buffer) => {
  if (spare.length < SPARE_BUFFERS && (!spare.length || spare[0]!.length === buf.length)) spare.push(buf);
};

/** A range of the bundle file: the body of one PATCH, as fileSlices gives it to tus-js-client and UploadStack sends it. */
export class FileRange {
  constructor(
    readonly file: string,
    readonly start: number,
    readonly end: number,
    readonly readBytes: number,
    /** How far into the file the upload has read. */
    readonly onRead?: (upTo: number) => void,
  ) {}

  /** (tus-js-client reads a body's size here) */
  get size(): number {
    return this.end - this.start;
  }
}

/** tus-js-client's source for a bundle file on disk: each slice is a FileRange, read only as UploadStack sends it. */
export function fileSlices(file: string, size: number, onRead?: (upTo: number) => void): Tus.UploadOptions['fileReader'] {
  return {
    openFile: async () => ({
      size,
      slice: async (start: number, end: number) => {
        const last = Math.min(end, size);
        return { value: new FileRange(file, start, last, readBytesFor(size), onRead), done: last >= size };
      },
      close: () => {},
    }),
  };
}

/**
 * Writes `range` of its file into `req` and ends it. Stops where the request is destroyed (a cut
 * line, an abort, an answer before the end of the body); a read that fails (or a file shorter
 * than the range) destroys the request with its error.
 */
async function sendRange(req: http.ClientRequest, range: FileRange, progress: (sent: number) => void): Promise<void> {
  const free: Buffer[] = [];
  /** Past the end of sendRange: a buffer whose write completes goes back to the spares. */
  let over = false;
  let made = 0;
  let sent = 0;
  let wake: (() => void) | null = null;
  const ready = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  req.on('close', ready);
  let fh: fs.promises.FileHandle | null = null;
  try {
    fh = await fs.promises.open(range.file, 'r');
    for (let at = range.start; at < range.end; ) {
      if (req.destroyed) return;
      const buf = free.pop() ?? (made < BUFFERS ? (made++, takeSpare(range.readBytes) ?? Buffer.allocUnsafeSlow(range.readBytes)) : null);
      if (!buf) {
        await new Promise<void>((w) => (wake = w)); // a write handed to the system, or the request closed
        continue;
      }
      let bytesRead = 0;
      try {
        ({ bytesRead } = await fh.read(buf, 0, Math.min(buf.length, range.end - at), at));
      } catch (e) {
        giveBack(buf);
        throw e;
      }
      if (bytesRead === 0) throw new Error(`the bundle file ends at ${at} bytes, before ${range.end}`);
      at += bytesRead;
      range.onRead?.(at);
      if (req.destroyed) {
        giveBack(buf);
        return;
      }
      req.write(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead), (err) => {
        // the request failed: the socket may hold this buffer until its connection has closed
        if (err) return void (req.socket?.closed === false ? req.socket.once('close', () => giveBack(buf)) : giveBack(buf));
        sent += bytesRead;
        progress(sent);
        if (over) return giveBack(buf);
        free.push(buf);
        ready();
      });
    }
    req.end();
  } catch (e) {
    req.destroy(e as Error);
  } finally {
    req.off('close', ready);
    await fh?.close().catch(() => {});
    // the buffers whose bytes were sent; those still on their way come back by their write's callback
    over = true;
    for (const b of free.splice(0)) giveBack(b);
  }
}

class UploadResponse implements Tus.HttpResponse {
  constructor(
    private res: http.IncomingMessage,
    private body: string,
  ) {}
  getStatus(): number {
    return this.res.statusCode ?? 0;
  }
  getHeader(name: string): string | undefined {
    const v = this.res.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }
  getBody(): string {
    return this.body;
  }
  getUnderlyingObject(): http.IncomingMessage {
    return this.res;
  }
}

class UploadRequest implements Tus.HttpRequest {
  private headers: Record<string, string> = {};
  private req: http.ClientRequest | null = null;
  private progress: (sent: number) => void = () => {};

  constructor(
    private method: string,
    private url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  getHeader(name: string): string | undefined {
    return this.headers[name];
  }
  setProgressHandler(handler: (sent: number) => void): void {
    this.progress = handler;
  }

  send(body?: unknown): Promise<Tus.HttpResponse> {
    return new Promise((resolve, reject) => {
      const u = new URL(this.url);
      const range = body instanceof FileRange ? body : null;
      const headers = range ? { ...this.headers, 'Content-Length': String(range.size) } : this.headers;
      const req = (u.protocol === 'https:' ? https : http).request(u, { method: this.method, headers });
      this.req = req;
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        // (an answer cut short never ends, as with tus-js-client's own stack: the stall watch gives it up)
        res.on('end', () => resolve(new UploadResponse(res, Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      if (range) void sendRange(req, range, this.progress);
      else req.end(body ?? undefined);
    });
  }

  abort(): Promise<void> {
    this.req?.destroy();
    return Promise.resolve();
  }

  getUnderlyingObject(): http.ClientRequest | null {
    return this.req;
  }
}

/** tus-js-client's HTTP stack for uploads from this app: node:http(s), a FileRange body sent from reused buffers. */
export class UploadStack implements Tus.HttpStack {
  createRequest(method: string, url: string): Tus.HttpRequest {
    return new UploadRequest(method, url);
  }
  getName(): string {
    return 'UploadStack';
  }
}
