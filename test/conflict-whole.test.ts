/**
 * An objective whose status both sides set differently is decided as a whole: ours or theirs. A
 * decision taken after the objective was edited again (its note, a contribution taken in) keeps
 * that edit, as a decision on an answer does: it never puts back the value as it was at the merge
 * (found by the simulation, test/consolidation-sim.test.ts; its seed 1015 fails on the code before
 * the fix).
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import { getHead, parseValue } from '../main/store/revisions';
import { noteFromText } from '../shared/note';
import { makeServices } from './helpers';
import { fieldRecords, headsOf, importAsNewDraft, ministryAndDepartment, save } from './merge-helpers';
import { messageRef } from '../shared/messages';
import { LANGUAGES } from '../shared/i18n';
import { tFor, wordedEverywhere } from './i18n-tools';

const OBJ = 'III.a/objective/5';
const objective = (status: 'planned' | 'in_progress' | 'achieved', note: string) => ({ kind: 'objective' as const, status, note: noteFromText(note) });

async function statusConflict() {
  const { M, D, master } = await ministryAndDepartment();
  await save(M, master, OBJ, objective('planned', 'Plan national adopté.\n\nBudget voté.'));
  const baseRevisions = headsOf(M, master);
  const dept = await importAsNewDraft(D, fieldRecords(M, master), 'Copie');
  await save(D, dept, OBJ, objective('achieved', 'Plan national adopté.\n\nBudget voté.\n\nتم تنفيذ الخطة.'));
  await save(M, master, OBJ, objective('in_progress', 'Plan national adopté.\n\nBudget voté.'));
  mergeReturnedDraft(M.store, master, { fields: fieldRecords(D, dept), baseRevisions }, { bundleId: uuidv7(), from: 'وزارة التشغيل' });
  const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
  expect(c!.places).toEqual([]); // decided as a whole
  // the ministry writes in the note after the merge, before deciding
  await save(M, master, OBJ, objective('in_progress', 'Plan national adopté en 2019.\n\nBudget voté.'));
  return { M, master, conflictId: c!.id };
}

const value = (M: ReturnType<typeof makeServices>, draftId: string) => parseValue(getHead(M.store, draftId, OBJ)!.value);

describe('deciding an objective as a whole after editing it again', () => {
  it('the way out of a conflict edited since the merge is worded in every language', async () => {
    const keys = ['cons.conflicts.editedSince', 'cons.conflicts.keepCurrent', 'cons.conflicts.copyFrom', 'cons.conflicts.combineCurrent', 'msg.reviewFlow.editedSinceMerge'];
    const en = await tFor('en');
    for (const lang of LANGUAGES) {
      const t = await tFor(lang);
      for (const k of keys) {
        const w = t(k, { who: 'سلمى', time: '5 déc.' });
        expect(w, `${lang} ${k}`).not.toBe(k);
        if (lang !== 'en') expect(w, `${lang} ${k}`).not.toBe(en(k, { who: 'سلمى', time: '5 déc.' }));
        if (lang === 'ar') expect(w.replace('سلمى', '')).toMatch(/\p{Script=Arabic}/u);
      }
    }
  });

  it('taking ours keeps the edit made since the merge', async () => {
    const { M, master, conflictId } = await statusConflict();
    await invoke(M.handlers, 'resolveConflict', { conflictId, take: 'ours' });
    expect(value(M, master)).toEqual(objective('in_progress', 'Plan national adopté en 2019.\n\nBudget voté.'));
  });

  it('the combined text starts from the current note, and one written from the text at the merge is refused, never saved over the edit', async () => {
    const { M, master, conflictId } = await statusConflict();
    const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    // what the combined box starts from: the note as it is now, with the edit made since the merge
    expect(c!.current!.text).toMatch(/adopté en 2019/);
    expect(c!.current!.revisionId).toBe(c!.currentRevisionId);
    // written from the note as the merge left it (the conflict's ours): refused, nothing overwritten
    const stale = objective('achieved', 'Plan national adopté.\n\nBudget voté.\n\nتم تنفيذ الخطة.');
    for (const baseRevisionId of [undefined, c!.ours!.revisionId]) {
      const err = await invoke(M.handlers, 'resolveConflict', { conflictId, value: stale, baseRevisionId }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'conflict', details: { messageKey: 'reviewFlow.changedSinceCombine', currentRevisionId: c!.currentRevisionId } });
      await wordedEverywhere(messageRef((err as { details: unknown }).details), 'reviewFlow.changedSinceCombine', /revision/);
      expect(value(M, master)).toEqual(objective('in_progress', 'Plan national adopté en 2019.\n\nBudget voté.'));
    }
    expect((await invoke(M.handlers, 'listConflicts', { draftId: master })).map((x) => x.id)).toEqual([conflictId]);
    // written from the current note: saved, the edit in it
    const combined = objective('achieved', 'Plan national adopté en 2019.\n\nBudget voté.\n\nتم تنفيذ الخطة.');
    await invoke(M.handlers, 'resolveConflict', { conflictId, value: combined, baseRevisionId: c!.currentRevisionId });
    expect(value(M, master)).toEqual(combined);
  });

  it('taking theirs takes their status and note changes into the edited note', async () => {
    const { M, master, conflictId } = await statusConflict();
    await invoke(M.handlers, 'resolveConflict', { conflictId, take: 'theirs' });
    expect(value(M, master)).toEqual(objective('achieved', 'Plan national adopté en 2019.\n\nBudget voté.\n\nتم تنفيذ الخطة.'));
  });
});
