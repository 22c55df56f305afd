import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { importContributions, importContributionsBatch } from '../main/workshops/import';
import { workshopPayload } from '../main/workshops/payload';
import { ContributionsPayload } from '../shared/contributions-format';
import { docToText, textToDoc } from '../shared/plaintext';
import { makeServices, storeSnapshot } from './helpers';
import { answer, save } from './merge-helpers';
import { noteFromText } from '../shared/note';

const doc = (t: string) => textToDoc(t);

/** A facilitator's laptop with one workshop in Oujda. */
async function field() {
  const F = makeServices();
  await invoke(F.handlers, 'setIdentity', { name: 'Youssef', organisation: "Wilaya de l'Oriental" });
  const w = await invoke(F.handlers, 'createWorkshop', { title: 'Consultation régionale', date: '2020-09-15', place: 'Oujda', authority: "Wilaya de l'Oriental" });
  const fatima = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Fatima Zahra', organisation: 'Association Oujda Ain Ghazal', kind: 'migrant_association', consentToName: true });
  const anon = await invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'Omar B.', organisation: 'UMT', kind: 'union' });
  const c1 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e', 'III.a/objective/7'], content: doc('Migrant associations took part in the Oujda consultation.'), participantId: fatima.id });
  const c2 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: doc('- Unions want a seat on the committee\n- Translation into Amazigh'), participantId: anon.id });
  const c3 = await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['II.a'], content: doc('يجب تبسيط إجراءات الإقامة.'), organisation: 'Commune de Berkane' });
  return { F, w, fatima, anon, c1, c2, c3 };
}

async function ministry() {
  const M = makeServices();
  await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review', country: 'Morocco' })).id;
  return { M, master };
}

describe('workshops: fast capture', () => {
  it('records the workshop, participants and contributions attributed to a participant or an organisation', async () => {
    const { F, w, c1, c2, c3 } = await field();
    const got = await invoke(F.handlers, 'getWorkshop', { workshopId: w.id });
    expect(got.workshop).toMatchObject({ title: 'Consultation régionale', date: '2020-09-15', place: 'Oujda', authority: "Wilaya de l'Oriental", facilitator: 'Youssef', participants: 2, contributions: 3 });
    expect(got.contributions.map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    expect(c1.provenance).toMatchObject({ source: 'Fatima Zahra (Association Oujda Ain Ghazal)', participantKind: 'migrant_association', workshop: { place: 'Oujda' } });
    expect(c2.provenance).toMatchObject({ source: 'UMT', participantName: null }); // no consent: organisation only
    expect(c3.provenance.source).toBe('Commune de Berkane');
    expect(c1.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('refuses bad capture with a specific message and nothing written', async () => {
    const { F, w } = await field();
    const before = storeSnapshot(F);
    await expect(invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['IX.z'], content: doc('x'), organisation: 'A' })).rejects.toThrow(/unknown question or objective IX.z/);
    await expect(invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['III.a/objective/99'], content: doc('x'), organisation: 'A' })).rejects.toThrow(/unknown question or objective/);
    await expect(invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.a'], content: doc('x') })).rejects.toThrow(/attribute the contribution/);
    await expect(invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: [], content: doc('x'), organisation: 'A' })).rejects.toThrow(/tag at least one/);
    await expect(invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.a'], content: doc('  '), organisation: 'A' })).rejects.toThrow(/empty/);
    await expect(invoke(F.handlers, 'addParticipant', { workshopId: w.id, name: 'X', organisation: 'Y', kind: 'alien' })).rejects.toThrow(/kind/);
    await expect(invoke(F.handlers, 'createWorkshop', { title: 'T', date: '15/09/2020', place: 'P', authority: 'A' })).rejects.toThrow(/YYYY-MM-DD/);
    expect(storeSnapshot(F)).toBe(before);
  });
});

