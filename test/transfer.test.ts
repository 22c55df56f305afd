import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSFER_BYTES } from '../shared/contract/transfer';
import { textToDoc } from '../shared/plaintext';
import { invoke } from '../main/dispatch';
import { MAX_BODY_BYTES, startHost } from '../main/host/server';
import type { Services } from '../main/services';
import { makeServices, storeSnapshot, tempDir } from './helpers';

const b64 = (b: Buffer) => b.toString('base64');
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const uploadDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('gcm-upload-')).sort();
/** Tables plus every file under the store's folder (blobs, outbox, keys). */
function everything(s: Services): string {
  const dir = path.dirname(s.store.file);
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.relative(dir, path.join(d, e.name))));
  };
  walk(dir);
  return storeSnapshot(s) + JSON.stringify(files.filter((f) => !/-(wal|shm)$/.test(f)).sort());
}

async function withDraft(s: Services, name = 'Amina') {
  await invoke(s.handlers, 'setIdentity', { name, organisation: 'Ministry of Interior' });
  const d = await invoke(s.handlers, 'createDraft', { title: 'Morocco — review 2020', country: 'Morocco' });
  await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', baseRevisionId: null, value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The national strategy of 2014.' }] }] } } });
  return d.id;
}

describe('transfer: attachments as bytes', () => {
  it('adds uploaded bytes through the streaming attach service and gives them back', async () => {
    const s = makeServices();
    const draftId = await withDraft(s);
    const before = uploadDirs();
    const bytes = crypto.randomBytes(300_000);
    const a = await invoke(s.handlers, 'addAttachmentData', { draftId, field: 'II.a', name: 'law 2014.pdf', base64: b64(bytes) });
    expect(a).toMatchObject({ name: 'law 2014.pdf', size: bytes.length, sha256: sha(bytes), mediaType: 'application/pdf', field: 'II.a' });
    expect(uploadDirs()).toEqual(before); // the temporary copy is gone
    expect((await invoke(s.handlers, 'listAttachments', { draftId, field: 'II.a' })).map((x) => x.id)).toEqual([a.id]);
    const back = await invoke(s.handlers, 'readAttachmentData', { attachmentId: a.id });
    expect(back).toMatchObject({ fileName: 'law 2014.pdf', mediaType: 'application/pdf', size: bytes.length });
    expect(Buffer.from(back.base64, 'base64').equals(bytes)).toBe(true);
  });

  it('refuses too large, empty, non-base64 and misplaced uploads, writing nothing', async () => {
    const s = makeServices();
    const draftId = await withDraft(s);
    const snap = everything(s);
    const before = uploadDirs();
    const big = 'A'.repeat(Math.ceil(MAX_TRANSFER_BYTES / 3) * 4 + 4);
    await expect(invoke(s.handlers, 'addAttachmentData', { draftId, field: 'II.a', name: 'big.bin', base64: big })).rejects.toThrow(/larger than 20 MB: use the desktop app or the CLI/);
    await expect(invoke(s.handlers, 'addAttachmentData', { draftId, field: 'II.a', name: 'x.txt', base64: '' })).rejects.toThrow(/x.txt is empty/);
    await expect(invoke(s.handlers, 'addAttachmentData', { draftId, field: 'II.a', name: 'x.txt', base64: 'not base64!' })).rejects.toThrow(/not base64/);
    await expect(invoke(s.handlers, 'addAttachmentData', { draftId, field: 'IX.z', name: 'x.txt', base64: b64(Buffer.from('hi')) })).rejects.toThrow(/unknown question IX.z/);
    await expect(invoke(s.handlers, 'addAttachmentData', { draftId, field: 'III.a/objective/5', name: 'x.txt', base64: b64(Buffer.from('hi')) })).rejects.toThrow(/attach files to a question/);
    expect(everything(s)).toBe(snap);
    expect(uploadDirs()).toEqual(before);
  });

  it('refuses to download an attachment above the cap and says what to do instead', async () => {
    const s = makeServices();
    const draftId = await withDraft(s);
    const file = path.join(tempDir(), 'table.csv');
    fs.writeFileSync(file, Buffer.alloc(MAX_TRANSFER_BYTES + 1, 0x41));
    const a = await invoke(s.handlers, 'addAttachment', { draftId, field: 'II.b', filePath: file });
    await expect(invoke(s.handlers, 'readAttachmentData', { attachmentId: a.id })).rejects.toThrow(/table.csv is 20.0 MB; downloads through the browser are limited to 20 MB: open it in the desktop app/);
  });
});

