/**
 * Signed bundles of workshop contributions (kind 'contributions'): exported by the facilitator,
 * verified by Debian tools alone, queued into the ministry's master draft with provenance; refused
 * (nothing changed) when imported twice, for another template version, into an unknown draft, from
 * an unknown signer without confirmation, from a revoked signer, or when a byte was changed.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020 } from '../shared/template';
import { editContributions, pack, person, trust, unpack } from './bundle-tools';
import { cli, storeSnapshot, tempDir } from './helpers';

const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A facilitator's workshop: a named participant (consent), an unnamed one (no consent), three contributions. */
async function workshop(dir: string) {
  const F = await person(path.join(dir, 'facilitator.sqlite'), 'Youssef Alaoui', 'Wilaya de l’Oriental');
  const w = await invoke(F.handlers, 'createWorkshop', { title: 'Consultation régionale — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya de l’Oriental', facilitator: 'Youssef Alaoui' });
  const named = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima Zahra', organisation: 'Association Oujda Ain Ghazal', kind: 'civil_society', consentToName: true });
  const unnamed = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Hassan Secret', organisation: 'Union Marocaine du Travail', kind: 'union', consentToName: false });
  await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Migrant associations were consulted in Oujda.'), participantId: named.id });
  await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['II.a', 'III.a/objective/6'], content: textToDoc('Recruitment fees:\n\n- ban them\n- inspect agencies'), participantId: unnamed.id });
  await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.b'], content: textToDoc('تنسيق جهوي مع الولاية'), organisation: 'Conseil régional' });
  return { F, workshopId: w.id };
}

async function ministry(dir: string, name = 'ministry.sqlite') {
  const M = await person(path.join(dir, name), 'Amina Benali', 'Ministère des Affaires étrangères');
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Maroc — revue nationale' })).id;
  return { M, master };
}

