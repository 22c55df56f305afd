/**
 * Draft progress without parsing answers (issue 13, migration 008): the `filled` flag each head
 * carries must always equal what a full recount of every head's value gives, after saves,
 * imports, bundle round trips, merges, conflict resolutions, duplicates, trash and restore, and
 * after migrating a store written before 008.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { invoke } from '../main/dispatch';
import { mergeReturnedDraft } from '../main/merge/returned-draft';
import type { Services } from '../main/services';
import { isFilled } from '../main/services/values';
import { listHeads, parseValue } from '../main/store/revisions';
import type { FieldValue } from '../shared/contract';
import { fieldKind, fieldQuestion } from '../shared/template';
import { noteFromText } from '../shared/note';
import { makeServices, tempDir } from './helpers';
import { writePre008Store } from './pre-008-store';
import { sampleDraft } from './bundle-tools';
import { answer, fieldRecords, headsOf, importAsNewDraft, save } from './merge-helpers';

/** The progress of every draft computed the slow way: read and parse every head. */
function recount(s: Services, trash = false) {
  const drafts = s.store.db.prepare(`SELECT * FROM drafts WHERE deleted_at IS ${trash ? 'NOT ' : ''}NULL`).all() as Array<{ id: string; template_id: string; template_version: string }>;
  return Object.fromEntries(
    drafts.map((d) => {
      const t = s.templates.get(d.template_id, d.template_version);
      const filled = new Set(listHeads(s.store, d.id).filter((h) => fieldKind(h.field) === 'answer' && isFilled(parseValue(h.value))).map((h) => fieldQuestion(h.field)));
      return [d.id, t.sections.map((sec) => ({ sectionId: sec.id, answered: sec.questions.filter((q) => filled.has(q.id)).length, total: sec.questions.length }))];
    }),
  );
}

async function listed(s: Services, trash = false) {
  return Object.fromEntries((await invoke(s.handlers, 'listDrafts', { trash })).map((d) => [d.id, d.progress]));
}

async function expectCountsRight(s: Services) {
  expect(await listed(s)).toEqual(recount(s));
  expect(await listed(s, true)).toEqual(recount(s, true));
  for (const id of Object.keys(recount(s))) expect((await invoke(s.handlers, 'getDraft', { draftId: id })).progress).toEqual(recount(s)[id]);
}

const answered = async (s: Services, id: string) => (await invoke(s.handlers, 'listDrafts', {})).find((d) => d.id === id)!.answered;

describe('draft progress is kept with each save and equals a recount', () => {
  it('saves that fill, empty (whitespace only) and refill answers; objectives do not count', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Maroc — examen national' })).id;
    await expectCountsRight(s);
    expect(await answered(s, d)).toBe(0);
    await save(s, d, 'I.a', answer('La coordination est assurée par le ministère.'));
    await save(s, d, 'II.a', answer('الإطار القانوني: القانون 02-03.'));
    expect(await answered(s, d)).toBe(2);
    await save(s, d, 'I.a', answer('  \n\n  ')); // emptied: no longer answered
    expect(await answered(s, d)).toBe(1);
    await save(s, d, 'III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('Plan adopted.') });
    expect(await answered(s, d)).toBe(1);
    await save(s, d, 'I.a', answer('Back again.'));
    expect(await answered(s, d)).toBe(2);
    // restore an old (empty) revision: a save like any other
    const hist = await invoke(s.handlers, 'fieldHistory', { draftId: d, field: 'I.a' });
    const empty = hist.find((h) => h.text.trim() === '')!;
    await invoke(s.handlers, 'restoreRevision', { draftId: d, field: 'I.a', revisionId: empty.id, baseRevisionId: hist[0]!.id });
    expect(await answered(s, d)).toBe(1);
    await expectCountsRight(s);
  });

  it('duplicate, trash, restore, text import and placing an unplaced item', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await save(s, d, 'I.a', answer('One.'));
    await save(s, d, 'I.b', answer('Two.'));
    const copy = await invoke(s.handlers, 'duplicateDraft', { draftId: d });
    expect(copy.answered).toBe(2);
    await invoke(s.handlers, 'deleteDraft', { draftId: d });
    await expectCountsRight(s);
    await invoke(s.handlers, 'restoreDraft', { draftId: d });
    const imp = await invoke(s.handlers, 'importText', { text: 'I.a Coordination\nThe MFA chairs it.\n\nII.a Legal framework\nLaw 02-03.\n' });
    expect(imp.draft.answered).toBeGreaterThan(0);
    await expectCountsRight(s);
  });

  it('bundle import as a new draft, returned-draft merge (fast-forward, merged, conflict) and conflict resolution', async () => {
    const dir = tempDir();
    const A = makeServices(path.join(dir, 'a.sqlite'));
    const { draftId } = await sampleDraft(A, dir);
    const r = await invoke(A.handlers, 'exportBundle', { draftId, outFile: path.join(dir, 'out.gcmr') });
    const B = makeServices(path.join(dir, 'b.sqlite'));
    await invoke(B.handlers, 'setIdentity', { name: 'Coordinator', organisation: 'MFA' });
    const { draftId: copy } = await invoke(B.handlers, 'importBundle', { file: r.file, acceptUnknownSigner: true });
    expect((await invoke(B.handlers, 'getDraft', { draftId: copy })).answered).toBe((await invoke(A.handlers, 'getDraft', { draftId })).answered);
    await expectCountsRight(B);

    const M = makeServices(path.join(dir, 'm.sqlite'));
    const D = makeServices(path.join(dir, 'd.sqlite'));
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Master' })).id;
    await save(M, master, 'I.a', answer('Base.'));
    await save(M, master, 'I.b', answer('Base b.'));
    await save(M, master, 'II.a', answer('Base c.'));
    const base = headsOf(M, master);
    const dept = await importAsNewDraft(D, fieldRecords(M, master), 'Dept');
    await expectCountsRight(D);
    await save(D, dept, 'I.a', answer('')); // fast-forward to an empty answer
    await save(D, dept, 'I.c', answer('New from the department.')); // a new field
    await save(D, dept, 'II.a', answer('Theirs.'));
    await save(M, master, 'II.a', answer('Ours.')); // conflict
    const res = mergeReturnedDraft(M.store, master, { fields: fieldRecords(D, dept), baseRevisions: base }, { bundleId: uuidv7(), from: 'Dept' });
    expect(res.fields.map((f) => f.outcome).sort()).toEqual(['conflict', 'fast-forward', 'new', 'up-to-date']);
    await expectCountsRight(M);
    const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    await invoke(M.handlers, 'resolveConflict', { conflictId: c!.id, value: answer(' ') });
    await expectCountsRight(M);
    expect(await answered(M, master)).toBe(2); // I.b, I.c
  });
});

describe('migration 008 backfills the flags of a store written before it', () => {
  it('a store at schema 7, written as the code before 008 wrote it, opens with the progress a recount gives', async () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const d = writePre008Store(file, [
      ['I.a', answer('Filled.')],
      ['I.b', answer('   ')],
      ['II.a', answer('نص عربي')],
      ['III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('') }],
    ]);
    const s = makeServices(file);
    await expectCountsRight(s);
    expect(await answered(s, d)).toBe(2);
    // and the counts keep up with the next saves
    await save(s, d, 'I.b', answer('Now filled.'));
    await save(s, d, 'I.a', answer(''));
    await expectCountsRight(s);
    expect(await answered(s, d)).toBe(2);
  });
});