describe('transfer: bundles through the outbox and uploads', () => {
  it('exports into the outbox beside the store, downloads it, and a second store verifies then imports it only when confirmed', async () => {
    const a = makeServices();
    const draftId = await withDraft(a);
    const out = await invoke(a.handlers, 'exportBundleToOutbox', { draftId, sections: ['I'] });
    const folder = (await invoke(a.handlers, 'outboxFolder', {})).path;
    expect(folder).toBe(path.join(path.dirname(a.store.file), 'outbox'));
    expect(path.dirname(out.file)).toBe(folder);
    expect(path.basename(out.file)).toMatch(/^Morocco-—-review-2020-\d{8}-\d{6}\.gcmr$/);
    // a second export at the same second gets another name
    const out2 = await invoke(a.handlers, 'exportBundleToOutbox', { draftId });
    expect(out2.file).not.toBe(out.file);
    const dl = await invoke(a.handlers, 'readOutboxBundle', { bundleId: out.bundleId });
    const bytes = Buffer.from(dl.base64, 'base64');
    expect(sha(bytes)).toBe(out.sha256);
    expect(dl.fileName).toBe(path.basename(out.file));
    // the downloaded file verifies with standard tools
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'b.gcmr'), bytes);
    execFileSync('unzip', ['-q', '-o', '-d', dir, path.join(dir, 'b.gcmr')]);
    execFileSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: dir });

    const b = makeServices();
    await invoke(b.handlers, 'setIdentity', { name: 'Karim', organisation: 'Ministry of Foreign Affairs' });
    const snap = everything(b);
    const report = await invoke(b.handlers, 'verifyBundleData', { fileName: dl.fileName, base64: dl.base64 });
    expect(report.trust.status).toBe('unknown');
    expect(report.signer).toMatchObject({ name: 'Amina', organisation: 'Ministry of Interior' });
    expect(report.sections).toEqual(['I']);
    // a file name that names no file ("..", "."): the upload is still read (each upload is written under its own name)
    for (const fileName of ['..', '.']) expect((await invoke(b.handlers, 'verifyBundleData', { fileName, base64: dl.base64 })).bundleId).toBe(out.bundleId);
    await expect(invoke(b.handlers, 'importBundleData', { fileName: dl.fileName, base64: dl.base64 })).rejects.toThrow(/not in your trust register/);
    expect(everything(b)).toBe(snap);
    const imported = await invoke(b.handlers, 'importBundleData', { fileName: dl.fileName, base64: dl.base64, acceptUnknownSigner: true });
    expect((await invoke(b.handlers, 'getDraft', { draftId: imported.draftId })).fields['I.a']?.text).toContain('national strategy');
    const again = await invoke(b.handlers, 'verifyBundleData', { fileName: dl.fileName, base64: dl.base64 });
    expect(again).toMatchObject({ alreadyImported: true, importedAs: imported.draftId });
    await expect(invoke(b.handlers, 'importBundleData', { fileName: dl.fileName, base64: dl.base64, acceptUnknownSigner: true })).rejects.toThrow(/already imported/);
  });

  it('never imports from a revoked signer, and leaves nothing behind', async () => {
    const a = makeServices();
    const draftId = await withDraft(a);
    const id = (await invoke(a.handlers, 'getIdentity', {}))!;
    const out = await invoke(a.handlers, 'exportBundleToOutbox', { draftId });
    const dl = await invoke(a.handlers, 'readOutboxBundle', { bundleId: out.bundleId });
    const b = makeServices();
    await invoke(b.handlers, 'setIdentity', { name: 'Karim', organisation: 'MFA' });
    await invoke(b.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: 'Amina', organisation: 'Interior' });
    await invoke(b.handlers, 'trustRevoke', { fingerprint: id.fingerprint! });
    const snap = everything(b);
    const before = uploadDirs();
    expect((await invoke(b.handlers, 'verifyBundleData', { fileName: dl.fileName, base64: dl.base64 })).trust.status).toBe('revoked');
    await expect(invoke(b.handlers, 'importBundleData', { fileName: dl.fileName, base64: dl.base64, acceptUnknownSigner: true })).rejects.toThrow(/revoked key are never imported/);
    expect(everything(b)).toBe(snap);
    expect(uploadDirs()).toEqual(before);
  });

  it('opens an encrypted bundle with a pasted age identity, and refuses a changed outbox file', async () => {
    const a = makeServices();
    const draftId = await withDraft(a);
    const keyFile = path.join(tempDir(), 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const identity = fs.readFileSync(keyFile, 'utf8');
    const recipient = /public key: (age1\S+)/.exec(identity)![1]!;
    const out = await invoke(a.handlers, 'exportBundleToOutbox', { draftId, recipients: [recipient] });
    expect(out.file).toMatch(/\.gcmr\.age$/);
    const dl = await invoke(a.handlers, 'readOutboxBundle', { bundleId: out.bundleId });
    const b = makeServices();
    await invoke(b.handlers, 'setIdentity', { name: 'Karim', organisation: 'MFA' });
    await expect(invoke(b.handlers, 'verifyBundleData', { fileName: dl.fileName, base64: dl.base64 })).rejects.toThrow(/\.gcmr\.age is encrypted \(age\): give the age identity \(AGE-SECRET-KEY-1…\)/);
    const r = await invoke(b.handlers, 'verifyBundleData', { fileName: dl.fileName, base64: dl.base64, identity });
    expect(r).toMatchObject({ encrypted: true, trust: { status: 'unknown' } });
    fs.appendFileSync(out.file, 'x');
    await expect(invoke(a.handlers, 'readOutboxBundle', { bundleId: out.bundleId })).rejects.toThrow(/has changed since it was exported/);
  });
});

