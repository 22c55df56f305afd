/** Signed bundles: standard tools verify them, age decrypts them, a round trip keeps everything, trust rules hold. */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { outsideValidity } from '../main/keys/trust';
import { listRevisionRows } from '../main/store/revisions';
import type { Services } from '../main/services';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';
import { sampleDraft, unpack } from './bundle-tools';
import { wordIn } from './i18n-tools';
import { formatDay } from '../shared/i18n/languages';

const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const fileSha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

async function exporter(dir: string) {
  const A = makeServices(path.join(dir, 'a.sqlite'));
  const sample = await sampleDraft(A, dir);
  return { A, ...sample };
}

async function receiver(dir: string, trusting?: Services) {
  const B = makeServices(path.join(dir, 'b.sqlite'));
  await invoke(B.handlers, 'setIdentity', { name: 'Coordinator', organisation: 'Ministry of Foreign Affairs' });
  if (trusting) {
    const id = (await invoke(trusting.handlers, 'getIdentity', {}))!;
    await invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: id.name, organisation: id.organisation });
  }
  return B;
}

describe('export verifies with Debian tools alone', () => {
  it('openssl verifies the signature, sha256sum every file, and the fingerprint matches', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'out.gcmr') });
    expect(r.sha256).toBe(fileSha(r.file));
    const x = path.join(dir, 'x');
    fs.mkdirSync(x);
    sh('unzip', ['-q', r.file, '-d', x]);
    expect(sh('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signer.pub.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], x)).toMatch(/Signature Verified Successfully/);
    const checked = sh('sha256sum', ['--strict', '-c', 'SHA256SUMS'], x);
    expect(checked.trim().split('\n')).toEqual(['VERIFY.txt: OK', 'attachments/0001.pdf: OK', 'attachments/0002.jpg: OK', 'bundle.json: OK', 'draft.json: OK']);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'signer.pub.pem', '-outform', 'DER'], { cwd: x });
    const fp = execFileSync('sha256sum', [], { input: der, encoding: 'utf8' }).split(' ')[0];
    const id = (await invoke(A.handlers, 'getIdentity', {}))!;
    expect(`sha256:${fp}`).toBe(id.fingerprint);
    expect(JSON.parse(fs.readFileSync(path.join(x, 'bundle.json'), 'utf8')).signer.fingerprint).toBe(id.fingerprint);
    expect(fs.readFileSync(path.join(x, 'SHA256SUMS.sig')).length).toBe(64);
    expect(fs.readFileSync(path.join(x, 'VERIFY.txt'), 'utf8')).toContain(id.fingerprint!);
    // app-made names only; the original names travel inside bundle.json
    const m = JSON.parse(fs.readFileSync(path.join(x, 'bundle.json'), 'utf8'));
    expect(m.files.map((f: { originalName?: string }) => f.originalName)).toEqual([undefined, 'law 2003-02.pdf', 'flipchart.JPG']);
    expect(m).toMatchObject({ type: 'gcm-review-bundle', formatVersion: 1, kind: 'draft', template: { id: 'arab-region-2020', version: '1.0.0' }, sections: null });
    // a tampered copy fails the same tools
    fs.appendFileSync(path.join(x, 'draft.json'), ' ');
    expect(() => sh('sha256sum', ['--strict', '-c', 'SHA256SUMS'], x)).toThrow(/did NOT match/);
  });

  it('an encrypted export decrypts with Debian age, back to a bundle that verifies', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    sh('age-keygen', ['-o', path.join(dir, 'ministry.key')]);
    const recipient = /age1[0-9a-z]+/.exec(fs.readFileSync(path.join(dir, 'ministry.key'), 'utf8'))![0];
    const { generateIdentity, identityToRecipient } = await import('age-encryption');
    const second = await identityToRecipient(await generateIdentity());
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'out.gcmr'), recipients: [recipient, second] });
    expect(r.file.endsWith('.gcmr.age')).toBe(true);
    expect(r.encrypted).toBe(true);
    expect(fs.existsSync(path.join(dir, 'out.gcmr'))).toBe(false); // no plaintext left beside it
    expect(fs.readFileSync(r.file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const plain = path.join(dir, 'plain.gcmr');
    sh('age', ['-d', '-i', path.join(dir, 'ministry.key'), '-o', plain, r.file]);
    const x = path.join(dir, 'x');
    fs.mkdirSync(x);
    sh('unzip', ['-q', plain, '-d', x]);
    expect(sh('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signer.pub.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], x)).toMatch(/Verified Successfully/);
    sh('sha256sum', ['--strict', '-c', 'SHA256SUMS'], x);
    const B = await receiver(dir, A);
    const v = await invoke(B.handlers, 'verifyBundle', { file: r.file, identityFile: path.join(dir, 'ministry.key') });
    expect(v).toMatchObject({ encrypted: true, trust: { status: 'trusted' } });
    const imp = await invoke(B.handlers, 'importBundle', { file: r.file, identityFile: path.join(dir, 'ministry.key') });
    expect((await invoke(B.handlers, 'getDraft', { draftId: imp.draftId })).title).toBe('Revue nationale — Maroc');
  });
});

