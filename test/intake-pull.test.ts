/** The ministry pulls: its installation, enrolled as a receiver, downloads, verifies and imports what the intake received. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { cli, makeServices, tempDir } from './helpers';
import { connect, makeSender, startIntake } from './intake-tools';
import { editAndResign, pack, unpack } from './bundle-tools';
import { textToDoc } from '../shared/plaintext';
import { wordedEverywhere } from './i18n-tools';

/** The English lines the pull writes for the CLI; none may show on a French or Arabic screen. */
const ENGLISH = /then import the file|bundle import FILE|^does not verify:|^not imported:|\(SHA-256 or size differ\)|^already imported$/;

/** Every file under `dir` whose name holds `part`. */
const filesNamed = (dir: string, part: string): string[] =>
  fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f).includes(part)).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());

describe('delivery pull', () => {
  it('a receiver imports delivered drafts once; bundles from signers it does not trust stay in the inbox; devices cannot list', async () => {
    const dir = tempDir();
    const intake = await startIntake(path.join(dir, 'intake'));
    try {
      const a = await makeSender(path.join(dir, 'a'), 'a');
      const stranger = await makeSender(path.join(dir, 'x'), 'x');
      for (const s of [a, stranger]) {
        await connect(s, intake.intake, intake.url);
        (await s.s.loaded()).delivery.tune({ baseDelayMs: 20 });
        (await s.s.loaded()).delivery.start();
      }
      const b1 = await a.exportOne();
      const b2 = await stranger.exportOne();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b1.bundleId });
      await invoke(stranger.s.handlers, 'deliverySend', { bundleId: b2.bundleId });
      await Promise.all([(await a.s.loaded()).delivery.whenIdle(), (await stranger.s.loaded()).delivery.whenIdle()]);

      const mdb = path.join(dir, 'm', 'ministry.sqlite');
      const m = makeServices(mdb);
      await invoke(m.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'Ministry of Foreign Affairs' });
      const mine = (await invoke(m.handlers, 'getIdentity', {}))!;
      await invoke(m.handlers, 'trustAdd', { publicKeyPem: a.publicKeyPem, name: 'Amina Benali', organisation: 'Ministère de l’Intérieur' });
      await invoke(m.handlers, 'deliveryConnect', { url: intake.url, intakeKeyPem: intake.intake.key.publicKeyPem });

      // not enrolled as a receiver yet, and a device cannot list either
      await expect(invoke(m.handlers, 'deliveryPull', {})).rejects.toThrow(/not enrolled/);
      await expect(invoke(a.s.handlers, 'deliveryPull', {})).rejects.toThrow(/enrolled as a device, not a receiver/);

      await intake.intake.enrol({ publicKeyPem: mine.publicKeyPem!, name: 'Coordination unit', organisation: 'MFA', role: 'receiver' });
      // a file already in the inbox under b1's name that is not b1 (left there by hand, or another
      // bundle): not taken for it; the listed bytes are fetched again and imported
      const inbox = path.join(dir, 'm', 'inbox');
      fs.mkdirSync(inbox, { recursive: true });
      fs.copyFileSync(b2.file, path.join(inbox, `${b1.bundleId}.gcmr`));
      // the two uploads ran side by side: the intake lists them in the order they completed
      const pulled = await invoke(m.handlers, 'deliveryPull', {});
      expect(pulled.map((i) => [i.bundleId, i.outcome]).sort()).toEqual(
        [
          [b1.bundleId, 'imported'],
          [b2.bundleId, 'kept'],
        ].sort(),
      );
      const items = [b1, b2].map((b) => pulled.find((i) => i.bundleId === b.bundleId)!);
      expect(items[0]!.file).toBe(path.join(inbox, `${b1.bundleId}.gcmr`));
      expect(fs.readFileSync(items[0]!.file).equals(fs.readFileSync(b1.file))).toBe(true);
      expect(items[1]!.message).toMatch(/unknown.*trust register/);
      expect(fs.readFileSync(items[1]!.file).equals(fs.readFileSync(b2.file))).toBe(true);
      const draft = await invoke(m.handlers, 'getDraft', { draftId: items[0]!.draftId! });
      expect(draft.title).toBe('Revue nationale — Maroc');
      expect((await invoke(m.handlers, 'listDrafts', {})).length).toBe(1);

      // nothing new the second time
      expect(await invoke(m.handlers, 'deliveryPull', {})).toEqual([]);

      // a bundle encrypted for the ministry: delivered unopened, opened at pull with the ministry's age identity
      // (a department's draft sent again is a new draft, as with bundle import; only the ministry's own drafts come back merged)
      const { generateIdentity, identityToRecipient } = await import('age-encryption');
      const id = await generateIdentity();
      const idFile = path.join(dir, 'ministry.agekey');
      fs.writeFileSync(idFile, `${id}\n`);
      await invoke(a.s.handlers, 'saveField', { draftId: a.draftId, field: 'IV.a', value: { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Added after the first delivery.' }] }] } }, baseRevisionId: null });
      const enc = await invoke(a.s.handlers, 'exportBundleToOutbox', { draftId: a.draftId, recipients: [await identityToRecipient(id)] });
      await invoke(a.s.handlers, 'deliverySend', { bundleId: enc.bundleId });
      await (await a.s.loaded()).delivery.whenIdle();
      const [e] = await invoke(m.handlers, 'deliveryPull', { identityFile: idFile });
      expect(e).toMatchObject({ bundleId: enc.bundleId, outcome: 'imported' });
      const again = await invoke(m.handlers, 'getDraft', { draftId: e!.draftId! });
      expect(JSON.stringify(again)).toContain('Added after the first delivery.');
      m.close();
      const r = await cli(mdb, 'delivery', 'pull');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe('nothing new at the intake');
    } finally {
      await intake.close();
    }
  });

  it('a delivered bundle under the id of another one imported here first is kept with that reason, not taken for "already imported"', async () => {
    const dir = tempDir();
    const intake = await startIntake(path.join(dir, 'intake'));
    try {
      const a = await makeSender(path.join(dir, 'a'), 'a');
      await connect(a, intake.intake, intake.url);
      (await a.s.loaded()).delivery.tune({ baseDelayMs: 20 });
      (await a.s.loaded()).delivery.start();
      const b = await a.exportOne();
      await invoke(a.s.handlers, 'deliverySend', { bundleId: b.bundleId });
      await (await a.s.loaded()).delivery.whenIdle();

      const m = makeServices(path.join(dir, 'm', 'ministry.sqlite'));
      await invoke(m.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'Ministry of Foreign Affairs' });
      const mine = (await invoke(m.handlers, 'getIdentity', {}))!;
      await invoke(m.handlers, 'trustAdd', { publicKeyPem: a.publicKeyPem, name: 'Amina Benali', organisation: 'Ministère de l’Intérieur' });
      await invoke(m.handlers, 'deliveryConnect', { url: intake.url, intakeKeyPem: intake.intake.key.publicKeyPem });
      await intake.intake.enrol({ publicKeyPem: mine.publicKeyPem!, name: 'Coordination unit', organisation: 'MFA', role: 'receiver' });
      // another bundle under the same id (other signed contents) was imported by hand first
      const forged = path.join(dir, 'forged.gcmr');
      fs.writeFileSync(forged, await pack(editAndResign(await unpack(b.file), a.s, { draft: (d) => (d.draft.country = 'Elsewhere') })));
      const first = await invoke(m.handlers, 'importBundle', { file: forged });

      const [item] = await invoke(m.handlers, 'deliveryPull', {});
      expect(item).toMatchObject({ bundleId: b.bundleId, outcome: 'other', draftId: first.draftId });
      expect(item!.message).toBe(`another bundle than the one already imported under id ${b.bundleId} (into draft ${first.draftId}): its signed contents (SHA256SUMS) differ; refused as a possible forgery or replay; nothing was added`);
      await wordedEverywhere(item!.messageRef, 'bundle.otherBundle', ENGLISH);
      expect((await invoke(m.handlers, 'listDrafts', {})).length).toBe(1);
      m.close();
    } finally {
      await intake.close();
    }
  });

  it('why a bundle stays in the inbox is a code with its values, worded in en, fr and ar; a refusal that has its own code keeps it', async () => {
    const dir = tempDir();
    const intake = await startIntake(path.join(dir, 'intake'));
    try {
      const [a, stranger, gone] = await Promise.all(['a', 'x', 'r'].map((n) => makeSender(path.join(dir, n), n)));
      for (const s of [a!, stranger!, gone!]) {
        await connect(s, intake.intake, intake.url);
        (await s.s.loaded()).delivery.tune({ baseDelayMs: 20 });
        (await s.s.loaded()).delivery.start();
      }
      const m = makeServices(path.join(dir, 'm', 'ministry.sqlite'));
      await invoke(m.handlers, 'setIdentity', { name: 'Coordination unit', organisation: 'Ministry of Foreign Affairs' });
      const mine = (await invoke(m.handlers, 'getIdentity', {}))!;
      for (const s of [a!, gone!]) await invoke(m.handlers, 'trustAdd', { publicKeyPem: s.publicKeyPem, name: 'Amina Benali', organisation: 'Ministère de l’Intérieur' });
      await invoke(m.handlers, 'trustRevoke', { fingerprint: gone!.fingerprint, reason: 'laptop stolen' });
      await invoke(m.handlers, 'deliveryConnect', { url: intake.url, intakeKeyPem: intake.intake.key.publicKeyPem });
      await intake.intake.enrol({ publicKeyPem: mine.publicKeyPem!, name: 'Coordination unit', organisation: 'MFA', role: 'receiver' });

      const { generateIdentity, identityToRecipient } = await import('age-encryption');
      const unknown = await stranger!.exportOne();
      const revoked = await gone!.exportOne();
      const twice = await a!.exportOne();
      const sealed = await invoke(a!.s.handlers, 'exportBundleToOutbox', { draftId: a!.draftId, recipients: [await identityToRecipient(await generateIdentity())] });
      const damaged = await a!.exportOne();
      const ws = await invoke(a!.s.handlers, 'createWorkshop', { title: 'Consultation — Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya', facilitator: 'Youssef Alaoui' });
      await invoke(a!.s.handlers, 'addContribution', { workshopId: ws.id, targets: ['I.e'], content: textToDoc('Associations were consulted.'), organisation: 'Conseil régional' });
      const workshop = await invoke(a!.s.handlers, 'exportWorkshopBundle', { workshopId: ws.id, file: path.join(dir, 'a', 'oujda.gcmr') });
      await invoke(m.handlers, 'importBundle', { file: twice.file });
      for (const [s, b] of [[stranger, unknown], [gone, revoked], [a, twice], [a, sealed], [a, damaged], [a, workshop]] as const) {
        await invoke(s!.s.handlers, 'deliverySend', { bundleId: b.bundleId });
        await (await s!.s.loaded()).delivery.whenIdle();
      }
      // the intake's copy of one bundle altered (same size, other bytes): the download is not what the listing says
      const stored = filesNamed(path.join(dir, 'intake'), damaged.bundleId);
      expect(stored.length).toBeGreaterThan(0);
      for (const f of stored) {
        const bytes = fs.readFileSync(f);
        bytes[100] = bytes[100]! ^ 0xff;
        fs.writeFileSync(f, bytes);
      }

      const pulled = await invoke(m.handlers, 'deliveryPull', {});
      const of = (bundleId: string) => pulled.find((i) => i.bundleId === bundleId)!;
      const inbox = path.join(dir, 'm', 'inbox');
      expect(of(unknown.bundleId)).toMatchObject({ outcome: 'kept', messageRef: { messageKey: 'pull.signer.unknown', messageParams: { fingerprint: stranger!.fingerprint, file: path.join(inbox, `${unknown.bundleId}.gcmr`) } } });
      expect(of(unknown.bundleId).message).toMatch(/is unknown.*trust register/);
      const fr = await wordedEverywhere(of(unknown.bundleId).messageRef, 'pull.signer.unknown', ENGLISH);
      expect(fr.fr).toContain('Échanges → Registre de confiance');
      expect(fr.ar).toContain(stranger!.fingerprint);
      expect(of(revoked.bundleId)).toMatchObject({ outcome: 'kept', messageRef: { messageKey: 'pull.signer.revoked', messageParams: { fingerprint: gone!.fingerprint } } });
      await wordedEverywhere(of(revoked.bundleId).messageRef, 'pull.signer.revoked', ENGLISH);
      expect(of(twice.bundleId)).toMatchObject({ outcome: 'already', message: 'already imported' });
      await wordedEverywhere(of(twice.bundleId).messageRef, 'bundle.alreadyImported', ENGLISH);
      // encrypted for the ministry, pulled without its identity: the bundle refusal's own code, not "does not verify: …" in English
      expect(of(sealed.bundleId)).toMatchObject({ outcome: 'kept', message: expect.stringMatching(/^does not verify: /) });
      await wordedEverywhere(of(sealed.bundleId).messageRef, 'bundle.needsIdentity', ENGLISH);
      expect(of(damaged.bundleId)).toMatchObject({ outcome: 'again', messageRef: { messageKey: 'pull.bytesDiffer' } });
      await wordedEverywhere(of(damaged.bundleId).messageRef, 'pull.bytesDiffer', ENGLISH);
      // not skipped for good: asked for again on the next pull, still not the one listed; once the intake's copy is whole, taken
      expect((await invoke(m.handlers, 'deliveryPull', {})).map((i) => [i.bundleId, i.messageRef?.messageKey])).toEqual([[damaged.bundleId, 'pull.bytesDiffer']]);
      for (const f of stored) {
        const bytes = fs.readFileSync(f);
        bytes[100] = bytes[100]! ^ 0xff;
        fs.writeFileSync(f, bytes);
      }
      const again = await invoke(m.handlers, 'deliveryPull', {});
      expect(again.map((i) => [i.bundleId, i.outcome])).toEqual([[damaged.bundleId, 'imported']]);
      expect(await invoke(m.handlers, 'deliveryPull', {})).toEqual([]);
      // contributions for a draft the ministry does not have: what to do on the screen, not the CLI's command
      expect(of(workshop.bundleId)).toMatchObject({ outcome: 'kept', messageRef: { messageKey: 'pull.noDraft', messageParams: { file: path.join(inbox, `${workshop.bundleId}.gcmr`) } } });
      expect((await wordedEverywhere(of(workshop.bundleId).messageRef, 'pull.noDraft', ENGLISH)).fr).toContain('Échanges → Importer un paquet');
      m.close();
    } finally {
      await intake.close();
    }
  });

  it('every reason the pull gives is worded in en, fr and ar', async () => {
    for (const key of ['pull.bytesDiffer', 'pull.notVerified', 'pull.signer.unknown', 'pull.signer.revoked', 'pull.signer.expired', 'pull.noDraft', 'pull.notImported'])
      await wordedEverywhere({ messageKey: key, messageParams: { name: 'أمينة الإدريسي', fingerprint: 'SHA256:abc', file: '/inbox/x.gcmr' } }, key, ENGLISH);
  });
});
