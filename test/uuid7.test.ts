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
});