describe('round trip', () => {
  it('export then import keeps every answer, revision chain, author and attachment byte', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'out.gcmr') });
    const B = await receiver(dir, A);
    const { draftId: copy, report, remappedRevisions } = await invoke(B.handlers, 'importBundle', { file: r.file });
    expect(remappedRevisions).toBe(0);
    expect(report.counts).toEqual({ fields: 4, answers: 2, objectives: 1, principles: 1, revisions: 6, attachments: 3, attachmentBytes: 25_000, contributions: 0, participants: 0, namedParticipants: 0 });
    const src = await invoke(A.handlers, 'getDraft', { draftId });
    const dst = await invoke(B.handlers, 'getDraft', { draftId: copy });
    expect(copy).not.toBe(draftId);
    expect(dst.fields).toEqual(src.fields); // same head revision ids, values, authors, times
    for (const field of Object.keys(src.fields)) {
      const strip = (h: Array<Record<string, unknown>>) => h.map(({ draftId: _d, ...rest }) => rest);
      expect(strip(await invoke(B.handlers, 'fieldHistory', { draftId: copy, field }))).toEqual(strip(await invoke(A.handlers, 'fieldHistory', { draftId, field })));
    }
    const hist = await invoke(B.handlers, 'fieldHistory', { draftId: copy, field: 'I.a' });
    expect(hist.map((h) => h.parentId)).toEqual([hist[1]!.id, hist[2]!.id, null]);
    expect(hist.every((h) => h.authorName === 'Amina Benali' && h.authorOrganisation === 'Ministère de l’Intérieur')).toBe(true);
    // provenance
    const row = B.store.db.prepare('SELECT origin_bundle_id FROM drafts WHERE id = ?').get(copy) as { origin_bundle_id: string };
    expect(row.origin_bundle_id).toBe(report.bundleId);
    expect([...new Set(listRevisionRows(B.store, copy).map((x) => x.source_bundle_id))]).toEqual([report.bundleId]);
    expect(B.store.db.prepare("SELECT direction, signer_fingerprint, file_sha256 FROM bundles WHERE id = ?").get(report.bundleId)).toEqual({ direction: 'import', signer_fingerprint: report.signer.fingerprint, file_sha256: r.sha256 });
    // attachments: same bytes, same names, stored once per content
    const srcAtt = await invoke(A.handlers, 'listAttachments', { draftId });
    const dstAtt = await invoke(B.handlers, 'listAttachments', { draftId: copy });
    expect(dstAtt.map((a) => [a.field, a.name, a.sha256, a.size, a.sourceBundleId])).toEqual(srcAtt.map((a) => [a.field, a.name, a.sha256, a.size, report.bundleId]));
    for (const a of dstAtt) expect(fileSha((await invoke(B.handlers, 'openAttachment', { attachmentId: a.id })).path)).toBe(a.sha256);
    expect(B.store.db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 2 });
    // the same bundle twice: said so, nothing added
    const before = storeSnapshot(B);
    await expect(invoke(B.handlers, 'importBundle', { file: r.file })).rejects.toThrow(/already imported \(as draft .*\); nothing was added/);
    expect(storeSnapshot(B)).toBe(before);
  });

  it('a bundle returning to a store that has its history gets new ids that remember the originals', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const r1 = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'a.gcmr') });
    const B = await receiver(dir, A);
    const { draftId: inB } = await invoke(B.handlers, 'importBundle', { file: r1.file });
    const head = (await invoke(B.handlers, 'getDraft', { draftId: inB })).fields['I.a']!.revisionId;
    await invoke(B.handlers, 'saveField', { draftId: inB, field: 'I.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'edited by the ministry' }] }] } }, baseRevisionId: head });
    const r2 = await invoke(B.handlers, 'exportBundle', { draftId: inB, outFile: path.join(dir, 'b.gcmr') });
    const m2 = JSON.parse((await unpack(r2.file)).find((i) => i.name === 'bundle.json')!.data.toString());
    expect(m2.derivedFrom).toBe(r1.bundleId);
    const back = await invoke(A.handlers, 'importBundle', { file: r2.file, acceptUnknownSigner: true });
    expect(back.remappedRevisions).toBe(6); // all shared history; the new revision kept its id
    const hist = await invoke(A.handlers, 'fieldHistory', { draftId: back.draftId, field: 'I.a' });
    const origins = listRevisionRows(A.store, back.draftId, 'I.a').reverse(); // oldest first
    const orig = await invoke(A.handlers, 'fieldHistory', { draftId, field: 'I.a' });
    expect(origins.slice(0, 3).map((o) => o.origin_revision_id)).toEqual(orig.map((o) => o.id).reverse());
    expect(origins[3]!.origin_revision_id).toBeNull();
    expect(hist[0]!.parentId).toBe(origins[2]!.id); // the chain is intact under the new ids
    // exporting the returned draft again travels under the original ids (a merge finds the ancestor)
    const r3 = await invoke(A.handlers, 'exportBundle', { draftId: back.draftId, outFile: path.join(dir, 'c.gcmr') });
    const d3 = JSON.parse((await unpack(r3.file)).find((i) => i.name === 'draft.json')!.data.toString());
    const ia = d3.fields.find((f: { field: string }) => f.field === 'I.a');
    expect(ia.revisions.map((x: { id: string }) => x.id).slice(0, 3)).toEqual(orig.map((o) => o.id).reverse());
  });

  it('--sections exports only those sections, and imports as such', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 's.gcmr'), sections: ['II'] });
    const names = (await unpack(r.file)).map((i) => i.name).sort();
    expect(names.filter((n) => n.startsWith('attachments/'))).toEqual(['attachments/0001.pdf', 'attachments/0002.jpg']);
    const B = await receiver(dir, A);
    const v = await invoke(B.handlers, 'verifyBundle', { file: r.file });
    expect(v.sections).toEqual(['II']);
    expect(v.counts).toMatchObject({ fields: 1, answers: 1, attachments: 2 });
    const { draftId: copy } = await invoke(B.handlers, 'importBundle', { file: r.file });
    expect(Object.keys((await invoke(B.handlers, 'getDraft', { draftId: copy })).fields)).toEqual(['II.b']);
    await expect(invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 't.gcmr'), sections: ['IX'] })).rejects.toThrow(/unknown section IX/);
  });
});

