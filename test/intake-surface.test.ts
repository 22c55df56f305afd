/**
 * The intake's HTTP surface as a hostile enrolled key sees it, beyond signatures, names and
 * lengths (intake-names, intake-lengths, intake-replay): which key may use the upload API, who
 * learns the outcome of a refused upload, what a HEAD refused by tus says, and tus features that
 * must stay out of reach (method override, concatenation, reading an upload back, OPTIONS).
 * Against a real intake on loopback with real keys; each refusal leaves the intake's files as
 * they were.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { classify } from '../main/delivery/answers';
import { uploadGone } from '../main/delivery/client';
import { UPLOAD_PATH } from '../main/intake/protocol';
import { wordedEverywhere } from './i18n-tools';
import { bundleMetadata, deliver, enrolKey, tusHeaders, uploadFiles, withIntake, type Device } from './intake-tools';

const OCTETS = { 'Content-Type': 'application/offset+octet-stream' };

/** A POST creating an upload of `length` bytes announced as a new bundle (whose SHA-256 is `sha256`). */
async function create(url: string, dev: Device, opts: { length?: string; bundleId?: string; sha256?: string; more?: Record<string, string> } = {}) {
  const meta = bundleMetadata(opts.bundleId ?? crypto.randomUUID(), opts.sha256 ?? 'a'.repeat(64));
  return fetch(`${url}${UPLOAD_PATH}`, { method: 'POST', headers: { ...(await tusHeaders(dev, 'POST', UPLOAD_PATH, { uploadLength: opts.length ?? '100', uploadMetadata: meta })), ...opts.more } });
}
const pathOf = (r: Response, base: string) => new URL(r.headers.get('location')!, base).pathname;

describe('intake: who may use the upload API', () => {
  it('a receiver’s key cannot create uploads (receivers fetch, devices send): 403 receiver_cannot_send, worded, nothing stored or reserved', () =>
    withIntake(async ({ idir, intake }) => {
      const r = await enrolKey(intake.intake, { role: 'receiver' });
      const c = await create(intake.url, r);
      const text = await c.text();
      expect(c.status).toBe(403);
      expect(JSON.parse(text)).toMatchObject({ error: 'receiver_cannot_send', params: { fingerprint: r.fingerprint } });
      await wordedEverywhere(classify(c.status, text, { contentType: 'application/json' }).ref, 'delivery.refusal.receiverCannotSend', /enrolled as a receiver/);
      // creation with its bytes in the POST too
      const withBody = await fetch(`${intake.url}${UPLOAD_PATH}`, {
        method: 'POST',
        headers: { ...(await tusHeaders(r, 'POST', UPLOAD_PATH, { uploadLength: '10', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) })), ...OCTETS },
        body: Buffer.alloc(10),
      });
      expect(withBody.status).toBe(403);
      expect(uploadFiles(idir)).toEqual([]);
      expect(await intake.intake.index.usage(r.fingerprint)).toBe(0);
      // what a receiver is for still works: listing, and a device still sends
      const list = await fetch(`${intake.url}/v1/bundles`, { headers: await tusHeaders(r, 'GET', '/v1/bundles') });
      expect(list.status).toBe(200);
      const a = await enrolKey(intake.intake);
      expect((await create(intake.url, a)).status).toBe(201);
    }));

  it('the outcome of a refused upload is told only to its uploader (another device asking by its id gets what an unknown upload gets)', () =>
    withIntake(async ({ intake }) => {
      const a = await enrolKey(intake.intake);
      const b = await enrolKey(intake.intake);
      const bundleId = crypto.randomUUID();
      const c = await create(intake.url, a, { bundleId, length: '10' });
      const at = pathOf(c, intake.url);
      const p = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS }, body: Buffer.alloc(10) });
      expect(p.status).toBe(422); // not the SHA-256 announced
      const ask = async (dev: Device, uploadId: string) => {
        const q = `/v1/receipts/${bundleId}?upload=${uploadId}`;
        const r = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(dev, 'GET', q) });
        return [r.status, JSON.parse(await r.text()).error] as const;
      };
      const id = at.slice(UPLOAD_PATH.length);
      // (a stored refusal can carry the uploader's name and why its key was revoked: uploader_revoked)
      expect(await ask(a, id)).toEqual([422, 'bytes_differ']);
      expect(await ask(b, id)).toEqual(await ask(b, '0'.repeat(32)));
      expect(await ask(b, id)).toEqual([404, 'not_received']);
    }));

  it('a HEAD refused by tus (another device’s upload, an unknown one) carries its reason in X-GCMR-Error, which the app reads as an upload to start again', () =>
    withIntake(async ({ intake }) => {
      const a = await enrolKey(intake.intake);
      const b = await enrolKey(intake.intake);
      const at = pathOf(await create(intake.url, a), intake.url);
      const head = async (dev: Device, p: string) => {
        const r = await fetch(`${intake.url}${p}`, { method: 'HEAD', headers: await tusHeaders(dev, 'HEAD', p) });
        const said = r.headers.get('x-gcmr-error');
        // as the app's client reads a failed HEAD (client.ts): a new upload only when this one cannot go on
        const e = said === null ? null : classify(r.status, said, { contentType: null, tus: !!r.headers.get('tus-resumable') });
        return [r.status, said === null ? null : JSON.parse(said).error, e && uploadGone(r.status, e.code)] as const;
      };
      // (before: 403 with no reason, which the app took for a refusal of the device, for good)
      expect(await head(b, at)).toEqual([403, 'not_yours', true]);
      expect(await head(a, `${UPLOAD_PATH}${'0'.repeat(32)}`)).toEqual([404, 'not_found', true]);
      expect(await head(a, at)).toEqual([200, null, null]);
    }));
});

