/**
 * Hands a Node request with a body (tus POST and PATCH) to @tus/server without its own
 * conversion: srvx's Readable.toWeb copies every socket read (64 KB) into a new array and passes
 * each through web streams and tus's streams one by one, and 200 MB then cost more than writing
 * them.
 * - A PATCH with a Content-Length (tus-js-client's) goes to tus with an empty body (withDirectBody):
 *   tus makes every check (signer's hooks, lock, offset, sizes) and then calls the store's write,
 *   which takes the bytes straight from the Node request (takeDirectBody, storeBody): no copy, no
 *   web or tus streams. Node's parser gives at most Content-Length bytes, which tus has checked
 *   against the upload's size (as its own limiter would).
 * - Otherwise the request's bytes go on in pieces of 512 KB (one copy, as Readable.toWeb's, but an
 *   eighth of the steps). The server's highWaterMark must be above PIECE.
 * Either way a cut line ends the body where it was cut, so everything that arrived is stored (the
 * intake's hooks find the request's checked signer by the web request: server.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { bodyUnread } from './connections';

/** A piece is handed on once this much has piled up (or the body is over): the store's steps run per piece. */
const PIECE = 512 * 1024;
const EVENTS = ['readable', 'end', 'error', 'close'] as const;

/** The request's body as a web stream: pieces of PIECE bytes, then its end (or where the line was cut). */
function bodyOf(req: http.IncomingMessage): ReadableStream<Uint8Array> {
  let waiting: (() => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  let listening = false;
  const listen = (on: boolean) => {
    if (on === listening) return;
    listening = on;
    for (const ev of EVENTS) (on ? req.on(ev, wake) : req.off(ev, wake));
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        listen(true);
        for (;;) {
          // complete: every byte was received; destroyed: the line was cut (what arrived before still goes on)
          const over = req.complete || req.destroyed || !!req.errored;
          if (req.readableLength >= PIECE || (over && req.readableLength > 0)) return controller.enqueue(req.read() as Buffer);
          if (over) {
            // a cut line ends the body too: every byte that arrived before it is stored (tus's own
            // way drops what is still in its streams, which the sender then sends again)
            listen(false);
            controller.close();
            if (req.complete) req.resume(); // lets the request end
            return;
          }
          req.read(0); // asks for a 'readable' event when more arrives
          await new Promise<void>((r) => (waiting = r));
        }
      },
      cancel: () => listen(false),
    },
    { highWaterMark: 0 },
  );
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.append(k, v);
  }
  return headers;
}

// no `runtime.node` (as srvx gives) on these requests: tus would then end the write at once when
// the Node request reports a cut, before the bytes that arrived are stored
const webRequest = (req: http.IncomingMessage, body: ReadableStream<Uint8Array> | null) =>
  new Request(`http://intake${req.url ?? '/'}`, { method: req.method, headers: headersOf(req), body, duplex: 'half' } as RequestInit);

/** The request as tus takes it: its body in pieces (none for a HEAD, which has none). */
export function tusRequest(req: http.IncomingMessage): Request {
  return webRequest(req, req.method === 'HEAD' ? null : bodyOf(req));
}

/** A request whose body the store's write takes itself (once), and how it says it is done with it. */
export interface DirectBody {
  req: http.IncomingMessage;
  taken: boolean;
  done(): void;
}
const direct = new AsyncLocalStorage<DirectBody>();

/**
 * Runs `handle` (tus) on a web request with an empty body whose end is held back until the store
 * has taken the Node request's own body (storeBody). If tus stops the write first (a newer request
 * for the same upload takes its lock), the body it gave the store ends early: storeBody stops there.
 */
export async function withDirectBody<T>(req: http.IncomingMessage, handle: (web: Request) => Promise<T>): Promise<T> {
  let done!: () => void;
  const over = new Promise<void>((r) => (done = r));
  const body = new ReadableStream<Uint8Array>({ pull: (c) => over.then(() => c.close()) }, { highWaterMark: 0 });
  try {
    return await direct.run({ req, taken: false, done }, () => handle(webRequest(req, body)));
  } finally {
    done();
  }
}

/** In the store's write, called by tus inside withDirectBody: the request whose body to store, or null (then tus's stream has it). */
export function takeDirectBody(): DirectBody | null {
  const d = direct.getStore();
  if (!d || d.taken) return null;
  d.taken = true;
  return d;
}

/**
 * Writes the request's body into `to` as it arrives and ends `to`: at the end of the body, where
 * the line was cut (every byte that arrived is written), where `to` fails, or where `stop` (the
 * body tus gave the store) ends first. Resolves when `to` has finished; rejects if it failed.
 */
export async function storeBody(d: DirectBody, to: Writable, stop: Readable): Promise<void> {
  const { req } = d;
  const written = finished(to);
  await new Promise<void>((resolve) => {
    const onData = (c: Buffer) => {
      if (!to.write(c)) req.pause();
    };
    const onDrain = () => req.resume();
    const end = () => {
      req.off('data', onData).off('end', end).off('close', end).off('error', end);
      to.off('drain', onDrain);
      stop.off('end', end).off('close', end);
      // a cut line: what arrived and was not read yet is still in the request
      if (!to.destroyed) for (let c = req.read() as Buffer | null; c; c = req.read() as Buffer | null) to.write(c);
      resolve();
    };
    req.on('data', onData).once('end', end).once('close', end).once('error', end);
    to.on('drain', onDrain);
    stop.once('end', end).once('close', end);
    written.catch(end); // the write failed: stop reading
    stop.resume();
    // cut while tus made its checks (its 'close' has passed): what arrived before is still there
    if (req.destroyed || req.readableEnded) end();
  });
  d.done();
  if (!to.destroyed) to.end();
  await written;
}

/**
 * In a store's write that takes a stream (@tus/s3-store's): the bytes to store as one stream, the
 * Node request's own body where tus handed it over (withDirectBody), else tus's stream; `taken`
 * settles once the request's body is read into it (await it with the write).
 */
export function bodyToStore(readable: Readable): { body: Readable; taken: Promise<void> } {
  const d = takeDirectBody();
  if (!d) return { body: readable, taken: Promise.resolve() };
  const body = new PassThrough({ highWaterMark: PIECE });
  return { body, taken: storeBody(d, body, readable) };
}

export async function sendTusResponse(res: http.ServerResponse, r: Response, extra: Record<string, string> = {}): Promise<void> {
  const body = Buffer.from(await r.arrayBuffer());
  if (res.headersSent || res.destroyed) return void res.end();
  const headers: Record<string, string> = { ...extra };
  r.headers.forEach((v, k) => (headers[k] = v));
  // a body tus did not take (a refusal, a write ended for a newer request) is not read on: the connection closes
  if (bodyUnread(res.req)) headers.connection = 'close';
  res.writeHead(r.status, headers);
  res.end(body);
}