describe('contribution payloads and import into a master draft', () => {
  it('carries names only with consent, and queues every contribution per question with its provenance', async () => {
    const { F, w, c1, c2 } = await field();
    const payload = workshopPayload(F.store, w.id);
    expect(payload.participants.map((p) => [p.name, p.organisation, p.consentToName])).toEqual([
      ['Fatima Zahra', 'Association Oujda Ain Ghazal', true],
      [null, 'UMT', false],
    ]);
    expect(JSON.stringify(payload)).not.toContain('Omar');
    const { M, master } = await ministry();
    const progress: number[] = [];
    const bundleId = uuidv7();
    const r = importContributions(M.store, master, JSON.parse(JSON.stringify(payload)), { bundleId }, (p) => progress.push(p.done));
    expect(r).toMatchObject({ added: 3, alreadyPresent: 0, participantsAdded: 2 });
    expect(progress.at(-1)).toBe(3);
    const onIe = await invoke(M.handlers, 'listContributions', { draftId: master, field: 'I.e' });
    expect(onIe.map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect(onIe.every((c) => c.status === 'pending')).toBe(true);
    expect(onIe[0]!.provenance).toMatchObject({ source: 'Fatima Zahra (Association Oujda Ain Ghazal)', workshop: { title: 'Consultation régionale', date: '2020-09-15' }, bundle: { id: bundleId } });
    expect(onIe[1]!.provenance.source).toBe('UMT');
    expect((await invoke(M.handlers, 'listContributions', { draftId: master, field: 'III.a/objective/7' })).map((c) => c.id)).toEqual([c1.id]);
    const dash = await invoke(M.handlers, 'dashboard', { draftId: master });
    expect(dash.questions.find((q) => q.field === 'I.e')).toMatchObject({ pending: 2, from: expect.arrayContaining([expect.objectContaining({ source: 'UMT', count: 1 })]) });
    expect(dash.objectives.find((o) => o.number === 7)!.said).toEqual([expect.objectContaining({ contributionId: c1.id, status: 'pending' })]);
  });

  it('importing the same contributions again says so and changes nothing; new ones in a later export are added alone', async () => {
    const { F, w } = await field();
    const { M, master } = await ministry();
    importContributions(M.store, master, workshopPayload(F.store, w.id), { bundleId: uuidv7() });
    const before = storeSnapshot(M);
    expect(() => importContributions(M.store, master, workshopPayload(F.store, w.id), { bundleId: uuidv7() })).toThrow(/already imported: all 3 contributions of workshop "Consultation régionale".*nothing added/);
    expect(storeSnapshot(M)).toBe(before);
    await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.d'], content: doc('Municipalities of Nador and Berkane were consulted.'), organisation: 'Commune de Nador' });
    const r = importContributions(M.store, master, workshopPayload(F.store, w.id), { bundleId: uuidv7() });
    expect(r).toMatchObject({ added: 1, alreadyPresent: 3, participantsAdded: 0 });
    expect(r.message).toMatch(/3 already here, not added again/);
  });

  it('refuses a payload for another template version or an unknown draft, and a malformed one, with nothing changed', async () => {
    const { F, w } = await field();
    const { M, master } = await ministry();
    const before = storeSnapshot(M);
    const p = workshopPayload(F.store, w.id);
    expect(() => importContributions(M.store, master, { ...p, template: { id: p.template.id, version: '2.0.0' } }, { bundleId: null })).toThrow(
      /captured for template arab-region-2020 2.0.0, but draft "Morocco — national review" uses arab-region-2020 1.0.0; nothing imported/,
    );
    expect(() => importContributions(M.store, uuidv7(), p, { bundleId: null })).toThrow(/no draft with id .* here; nothing imported/);
    const named = structuredClone(p);
    named.participants[1]!.name = 'Omar B.'; // a name without consent must not travel
    expect(() => importContributions(M.store, master, named, { bundleId: null })).toThrow(/did not consent/);
    const badTarget = structuredClone(p);
    badTarget.contributions[0]!.targets = ['III.a/objective/99'];
    expect(() => importContributions(M.store, master, badTarget, { bundleId: null })).toThrow(/does not have; nothing imported/);
    expect(() => importContributions(M.store, master, { kind: 'draft' }, { bundleId: null })).toThrow(/not a valid contributions payload/);
    expect(storeSnapshot(M)).toBe(before);
  });

  it('a batch import reports progress per payload and yields between payloads', async () => {
    const { F, w } = await field();
    const { M, master } = await ministry();
    const p = ContributionsPayload.parse(workshopPayload(F.store, w.id));
    const second = structuredClone(p);
    second.workshop.id = uuidv7();
    second.participants = second.participants.map((x) => ({ ...x, id: uuidv7() }));
    second.contributions = second.contributions.map((c, i) => ({ ...c, id: uuidv7(), participantId: c.participantId ? second.participants[p.participants.findIndex((q) => q.id === c.participantId)]!.id : null, createdAt: `2020-09-16T10:00:0${i}.000Z` }));
    const seen: string[] = [];
    const r = await importContributionsBatch(M.store, master, [p, second, p], { skipRefused: true, onProgress: (x) => seen.push(`${x.done}/${x.total}:${x.added}`) });
    expect(seen).toEqual(['1/3:3', '2/3:6', '3/3:6']);
    expect(r.refused).toEqual([{ index: 2, message: expect.stringMatching(/already imported/) }]);
  });
});

describe('accepting and dismissing contributions', () => {
  async function queued() {
    const f = await field();
    const { M, master } = await ministry();
    importContributions(M.store, master, workshopPayload(f.F.store, f.w.id), { bundleId: uuidv7() });
    return { ...f, M, master };
  }

  it('appends to the master answer as a new revision whose note records provenance, listed as a source', async () => {
    const { M, master, c1, c2 } = await queued();
    const existing = await save(M, master, 'I.e', answer('The review consulted non-governmental stakeholders.'));
    const r = await invoke(M.handlers, 'acceptContribution', { contributionId: c1.id, draftId: master });
    expect(r.revisions.map((x) => x.field)).toEqual(['I.e', 'III.a/objective/7']);
    const rev = await invoke(M.handlers, 'getRevision', { revisionId: r.revisions[0]!.revisionId });
    expect(rev.parentId).toBe(existing);
    expect(docToText((rev.value as Extract<typeof rev.value, { kind: 'answer' }>).doc)).toBe('The review consulted non-governmental stakeholders.\n\nMigrant associations took part in the Oujda consultation.');
    expect(rev.note).toMatch(new RegExp(`accepted contribution ${c1.id} from Fatima Zahra \\(Association Oujda Ain Ghazal\\); workshop "Consultation régionale", 2020-09-15, Oujda; bundle`));
    const obj = await invoke(M.handlers, 'getRevision', { revisionId: r.revisions[1]!.revisionId });
    expect(obj.value).toEqual({ kind: 'objective', status: 'not_started', note: noteFromText('Migrant associations took part in the Oujda consultation.') });
    expect(r.contribution).toMatchObject({ status: 'accepted', decidedBy: 'Amina', acceptedRevisionId: r.revisions[0]!.revisionId });
    const sources = await invoke(M.handlers, 'answerSources', { draftId: master, field: 'I.e' });
    expect(sources).toEqual([expect.objectContaining({ revisionId: r.revisions[0]!.revisionId, mode: 'append', contribution: expect.objectContaining({ id: c1.id }) })]);
    await expect(invoke(M.handlers, 'acceptContribution', { contributionId: c1.id, draftId: master })).rejects.toThrow(/already accepted/);
    // insert at the cursor (block 0) — a list contribution lands before the existing text
    const ins = await invoke(M.handlers, 'acceptContribution', { contributionId: c2.id, draftId: master, mode: 'insert', at: 0 });
    expect((await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.e']!.text.split('\n')[0]).toBe('Unions want a seat on the committee');
    expect(ins.revisions).toHaveLength(1);
  });

  it('replace-none fills only an empty answer; dismiss needs a reason and is final; both are in the audit log', async () => {
    const { M, master, c2, c3 } = await queued();
    await save(M, master, 'I.e', answer('Already answered.'));
    const before = storeSnapshot(M);
    await expect(invoke(M.handlers, 'acceptContribution', { contributionId: c2.id, draftId: master, mode: 'replace-none' })).rejects.toThrow(/already has an answer; use append/);
    await expect(invoke(M.handlers, 'dismissContribution', { contributionId: c2.id, reason: '  ' })).rejects.toThrow(/reason is required/);
    expect(storeSnapshot(M)).toBe(before);
    const ok = await invoke(M.handlers, 'acceptContribution', { contributionId: c3.id, draftId: master, mode: 'replace-none', content: doc('يجب تبسيط إجراءات الإقامة للمهاجرين.') });
    const ii = (await invoke(M.handlers, 'getDraft', { draftId: master })).fields['II.a']!;
    expect([ii.revisionId, ii.text]).toEqual([ok.revisions[0]!.revisionId, 'يجب تبسيط إجراءات الإقامة للمهاجرين.']);
    expect((await invoke(M.handlers, 'getRevision', { revisionId: ii.revisionId })).note).toMatch(/from Commune de Berkane.*\(edited when accepted\)$/);
    const d = await invoke(M.handlers, 'dismissContribution', { contributionId: c2.id, reason: 'Covered by the national union consultation.' });
    expect(d).toMatchObject({ status: 'dismissed', dismissReason: 'Covered by the national union consultation.' });
    await expect(invoke(M.handlers, 'dismissContribution', { contributionId: c2.id, reason: 'again' })).rejects.toThrow(/already dismissed/);
    await expect(invoke(M.handlers, 'listContributions', { draftId: master, status: 'pending' })).resolves.toHaveLength(1);
    const log = await invoke(M.handlers, 'auditLog', { draftId: master });
    expect(log.filter((e) => e.action === 'contribution.dismiss')).toEqual([expect.objectContaining({ why: 'Covered by the national union consultation.', target: 'I.e' })]);
    expect(log.some((e) => e.action === 'contribution.accept' && e.target === 'II.a')).toBe(true);
  });
});

export type { Services };
