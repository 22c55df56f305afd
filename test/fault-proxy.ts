/**
 * A fault-injecting TCP proxy for delivery tests: forwards loopback connections to a target port,
 * and can cut a connection after a number of client→server bytes, throttle the client→server
 * direction, or swallow an answer (server→client) that matches, closing the connection instead:
 * a lost acknowledgement. It can also make a connection go silent without closing (a black hole:
 * Wi-Fi gone, a NAT mapping dropped), and answer requests itself as something between the app and
 * the intake would (a captive portal, a reverse proxy's error page). It counts bytes and requests
 * so tests can prove an upload resumed.
 */
import net from 'node:net';

export interface FaultProxyOptions {
  targetPort: number;
  /** The i-th connection that carries an upload body is cut after cutAfter[i] client→server bytes. */
  cutAfter?: number[];
  /** Client→server bytes per second (0: unlimited). */
  bytesPerSecond?: number;
  /** Swallow the first server→client chunk matching this (once), cutting the connection. */
  dropAnswerOnce?: (chunk: Buffer) => boolean;
  /**
   * The i-th connection that carries an upload body goes silent after stallAfter[i] client→server
   * bytes: nothing more is forwarded either way, nothing is read from the client, and neither
   * side is closed (the proxy's close() ends them).
   */
  stallAfter?: number[];
  /**
   * Asked with each request line ("PATCH /v1/uploads/…") in the order they come: a raw HTTP answer
   * to give instead of forwarding the request (the connection is then closed), or null to forward it.
   */
  impostor?: (requestLine: string, index: number) => string | null;
  /** Asked with each request line: after how many bytes of its answer the connection goes silent (as stallAfter), or null. */
  stallAnswer?: (requestLine: string) => number | null;
  /**
   * Asked with each request line of a request without a body (HEAD, GET): true to send it twice,
   * as a reverse proxy retrying an idempotent request does. The copy goes on a connection of its
   * own once the first answer has come, and the client gets the copy's answer (the first is swallowed).
   */
  sendTwice?: (requestLine: string) => boolean;
}

export interface FaultProxy {
  port: number;
  url: string;
  /** Client→server bytes forwarded, in all. */
  upBytes: number;
  cuts: number;
  dropped: number;
  /** Connections made silent (stallAfter). */
  stalls: number;
  /** Requests answered by the impostor instead of the intake. */
  impersonated: number;
  /** Requests sent twice (sendTwice). */
  sentTwice: number;
  /** Request lines seen from the client ("PATCH /v1/uploads/…"). */
  requests: string[];
  /** Status lines of the answers that came back, in order ("HTTP/1.1 204 No Content"): for a failing test's message. */
  answers: string[];
  /** What crossed it, request lines and answers' status lines (for a failing test's message). */
  traffic(): string;
  setTarget(port: number): void;
  close(): Promise<void>;
}

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const cutPlan = [...(o.cutAfter ?? [])];
  const stallPlan = [...(o.stallAfter ?? [])];
  const sockets = new Set<net.Socket>();
  let dropArmed = !!o.dropAnswerOnce;
  const state: FaultProxy = {
    port: 0,
    url: '',
    upBytes: 0,
    cuts: 0,
    dropped: 0,
    stalls: 0,
    impersonated: 0,
    sentTwice: 0,
    requests: [],
    answers: [],
    traffic: () => `requests: ${state.requests.join(', ')}\nanswers: ${state.answers.join(', ')}`,
    setTarget: (p) => void (o.targetPort = p),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(o.targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutAt: number | null = null;
    let stallAt: number | null = null;
    let silent = false;
    /** The impostor answered: the intake's side is closed, the client's closes once the answer is out. */
    let faked = false;
    let sent = 0;
    /** Bytes of answer the connection may still carry before it goes silent (stallAnswer), or null. */
    let answerLeft: number | null = null;
    /** A request to send again once its first answer comes (sendTwice); the upstream's answers are swallowed until the next request. */
    let copy: Buffer | null = null;
    let swallow = false;
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', kill).on('close', kill);
    // a silent line tells the app nothing, also when the intake gives up on its side
    const upstreamGone = () => (silent || faked ? upstream.destroy() : kill());
    upstream.on('error', upstreamGone).on('close', upstreamGone);
    client.on('data', (chunk: Buffer) => {
      if (silent || faked) return;
      const text = chunk.subarray(0, 200).toString('latin1');
      const line = /^(POST|PATCH|HEAD|GET|DELETE|OPTIONS) (\S+) HTTP\/1\.1/m.exec(text);
      if (line) {
        const request = `${line[1]} ${line[2]}`;
        state.requests.push(request);
        const fake = o.impostor?.(request, state.requests.length - 1);
        if (fake) {
          state.impersonated++;
          faked = true;
          upstream.destroy();
          client.end(Buffer.from(fake));
          return;
        }
        answerLeft = o.stallAnswer?.(request) ?? answerLeft;
        swallow = false;
        if (/^(HEAD|GET) /.test(request) && o.sendTwice?.(request)) {
          state.sentTwice++;
          copy = Buffer.from(chunk);
        }
        if (line[1] === 'PATCH' && cutAt === null && cutPlan.length) cutAt = sent + cutPlan.shift()!;
        if (line[1] === 'PATCH' && stallAt === null && stallPlan.length) stallAt = sent + stallPlan.shift()!;
      }
      let part = chunk;
      if (stallAt !== null && sent + part.length >= stallAt) {
        part = part.subarray(0, Math.max(0, stallAt - sent));
        upstream.write(part);
        sent += part.length;
        state.upBytes += part.length;
        return goSilent();
      }
      if (cutAt !== null && sent + part.length >= cutAt) {
        part = part.subarray(0, Math.max(0, cutAt - sent));
        upstream.write(part, () => {
          state.cuts++;
          kill();
        });
        sent += part.length;
        state.upBytes += part.length;
        return;
      }
      sent += part.length;
      state.upBytes += part.length;
      const ok = upstream.write(part);
      if (o.bytesPerSecond) {
        client.pause();
        setTimeout(() => client.resume(), (part.length / o.bytesPerSecond) * 1000);
      } else if (!ok) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    const goSilent = () => {
      silent = true;
      state.stalls++;
      client.pause();
      upstream.pause();
    };
    const statusOf = (chunk: Buffer) => {
      const status = /^HTTP\/1\.1 \d{3}[^\r\n]*/.exec(chunk.subarray(0, 100).toString('latin1'));
      if (status) state.answers.push(status[0]);
    };
    upstream.on('data', (chunk: Buffer) => {
      if (silent) return;
      statusOf(chunk);
      if (swallow) return;
      if (copy) {
        // the first answer is swallowed; the copy goes on a connection of its own, its answer to the client
        const again = copy;
        copy = null;
        swallow = true;
        const twin = net.connect(o.targetPort, '127.0.0.1', () => twin.write(again));
        sockets.add(twin);
        twin.on('data', (c: Buffer) => {
          statusOf(c);
          client.write(c);
        });
        twin.on('error', () => twin.destroy()).on('close', () => sockets.delete(twin));
        return;
      }
      if (answerLeft !== null && chunk.length >= answerLeft) {
        client.write(chunk.subarray(0, answerLeft));
        return goSilent();
      }
      if (answerLeft !== null) answerLeft -= chunk.length;
      if (dropArmed && o.dropAnswerOnce!(chunk)) {
        dropArmed = false;
        state.dropped++;
        return kill();
      }
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as net.AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}
