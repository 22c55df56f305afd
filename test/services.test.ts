import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../shared/contract';
import { textToDoc } from '../shared/plaintext';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { writeRevision } from '../main/services/fields';
import { makeServices, storeSnapshot, tempDir } from './helpers';
import { noteFromText } from '../shared/note';

const answer = (text: string): FieldValue => ({ kind: 'answer', doc: textToDoc(text) });

describe('drafts', () => {
  it('create, list with progress per section, rename, duplicate, trash and restore', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'Morocco — national review 2020', country: 'Morocco' });
    expect(d.progress.map((p) => [p.sectionId, p.answered, p.total])).toEqual([['I', 0, 8], ['II', 0, 7], ['III', 0, 4], ['IV', 0, 3], ['V', 0, 1]]);
    await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('Yes.'), baseRevisionId: null });
    await invoke(h, 'saveField', { draftId: d.id, field: 'III.c', value: answer('Successes.'), baseRevisionId: null });
    await invoke(h, 'saveField', { draftId: d.id, field: 'I.b', value: answer('   '), baseRevisionId: null });
    const [listed] = await invoke(h, 'listDrafts', {});
    expect(listed!.answered).toBe(2);
    expect(listed!.progress.find((p) => p.sectionId === 'I')!.answered).toBe(1);

    expect((await invoke(h, 'renameDraft', { draftId: d.id, title: 'Renamed' })).title).toBe('Renamed');
    const copy = await invoke(h, 'duplicateDraft', { draftId: d.id });
    expect(copy.id).not.toBe(d.id);
    expect(copy.title).toBe('Renamed (copy)');
    const copied = await invoke(h, 'getDraft', { draftId: copy.id });
    expect(copied.fields['I.a']!.text).toBe('Yes.');
    expect(copied.fields['I.a']!.revisionId).not.toBe((await invoke(h, 'getDraft', { draftId: d.id })).fields['I.a']!.revisionId);

    await invoke(h, 'deleteDraft', { draftId: d.id });
    expect((await invoke(h, 'listDrafts', {})).map((x) => x.id)).toEqual([copy.id]);
    expect((await invoke(h, 'listDrafts', { trash: true })).map((x) => x.id)).toEqual([d.id]);
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('x'), baseRevisionId: null })).rejects.toThrow(/in the trash/);
    await invoke(h, 'restoreDraft', { draftId: d.id });
    expect((await invoke(h, 'getDraft', { draftId: d.id })).fields['I.a']!.text).toBe('Yes.');

    const actions = (s.store.db.prepare('SELECT action FROM audit_log WHERE draft_id = ? ORDER BY at, id').all(d.id) as Array<{ action: string }>).map((r) => r.action);
    expect(actions).toEqual(['draft.create', 'draft.rename', 'draft.trash', 'draft.restore']);
  });

  it('refuses unknown templates and drafts with specific errors', async () => {
    const s = makeServices();
    await expect(invoke(s.handlers, 'createDraft', { title: 'x', templateId: 'nope' })).rejects.toThrow('unknown template nope');
    await expect(invoke(s.handlers, 'getDraft', { draftId: '01900000-0000-7000-8000-000000000000' })).rejects.toThrow(/no draft with id/);
    await expect(invoke(s.handlers, 'createDraft', { title: '  ' })).rejects.toThrow(/title is required/);
  });
});

