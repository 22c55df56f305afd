/**
 * Contributions bundles that are validly signed by a trusted key but claim what belongs to another
 * source in the receiving store: a contribution or participant of another workshop, a workshop
 * brought by another signer, or an older export of a workshop replayed after a newer one. Each is
 * refused with a specific message and leaves the store row for row as it was.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { messageRef } from '../shared/messages';
import { textToDoc } from '../shared/plaintext';
import { editContributions, pack, person, trust, unpack, zipText } from './bundle-tools';
import { eachMutant, judge } from './bundle-mutations';
import { storeSnapshot, tempDir } from './helpers';
import { uuid7Time } from '../main/store/uuid7';

/** Youssef's workshop (one named participant, one contribution), exported; Mallory's, exported; both trusted by the ministry. */
async function setting() {
  const dir = tempDir();
  const F = await person(path.join(dir, 'f.sqlite'), 'Youssef', 'Wilaya');
  const G = await person(path.join(dir, 'g.sqlite'), 'Mallory', 'Elsewhere');
  const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'MFA');
  await trust(M, F);
  await trust(M, G);
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Master' })).id;
  const w = await invoke(F.handlers, 'createWorkshop', { title: 'Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya' });
  const fatima = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima', organisation: 'Assoc', kind: 'civil_society', consentToName: true });
  const c = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Original text.'), participantId: fatima.id });
  const gw = await invoke(G.handlers, 'createWorkshop', { title: 'Other', date: '2020-10-01', place: 'Tanger', authority: 'Y' });
  await invoke(G.handlers, 'addContribution', { workshopId: gw.id, targets: ['I.a'], content: textToDoc('Mallory text'), organisation: 'G org' });
  const gb = await invoke(G.handlers, 'exportWorkshopBundle', { workshopId: gw.id, file: path.join(dir, 'g.gcmr') });
  let n = 0;
  /** Mallory's bundle edited as she likes and validly re-signed with her key. */
  const forged = async (edit: (p: any, m: any) => void) => {
    const file = path.join(dir, `forged-${++n}.gcmr`);
    fs.writeFileSync(file, await pack(editContributions(await unpack(gb.file), G, edit)));
    return file;
  };
  return { dir, F, G, M, master, workshopId: w.id, fatima, contribution: c, forged, mallorys: gb.file };
}

/** An export made while the exporter's clock read `clock` (only Date is set back or forward: the laptop's wrong clock). */
async function exportAs(F: Services, workshopId: string, file: string, clock?: string) {
  if (clock) vi.useFakeTimers({ toFake: ['Date'], now: new Date(clock) });
  try {
    return await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file });
  } finally {
    vi.useRealTimers();
  }
}

const importedAt = (M: Services, bundleId: string) => M.store.sql("SELECT created_at FROM bundles WHERE id = ? AND direction = 'import'").pluck().get(bundleId);

async function refused(M: Services, file: string, draftId: string, message: RegExp, key = 'bundle.clash') {
  const before = storeSnapshot(M);
  const err = await invoke(M.handlers, 'importBundleInto', { file, draftId }).then(() => null, (e: unknown) => e as Error);
  expect(err?.message).toMatch(message);
  expect(messageRef((err as any).details)?.messageKey).toBe(key);
  expect(storeSnapshot(M)).toBe(before);
}