describe('contribution bundles', () => {
  it('export verifies with openssl and sha256sum; names travel only with consent; bundle verify shows kind and counts', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const r = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'oujda.gcmr') });
    expect(r.contributions).toBe(3);
    const x = path.join(dir, 'x');
    fs.mkdirSync(x);
    sh('unzip', ['-q', r.file, '-d', x]);
    expect(fs.readdirSync(x).sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.sig', 'VERIFY.txt', 'bundle.json', 'contributions.json', 'signer.pub.pem']);
    expect(sh('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'signer.pub.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'], x)).toMatch(/Signature Verified Successfully/);
    expect(sh('sha256sum', ['--strict', '-c', 'SHA256SUMS'], x).trim().split('\n')).toEqual(['VERIFY.txt: OK', 'bundle.json: OK', 'contributions.json: OK']);
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'signer.pub.pem', '-outform', 'DER'], { cwd: x });
    const id = (await invoke(F.handlers, 'getIdentity', {}))!;
    expect(`sha256:${sha(der)}`).toBe(id.fingerprint);
    const m = JSON.parse(fs.readFileSync(path.join(x, 'bundle.json'), 'utf8'));
    expect(m).toMatchObject({ type: 'gcm-review-bundle', kind: 'contributions', workshop: { id: workshopId, title: 'Consultation régionale — Oujda' }, counts: { participants: 2, namedParticipants: 1, contributions: 3 } });
    const payloadText = fs.readFileSync(path.join(x, 'contributions.json'), 'utf8');
    expect(payloadText).toContain('Fatima Zahra');
    expect(payloadText).not.toContain('Hassan Secret'); // no consent: the name never leaves the laptop
    expect(payloadText).toContain('Union Marocaine du Travail');
    // the outbox lists it; it does not count as an export of a draft
    expect((await invoke(F.handlers, 'listOutbox', {})).map((e) => e.bundleId)).toContain(r.bundleId);

    const { M } = await ministry(dir);
    const v = await invoke(M.handlers, 'verifyBundle', { file: r.file });
    expect(v).toMatchObject({ kind: 'contributions', draft: null, workshop: { id: workshopId, place: 'Oujda' }, trust: { status: 'unknown' }, counts: { contributions: 3, participants: 2, namedParticipants: 1, attachments: 0 } });
    const file = M.store.file;
    M.close();
    const out = await cli(file, 'bundle', 'verify', r.file);
    expect(out.code).toBe(0);
    expect(out.out).toContain('(contributions)');
    expect(out.out).toContain('contents: 3 contributions, 2 participants (1 named with their consent)');
    expect(out.out).toContain('workshop: Consultation régionale — Oujda (2020-09-15, Oujda');
  });

  it('imports into a master draft on another store: contributions pending with provenance; twice refused, nothing changed', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const { file: bundle, bundleId } = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'oujda.gcmr') });
    const { M, master } = await ministry(dir);
    const fp = await trust(M, F);

    // a contributions bundle does not make a new draft
    const s0 = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundle', { file: bundle })).rejects.toThrow(/--into DRAFT/);
    expect(storeSnapshot(M)).toBe(s0);

    const r = await invoke(M.handlers, 'importBundleInto', { file: bundle, draftId: master });
    expect(r).toMatchObject({ kind: 'contributions', bundleId });
    expect(r.message).toMatch(/^3 contributions from workshop "Consultation régionale — Oujda" \(2020-09-15, Oujda\) queued for review; signed by Youssef Alaoui \(Wilaya de l’Oriental\)$/);
    const pending = await invoke(M.handlers, 'listContributions', { draftId: master, status: 'pending' });
    expect(pending).toHaveLength(3);
    for (const c of pending) {
      expect(c.provenance.bundle).toMatchObject({ id: bundleId, signerName: 'Youssef Alaoui', signerOrganisation: 'Wilaya de l’Oriental', signerFingerprint: fp, trustStatus: 'trusted' });
      expect(c.provenance.workshop).toMatchObject({ id: workshopId, title: 'Consultation régionale — Oujda', place: 'Oujda', authority: 'Wilaya de l’Oriental' });
    }
    const bySource = Object.fromEntries(pending.map((c) => [c.targets[0], c.provenance]));
    expect(bySource['I.e']).toMatchObject({ source: 'Fatima Zahra (Association Oujda Ain Ghazal)', participantName: 'Fatima Zahra' });
    expect(bySource['II.a']).toMatchObject({ source: 'Union Marocaine du Travail', participantName: null });
    expect(JSON.stringify(storeSnapshot(M))).not.toContain('Hassan Secret');
    expect((await invoke(M.handlers, 'listContributions', { draftId: master, field: 'III.a/objective/6' })).map((c) => c.text)).toEqual(['Recruitment fees:\nban them\ninspect agencies']);
    const log = await invoke(M.handlers, 'auditLog', { draftId: master });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['contributions.import', 'bundle.import']));

    // twice: says so, changes nothing (API and CLI)
    const s1 = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: bundle, draftId: master })).rejects.toThrow(/already imported \(into draft .*\); nothing was added/);
    expect(storeSnapshot(M)).toBe(s1);
    const v = await invoke(M.handlers, 'verifyBundle', { file: bundle });
    expect(v).toMatchObject({ alreadyImported: true, importedAs: master });
    const file = M.store.file;
    M.close();
    const again = await cli(file, 'bundle', 'import', bundle, '--into', master);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: bundle .* was already imported \(into draft [0-9a-f-]{36} ".*"\); nothing was added\n?$/);
  });

  it('CLI: bundle export-workshop, then bundle import --into queues them', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const { M, master } = await ministry(dir);
    await trust(M, F);
    const ff = F.store.file;
    const mf = M.store.file;
    F.close();
    M.close();
    const out = path.join(dir, 'cli.gcmr');
    const e = await cli(ff, 'bundle', 'export-workshop', workshopId, '--out', out);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/cli\.gcmr\t[0-9a-f-]{36}\t3 contributions/);
    const i = await cli(mf, 'bundle', 'import', out, '--into', master);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/^3 contributions from workshop .* queued for review; signed by Youssef Alaoui/);
    const l = await cli(mf, 'contribution', 'list', master, '--json');
    expect(JSON.parse(l.out)).toHaveLength(3);
  });

  it('refuses another template version, an unknown draft, an unknown signer without confirmation, a revoked signer, a changed byte — nothing changed', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const { file: bundle } = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'oujda.gcmr') });
    const { M, master } = await ministry(dir);
    // the ministry also has a newer version of the template
    await invoke(M.handlers, 'importTemplate', { json: JSON.stringify({ ...ARAB_REGION_2020, version: '1.1.0' }) });
    const before = storeSnapshot(M);
    const refused = async (file: string, pattern: RegExp, opts: { draftId?: string; acceptUnknownSigner?: boolean } = {}) => {
      await expect(invoke(M.handlers, 'importBundleInto', { file, draftId: opts.draftId ?? master, acceptUnknownSigner: opts.acceptUnknownSigner ?? true })).rejects.toThrow(pattern);
      expect(storeSnapshot(M)).toBe(before);
    };

    // unknown signer: refused unless confirmed
    await refused(bundle, /not in your trust register: .*--accept-unknown-signer/, { acceptUnknownSigner: false });
    // unknown target draft
    await refused(bundle, /no draft with id 0190aaaa-0000-7000-8000-000000000000 here; nothing imported/, { draftId: '0190aaaa-0000-7000-8000-000000000000' });

    // validly signed, but captured for template 1.1.0 while the master uses 1.0.0
    const items = await unpack(bundle);
    const v11 = path.join(dir, 'v11.gcmr');
    fs.writeFileSync(v11, await pack(editContributions(items, F, (p, m) => ((p.template.version = '1.1.0'), (m.template.version = '1.1.0')))));
    await refused(v11, /captured for template arab-region-2020 1\.1\.0, but draft "Maroc — revue nationale" uses arab-region-2020 1\.0\.0; nothing imported/);
    // a template version nobody has here
    const v9 = path.join(dir, 'v9.gcmr');
    fs.writeFileSync(v9, await pack(editContributions(items, F, (p, m) => ((p.template.version = '9.0.0'), (m.template.version = '9.0.0')))));
    await refused(v9, /unknown template arab-region-2020 version 9\.0\.0/);
    // tagged to a question the template does not have
    const off = path.join(dir, 'off.gcmr');
    fs.writeFileSync(off, await pack(editContributions(items, F, (p) => (p.contributions[0].targets = ['IX.z']))));
    await refused(off, /does not fit template|IX\.z/);
    // a name without consent smuggled in
    const smuggled = path.join(dir, 'smuggled.gcmr');
    fs.writeFileSync(smuggled, await pack(editContributions(items, F, (p) => (p.participants.find((x: any) => !x.consentToName).name = 'Hassan Secret'))));
    await refused(smuggled, /did not consent to be named/);

    // hostile: one changed byte in contributions.json (signature untouched)
    const tampered = items.map((i) => (i.name === 'contributions.json' ? { ...i, data: Buffer.from(i.data.toString().replace('Oujda', 'Oujdb')) } : i));
    const bad = path.join(dir, 'tampered.gcmr');
    fs.writeFileSync(bad, await pack(tampered));
    await refused(bad, /contributions\.json was changed after signing/);
    await expect(invoke(M.handlers, 'verifyBundle', { file: bad })).rejects.toThrow(/contributions\.json was changed after signing/);

    // revoked signer: never, even when confirmed
    const fp = await trust(M, F);
    await invoke(M.handlers, 'trustRevoke', { fingerprint: fp, reason: 'laptop stolen' });
    const revokedState = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: bundle, draftId: master, acceptUnknownSigner: true })).rejects.toThrow(/revoked/);
    expect(storeSnapshot(M)).toBe(revokedState);
  });

  it('encrypted to the ministry: Debian age decrypts it; import --into with the age identity', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const key = path.join(dir, 'ministry.key');
    sh('age-keygen', ['-o', key]);
    const recipient = /age1[0-9a-z]+/.exec(fs.readFileSync(key, 'utf8'))![0];
    await expect(invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'bad.gcmr'), recipients: ['age1nope'] })).rejects.toMatchObject({ code: 'invalid_input' });
    const r = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'oujda.gcmr'), recipients: [recipient] });
    expect(r.file.endsWith('.gcmr.age')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'oujda.gcmr'))).toBe(false);
    const plain = path.join(dir, 'plain.gcmr');
    sh('age', ['-d', '-i', key, '-o', plain, r.file]);
    const x = path.join(dir, 'x');
    fs.mkdirSync(x);
    sh('unzip', ['-q', plain, '-d', x]);
    sh('sha256sum', ['--strict', '-c', 'SHA256SUMS'], x);
    const { M, master } = await ministry(dir);
    await trust(M, F);
    const file = M.store.file;
    M.close();
    const i = await cli(file, 'bundle', 'import', r.file, '--into', master, '--identity', key);
    expect(i.code).toBe(0);
    expect(i.out).toMatch(/^3 contributions from workshop/);
  });

  it('confirmed unknown signer: imported, the confirmation and trust status recorded', async () => {
    const dir = tempDir();
    const { F, workshopId } = await workshop(dir);
    const { file: bundle } = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'oujda.gcmr') });
    const { M, master } = await ministry(dir);
    await invoke(M.handlers, 'importBundleInto', { file: bundle, draftId: master, acceptUnknownSigner: true });
    const [c] = await invoke(M.handlers, 'listContributions', { draftId: master });
    expect(c!.provenance.bundle!.trustStatus).toBe('unknown');
    expect(c!.provenance.bundle!.signerTrust).toMatchObject({ status: 'unknown', reasonRef: { messageKey: 'trust.unknown' } });
    const log = await invoke(M.handlers, 'auditLog', { draftId: master });
    expect(log.find((e) => e.action === 'bundle.import.signer-confirmed')).toBeTruthy();
    // the signer's key added later, valid only from a day to come: the contribution's signer is
    // decided as an import decides it now (not yet valid), not trusted from the register's entry alone
    const id = (await invoke(F.handlers, 'getIdentity', {}))!;
    await invoke(M.handlers, 'trustAdd', { publicKeyPem: id.publicKeyPem!, name: id.name, organisation: id.organisation, validFrom: '2999-01-01' });
    const [later] = await invoke(M.handlers, 'listContributions', { draftId: master, status: 'pending' });
    expect(later!.provenance.bundle!.signerTrust).toMatchObject({ status: 'expired', reasonRef: { messageKey: 'trust.notYetValid', messageParams: { validFrom: '2999-01-01' } } });
    expect(later!.provenance.bundle!.signerTrust).toEqual((await invoke(M.handlers, 'verifyBundle', { file: bundle })).trust);
  });
});