describe('answers: save, history, restore', () => {
  it('records every save as a revision chained to its parent with author and installation', async () => {
    const s = makeServices();
    const h = s.handlers;
    await invoke(h, 'setIdentity', { name: 'Amina', organisation: 'Ministry of Foreign Affairs' });
    const d = await invoke(h, 'createDraft', { title: 'T' });
    const r1 = await invoke(h, 'saveField', { draftId: d.id, field: 'II.c', value: answer('v1'), baseRevisionId: null });
    const r2 = await invoke(h, 'saveField', { draftId: d.id, field: 'II.c', value: answer('v2'), baseRevisionId: r1.revisionId });
    const again = await invoke(h, 'saveField', { draftId: d.id, field: 'II.c', value: answer('v2'), baseRevisionId: r2.revisionId });
    expect(again).toMatchObject({ unchanged: true, revisionId: r2.revisionId });
    const hist = await invoke(h, 'fieldHistory', { draftId: d.id, field: 'II.c' });
    expect(hist.map((r) => [r.text, r.parentId])).toEqual([['v2', r1.revisionId], ['v1', null]]);
    // a stored value written with its keys in another order (an older app, a bundle) is the same value
    const reordered = s.store.tx(() => writeRevision(s.store, { draftId: d.id, field: 'I.a', value: { doc: textToDoc('same'), kind: 'answer' } as unknown as FieldValue, parentId: null }));
    const same = await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('same'), baseRevisionId: reordered.revisionId });
    expect(same).toMatchObject({ unchanged: true, revisionId: reordered.revisionId });
    const other = await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('sema'), baseRevisionId: reordered.revisionId });
    expect(other.unchanged).toBe(false);
    expect(hist[0]).toMatchObject({ authorName: 'Amina', authorOrganisation: 'Ministry of Foreign Affairs', installationId: s.store.installationId });
  });

  it('never overwrites a newer revision: a stale base is a conflict and changes nothing', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'T' });
    const r1 = await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('first'), baseRevisionId: null });
    await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('second'), baseRevisionId: r1.revisionId });
    const before = storeSnapshot(s);
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('stale'), baseRevisionId: r1.revisionId })).rejects.toMatchObject({ code: 'conflict' });
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('new'), baseRevisionId: null })).rejects.toMatchObject({ code: 'conflict' });
    expect(storeSnapshot(s)).toBe(before);
  });

  it('restore is a new revision with the old content; history keeps everything', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'T' });
    const r1 = await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('old text'), baseRevisionId: null });
    const r2 = await invoke(h, 'saveField', { draftId: d.id, field: 'I.a', value: answer('new text'), baseRevisionId: r1.revisionId });
    const r3 = await invoke(h, 'restoreRevision', { draftId: d.id, field: 'I.a', revisionId: r1.revisionId, baseRevisionId: r2.revisionId });
    const hist = await invoke(h, 'fieldHistory', { draftId: d.id, field: 'I.a' });
    expect(hist.map((r) => r.text)).toEqual(['old text', 'new text', 'old text']);
    expect(hist[0]!.id).toBe(r3.revisionId);
    expect(hist[0]!.parentId).toBe(r2.revisionId);
    expect(hist[0]!.note).toMatch(/restored from revision/);
    expect((await invoke(h, 'getRevision', { revisionId: r2.revisionId })).text).toBe('new text');
  });

  it('validates field ids and value kinds against the template', async () => {
    const s = makeServices();
    const h = s.handlers;
    const d = await invoke(h, 'createDraft', { title: 'T' });
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'IX.z', value: answer('x'), baseRevisionId: null })).rejects.toThrow(/unknown question IX\.z/);
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'III.a/objective/5', value: answer('x'), baseRevisionId: null })).rejects.toThrow(/takes a value of kind "objective"/);
    await expect(invoke(h, 'saveField', { draftId: d.id, field: 'III.a/objective/24', value: { kind: 'objective', status: 'planned', note: '' }, baseRevisionId: null })).rejects.toThrow(/unknown question/);
    const ok = await invoke(h, 'saveField', { draftId: d.id, field: 'III.a/objective/5', value: { kind: 'objective', status: 'in_progress', note: 'Pathways' }, baseRevisionId: null });
    expect(ok.unchanged).toBe(false);
    await invoke(h, 'saveField', { draftId: d.id, field: 'III.b/principle/f', value: { kind: 'principle', note: 'Human rights note' }, baseRevisionId: null });
    const got = await invoke(h, 'getDraft', { draftId: d.id });
    expect(got.fields['III.a/objective/5']!.value).toEqual({ kind: 'objective', status: 'in_progress', note: noteFromText('Pathways') });
    expect(got.fields['III.b/principle/f']!.text).toBe('Human rights note');
  });

  it('records the OS user name as author until an identity is set', async () => {
    const s = makeServices();
    const d = await invoke(s.handlers, 'createDraft', { title: 'T' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('x'), baseRevisionId: null });
    const [rev] = await invoke(s.handlers, 'fieldHistory', { draftId: d.id, field: 'I.a' });
    expect(rev!.authorName).toBe((await import('node:os')).userInfo().username);
  });
});

