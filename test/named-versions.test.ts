import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { noteFromText } from '../shared/note';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

async function person(file: string, name: string, organisation: string): Promise<Services> {
  const s = makeServices(file);
  await invoke(s.handlers, 'setIdentity', { name, organisation });
  await invoke(s.handlers, 'ensureSigningKey', {});
  return s;
}

describe('named versions', () => {
  it('names the current state by hand; diff against now shows only changed fields, objective status included', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MAE' });
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await save(s, d, 'I.a', answer('Coordination is chaired by the MFA.'));
    await save(s, d, 'I.b', answer('The Department of Global Affairs.'));
    await save(s, d, 'III.a/objective/5', { kind: 'objective', status: 'planned', note: noteFromText('Plan adopted.') });
    const v = await invoke(s.handlers, 'createVersion', { draftId: d, label: '  Sent to the ministry   2 March ' });
    expect(v).toMatchObject({ draftId: d, label: 'Sent to the ministry 2 March', kind: 'manual', authorName: 'Amina', fieldCount: 3 });
    await save(s, d, 'I.a', answer('Coordination is chaired by the Head of Government.'));
    await save(s, d, 'III.a/objective/5', { kind: 'objective', status: 'achieved', note: noteFromText('Plan adopted.') });
    await save(s, d, 'II.a', answer('Law 02-03.'));
    const diff = await invoke(s.handlers, 'diffVersions', { draftId: d, from: v.id, to: 'current' });
    expect(diff.map((c) => [c.field, c.before, c.after, c.wordsAdded, c.wordsRemoved])).toEqual([
      ['I.a', 'Coordination is chaired by the MFA.', 'Coordination is chaired by the Head of Government.', 3, 1],
      ['II.a', '', 'Law 02-03.', 2, 0],
      ['III.a/objective/5', '[planned] Plan adopted.', '[achieved] Plan adopted.', 1, 1],
    ]);
    expect(await invoke(s.handlers, 'diffVersions', { draftId: d, from: v.id, to: v.id })).toEqual([]);
    // a version of another draft, an empty name, an unknown id: refused, nothing written
    const other = (await invoke(s.handlers, 'createDraft', { title: 'Other' })).id;
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'diffVersions', { draftId: other, from: v.id, to: 'current' })).rejects.toThrow(/belongs to another draft/);
    await expect(invoke(s.handlers, 'createVersion', { draftId: d, label: '   ' })).rejects.toThrow(/a version needs a name/);
    await expect(invoke(s.handlers, 'diffVersions', { draftId: d, from: '01890000-0000-7000-8000-000000000000', to: 'current' })).rejects.toThrow(/no version/);
    expect(storeSnapshot(s)).toBe(before);
  });

  it('are made automatically at submit, return and approve', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await invoke(s.handlers, 'setReviewRules', { approverNotSubmitter: false }); // one person submits and approves here
    await save(s, d, 'I.a', answer('First.'));
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'submit' });
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'return', comment: 'complete II' });
    await save(s, d, 'II.a', answer('Law.'));
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'submit' });
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'approve' });
    const l = await invoke(s.handlers, 'listVersions', { draftId: d });
    expect(l.map((v) => [v.kind, v.label, v.fieldCount])).toEqual([
      ['approve', 'Approved (version 1)', 2],
      ['submit', 'Submitted for review (version 1)', 2],
      ['return', 'Returned with comments (version 1)', 1],
      ['submit', 'Submitted for review (version 1)', 1],
    ]);
  });

  it('are made automatically at bundle export, at import as a new draft and at a merge, and at a text import', async () => {
    const dir = tempDir();
    const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'Ministry of Foreign Affairs');
    const D = await person(path.join(dir, 'd.sqlite'), 'Karim', 'Ministry of the Interior');
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco' })).id;
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.'));
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    expect((await invoke(M.handlers, 'listVersions', { draftId: master })).map((v) => [v.kind, v.label, v.ref])).toEqual([['export', 'Bundle exported: master.gcmr', out.bundleId]]);

    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file, acceptUnknownSigner: true });
    expect((await invoke(D.handlers, 'listVersions', { draftId: dept })).map((v) => [v.kind, v.label])).toEqual([['import', 'Imported from Amina (Ministry of Foreign Affairs)']]);
    await save(D, dept, 'I.b', answer('The Department of Global Affairs.'));
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
    await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    const l = await invoke(M.handlers, 'listVersions', { draftId: master });
    expect(l.map((v) => v.kind)).toEqual(['merge', 'export']);
    // what the merge brought, version to version
    expect((await invoke(M.handlers, 'diffVersions', { draftId: master, from: l[1]!.id, to: l[0]!.id })).map((c) => c.field)).toEqual(['I.b']);

    const imp = await invoke(M.handlers, 'importText', { text: 'I.a What coordination exists?\nCoordination is chaired by the MFA.\n', fileName: 'seed.txt' });
    expect((await invoke(M.handlers, 'listVersions', { draftId: imp.draft.id })).map((v) => [v.kind, v.label])).toEqual([['import', 'Imported from text:seed.txt']]);
  });

  it('CLI: version create, list and diff', async () => {
    const s = makeServices();
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await save(s, d, 'I.a', answer('Coordination is chaired by the MFA.'));
    const db = s.store.file;
    s.close();
    const c = await cli(db, 'version', 'create', d, '--label', 'Sent to the ministry 2 March');
    expect(c).toMatchObject({ code: 0, err: '' });
    const id = c.out.trim();
    await cli(db, 'answer', 'set', d, 'I.a', '--text', 'Coordination is chaired by the Head of Government.');
    const l = await cli(db, 'version', 'list', d);
    expect(l.out).toMatch(new RegExp(`^${id}\\t\\S+\\tmanual\\t.*\\t1 fields\\tSent to the ministry 2 March$`));
    const diff = await cli(db, 'version', 'diff', d, id.slice(0, 8));
    expect(diff).toMatchObject({ code: 0, err: '' });
    expect(diff.out).toBe('== I.a\t+3/-1 words\nCoordination is chaired by the [-MFA][+Head of Government].');
    expect((await cli(db, 'version', 'diff', d, 'deadbeef')).err).toMatch(/^error: .*has no version deadbeef/);
    expect((await cli(db, 'version', 'diff', d, 'nope')).err).toMatch(/^error: .*has no version nope/);
    expect((await cli(db, 'version', 'create', d)).err).toMatch(/--label/);
  });
});
