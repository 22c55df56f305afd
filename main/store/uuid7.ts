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

/** A millisecond's first counter: 31 random bits, as uuid's v7 starts it. */
const firstSeq = (random: Uint8Array): number => ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;

/** uuid's v7 state (its updateV7State): the last millisecond used and the counter within it. */
const state = { msecs: -Infinity, seq: 0 };

export function uuid7(now = Date.now()): string {
  const random = random16();
  if (now > state.msecs) {
    state.seq = firstSeq(random);
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ msecs: state.msecs, seq: state.seq, random });
}

/** The first time (ms) a UUID version 7 cannot carry: 2^48, in the year 10889. */
export const UUID7_TIME_LIMIT = 2 ** 48;

/**
 * A UUID version 7 whose time is `ms` exactly (not moved on to keep this process's ids in order):
 * a workshop export's bundle id carries its export number so (main/workshops/export-sequence.ts),
 * where an app of any version reads it as an ordinary id. A time the id's 48 bits cannot carry
 * (negative, fractional, 2^48 ms or more: a clock set past the year 10889) is refused: uuid's v7
 * would wrap it, 2^48 becoming 0, a number that goes back.
 */
export function uuid7At(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= UUID7_TIME_LIMIT) throw new RangeError(`${ms} is no time a UUID version 7 can carry (0 to 2^48 - 1 ms)`);
  const random = random16();
  return v7({ msecs: ms, seq: firstSeq(random), random });
}

/** The time (milliseconds) a UUID version 7 carries; null for any other id. */
export function uuid7Time(id: string): number | null {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.exec(id);
  return m ? parseInt(m[1]! + m[2]!, 16) : null;
}
