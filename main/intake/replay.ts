/**
 * Signed requests that write (PATCH, DELETE) are taken once: the signature does not cover the
 * body, so a copy of a PATCH's headers, sent again within the date's tolerance, could write other
 * bytes at that offset (and the upload would then be refused when complete). The app signs each
 * request afresh (a new date, to the millisecond), so it never sends one signature twice.
 * Remembered until the request's date is out of tolerance (then the date check refuses it anyway);
 * per process, as the upload's other requests (routed to one process by upload).
 */
import { MAX_SKEW_MS } from './protocol';

export class SeenSignatures {
  /** signature -> when it can be forgotten (ms); in the order seen, which is nearly the order of expiry. */
  private seen = new Map<string, number>();

  /** True the first time a signature is shown; false for every later time while its date is valid. */
  firstUse(signature: string, dateMs: number, now = Date.now()): boolean {
    this.forget(now);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, dateMs + MAX_SKEW_MS);
    return true;
  }

  private forget(now: number): void {
    for (const [sig, until] of this.seen) {
      if (until >= now) {
        // dates come within the tolerance in any order: stop at the first still valid, and drop
        // the rest once the map is large enough for the scan to matter
        if (this.seen.size < 100_000) return;
        continue;
      }
      this.seen.delete(sig);
    }
  }
}