describe('trust', () => {
  it('unknown signer: refused without confirmation, imported with it (recorded); revoked: never', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'u.gcmr') });
    const B = await receiver(dir);
    const v = await invoke(B.handlers, 'verifyBundle', { file: r.file });
    expect(v.trust).toEqual({ status: 'unknown', knownAs: null, reason: 'the signer is not in the trust register', reasonRef: { messageKey: 'trust.unknown' } });
    const before = storeSnapshot(B);
    await expect(invoke(B.handlers, 'importBundle', { file: r.file })).rejects.toThrow(/not in your trust register.*--accept-unknown-signer/);
    expect(storeSnapshot(B)).toBe(before);
    const imp = await invoke(B.handlers, 'importBundle', { file: r.file, acceptUnknownSigner: true });
    const audit = B.store.db.prepare("SELECT target, reason FROM audit_log WHERE action = 'bundle.import.signer-confirmed' AND draft_id = ?").get(imp.draftId) as { target: string; reason: string };
    expect(audit.target).toBe(v.signer.fingerprint);
    expect(audit.reason).toMatch(/user confirmed importing bundle .* trust status "unknown"/);

    const id = (await invoke(A.handlers, 'getIdentity', {}))!;
    await invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: 'Amina', organisation: 'Interior' });
    await expect(invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: 'Amina', organisation: 'Interior' })).rejects.toThrow(/already in the trust register/);
    await invoke(B.handlers, 'trustRevoke', { fingerprint: id.fingerprint!, reason: 'laptop stolen' });
    const r2 = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'v.gcmr') });
    const revoked = (await invoke(B.handlers, 'verifyBundle', { file: r2.file })).trust;
    // the English for the CLI and logs; coded for the interface: the day of the revocation and its note as values
    const today = new Date().toISOString().slice(0, 10);
    expect(revoked).toMatchObject({ status: 'revoked', reason: expect.stringMatching(/^the signer's key was revoked on \S+ \(laptop stolen\)$/), reasonRef: { messageKey: 'trust.revoked', messageParams: { revokedAt: today, why: 'laptop stolen' } } });
    expect(await wordIn(revoked.reasonRef, 'fr')).toBe(`la clé du signataire a été révoquée le ${formatDay(today, 'fr')}, pour le motif «\u00a0laptop stolen\u00a0»`);
    expect(await wordIn(revoked.reasonRef, 'ar')).toBe(`أُلغي مفتاح الموقِّع بتاريخ ${formatDay(today, 'ar')}، بسبب «laptop stolen»`);
    expect((await cli(path.join(dir, 'b.sqlite'), 'bundle', 'verify', r2.file)).out).toMatch(/^trust: REVOKED — the signer's key was revoked on .* \(laptop stolen\); key belongs to Amina \(Interior\)$/m);
    const before2 = storeSnapshot(B);
    await expect(invoke(B.handlers, 'importBundle', { file: r2.file, acceptUnknownSigner: true })).rejects.toThrow(/revoked .*laptop stolen.*never imported/);
    expect(storeSnapshot(B)).toBe(before2);
    await expect(invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: 'Amina', organisation: 'Interior' })).rejects.toThrow(/revoked.*cannot be trusted again/);
  });

  it('a key outside its validity dates is not trusted', async () => {
    const dir = tempDir();
    const { A, draftId } = await exporter(dir);
    const B = await receiver(dir);
    const id = (await invoke(A.handlers, 'getIdentity', {}))!;
    const e = await invoke(B.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: 'A', organisation: 'O', validUntil: '2020-01-01' });
    expect(e.validUntil).toBe('2020-01-01');
    const { file } = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'x.gcmr') });
    const expired = (await invoke(B.handlers, 'verifyBundle', { file })).trust;
    expect(expired).toMatchObject({ status: 'expired', reason: "the signer's key is valid only … to 2020-01-01", reasonRef: { messageKey: 'trust.expiredUntil', messageParams: { validUntil: '2020-01-01' } } });
    expect(await wordIn(expired.reasonRef, 'en')).toBe('the signer’s key was valid only until 1 January 2020');
    expect(await wordIn(expired.reasonRef, 'fr')).toBe('la clé du signataire n’était valide que jusqu’au 1er janvier 2020');
    expect(await wordIn(expired.reasonRef, 'ar')).toBe('كان مفتاح الموقِّع صالحًا حتى 1 يناير 2020 فقط');
    const list = await invoke(B.handlers, 'trustList', {});
    expect(list.map((x) => x.fingerprint)).toEqual([id.fingerprint]);
    // the register's list carries the same decision (the trust page showed any key not revoked as trusted)
    expect(list[0]!.trust).toEqual(expired);
    expect((await cli(path.join(dir, 'b.sqlite'), 'trust', 'list')).out).toMatch(/\tNOT VALID NOW \(the signer's key is valid only … to 2020-01-01\)\tA\tO$/);
  });

  it('a validity bound given as a day covers that whole day; a bound with a time is compared as a time', () => {
    // valid until 5 December: still valid late on the 5th (it was not from midnight), no longer on the 6th
    expect(outsideValidity('2026-12-05T23:59:00.000Z', null, '2026-12-05')).toBe(false);
    expect(outsideValidity('2026-12-06T00:00:00.000Z', null, '2026-12-05')).toBe(true);
    // valid from 5 December: from its first moment
    expect(outsideValidity('2026-12-05T00:00:00.000Z', '2026-12-05', null)).toBe(false);
    expect(outsideValidity('2026-12-04T23:59:59.999Z', '2026-12-05', null)).toBe(true);
    // with an offset: 23:00 at UTC-5 is 04:00 UTC the next day (as text it sorts before)
    expect(outsideValidity('2026-12-06T01:00:00.000Z', null, '2026-12-05T23:00:00-05:00')).toBe(false);
    expect(outsideValidity('2026-12-06T05:00:00.000Z', null, '2026-12-05T23:00:00-05:00')).toBe(true);
  });
});