describe('a trusted signer cannot take over what another source brought', () => {
  it('a contribution of another workshop, rewritten under its id: refused (was: its text replaced, its provenance kept)', async () => {
    const { F, M, master, workshopId, contribution, forged } = await setting();
    await invoke(M.handlers, 'importBundleInto', { file: (await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(tempDir(), 'f.gcmr') })).file, draftId: master });
    const file = await forged((p) => {
      p.contributions[0].id = contribution.id;
      p.contributions[0].content = textToDoc('HIJACKED');
    });
    await refused(M, file, master, new RegExp(`contribution ${contribution.id} is already here in another workshop \\(${workshopId}\\), not in workshop "Other"`));
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Original text.']);
  });

  it("a participant of another workshop (to withdraw their consent or borrow their name): refused", async () => {
    const { F, M, master, workshopId, fatima, forged } = await setting();
    await invoke(M.handlers, 'importBundleInto', { file: (await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(tempDir(), 'f.gcmr') })).file, draftId: master });
    const file = await forged((p, m) => {
      p.participants.push({ id: fatima.id, name: null, organisation: 'x', kind: 'civil_society', consentToName: false });
      p.contributions[0].participantId = fatima.id;
      m.counts.participants = p.participants.length;
    });
    await refused(M, file, master, new RegExp(`participant ${fatima.id} is already here in another workshop \\(${workshopId}\\)`));
  });

  it('the id of a workshop another signer brought: refused (was: queued as contributions of that workshop)', async () => {
    const { F, M, master, workshopId, forged } = await setting();
    await invoke(M.handlers, 'importBundleInto', { file: (await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(tempDir(), 'f.gcmr') })).file, draftId: master });
    const file = await forged((p, m) => {
      p.workshop.id = workshopId;
      m.workshop.id = workshopId;
      p.contributions[0].id = crypto.randomUUID();
    });
    await refused(M, file, master, new RegExp(`workshop ${workshopId} is already here, brought by Youssef \\(Wilaya, sha256:[0-9a-f]{64}\\); this bundle is signed by Mallory \\(Elsewhere`));
  });

  it('an older export replayed after a newer one was imported: refused (was: the newer text silently put back to the older)', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const older = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b1.gcmr') });
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Edited there, newer.'), confirmAfterExport: true });
    const newer = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b2.gcmr') });
    await invoke(M.handlers, 'importBundleInto', { file: newer.file, draftId: master });
    await refused(M, older.file, master, new RegExp(`older export of workshop "Oujda" \\(made [^)]+\\) than bundle ${newer.bundleId} \\(made [^)]+\\), already imported`));
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Edited there, newer.']);
  });

  it('a newer export whose creation time is no time (a buggy version, or its signer) does not switch off the replay check: refused (was: imported, and then an older export replayed over it)', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const older = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b1.gcmr') });
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Edited there, newer.'), confirmAfterExport: true });
    const newer = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b2.gcmr') });
    for (const createdAt of ['05/12/2026 18:00 heure de Rabat', '', 'NaN']) {
      const file = path.join(dir, `undated-${createdAt.length}.gcmr`);
      fs.writeFileSync(file, await pack(editContributions(await unpack(newer.file), F, (_p, m) => (m.createdAt = createdAt))));
      await refused(M, file, master, /bundle\.json is invalid: createdAt: /, 'bundle.unreadable');
    }
    await invoke(M.handlers, 'importBundleInto', { file: newer.file, draftId: master });
    await refused(M, older.file, master, /older export of workshop "Oujda"/);
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Edited there, newer.']);
  });

  it('the same workshop exported again by its own signer still updates it (older first, then newer)', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const older = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b1.gcmr') });
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Edited there, newer.'), confirmAfterExport: true });
    const newer = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'b2.gcmr') });
    await invoke(M.handlers, 'importBundleInto', { file: older.file, draftId: master });
    expect((await invoke(M.handlers, 'importBundleInto', { file: newer.file, draftId: master })).message).toMatch(/1 edited there since, updated here/);
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Edited there, newer.']);
  });

  it('a laptop whose clock was once in 2030: its later genuine export still imports, an earlier one replayed is still refused (was: every later export refused as older)', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const early = await exportAs(F, workshopId, path.join(dir, 'b0.gcmr'));
    const future = await exportAs(F, workshopId, path.join(dir, 'b1.gcmr'), '2030-06-01T09:00:00.000Z');
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('After the clock was put right.'), confirmAfterExport: true });
    const genuine = await exportAs(F, workshopId, path.join(dir, 'b2.gcmr'));
    await invoke(M.handlers, 'importBundleInto', { file: future.file, draftId: master });
    expect((await invoke(M.handlers, 'importBundleInto', { file: genuine.file, draftId: master })).message).toMatch(/1 edited there since, updated here/);
    expect(importedAt(M, future.bundleId)).toBe('2030-06-01T09:00:00.000Z'); // a wrong clock's time is shown as it is
    await refused(M, early.file, master, new RegExp(`older export of workshop "Oujda" \\(made [^)]+, export no. \\d+\\) than bundle ${genuine.bundleId} \\(made [^)]+, export no. \\d+\\)`));
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['After the clock was put right.']);
  });

  it('a clock reset to 2000 for one export: an earlier export (made at the right time) replayed after it is refused (was: imported over it as "newer")', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const earlier = await exportAs(F, workshopId, path.join(dir, 'b1.gcmr'));
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Edited with the clock in 2000.'), confirmAfterExport: true });
    const reset = await exportAs(F, workshopId, path.join(dir, 'b2.gcmr'), '2000-01-01T00:00:00.000Z');
    await invoke(M.handlers, 'importBundleInto', { file: reset.file, draftId: master });
    await refused(M, earlier.file, master, new RegExp(`older export of workshop "Oujda" \\(made [^)]+\\) than bundle ${reset.bundleId} \\(made 2000-01-01T00:00:00.000Z`));
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Edited with the clock in 2000.']);
  });

  it("an export's number is its bundle id's time, read by an app of any version (bundle.json has no field for it: older apps' strict schema refused one); an id that is no UUID version 7 is compared by its creation time", async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const first = await exportAs(F, workshopId, path.join(dir, 'b1.gcmr'), '2000-01-01T00:00:00.000Z');
    expect(Object.keys(JSON.parse(await zipText(first.file, 'bundle.json')))).not.toContain('exportSequence');
    expect(uuid7Time(first.bundleId)).toBe(Date.parse('2000-01-01T00:00:00.000Z')); // a store's first export: its clock's time is its number
    // ids the app never makes (version 4): ordered by createdAt among themselves, as every bundle was before
    const v4 = async (name: string, createdAt: string) => {
      const b = await exportAs(F, workshopId, path.join(dir, `made-${name}`));
      const file = path.join(dir, name);
      fs.writeFileSync(file, await pack(editContributions(await unpack(b.file), F, (_p, m) => Object.assign(m, { bundleId: crypto.randomUUID(), createdAt }))));
      return file;
    };
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Second text.'), confirmAfterExport: true });
    const late = await v4('v4-late.gcmr', '2099-01-01T00:00:00.000Z');
    const early = await v4('v4-early.gcmr', '2026-01-01T00:00:00.000Z');
    await invoke(M.handlers, 'importBundleInto', { file: late, draftId: master });
    await refused(M, early, master, /older export of workshop "Oujda" \(made 2026-01-01T00:00:00\.000Z, export no\. \d+\) than bundle [0-9a-f-]+ \(made 2099-01-01T00:00:00\.000Z/);
  });

  it('a clock past what a bundle id can carry (the year 10890, beyond 2^48 ms): the export is made, numbered after the last, and the next genuine one imports after the earlier (was: its number wrapped to near 0, every later export refused as older)', async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const early = await exportAs(F, workshopId, path.join(dir, 'b0.gcmr'));
    const wrong = await exportAs(F, workshopId, path.join(dir, 'b1.gcmr'), new Date(2 ** 48 + 60_000).toISOString());
    expect(uuid7Time(wrong.bundleId)!).toBeGreaterThan(uuid7Time(early.bundleId)!);
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('After the clock was put right.'), confirmAfterExport: true });
    const genuine = await exportAs(F, workshopId, path.join(dir, 'b2.gcmr'));
    expect(uuid7Time(genuine.bundleId)!).toBeGreaterThan(uuid7Time(wrong.bundleId)!);
    await invoke(M.handlers, 'importBundleInto', { file: early.file, draftId: master });
    await invoke(M.handlers, 'importBundleInto', { file: genuine.file, draftId: master });
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['After the clock was put right.']);
  });

  it("a facilitator's store put back to a backup taken before an export: its next export does not reuse that export's number, and imports after it", async () => {
    const { dir, F, M, master, workshopId, contribution } = await setting();
    const sent = await exportAs(F, workshopId, path.join(dir, 'b1.gcmr'), '2026-03-01T10:00:00.000Z');
    // the backup knew neither that export's record nor the counter it moved
    F.store.tx(() => {
      F.store.sql("DELETE FROM bundles WHERE id = ? AND direction = 'export'").run(sent.bundleId);
      F.store.sql('DELETE FROM settings WHERE key LIKE ?').run('workshops.exportSequence.%');
    });
    await invoke(F.handlers, 'updateContribution', { contributionId: contribution.id, content: textToDoc('Made after the restore.'), confirmAfterExport: true });
    const after = await exportAs(F, workshopId, path.join(dir, 'b2.gcmr'), '2026-03-02T10:00:00.000Z');
    expect(uuid7Time(after.bundleId)!).toBeGreaterThan(uuid7Time(sent.bundleId)!);
    await invoke(M.handlers, 'importBundleInto', { file: sent.file, draftId: master });
    await invoke(M.handlers, 'importBundleInto', { file: after.file, draftId: master });
    expect((await invoke(M.handlers, 'listContributions', { draftId: master })).map((c) => c.text)).toEqual(['Made after the restore.']);
  });

  it('times that are no instants and a workshop date that is no YYYY-MM-DD: refused, nothing changed (was: imported as free text); other offsets, far future and past are times', async () => {
    const { M, master, forged } = await setting();
    const cases: Array<[(p: any, m: any) => void, RegExp, string]> = [
      [(p) => (p.contributions[0].createdAt = '05/12/2026 18:00'), /contributions\.json is invalid: contributions\.0\.createdAt/, 'bundle.inconsistent'],
      [(p) => (p.workshop.createdAt = 'hier'), /contributions\.json is invalid: workshop\.createdAt/, 'bundle.inconsistent'],
      [(p) => (p.workshop.createdAt = '2026-12-05T18:00:00'), /contributions\.json is invalid: workshop\.createdAt/, 'bundle.inconsistent'],
      [(p) => (p.workshop.date = '15/10/2020'), /contributions\.json is invalid: workshop\.date/, 'bundle.inconsistent'],
      [(p, m) => (p.workshop.date = m.workshop.date = 'octobre 2020'), /bundle\.json is invalid: workshop\.date/, 'bundle.unreadable'],
    ];
    for (const [edit, message, key] of cases) await refused(M, await forged(edit), master, message, key);
    await invoke(M.handlers, 'importBundleInto', {
      file: await forged((p, m) => {
        p.contributions[0].createdAt = '2030-01-01T10:00:00+01:00';
        p.workshop.createdAt = '2000-01-01T00:00:00.000Z';
        p.workshop.date = m.workshop.date = '1999-12-31';
      }),
      draftId: master,
    });
    expect((await invoke(M.handlers, 'listWorkshops', {})).map((w) => w.date)).toContain('1999-12-31');
  });

  it("a bundle naming another signer than its key's is recorded under the name the register knows (was: shown as the claimed signer's)", async () => {
    const { M, master, forged } = await setting();
    const file = await forged((_p, m) => {
      m.signer.name = 'Youssef';
      m.signer.organisation = 'Wilaya';
    });
    await invoke(M.handlers, 'importBundleInto', { file, draftId: master });
    const [c] = await invoke(M.handlers, 'listContributions', { draftId: master });
    expect(c!.provenance.bundle).toMatchObject({ signerName: 'Mallory', signerOrganisation: 'Elsewhere' });
  });

  it('another bundle under the id of one imported into the draft: refused as such', async () => {
    const { dir, G, M, master, forged } = await setting();
    const first = await invoke(G.handlers, 'exportWorkshopBundle', { workshopId: (await invoke(G.handlers, 'listWorkshops', {}))[0]!.id, file: path.join(dir, 'g2.gcmr') });
    await invoke(M.handlers, 'importBundleInto', { file: first.file, draftId: master });
    const file = await forged((p, m) => {
      m.bundleId = first.bundleId;
      p.contributions[0].content = textToDoc('Other words under the same bundle id');
    });
    await refused(M, file, master, new RegExp(`^another bundle than the one already imported under id ${first.bundleId} \\(into draft ${master}\\): its signed contents \\(SHA256SUMS\\) differ`), 'bundle.otherBundle');
  });

  it('a contribution attributed to a participant the workshop does not have: refused (sound before; kept as a check)', async () => {
    const { M, master, forged } = await setting();
    const before = storeSnapshot(M);
    const file = await forged((p) => (p.contributions[0].participantId = crypto.randomUUID()));
    await expect(invoke(M.handlers, 'importBundleInto', { file, draftId: master })).rejects.toThrow(/contributions\.json is invalid: contributions\.0\.participantId: names a participant not in the bundle/);
    expect(storeSnapshot(M)).toBe(before);
  });
});

/**
 * Hostile content behind the signature (./bundle-mutations.ts): Mallory's contributions bundle
 * mutated and re-signed with her key, queued into the master that already holds Youssef's workshop
 * (so ids collide). Each ends in a refusal that changed nothing or an import whose draft and
 * contributions read back valid by the contract (./bundle-mutations.ts judge).
 */
describe('hostile content in a contributions bundle (property)', () => {
  it('the import into a draft ends clean or in a refusal that changed nothing', async () => {
    const { dir, F, G, M, master, workshopId, mallorys } = await setting();
    await invoke(M.handlers, 'importBundleInto', { file: (await invoke(F.handlers, 'exportWorkshopBundle', { workshopId, file: path.join(dir, 'f.gcmr') })).file, draftId: master });
    const items = await unpack(mallorys);
    const outcomes = await eachMutant(items, G, M, dir, 40, (file, what) => judge(M, what, () => invoke(M.handlers, 'importBundleInto', { file, draftId: master }), () => master, path.join(dir, 'out.gcmr')));
    expect(outcomes.done).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(10);
  }, 60_000);
});

