/**
 * Issue 12: a contribution tagged to several questions is accepted or dismissed per target; it
 * keeps waiting under the others (sidebar counts, dashboard, panel). Real store.
 */
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { docToText, textToDoc } from '../shared/plaintext';
import { makeServices } from './helpers';
import { answer, save } from './merge-helpers';

async function setup() {
  const M = makeServices();
  await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
  const w = await invoke(M.handlers, 'createWorkshop', { title: 'Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya', draftId: master });
  const c = await invoke(M.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e', 'II.a', 'III.a/objective/7'], content: textToDoc('Migrant associations took part.'), organisation: 'Association Ain Ghazal' });
  return { M, master, c };
}

describe('decisions per target', () => {
  it('accepted under one question, it still waits under the others until each is decided', async () => {
    const { M, master, c } = await setup();
    await save(M, master, 'I.e', answer('First paragraph.\n\nSecond paragraph.'));
    const r = await invoke(M.handlers, 'acceptContribution', { contributionId: c.id, draftId: master, fields: ['I.e'], mode: 'insert', at: 1 });
    const v = (await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.e']!.value;
    expect(v.kind === 'answer' && docToText(v.doc)).toBe('First paragraph.\n\nMigrant associations took part.\n\nSecond paragraph.');
    expect(r.contribution).toMatchObject({ status: 'pending', pendingTargets: ['II.a', 'III.a/objective/7'], decisions: [{ field: 'I.e', status: 'accepted', revisionId: r.revisions[0]!.revisionId }] });
    const waiting = async (field: string) => (await invoke(M.handlers, 'listContributions', { draftId: master, field, status: 'pending' })).map((x) => x.id);
    expect(await waiting('I.e')).toEqual([]);
    expect(await waiting('II.a')).toEqual([c.id]);
    expect((await invoke(M.handlers, 'listContributions', { draftId: master, field: 'I.e', status: 'accepted' })).map((x) => x.id)).toEqual([c.id]);
    const dash = await invoke(M.handlers, 'dashboard', { draftId: master });
    expect(dash.questions.find((q) => q.field === 'I.e')).toMatchObject({ pending: 0, accepted: 1 });
    expect(dash.questions.find((q) => q.field === 'II.a')).toMatchObject({ pending: 1, accepted: 0 });
    // where it comes from as data (the renderer words the workshop and its day in the interface language)
    const workshop = { title: 'Oujda', date: '2020-09-15', place: 'Oujda' };
    expect(dash.questions.find((q) => q.field === 'II.a')!.from).toEqual([{ source: 'Association Ain Ghazal', workshop, count: 1 }]);
    expect(dash.objectives.find((o) => o.number === 7)!.said).toMatchObject([{ contributionId: c.id, source: 'Association Ain Ghazal', workshop, status: 'pending' }]);

    // the same target twice is refused; nothing changes
    await expect(invoke(M.handlers, 'acceptContribution', { contributionId: c.id, draftId: master, fields: ['I.e'] })).rejects.toThrow(/already accepted under I\.e/);
    // dismissed under II.a, then accepted under the objective: the contribution as a whole is accepted
    const d = await invoke(M.handlers, 'dismissContribution', { contributionId: c.id, reason: 'Not about the legal framework.', fields: ['II.a'] });
    expect(d).toMatchObject({ status: 'pending', pendingTargets: ['III.a/objective/7'] });
    expect(await waiting('II.a')).toEqual([]);
    expect((await invoke(M.handlers, 'listContributions', { draftId: master, field: 'II.a', status: 'dismissed' }))[0]!.decisions[1]).toMatchObject({ field: 'II.a', reason: 'Not about the legal framework.' });
    const last = await invoke(M.handlers, 'acceptContribution', { contributionId: c.id, draftId: master });
    expect(last.revisions.map((x) => x.field)).toEqual(['III.a/objective/7']);
    expect(last.contribution).toMatchObject({ status: 'accepted', pendingTargets: [], acceptedRevisionId: r.revisions[0]!.revisionId });
    await expect(invoke(M.handlers, 'dismissContribution', { contributionId: c.id, reason: 'x' })).rejects.toThrow(/already decided under every target/);
  });

  it('dismissed under every target at once, as before', async () => {
    const { M, master, c } = await setup();
    const d = await invoke(M.handlers, 'dismissContribution', { contributionId: c.id, reason: 'Duplicate of another contribution.' });
    expect(d).toMatchObject({ status: 'dismissed', dismissReason: 'Duplicate of another contribution.', pendingTargets: [] });
    expect(d.decisions.map((x) => x.field)).toEqual(['I.e', 'II.a', 'III.a/objective/7']);
    expect(await invoke(M.handlers, 'listContributions', { draftId: master, status: 'pending' })).toEqual([]);
  });
});