describe('outbox', () => {
  it('lists exports and shows what changed since the last one', async () => {
    const dir = tempDir();
    const { A, draftId, photo } = await exporter(dir);
    expect((await invoke(A.handlers, 'changesSinceExport', { draftId })).lastExport).toBeNull();
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'o.gcmr') });
    expect(await invoke(A.handlers, 'changesSinceExport', { draftId })).toMatchObject({ changedFields: [], addedAttachments: [], removedAttachments: [] });
    const head = (await invoke(A.handlers, 'getDraft', { draftId })).fields['II.b']!.revisionId;
    await invoke(A.handlers, 'saveField', { draftId, field: 'II.b', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'new' }] }] } }, baseRevisionId: head });
    await invoke(A.handlers, 'saveField', { draftId, field: 'IV.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'added' }] }] } }, baseRevisionId: null });
    const att = await invoke(A.handlers, 'addAttachment', { draftId, field: 'IV.a', filePath: photo, name: 'again.jpg' });
    const c = await invoke(A.handlers, 'changesSinceExport', { draftId });
    expect(c.lastExport!.bundleId).toBe(r.bundleId);
    expect(c.changedFields).toEqual(['II.b', 'IV.a']);
    expect(c.addedAttachments).toEqual([att.id]);
    const r2 = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'o2.gcmr') });
    const out = await invoke(A.handlers, 'listOutbox', {});
    expect(out.map((o) => o.bundleId)).toEqual([r2.bundleId, r.bundleId]);
    expect(out[1]).toMatchObject({ file: r.file, sha256: r.sha256, recipients: [], draftId, draftTitle: 'Revue nationale — Maroc', fields: 4, attachments: 3 });
    await expect(invoke(A.handlers, 'exportBundle', { draftId, outFile: r.file })).rejects.toThrow(/already exists/);
  });
});

