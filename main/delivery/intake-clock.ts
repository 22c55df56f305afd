/**
 * The intake's time as this computer sees it. Requests are signed over a date the intake takes
 * only within MAX_SKEW_MS of its own clock, and a field laptop's clock is often off (a wrong time
 * zone, a flat clock battery, a clock set by hand). As AWS SDKs do, the sender reads the `Date`
 * header of the intake's answers and, when it is more than a minute from this computer's clock,
 * signs with its own time plus that offset from then on; the outbox and the CLI say the clock is
 * off. The intake's check is unchanged. The offset is kept in the store with the delivery target
 * (target.ts), so a restart signs its first request right and the outbox says so at once; a clock
 * set right meanwhile costs one refused request, whose answer drops the offset.
 *
 * What the offset lets an attacker do (README, "A wrong clock"): only an answer from the intake's
 * address (over HTTPS, the intake or a proxy holding its certificate) sets it. Such a party could
 * make the app sign dates of its choosing, so that requests it withholds are valid later than five
 * minutes from now. It gains nothing it does not have already: it sees every request as it passes
 * and can delay or drop any, each is still taken once (its nonce), and a PATCH signature it
 * withholds could be sent once now with other bytes just as well (the signature does not cover the
 * body; a bundle with other bytes is refused when complete, as any tampered one). Receipts are
 * signed by the pinned key, so no offset makes a bundle count as delivered.
 */
export const CLOCK_TOLERANCE_MS = 60_000;

/** Where the offset is kept between runs (the store, with the delivery target): its value at start, and a write on each change. */
export interface KeptOffset {
  offsetMs: number;
  save(offsetMs: number): void;
}

export class IntakeClock {
  private offset: number;
  /** How many times the offset was changed (a request refused for its date is worth retrying at once after a change). */
  corrections = 0;

  constructor(
    private readonly local: () => number = () => Date.now(),
    private readonly kept?: KeptOffset,
  ) {
    this.offset = kept?.offsetMs ?? 0;
  }

  /** The time to sign a request with: this computer's, corrected by the intake's. */
  now(): Date {
    return new Date(this.local() + this.offset);
  }

  /**
   * Reads the `Date` header of an answer that just arrived (whole seconds, so +0.5 s). The offset
   * follows it when they differ by more than CLOCK_TOLERANCE_MS, and is dropped once the clocks
   * agree within that again (the clock was set right).
   */
  observe(dateHeader: string | null | undefined): void {
    const t = dateHeader ? Date.parse(dateHeader) : NaN;
    if (Number.isNaN(t)) return;
    const skew = t + 500 - this.local();
    if (Math.abs(skew - this.offset) <= CLOCK_TOLERANCE_MS) return;
    this.set(Math.abs(skew) <= CLOCK_TOLERANCE_MS ? 0 : skew);
  }

  /** Another intake (its clock is not the last one's): no offset until its answers tell. */
  forget(): void {
    if (this.offset !== 0) this.set(0);
  }

  private set(offset: number): void {
    this.offset = offset;
    this.corrections++;
    this.kept?.save(Math.round(offset));
  }

  /** The intake's clock minus this computer's (ms) when they differ by more than a minute, else null. */
  get offsetMs(): number | null {
    return this.offset === 0 ? null : Math.round(this.offset);
  }
}
