/**
 * Time-ordered ids (UUID version 7), as uuid's v7() makes them: the time in milliseconds, then a
 * counter that starts at a random value each millisecond and counts up within it (so ids made by
 * this process sort in the order they were made), then random bits. The random bytes come from a
 * pool filled by the system's CSPRNG 256 ids at a time: uuid's own v7() asks the CSPRNG (Web
 * Crypto, with its argument checks) for 16 bytes on every id, some 30 µs of each save (issue 13).
 */
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_BYTES = 16 * 256;
let pool = new Uint8Array(0);
let at = 0;

function random16(): Uint8Array {
  if (at + 16 > pool.length) {
    pool = randomFillSync(new Uint8Array(POOL_BYTES));
    at = 0;
  }
  const r = pool.subarray(at, at + 16);
  at += 16;
  return r;
}

/** uuid's v7 state (its updateV7State): the last millisecond used and the counter within it. */
const state = { msecs: -Infinity, seq: 0 };

export function uuid7(now = Date.now()): string {
  const random = random16();
  if (now > state.msecs) {
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}