describe('CLI', () => {
  it('identity, attach, bundle export/verify/import/outbox, trust add/list/revoke', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.sqlite');
    const b = path.join(dir, 'b.sqlite');
    expect((await cli(a, 'identity', 'init', '--name', 'Amina', '--organisation', 'Interior')).out).toMatch(/^Amina \(Interior\)\nsha256:[0-9a-f]{64}$/);
    const id = JSON.parse((await cli(a, 'identity', 'show', '--json')).out);
    expect(id.fingerprint).toMatch(/^sha256:/);
    expect(id.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await cli(a, 'identity', 'show')).out).toContain(`fingerprint: ${id.fingerprint}`);
    const draft = (await cli(a, 'draft', 'create', '--title', 'T')).out;
    await cli(a, 'answer', 'set', draft, 'I.a', '--text', 'hello');
    const f = path.join(dir, 'stats.csv');
    fs.writeFileSync(f, 'a,b\n1,2\n');
    const add = await cli(a, 'attach', 'add', draft, 'I.a', f);
    expect(add.code).toBe(0);
    expect((await cli(a, 'attach', 'add', draft, 'I.z', f)).err).toMatch(/^error: unknown question I\.z/);
    expect(JSON.parse((await cli(a, 'attach', 'list', draft, '--json')).out)[0]).toMatchObject({ name: 'stats.csv', mediaType: 'text/csv', size: 8 });
    const out = path.join(dir, 'x.gcmr');
    expect((await cli(a, 'bundle', 'export', draft, '--out', out, '--sections', 'I')).code).toBe(0);
    const pem = path.join(dir, 'amina.pem');
    fs.writeFileSync(pem, id.publicKeyPem);
    await cli(b, 'identity', 'init', '--name', 'C', '--organisation', 'MFA');
    const v = await cli(b, 'bundle', 'verify', out);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/trust: UNKNOWN/);
    const imp1 = await cli(b, 'bundle', 'import', out);
    expect(imp1.code).toBe(1);
    expect(imp1.err.split('\n')).toHaveLength(1);
    expect((await cli(b, 'trust', 'add', pem, '--name', 'Amina', '--organisation', 'Interior')).out).toBe(`trusted: Amina (Interior) ${id.fingerprint}`);
    expect((await cli(b, 'bundle', 'verify', out)).out).toMatch(/trust: TRUSTED/);
    expect(JSON.parse((await cli(b, 'bundle', 'verify', out, '--json')).out).counts.attachments).toBe(1);
    const imp = await cli(b, 'bundle', 'import', out);
    expect(imp.out).toMatch(/^[0-9a-f-]{36}$/);
    expect((await cli(b, 'answer', 'get', imp.out, 'I.a')).out).toBe('hello');
    expect(JSON.parse((await cli(b, 'trust', 'list', '--json')).out)).toHaveLength(1);
    expect((await cli(b, 'trust', 'revoke', id.fingerprint)).code).toBe(0);
    expect((await cli(b, 'trust', 'list')).out).toMatch(/REVOKED/);
    expect(JSON.parse((await cli(a, 'bundle', 'outbox', '--json')).out)[0].file).toBe(out);
    const bad = path.join(dir, 'bad.gcmr');
    fs.writeFileSync(bad, fs.readFileSync(out).subarray(0, 100));
    const bv = await cli(b, 'bundle', 'verify', bad);
    expect(bv.code).toBe(1);
    expect(bv.err).toMatch(/^error: not a readable zip archive/);
    expect(bv.err.split('\n')).toHaveLength(1);
  });
});
