/**
 * Returned drafts that a trusted department sends back, merged into the wrong place: each is
 * refused with a specific message and leaves the ministry's store row for row as it was.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { messageRef } from '../shared/messages';
import { textToDoc } from '../shared/plaintext';
import { editAndResign, pack, person, signedMinistryAndDepartment, trust, unpack } from './bundle-tools';
import { eachMutant, judge } from './bundle-mutations';
import { storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

describe('a returned draft merges only into the draft it was taken from', () => {
  it('into another draft than the one exported: refused (was: its answers taken into that draft)', async () => {
    const dir = tempDir();
    const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'Ministry of Foreign Affairs');
    const D = await person(path.join(dir, 'd.sqlite'), 'Karim', 'Ministry of the Interior');
    await trust(M, D);
    await trust(D, M);
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
    const other = (await invoke(M.handlers, 'createDraft', { title: 'Tunisia — national review' })).id;
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.'));
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
    await save(D, dept, 'II.a', answer('Law 02-03.'));
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });

    const before = storeSnapshot(M);
    const err = await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: other }).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toBe(
      `this returned draft was taken from bundle ${out.bundleId}, an export of draft "Morocco — national review" (${master}), not of draft ${other}; merge it into that draft or import it as a new draft; nothing imported`,
    );
    expect(messageRef((err as any).details)?.messageKey).toBe('bundle.otherDraft');
    expect(storeSnapshot(M)).toBe(before);
    // into the right one it merges
    expect((await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master })).message).toMatch(/1 taken/);
  });
});

describe('a returned draft cannot rewrite a revision the master holds', () => {
  it('other content under the id of a revision here (its own, or a copy that remembers it): refused (was: "unchanged", the text it carried silently dropped)', async () => {
    const { dir, M, D, master } = await signedMinistryAndDepartment();
    const mine = await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.'));
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
    await save(D, dept, 'II.a', answer('Law 02-03.'));
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
    const rewritten = (text: string) => (d: any) => (d.fields.find((f: { field: string }) => f.field === 'I.a').revisions[0].value = { kind: 'answer', doc: textToDoc(text) });
    // D's own key signs it: a buggy version that edits a revision in place, or a department that rewrites the ministry's words
    const file = path.join(dir, 'rewritten.gcmr');
    fs.writeFileSync(file, await pack(editAndResign(await unpack(back.file), D, { draft: rewritten('Coordination is chaired by the Interior.') })));
    const before = storeSnapshot(M);
    const err = await invoke(M.handlers, 'importBundleInto', { file, draftId: master }).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toBe(`revision ${mine} of I.a is here with other content: a saved revision never changes, so this is not the draft that went out; nothing merged`);
    expect(messageRef((err as any).details)?.messageKey).toBe('bundle.inconsistent');
    expect(storeSnapshot(M)).toBe(before);
    // a copy that remembers the id alike: the returned draft imported as a new draft first (the revisions re-identified), then merged
    const copy = path.join(dir, 'copy.gcmr');
    fs.writeFileSync(copy, await pack(editAndResign(await unpack(back.file), D, { draft: rewritten('Chaired by nobody.'), manifest: (m) => (m.bundleId = crypto.randomUUID()) })));
    const { draftId: mistaken } = await invoke(M.handlers, 'importBundle', { file: copy });
    const later = await invoke(M.handlers, 'exportBundle', { draftId: mistaken, outFile: path.join(dir, 'later.gcmr') });
    const before2 = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: later.file, draftId: master })).rejects.toThrow(`revision ${mine} of I.a is here with other content`);
    expect(storeSnapshot(M)).toBe(before2);
    // the returned draft as it was merges
    expect((await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master })).message).toMatch(/1 taken/);
  });
});

/**
 * Hostile content behind the signature (./bundle-mutations.ts): the returned draft's JSON and files
 * mutated and re-signed with the department's own key, merged into the master, then imported as a
 * new draft. Each ends in a refusal that changed nothing or a merge (an import) that reads back
 * valid by the contract, changed nothing already there and holds every revision it brought as it
 * was (./bundle-mutations.ts judge). Before the fix above: revisions here rewritten, merged as
 * "unchanged" with their text dropped.
 */
describe('hostile content in a returned draft (property)', () => {
  it('the merge and the import end clean or in a refusal that changed nothing', async () => {
    const { dir, M, D, master } = await signedMinistryAndDepartment();
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.'));
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA, with the Interior.'));
    await save(M, master, 'I.b', answer('التنسيق الوطني'));
    const law = path.join(dir, 'law.pdf');
    fs.writeFileSync(law, crypto.randomBytes(3000));
    await invoke(M.handlers, 'addAttachment', { draftId: master, field: 'I.a', filePath: law });
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
    await save(D, dept, 'I.a', answer('Coordination is chaired by the MFA; the Interior runs the secretariat.'));
    await save(D, dept, 'II.a', answer('Loi 02-03.'));
    const photo = path.join(dir, 'flipchart.jpg');
    fs.writeFileSync(photo, crypto.randomBytes(2000));
    await invoke(D.handlers, 'addAttachment', { draftId: dept, field: 'II.a', filePath: photo });
    const back = await unpack((await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') })).file);
    const outcomes = await eachMutant(back, D, M, dir, 30, async (file, what, payload) => {
      const merged = await judge(M, `${what}: merge`, () => invoke(M.handlers, 'importBundleInto', { file, draftId: master }), () => master, path.join(dir, 'out.gcmr'), { payload, as: 'merged' });
      await judge(M, `${what}: import`, () => invoke(M.handlers, 'importBundle', { file }), (r) => r.draftId, path.join(dir, 'out.gcmr'), { payload, as: 'new draft' });
      return merged;
    });
    expect(outcomes.done).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(10);
  }, 60_000);
});

