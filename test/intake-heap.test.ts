/**
 * An upload's body does not start V8's full collections in the intake (issue 14, upload
 * throughput; main/intake/heap.ts says why they started): the intake in a plain Node child, first
 * settled as after an idle spell (a collection of the kind V8's memory reducer makes), takes 160 MB
 * of PATCH body; its full collections meanwhile are counted as V8 reports them to Node, but for
 * the memory reducer's own (which comes when bytes arrive slowly, as under the full suite's load:
 * 2 in a 160 MB upload stretched over 11 s). With V8's own heap setting the same child makes
 * several, which shows the count sees what it is about.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openIntake } from '../main/intake/open';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { tempDir } from './helpers';
import { bundleMetadata, enrolKey, tusHeaders, type Device } from './intake-tools';
import { bundled } from './node-child';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;
const WARM_UP = 8 * MB;
const BODY = 160 * MB;

/** A PATCH of `bytes` at `offset`, sent from one 1 MB buffer written again and again (the sender allocates nothing per piece). */
async function patch(url: string, at: string, dev: Device, offset: number, bytes: number, piece: Buffer): Promise<number> {
  const headers = { ...(await tusHeaders(dev, 'PATCH', at, { uploadOffset: String(offset) })), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(bytes) };
  return new Promise<number>((resolve, reject) => {
    const req = http.request(`${url}${at}`, { method: 'PATCH', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    const more = (left: number): void => {
      while (left > 0) {
        const n = Math.min(piece.length, left);
        left -= n;
        if (!req.write(n === piece.length ? piece : piece.subarray(0, n))) return void req.once('drain', () => more(left));
      }
      req.end();
    };
    more(bytes);
  });
}

/** The intake child's mark-compacts while it takes BODY bytes of one upload, after settling as after an idle spell. */
async function markCompactsDuringUpload(mode: 'as-shipped' | 'v8-default'): Promise<number> {
  const idir = path.join(tempDir(), 'intake');
  const admin = await openIntake({ dir: idir });
  const dev = await enrolKey(admin, { quotaBytes: 1024 * MB });
  await admin.index.close();
  const child = spawn(process.execPath, [bundled('test/fixtures/intake-heap-child.ts'), mode, idir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error(`the intake child ended: ${stderr}`);
    return r.value as string;
  };
  try {
    const url = `http://127.0.0.1:${/^port (\d+)$/.exec(await next())![1]}`;
    // an upload that stays open (one byte more than is sent): no verification, only its body
    const created = await fetch(`${url}${UPLOAD_PATH}`, {
      method: 'POST',
      headers: await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: String(WARM_UP + BODY + 1), uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) }),
    });
    expect(created.status, await created.text()).toBe(201);
    const at = new URL(created.headers.get('location')!, url).pathname;
    const piece = crypto.randomBytes(MB);
    // first bytes: the code of a PATCH's path is loaded and compiled before the count
    expect(await patch(url, at, dev, 0, WARM_UP, piece)).toBe(204);
    child.stdin.write('settle\n');
    expect(await next()).toBe('settled');
    expect(await patch(url, at, dev, WARM_UP, BODY, piece)).toBe(204);
    child.stdin.write('count\n');
    return (JSON.parse(await next()) as { markCompacts: number }).markCompacts;
  } finally {
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  }
}

describe("the intake's heap during an upload", () => {
  it('takes 160 MB of body after an idle spell without a full collection', async () => {
    expect(await markCompactsDuringUpload('as-shipped')).toBe(0);
  }, 120_000);

  it("makes several with V8's own setting (what the count is about)", async () => {
    // each full collection made while bytes arrive sets the old generation's limit ~8 MB above what
    // is live; the body's pieces, counted against it, reach it every 25-30 MB
    expect(await markCompactsDuringUpload('v8-default')).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
