/**
 * Text import (issue 9, finding 9): UTF-8 with a BOM and UTF-16 in either byte order (with or
 * without a BOM) import as their text; random bytes are refused with a sentence and nothing is
 * made; a 5 MB file of "- x" lines is dealt with in bounded time and memory (measured in a child).
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextBytes } from '../shared/text-bytes';
import { cli, fixture, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..');

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

function measure(...args: string[]): Promise<{ code: number; ms: number; maxRssMb: number; err: string }> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'cli-measure-child.ts'), ...args], { cwd: ROOT, maxBuffer: 1 << 20 }, (e, out, errOut) => {
      if (e) return reject(new Error(`${e.message}\n${errOut}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    }),
  );
}

describe('text import encodings', () => {
  it('imports UTF-8 with a BOM and UTF-16 LE/BE (with and without BOM) as the same text', async () => {
    const dir = tempDir();
    const seed = fs.readFileSync(fixture('seed-morocco.txt'), 'utf8');
    const variants: Record<string, Buffer> = {
      'utf8.txt': Buffer.from(seed),
      'utf8-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed)]),
      'utf16le-bom.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed, 'utf16le')]),
      'utf16be-bom.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(seed)]),
      'utf16le.txt': Buffer.from(seed, 'utf16le'),
      'utf16be.txt': utf16be(seed),
    };
    const results: Record<string, string> = {};
    for (const [name, bytes] of Object.entries(variants)) {
      fs.writeFileSync(path.join(dir, name), bytes);
      expect(decodeTextBytes(bytes, name).text).toBe(seed);
      const db = path.join(dir, `${name}.sqlite`);
      const r = await cli(db, 'import', 'text', path.join(dir, name));
      expect(r.code, `${name}: ${r.err}`).toBe(0);
      results[name] = JSON.stringify(JSON.parse((await cli(db, 'draft', 'show', r.out, '--json')).out).answers, (k, v) => (k === 'revisionId' || k === 'updatedAt' ? undefined : v));
      expect(results[name]).not.toMatch(/\\u0000/);
    }
    for (const name of Object.keys(variants)) expect(results[name], name).toBe(results['utf8.txt']);
    expect(results['utf8.txt']!.length).toBeGreaterThan(1000);
  }, 180_000);

  it('refuses random bytes and other binary files with a clear sentence, making nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    await cli(db, 'identity', 'init', '--name', 'A', '--organisation', 'B');
    for (const [name, bytes] of [
      ['random.bin', crypto.randomBytes(20_000)],
      ['image.png', Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), crypto.randomBytes(5000)])],
    ] as const) {
      fs.writeFileSync(path.join(dir, name), bytes);
      const r = await cli(db, 'import', 'text', path.join(dir, name));
      expect(r.code, name).toBe(1);
      expect(r.err).toMatch(new RegExp(`^error: .*${name.replace('.', '\\.')} is not a text file \\(.*\\): save it as plain text \\(UTF-8\\) and try again$`));
    }
    expect(JSON.parse((await cli(db, 'draft', 'list', '--json')).out)).toEqual([]);
  });
});

describe('text import in bounded time and memory', () => {
  it('a 5 MB file of "- x" lines: answered at once, within 300 MB (child process)', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'dashes.txt');
    fs.writeFileSync(big, '- x\n'.repeat(1_250_000));
    expect(fs.statSync(big).size).toBe(5_000_000);
    const db = path.join(dir, 'store.sqlite');
    const r = await measure('--db', db, 'import', 'text', big);
    console.log(`5 MB of "- x" lines: exit ${r.code} in ${r.ms} ms, peak ${r.maxRssMb} MB`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has more than 50,000 lines; an import takes at most that many/);
    expect(r.maxRssMb).toBeLessThan(300);
    expect(fs.existsSync(db)).toBe(false); // nothing made: not even the store the import was to create
  }, 120_000);

  it('grows linearly up to the line limit (times reported, memory asserted)', async () => {
    const dir = tempDir();
    const runs: Array<{ lines: number; ms: number; maxRssMb: number }> = [];
    for (const lines of [10_000, 40_000]) {
      const file = path.join(dir, `${lines}.txt`);
      const body = Array.from({ length: lines }, (_, i) => (i % 50 === 0 ? `${'abcdefghi'[(i / 50) % 9]}) Question about coordination ${i}` : `- item ${i} of the national review`)).join('\n');
      fs.writeFileSync(file, body);
      const db = path.join(dir, `${lines}.sqlite`);
      await cli(db, 'identity', 'init', '--name', 'A', '--organisation', 'B');
      const r = await measure('--db', db, 'import', 'text', file);
      expect(r.code, r.err).toBe(0);
      runs.push({ lines, ms: r.ms, maxRssMb: r.maxRssMb });
    }
    console.log(`text import: ${runs.map((r) => `${r.lines} lines ${r.ms} ms, ${r.maxRssMb} MB`).join('; ')}; time ratio ${(runs[1]!.ms / runs[0]!.ms).toFixed(2)} for 4x the lines`);
    for (const r of runs) expect(r.maxRssMb).toBeLessThan(300);
  }, 300_000);
});