describe('transfer: through the browser-mode host', () => {
  it('a file of exactly the cap fits in one request under the host body limit, and comes back intact', async () => {
    const s = makeServices();
    const draftId = await withDraft(s);
    const bytes = crypto.randomBytes(MAX_TRANSFER_BYTES);
    const body = JSON.stringify({ draftId, field: 'II.a', name: 'survey.xlsx', base64: b64(bytes) });
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const host = await startHost({ handlers: s.handlers, staticDir: tempDir() });
    try {
      const post = async (method: string, payload: string) => {
        const res = await fetch(`http://127.0.0.1:${host.port}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-gcm-token': host.secret }, body: payload });
        return (await res.json()) as { ok: boolean; value?: { id: string; size: number; base64: string }; error?: { message: string } };
      };
      const added = await post('addAttachmentData', body);
      expect(added.ok, added.error?.message).toBe(true);
      expect(added.value!.size).toBe(MAX_TRANSFER_BYTES);
      const back = await post('readAttachmentData', JSON.stringify({ attachmentId: added.value!.id }));
      expect(sha(Buffer.from(back.value!.base64, 'base64'))).toBe(sha(bytes));
    } finally {
      await host.close();
    }
  });
});

describe('transfer: workshop bundles in browser mode', () => {
  it('exports a workshop to the outbox, downloads it, and an upload queues its contributions in a master draft', async () => {
    const field = makeServices();
    await invoke(field.handlers, 'setIdentity', { name: 'Youssef', organisation: 'Wilaya de l’Oriental' });
    const w = await invoke(field.handlers, 'createWorkshop', { title: 'Consultation — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya de l’Oriental' });
    const p = await invoke(field.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima Zahra', organisation: 'Association Ain Ghazal', kind: 'civil_society', consentToName: true });
    await invoke(field.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Migrant associations were consulted in Oujda.'), participantId: p.id });
    const out = await invoke(field.handlers, 'exportWorkshopToOutbox', { workshopId: w.id });
    expect(path.dirname(out.file)).toBe(path.join(path.dirname(field.store.file), 'outbox'));
    expect(out.contributions).toBe(1);
    const dl = await invoke(field.handlers, 'readOutboxBundle', { bundleId: out.bundleId });
    expect(sha(Buffer.from(dl.base64, 'base64'))).toBe(sha(fs.readFileSync(out.file)));

    const ministry = makeServices();
    const master = await withDraft(ministry, 'Amina');
    const before = everything(ministry);
    await expect(invoke(ministry.handlers, 'importBundleDataInto', { fileName: dl.fileName, base64: dl.base64, draftId: master })).rejects.toThrow(/not in your trust register/);
    expect(everything(ministry)).toBe(before);
    await invoke(ministry.handlers, 'importBundleDataInto', { fileName: dl.fileName, base64: dl.base64, draftId: master, acceptUnknownSigner: true });
    const pending = await invoke(ministry.handlers, 'listContributions', { draftId: master, status: 'pending' });
    expect(pending.map((c) => c.text)).toEqual(['Migrant associations were consulted in Oujda.']);
    await expect(invoke(ministry.handlers, 'importBundleDataInto', { fileName: dl.fileName, base64: dl.base64, draftId: master, acceptUnknownSigner: true })).rejects.toThrow(/already/);
  });
});
