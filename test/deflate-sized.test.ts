/** deflateSized: zlib's state sized to the input; any raw inflate reads it back, and it is as small. */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { expect, it } from 'vitest';
import { deflateSized } from '../main/store/deflate';

const prose = (n: number) => {
  const words = ['ministère', 'migration', 'وزارة', 'الهجرة', 'review', 'regions', 'civil', 'society', '2026', 'law', 'n°', '02-03'];
  let s = '';
  for (let i = 0; s.length < n; i++) s += words[(i * 7 + (i >> 3)) % words.length] + (i % 11 ? ' ' : '.\n');
  return s.slice(0, n);
};

it('round-trips through a default raw inflate, with and without a dictionary, for every size', () => {
  for (const n of [0, 1, 40, 300, 511, 512, 513, 5_000, 40_000, 200_000]) {
    const text = Buffer.from(prose(n));
    expect(zlib.inflateRawSync(deflateSized(text)).equals(text)).toBe(true);
    const dict = Buffer.from(prose(n + 500)).subarray(0, 16 * 1024);
    const changed = Buffer.from(prose(n).replace(/migration/g, 'mobilité'));
    expect(zlib.inflateRawSync(deflateSized(changed, dict), { dictionary: dict }).equals(changed)).toBe(true);
  }
  const random = crypto.randomBytes(3000);
  expect(zlib.inflateRawSync(deflateSized(random)).equals(random)).toBe(true);
  expect(zlib.inflateRawSync(deflateSized('')).length).toBe(0);
});

it('is as small as zlib with its defaults (within 2 %), and a delta still reaches into its dictionary', () => {
  for (const n of [300, 5_000, 40_000]) {
    const text = Buffer.from(prose(n));
    expect(deflateSized(text).length).toBeLessThanOrEqual(Math.ceil(zlib.deflateRawSync(text).length * 1.02) + 2);
  }
  const base = crypto.randomBytes(9_000).toString('base64').slice(0, 12_000).replace(/[+/]/g, ' ');
  const baseBytes = Buffer.from(base);
  const edit = Buffer.concat([baseBytes.subarray(0, 6_000), Buffer.from(' amended '), baseBytes.subarray(6_000)]);
  // the edit against its base costs what it costs zlib with its defaults (~100 B of 258-byte
  // matches), not a re-compression of 12 KB of random text (~9 KB)
  const delta = deflateSized(edit, baseBytes).length;
  expect(delta).toBeLessThanOrEqual(Math.ceil(zlib.deflateRawSync(edit, { dictionary: baseBytes }).length * 1.02) + 2);
  expect(delta).toBeLessThan(deflateSized(edit).length / 10);
});
