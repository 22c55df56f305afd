/**
 * Whether an upload's connection has gone silent without closing (Wi-Fi gone, a NAT mapping
 * dropped, a peer that stopped reading): such a line would hold an upload at "sending N %" for
 * ever, or for the quarter of an hour the system takes to give up on it. A slow line is not
 * silent, but what it carries is partly out of sight: the system takes up to a few MB of a request
 * into its own buffers at once, then sends them at the line's pace with nothing to show. So the
 * upload is given up only after `stallMs` with no sign of life, plus the time the bytes last handed
 * to the socket (up to SYSTEM_BUFFER_BYTES) take at `slowestBytesPerSecond`. Signs of life: a request
 * starting, progress, an answer, bytes of answer read, and the socket's queue of bytes not yet
 * taken by the system falling (libuv's `writeQueueSize`, not a documented property: without it the
 * rest still counts). Monotonic time: a clock set right (or wrong) meanwhile neither fires nor holds it.
 */
import { DeliveryError, reason } from './answers';

/** The error for a line that stayed silent `ms` (worded for the user: shared/messages.ts). */
export const silentLine = (ms: number) => new DeliveryError(`nothing moved on the connection to the intake for ${Math.round(ms / 1000)} s (the line went silent)`, 'retry', null, 'stalled', reason('stalled', { seconds: Math.round(ms / 1000) }));

/** How long an upload may show no sign of life (plus what the system may still be sending): twice the intake's own patience with a silent body. */
export const DEFAULT_STALL_MS = 120_000;
/** The slowest line given its time: below it an upload may be given up and resumed, still moving on (the intake keeps what arrived). */
export const SLOWEST_LINE_BYTES_PER_S = 16 * 1024;
/** What the system may take into its send buffer at once (Linux's largest by default; Windows and macOS are of that order). */
const SYSTEM_BUFFER_BYTES = 4 * 1024 * 1024;

/** What the watch reads of a socket. */
export interface SocketView {
  bytesRead: number;
  bytesWritten: number;
  _handle?: { writeQueueSize?: unknown } | null;
}

export class StallWatch {
  private last = performance.now();
  private seen = '';

  constructor(
    readonly stallMs = DEFAULT_STALL_MS,
    private readonly slowestBytesPerSecond = SLOWEST_LINE_BYTES_PER_S,
  ) {}

  /** A sign of life: a request starting, progress, an answer. */
  alive(): void {
    this.last = performance.now();
  }

  /**
   * Whether the line has been silent too long, looking at the current request's socket now. What
   * the system may still be sending is bounded by what was handed to the socket (all its bytes:
   * a reused connection's earlier requests make the wait longer, never shorter).
   */
  silent(socket: SocketView | null | undefined): boolean {
    const now = socket ? `${socket.bytesRead} ${String(socket._handle?.writeQueueSize ?? '')}` : '';
    if (now !== this.seen) {
      this.seen = now;
      this.last = performance.now();
    }
    const buffered = (Math.min(socket?.bytesWritten ?? 0, SYSTEM_BUFFER_BYTES) / this.slowestBytesPerSecond) * 1000;
    return performance.now() - this.last >= this.stallMs + buffered;
  }
}