describe('full-text search', () => {
  it('finds English, French and Arabic words whatever diacritics, across drafts, not in trash', async () => {
    const s = makeServices();
    const h = s.handlers;
    const a = await invoke(h, 'createDraft', { title: 'A' });
    const b = await invoke(h, 'createDraft', { title: 'B' });
    await invoke(h, 'saveField', { draftId: a.id, field: 'I.c', value: answer('The Ministry of the Interior coordinates.'), baseRevisionId: null });
    await invoke(h, 'saveField', { draftId: b.id, field: 'II.c', value: answer('Stratégie nationale d’immigration et d’asile'), baseRevisionId: null });
    await invoke(h, 'saveField', { draftId: b.id, field: 'II.d', value: answer('- العمال المهاجرون\n  - حماية الأطفالِ المهاجرين'), baseRevisionId: null });
    expect((await invoke(h, 'search', { query: 'interior' })).hits.map((x) => [x.draftId, x.field])).toEqual([[a.id, 'I.c']]);
    expect((await invoke(h, 'search', { query: 'strategie' })).hits.map((x) => x.field)).toEqual(['II.c']);
    expect((await invoke(h, 'search', { query: 'الأطفال' })).hits.map((x) => x.field)).toEqual(['II.d']);
    expect((await invoke(h, 'search', { query: 'المهاجرين' })).hits.map((x) => x.field)).toEqual(['II.d']);
    expect((await invoke(h, 'search', { query: '"); DROP TABLE drafts; --' })).hits).toEqual([]);
    await invoke(h, 'deleteDraft', { draftId: a.id });
    expect((await invoke(h, 'search', { query: 'interior' })).hits).toEqual([]);
    // The index follows the current text, not old revisions.
    const cur = (await invoke(h, 'getDraft', { draftId: b.id })).fields['II.c']!.revisionId;
    await invoke(h, 'saveField', { draftId: b.id, field: 'II.c', value: answer('Replaced'), baseRevisionId: cur });
    expect((await invoke(h, 'search', { query: 'strategie' })).hits).toEqual([]);
  });
});

describe('store file', () => {
  it('persists across reopen and custom templates load from JSON', async () => {
    const file = path.join(tempDir(), 's.sqlite');
    const s1 = createServices(file);
    const d = await invoke(s1.handlers, 'createDraft', { title: 'Persist' });
    const tpl = structuredClone(await invoke(s1.handlers, 'getTemplate', { id: 'arab-region-2020' }));
    tpl.id = 'morocco-2020';
    tpl.sections[4]!.questions.unshift({ id: 'V.a', label: 'a)', text: 'How was the review validated?' });
    await invoke(s1.handlers, 'importTemplate', { json: JSON.stringify(tpl) });
    await expect(invoke(s1.handlers, 'importTemplate', { json: JSON.stringify(tpl) })).rejects.toThrow(/already exists/);
    s1.close();
    const s2 = createServices(file);
    expect((await invoke(s2.handlers, 'listDrafts', {})).map((x) => x.id)).toEqual([d.id]);
    const d2 = await invoke(s2.handlers, 'createDraft', { title: 'Own', templateId: 'morocco-2020' });
    expect(d2.templateVersion).toBe('1.0.0');
    await invoke(s2.handlers, 'saveField', { draftId: d2.id, field: 'V.a', value: answer('Validated in council.'), baseRevisionId: null });
    expect(d2.total).toBe(24);
    s2.close();
  });
});