/** Sends `head` (a request's head, ending in a blank line) and reads until `enough` says so or the line closes; `then` writes more once asked. */
function exchange(port: number, head: string, enough: (seen: string) => boolean, then?: (seen: string, write: (b: Buffer) => void) => void): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    let wrote = false;
    const done = () => (s.destroy(), resolve(out));
    s.on('data', (c) => {
      out += c.toString('latin1');
      if (then && !wrote && /^HTTP\/1\.1 100/.test(out)) (wrote = true), then(out, (b) => s.write(b));
      if (enough(out)) done();
    });
    s.on('error', () => {}).on('close', done);
    s.write(head);
    setTimeout(done, 8000);
  });
}

describe('intake: a body asked for only once the request is signed', () => {
  it('Expect: 100-continue: a request with no signature, a bad one or an unknown key is refused without "100 Continue" (no body byte sent); a signed one is asked for its body and created', () =>
    withIntake(async ({ intake, idir }) => {
      const a = await enrolKey(intake.intake);
      const stranger = { ...a, fingerprint: `sha256:${'0'.repeat(64)}` };
      const meta = bundleMetadata(crypto.randomUUID(), 'a'.repeat(64));
      const headOf = (h: Record<string, string>) => `POST ${UPLOAD_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 10\r\nExpect: 100-continue\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
      const signed = await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '20', uploadMetadata: meta });
      const refusals = {
        unsigned: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '20', 'Upload-Metadata': meta },
        'a bad signature': { ...signed, 'X-GCMR-Signature': Buffer.alloc(64).toString('base64') },
        'an unknown key': await tusHeaders(stranger, 'POST', UPLOAD_PATH, { uploadLength: '20', uploadMetadata: meta }),
      };
      for (const [what, h] of Object.entries(refusals)) {
        const said = await exchange(intake.port, headOf(h), (seen) => seen.includes('\r\n\r\n'));
        expect(said.split('\r\n')[0], what).toMatch(/^HTTP\/1\.1 40[13] /);
      }
      expect(uploadFiles(idir)).toEqual([]);
      // (10 bytes of 20: the upload is created and waits for the rest)
      const said = await exchange(intake.port, headOf(signed), (seen) => /\r\n\r\nHTTP\/1\.1 2\d\d [^]*\r\n\r\n/.test(seen), (_seen, write) => write(Buffer.alloc(10)));
      expect(said.split('\r\n')[0]).toBe('HTTP/1.1 100 Continue');
      expect(said, said.slice(0, 600)).toMatch(/\r\n\r\nHTTP\/1\.1 201 /);
      // Expect as Node reads it: two lines (joined into a list) wait for the 100 as well
      const again = await tusHeaders(a, 'POST', UPLOAD_PATH, { uploadLength: '20', uploadMetadata: bundleMetadata(crypto.randomUUID(), 'a'.repeat(64)) });
      const twice = await exchange(intake.port, headOf(again).replace('Expect: 100-continue\r\n', 'Expect: 100-continue\r\nExpect: 100-continue\r\n'), (seen) => /\r\n\r\nHTTP\/1\.1 2\d\d [^]*\r\n\r\n/.test(seen), (_seen, write) => write(Buffer.alloc(10)));
      expect(twice.split('\r\n')[0]).toBe('HTTP/1.1 100 Continue');
      expect(twice, twice.slice(0, 600)).toMatch(/\r\n\r\nHTTP\/1\.1 201 /);
    }), 60_000);
});

describe('intake: tus features out of reach', () => {
  it('X-HTTP-Method-Override is not acted on, Upload-Concat is refused, an upload cannot be read back, OPTIONS tells nothing of an upload', () =>
    withIntake(async ({ idir, intake }) => {
      const a = await enrolKey(intake.intake, { quotaBytes: 1000 });
      const at = pathOf(await create(intake.url, a), intake.url);
      const before = uploadFiles(idir);
      // signed as POST, PATCH or HEAD and overridden to DELETE: the signed method is the one done (tus 1.x honoured the header)
      const override = { 'X-HTTP-Method-Override': 'DELETE' };
      expect((await create(intake.url, a, { more: override })).status).toBe(201);
      const patch = await fetch(`${intake.url}${at}`, { method: 'PATCH', headers: { ...(await tusHeaders(a, 'PATCH', at, { uploadOffset: '0' })), ...OCTETS, ...override }, body: Buffer.alloc(5) });
      expect([patch.status, patch.headers.get('upload-offset')]).toEqual([204, '5']);
      const head = await fetch(`${intake.url}${at}`, { method: 'HEAD', headers: { ...(await tusHeaders(a, 'HEAD', at)), ...override } });
      expect([head.status, head.headers.get('upload-offset')]).toEqual([200, '5']);
      expect(uploadFiles(idir)).toEqual(expect.arrayContaining(before));
      // concatenation (partial uploads) is not offered: refused, nothing created, nothing reserved
      const used = await intake.intake.index.usage(a.fingerprint);
      for (const concat of ['partial', `final;${at}`]) expect((await create(intake.url, a, { more: { 'Upload-Concat': concat } })).status).toBe(501);
      expect(await intake.intake.index.usage(a.fingerprint)).toBe(used);
      // an upload's bytes are not served back, even to its device
      const get = await fetch(`${intake.url}${at}`, { headers: await tusHeaders(a, 'GET', at) });
      expect([get.status, (await get.json()).error]).toEqual([405, 'method']);
      // OPTIONS (unsigned) answers the same for an upload and for no upload
      const options = async (p: string) => {
        const r = await fetch(`${intake.url}${p}`, { method: 'OPTIONS' });
        return [r.status, r.headers.get('upload-offset'), r.headers.get('upload-length'), r.headers.get('upload-metadata'), r.headers.get('tus-extension')];
      };
      expect(await options(at)).toEqual(await options(`${UPLOAD_PATH}${'0'.repeat(32)}`));
      expect((await options(at))[1]).toBeNull();
    }));
});

describe('intake: the receivers’ side', () => {
  it('a revoked receiver can neither list nor download; a bundle’s download with a body announced (never read) closes the connection after it', () =>
    withIntake(async ({ intake, sender }) => {
      const a = await sender('a');
      const b = await a.exportOne();
      expect((await deliver(a, b.bundleId)).state).toBe('delivered');
      const m = await enrolKey(intake.intake, { role: 'receiver' });
      const gone = await enrolKey(intake.intake, { role: 'receiver' });
      await intake.intake.index.revokeSigner(gone.fingerprint, 'left the unit');
      const p = `/v1/bundles/${b.bundleId}`;
      for (const q of ['/v1/bundles', p]) {
        const r = await fetch(`${intake.url}${q}`, { headers: await tusHeaders(gone, 'GET', q) });
        expect([r.status, (await r.json()).error], q).toEqual([403, 'revoked']);
      }
      // a GET whose body is announced and never sent: the bundle, then the connection closes (it was kept open to read the body)
      const head = Object.entries(await tusHeaders(m, 'GET', p)).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      const answer = await new Promise<{ head: string; closedMs: number }>((resolve) => {
        const s = net.connect(intake.port, '127.0.0.1');
        const t0 = Date.now();
        let out = '';
        s.on('data', (c) => (out += c.toString('latin1'))).on('error', () => {});
        s.on('close', () => resolve({ head: out.split('\r\n\r\n')[0]!, closedMs: Date.now() - t0 }));
        s.write(`GET ${p} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n${head}\r\nabc`);
        setTimeout(() => s.destroy(), 4000);
      });
      expect(answer.head).toMatch(/^HTTP\/1\.1 200/);
      expect(answer.head.toLowerCase()).toContain('connection: close');
      expect(answer.closedMs).toBeLessThan(3000);
    }), 60_000);
});
