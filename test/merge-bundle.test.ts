/** A returned draft travels as a real signed bundle (issue 3) and merges into the master with `bundle import --into`. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { cli, storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { person, trust } from './bundle-tools';
import { textToDoc } from '../shared/plaintext';

describe('returned drafts over signed bundles', () => {
  it('the ministry exports the master, the department edits and sends it back, the import merges three ways against the exported base', async () => {
    const dir = tempDir();
    const M = await person(path.join(dir, 'm.sqlite'), 'Amina', 'Ministry of Foreign Affairs');
    const D = await person(path.join(dir, 'd.sqlite'), 'Karim', 'Ministry of the Interior');
    await trust(D, M);
    const master = (await invoke(M.handlers, 'createDraft', { title: 'Morocco — national review' })).id;
    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.\n\n- Interior\n- Labour'));
    await save(M, master, 'I.b', answer('The Department of Global Affairs.'));
    await save(M, master, 'II.a', answer('Law 02-03.'));
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });

    const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
    await save(D, dept, 'I.a', answer('Coordination is chaired by the MFA.\n\n- Interior\n- Labour\n- Justice'));
    await save(D, dept, 'I.b', answer('The Department of Global Affairs, with the Interior.'));
    await save(D, dept, 'II.a', answer('Law 02-03 and law 27-14.'));
    const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });

    await save(M, master, 'I.a', answer('Coordination is chaired by the MFA since 2018.\n\n- Interior\n- Labour'));
    await save(M, master, 'II.a', answer('Law 02-03 (2003).'));

    // an unknown signer needs an explicit confirmation: refused first, nothing changed
    const before = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master })).rejects.toThrow(/not in your trust register/);
    expect(storeSnapshot(M)).toBe(before);

    const r = await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    expect(r.kind).toBe('draft');
    expect(r.message).toMatch(/merged from Karim \(Ministry of the Interior\): 1 merged, 1 taken, .* 1 conflict to resolve/);
    const d = await invoke(M.handlers, 'getDraft', { draftId: master });
    expect(d.fields['I.a']!.text).toBe('Coordination is chaired by the MFA since 2018.\nInterior\nLabour\nJustice');
    expect(d.fields['I.b']!.text).toBe('The Department of Global Affairs, with the Interior.');
    expect(d.fields['II.a']!.text).toBe('Law 02-03 (2003).');
    const [c] = await invoke(M.handlers, 'listConflicts', { draftId: master });
    expect(c).toMatchObject({ field: 'II.a', sourceBundleId: back.bundleId });
    expect(c!.base!.text).toBe('Law 02-03.');
    expect(c!.theirs).toMatchObject({ text: 'Law 02-03 and law 27-14.', authorName: 'Karim' });
    const log = await invoke(M.handlers, 'auditLog', { draftId: master });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['draft.merge', 'bundle.import', 'bundle.import.signer-confirmed']));

    // the same bundle again: refused, nothing changed; on the CLI one line
    const after = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true })).rejects.toThrow(/already imported/);
    expect(storeSnapshot(M)).toBe(after);
    const file = M.store.file;
    M.close();
    const again = await cli(file, 'bundle', 'import', back.file, '--into', master, '--accept-unknown-signer');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: .*already imported/);
    // resolve on the CLI, taking theirs
    const res = await cli(file, 'conflicts', 'resolve', c!.id, '--take', 'theirs');
    expect(res.code).toBe(0);
    expect((await cli(file, 'answer', 'get', master, 'II.a')).out).toBe('Law 02-03 and law 27-14.');
  });

  it('a workshop bundle is a signed bundle of kind contributions (details: test/contrib-bundle.test.ts)', async () => {
    const dir = tempDir();
    const F = await person(path.join(dir, 'f.sqlite'), 'Youssef', 'Wilaya');
    const w = await invoke(F.handlers, 'createWorkshop', { title: 'Oujda', date: '2020-09-15', place: 'Oujda', authority: 'Wilaya' });
    await invoke(F.handlers, 'addContribution', { workshopId: w.id, targets: ['I.e'], content: textToDoc('Consulted.'), organisation: 'UMT' });
    const r = await invoke(F.handlers, 'exportWorkshopBundle', { workshopId: w.id, file: path.join(dir, 'w.gcmr') });
    expect((await invoke(F.handlers, 'verifyBundle', { file: r.file })).kind).toBe('contributions');
  });
});
