/**
 * Returned drafts that a trusted department sends back, merged into the wrong place: each is
 * refused with a specific message and leaves the ministry's store row for row as it was.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { messageRef } from '../shared/messages';
import { person, trust } from './bundle-tools';
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
