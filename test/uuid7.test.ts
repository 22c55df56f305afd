/** Time-ordered ids from a pool of random bytes (main/store/uuid7.ts): as uuid's v7 makes them. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { validate, version } from 'uuid';

const ms = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuid7', () => {
  // a fresh module (and so a fresh clock state) for each test
  let uuid7: typeof import('../main/store/uuid7').uuid7;
  beforeEach(async () => {
    vi.resetModules();
    ({ uuid7 } = await import('../main/store/uuid7'));
  });

  it('makes valid version 7 ids, unique and in the order they were made, across many pool refills and within one millisecond', () => {
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) ids.push(uuid7(i < 10_000 ? 1_800_000_000_000 : 1_800_000_000_000 + Math.floor(i / 1000)));
    for (const id of ids.slice(0, 50)) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    // the time is in the id (a counter that overflows moves it on by a millisecond at most, as uuid's does)
    expect(ms(ids[0]!)).toBe(1_800_000_000_000);
    expect(ms(ids[19_999]!)).toBeGreaterThanOrEqual(1_800_000_000_019);
  });

  it('takes the current time by default, and its random bits differ from id to id; a clock that goes back does not make an id sort earlier', () => {
    const before = Date.now();
    const a = uuid7();
    const b = uuid7();
    expect(ms(a)).toBeGreaterThanOrEqual(before);
    expect(ms(a)).toBeLessThanOrEqual(Date.now());
    expect(a.slice(-12)).not.toBe(b.slice(-12));
    expect(uuid7(before - 60_000) > b).toBe(true);
  });

  it('uuid7At carries its time exactly and uuid7Time reads it back; a time a version 7 id cannot carry (beyond 48 bits, negative, NaN, fractional) is refused, not wrapped', async () => {
    const { uuid7At, uuid7Time } = await import('../main/store/uuid7');
    for (const t of [0, 1, 1_800_000_000_000, 2 ** 48 - 1]) {
      const id = uuid7At(t);
      expect(version(id)).toBe(7);
      expect(uuid7Time(id)).toBe(t);
    }
    expect(uuid7Time('0b7e2c4e-7f0a-4c3b-9d2e-1a2b3c4d5e6f')).toBeNull(); // a v4 id
    // wrapped, 2^48 read back as 0: an export numbered so would be refused as older than every one before it
    for (const t of [2 ** 48, 2 ** 48 + 5, -1, Number.NaN, 1.5, Infinity]) expect(() => uuid7At(t), String(t)).toThrow(RangeError);
  });
});
