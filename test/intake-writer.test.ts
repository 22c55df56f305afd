/**
 * How an upload's bytes are written (main/intake/upload-file.ts): pieces of any size, copied into
 * one reused buffer and written from it, land in the file exactly and in order, the watcher sees
 * the same bytes; and the writer waits for its watcher (the hashing) to catch up before it writes
 * on, so what waits to be hashed stays small and the sender is held back instead.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadWriter, type StoredBytes } from '../main/intake/upload-file';
import { tempDir } from './helpers';

/** `bytes` cut in pieces of random sizes up to `max` (as socket reads cut a body). */
const piecesOf = (bytes: Buffer, max: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = Math.min(bytes.length - i, 1 + crypto.randomInt(max));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
};

/** Writes `pieces` into a new writer over `file` from `offset`, as storeBody does (waiting for drain); resolves when it has closed. */
async function writeAll(file: string, offset: number, pieces: Buffer[], watch: StoredBytes): Promise<UploadWriter> {
  const w = new UploadWriter(await fs.promises.open(file, 'r+'), offset, watch);
  for (const p of pieces) if (!w.write(p)) await new Promise((r) => w.once('drain', r));
  w.end();
  await new Promise((r) => w.once('close', r));
  return w;
}

describe('the upload writer', () => {
  it('writes pieces of any size exactly, in order, after what the file holds; the watcher sees the same bytes', async () => {
    const file = path.join(tempDir(), 'upload');
    const head = crypto.randomBytes(1000);
    fs.writeFileSync(file, head);
    const body = crypto.randomBytes(5 * 1024 * 1024 + 12_345);
    const seen: Buffer[] = [];
    const w = await writeAll(file, head.length, piecesOf(body, 200_000), { stored: (p) => seen.push(Buffer.from(p)), end: () => {} });
    expect(w.position).toBe(head.length + body.length);
    expect(fs.readFileSync(file).equals(Buffer.concat([head, body]))).toBe(true);
    expect(Buffer.concat(seen).equals(body)).toBe(true);
  });

  it('writes on only once its watcher is ready for more', async () => {
    const file = path.join(tempDir(), 'upload');
    fs.writeFileSync(file, '');
    const body = crypto.randomBytes(6 * 1024 * 1024);
    let shown = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const done = writeAll(file, 0, piecesOf(body, 64 * 1024), { stored: (p) => void (shown += p.length), ready: () => gate, end: () => {} });
    // its first write lands (waited for as a state: a loaded machine may take a while), then however
    // long it is given, it writes nothing more (at most 1 MB in all) while the watcher lags
    for (let t = Date.now(); shown === 0 && Date.now() - t < 30_000; ) await new Promise((r) => setTimeout(r, 10));
    expect(shown).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
    expect(shown).toBeLessThanOrEqual(1024 * 1024);
    expect(fs.statSync(file).size).toBe(shown);
    open();
    await done;
    expect(shown).toBe(body.length);
    expect(fs.readFileSync(file).equals(body)).toBe(true);
  });
});
