/**
 * Hands a Node request with a body (tus POST and PATCH) to @tus/server without its own
 * conversion: srvx's Readable.toWeb copies every socket read (64 KB) into a new array and passes
 * each through web streams and tus's streams one by one, and 200 MB then cost more than writing
 * them. Here the request's bytes go on in pieces of 512 KB (one copy, as Readable.toWeb's, but
 * an eighth of the steps). The server's highWaterMark must be above PIECE. A cut line ends the
 * body where it was cut, so everything that arrived is stored (the intake's hooks find the
 * request's checked signer by this web request: server.ts).
 */
import type http from 'node:http';

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

export function tusRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.append(k, v);
  }
  // no `runtime.node` (as srvx gives): tus would then end the write at once when the Node request
  // reports a cut, before the bytes that arrived are through its streams
  return new Request(`http://intake${req.url ?? '/'}`, { method: req.method, headers, body: bodyOf(req), duplex: 'half' } as RequestInit);
}

export async function sendTusResponse(res: http.ServerResponse, r: Response): Promise<void> {
  const body = Buffer.from(await r.arrayBuffer());
  if (res.headersSent || res.destroyed) return void res.end();
  const headers: Record<string, string> = {};
  r.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(r.status, headers);
  res.end(body);
}
