/** A returned draft travels as a real signed bundle (issue 3) and merges into the master with `bundle import --into`. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { cli, fixture, makeServices, storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { person, signedMinistryAndDepartment, trust } from './bundle-tools';
import { textToDoc } from '../shared/plaintext';
import type { AppError } from '../shared/contract/common';
import { messageRef } from '../shared/messages';

/** The master (two answers) sent to a department and returned with I.a changed, as a signed bundle. */
async function returned(opts: { both: boolean }) {
  const { dir, M, D, master } = await signedMinistryAndDepartment(opts);
  await save(M, master, 'I.a', answer('Coordination is chaired by the MFA.'));
  await save(M, master, 'II.a', answer('Law 02-03.'));
  const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
  const { draftId: dept } = await invoke(D.handlers, 'importBundle', { file: out.file });
  await save(D, dept, 'I.a', answer('Coordination is chaired by the MFA, with the Interior.'));
  const back = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: path.join(dir, 'back.gcmr') });
  return { dir, M, D, master, back };
}

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

  it('a returned draft imported as a NEW draft by mistake: the refusal names it, and it can still be merged into the master, once; a changed one only after it goes to the trash', async () => {
    const { dir, M, master, back } = await returned({ both: true });
    await save(M, master, 'II.a', answer('Law 02-03 (2003).'));

    // the mistake: the form's default, a new draft (its revisions shared with the master re-identified)
    const wrong = await invoke(M.handlers, 'importBundle', { file: back.file });
    expect(wrong.remappedRevisions).toBeGreaterThan(0);
    const wrongTitle = (await invoke(M.handlers, 'getDraft', { draftId: wrong.draftId })).title;
    const v = await invoke(M.handlers, 'verifyBundle', { file: back.file });
    expect(v).toMatchObject({ alreadyImported: true, importedAs: wrong.draftId, importedAsTitle: wrongTitle, importedAsNew: true });
    // again as a new draft: refused, naming the draft it went to and the way out
    const err = (await invoke(M.handlers, 'importBundle', { file: back.file }).catch((e: unknown) => e)) as AppError;
    expect(err.message).toBe(`this bundle was already imported (as draft ${wrong.draftId} "${wrongTitle}"); nothing was added; to merge it into another draft (the master) instead: bundle import FILE --into DRAFT`);
    expect(messageRef(err.details)).toEqual({ messageKey: 'bundle.alreadyImportedAsNew', messageParams: { title: wrongTitle } });

    // a change in the mistaken draft: refused by name, nothing changed
    await save(M, wrong.draftId, 'I.b', answer('A note typed in the wrong draft.'));
    const before = storeSnapshot(M);
    const changed = (await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master }).catch((e: unknown) => e)) as AppError;
    expect(changed.message).toMatch(/was already imported as draft .* which was changed since; to merge the bundle into this draft instead, move ".*" to the trash first/);
    expect(messageRef(changed.details)).toEqual({ messageKey: 'bundle.importedDraftChanged', messageParams: { title: wrongTitle } });
    expect(storeSnapshot(M)).toBe(before);

    // in the trash, it may go (untouched, it would go there by itself): merged into the master on the CLI
    await invoke(M.handlers, 'deleteDraft', { draftId: wrong.draftId });
    const file = M.store.file;
    M.close();
    const merged = await cli(file, 'bundle', 'import', back.file, '--into', master);
    expect(merged.code).toBe(0);
    expect(merged.out).toMatch(/merged from Karim \(Ministry of the Interior\): .*; draft ".*" \([0-9a-f-]{36}\), made by its first import as a new draft, stays in the trash/);
    expect((await cli(file, 'answer', 'get', master, 'I.a')).out).toBe('Coordination is chaired by the MFA, with the Interior.');
    expect((await cli(file, 'answer', 'get', master, 'II.a')).out).toBe('Law 02-03 (2003).');
    // exactly once: the record names the master now, the first import kept in it; refused again, naming the master
    const again = await cli(file, 'bundle', 'import', back.file, '--into', master);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`was already imported (into draft ${master} "Morocco — national review"); nothing was added`);
    const M2 = await person(file, 'Amina', 'Ministry of Foreign Affairs');
    const row = M2.store.sql("SELECT draft_id, details FROM bundles WHERE id = ? AND direction = 'import'").get(back.bundleId) as { draft_id: string; details: string };
    expect(row.draft_id).toBe(master);
    expect(JSON.parse(row.details).firstImport).toMatchObject({ draftId: wrong.draftId, title: wrongTitle, details: { remappedRevisions: wrong.remappedRevisions } });
    const log = await invoke(M2.handlers, 'auditLog', { draftId: master });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['draft.merge', 'bundle.import', 'bundle.import.moved']));
    expect((await invoke(M2.handlers, 'auditLog', { draftId: wrong.draftId })).map((e) => e.action)).toContain('bundle.import.moved');
    // the mistaken draft and its edit stay, restorable
    await invoke(M2.handlers, 'restoreDraft', { draftId: wrong.draftId });
    expect((await invoke(M2.handlers, 'getDraft', { draftId: wrong.draftId })).fields['I.b']!.text).toBe('A note typed in the wrong draft.');
    M2.close();
  });

  it('untouched, the mistaken draft goes to the trash by itself', async () => {
    const { M, master, back } = await returned({ both: false });
    const wrong = await invoke(M.handlers, 'importBundle', { file: back.file, acceptUnknownSigner: true });
    // merged at once from the copy's page: a signer the register does not know is confirmed again
    expect((await invoke(M.handlers, 'returnedCopy', { draftId: wrong.draftId }))!.signer.trust.status).toBe('unknown');
    const before = storeSnapshot(M);
    const unconfirmed = (await invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId }).catch((e: unknown) => e)) as AppError;
    expect(messageRef(unconfirmed.details)).toMatchObject({ messageKey: 'bundle.signerUnknown' });
    expect(storeSnapshot(M)).toBe(before);
    const r = await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true });
    expect(r.movedFrom).toMatchObject({ draftId: wrong.draftId });
    expect(r.message).toMatch(/made by its first import as a new draft, was moved to the trash$/);
    expect((await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.a']!.text).toBe('Coordination is chaired by the MFA, with the Interior.');
    expect((await invoke(M.handlers, 'listDrafts', {})).map((d) => d.id)).not.toContain(wrong.draftId);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master, acceptUnknownSigner: true })).rejects.toThrow(/already imported/);
    M.close();
  });

  it('a returned draft imported as a new draft names the master it came back from (returnedCopy), until it is merged there', async () => {
    const first = await returned({ both: true });
    const { D, master, back } = first;
    // imported on the CLI without --into: the new draft's id on stdout as always, the way to the master on stderr
    const file = first.M.store.file;
    first.M.close();
    const viaCli = await cli(file, 'bundle', 'import', back.file, '--accept-unknown-signer');
    expect(viaCli.code).toBe(0);
    expect(viaCli.out).toMatch(/^[0-9a-f-]{36}$/);
    expect(viaCli.err).toBe(`note: this is a returned copy of draft ${master} "Morocco — national review"; to merge it into that draft instead: bundle import FILE --into ${master}`);
    const M = makeServices(file);
    const wrong = { draftId: viaCli.out };
    const copy = () => invoke(M.handlers, 'returnedCopy', { draftId: wrong.draftId });
    const signer = { name: 'Karim', organisation: 'Ministry of the Interior', fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), trust: expect.objectContaining({ status: 'trusted' }) };
    expect(await copy()).toEqual({ master: { draftId: master, title: 'Morocco — national review', state: 'here' }, fileName: 'back.gcmr', trashFirst: false, fileHere: true, signer });
    // recorded in the import's details: the export it was taken from, the master's id and title then
    const row = M.store.sql("SELECT details FROM bundles WHERE id = ? AND direction = 'import'").get(back.bundleId) as { details: string };
    expect(JSON.parse(row.details).returnedFrom).toEqual({ derivedFrom: expect.any(String), draftId: master, title: 'Morocco — national review' });
    // the master itself, and the department's copy of our export (taken from no export of theirs), are no returned copies
    expect(await invoke(M.handlers, 'returnedCopy', { draftId: master })).toBeNull();
    const dept = (await invoke(D.handlers, 'listDrafts', {}))[0]!.id;
    expect(await invoke(D.handlers, 'returnedCopy', { draftId: dept })).toBeNull();
    await expect(invoke(M.handlers, 'returnedCopy', { draftId: '0190aaaa-0000-7000-8000-000000000000' })).rejects.toThrow(/no draft with id/);

    // the master renamed, then in the trash: its title now, and where it is
    await invoke(M.handlers, 'renameDraft', { draftId: master, title: 'Maroc — examen national' });
    await invoke(M.handlers, 'deleteDraft', { draftId: master });
    expect((await copy())!.master).toEqual({ draftId: master, title: 'Maroc — examen national', state: 'trash' });
    await invoke(M.handlers, 'restoreDraft', { draftId: master });
    // a master no longer in the store: the title the import recorded (no purge exists yet: the record is pointed elsewhere)
    const gone = '0190bbbb-0000-7000-8000-000000000000';
    M.store.sql("UPDATE bundles SET details = json_set(details, '$.returnedFrom.draftId', ?) WHERE id = ? AND direction = 'import'").run(gone, back.bundleId);
    expect((await copy())!.master).toEqual({ draftId: gone, title: 'Morocco — national review', state: 'gone' });
    M.store.sql("UPDATE bundles SET details = json_set(details, '$.returnedFrom.draftId', ?) WHERE id = ? AND direction = 'import'").run(master, back.bundleId);

    // changed since its import: the merge would refuse it until it is in the trash, and says so
    await save(M, wrong.draftId, 'I.b', answer('A note typed in the wrong draft.'));
    expect((await copy())!.trashFirst).toBe(true);
    const unchanged = storeSnapshot(M);
    const refused = (await invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId }).catch((e: unknown) => e)) as AppError;
    expect(messageRef(refused.details)).toMatchObject({ messageKey: 'bundle.importedDraftChanged' });
    expect(storeSnapshot(M)).toBe(unchanged);
    await invoke(M.handlers, 'deleteDraft', { draftId: wrong.draftId });
    expect((await copy())!.trashFirst).toBe(false);
    // the file moved away since: said, by name, and nothing merged; back where it was, merged at once
    const moved = `${back.file}.moved`;
    fs.renameSync(back.file, moved);
    expect((await copy())!.fileHere).toBe(false);
    const trashed = storeSnapshot(M);
    const noFile = (await invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId }).catch((e: unknown) => e)) as AppError;
    expect(noFile.code).toBe('not_found');
    expect(messageRef(noFile.details)).toEqual({ messageKey: 'bundle.copyFileGone', messageParams: { file: 'back.gcmr' } });
    expect(storeSnapshot(M)).toBe(trashed);
    fs.renameSync(moved, back.file);
    // merged into the master from the file the import read (as `bundle import FILE --into MASTER`): the import is the master's now, the mistaken draft names none
    const merged = await invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId });
    expect(merged).toMatchObject({ kind: 'draft', bundleId: back.bundleId, movedFrom: { draftId: wrong.draftId } });
    expect((await invoke(M.handlers, 'getDraft', { draftId: master })).fields['I.a']!.text).toBe('Coordination is chaired by the MFA, with the Interior.');
    expect(await copy()).toBeNull();
    await expect(invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId })).rejects.toThrow(/not a returned draft imported as a new draft/);
    await expect(invoke(M.handlers, 'mergeReturnedCopy', { draftId: master })).rejects.toThrow(/not a returned draft imported as a new draft/);
    M.close();
    D.close();
  });

  it('the merge from a returned copy’s page takes only the file its import read: another bundle put at that path since is refused, nothing merged', async () => {
    const { M, D, master, back } = await returned({ both: true });
    const wrong = await invoke(M.handlers, 'importBundle', { file: back.file });
    // the department sends a later bundle of its draft, saved over the first one's file
    const dept = (await invoke(D.handlers, 'listDrafts', {}))[0]!.id;
    await save(D, dept, 'II.a', answer('Law 02-03, amended in 2024.'));
    const later = await invoke(D.handlers, 'exportBundle', { draftId: dept, outFile: `${back.file}.later` });
    fs.renameSync(later.file, back.file);
    expect((await invoke(M.handlers, 'returnedCopy', { draftId: wrong.draftId }))!.fileHere).toBe(true);
    const before = storeSnapshot(M);
    const refused = (await invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId }).catch((e: unknown) => e)) as AppError;
    expect(refused.message).toMatch(/cannot be read again \(another file is at .*back\.gcmr now\)/);
    expect(messageRef(refused.details)).toEqual({ messageKey: 'bundle.copyFileGone', messageParams: { file: 'back.gcmr' } });
    expect(storeSnapshot(M)).toBe(before);
    // the key trusted at the import is outside its validity now: the page asks for the confirmation
    // the merge needs (it did not, and the merge was refused with no way to confirm)
    const copy = () => invoke(M.handlers, 'returnedCopy', { draftId: wrong.draftId });
    expect((await copy())!.signer.trust.status).toBe('trusted');
    M.store.sql('UPDATE trust_register SET valid_until = ? WHERE fingerprint = ?').run('2020-01-01T00:00:00.000Z', (await copy())!.signer.fingerprint);
    expect((await copy())!.signer.trust.status).toBe('expired');
    // revoked since: the page says why and offers no merge (the import would refuse it whatever is confirmed)
    await invoke(M.handlers, 'trustRevoke', { fingerprint: (await copy())!.signer.fingerprint, reason: 'laptop stolen' });
    expect((await copy())!.signer.trust).toMatchObject({ status: 'revoked', reasonRef: { messageKey: 'trust.revoked' } });
    M.close();
    D.close();
  });

  it('a returned draft imported as a new draft through the browser (an upload): its page names the user’s file, and the merge asks for the file again', async () => {
    const { M, master, back } = await returned({ both: true });
    const wrong = await invoke(M.handlers, 'importBundleData', { fileName: 'back.gcmr', base64: fs.readFileSync(back.file).toString('base64') });
    // the upload's temporary file is gone once imported: named as the user's file (it was "0-back.gcmr"), not there to merge at once
    expect(await invoke(M.handlers, 'returnedCopy', { draftId: wrong.draftId })).toMatchObject({ master: { draftId: master }, fileName: 'back.gcmr', fileHere: false });
    const before = storeSnapshot(M);
    await expect(invoke(M.handlers, 'mergeReturnedCopy', { draftId: wrong.draftId })).rejects.toThrow(/cannot be read again \(it is no longer at .*back\.gcmr\)/);
    expect(storeSnapshot(M)).toBe(before);
    M.close();
  });

  it('a returned draft imported as a new draft before the master was recorded (a store written at schema 16): no master named, no failure', async () => {
    const file = path.join(tempDir(), 'v16.sqlite');
    fs.copyFileSync(fixture('store-v16.sqlite'), file);
    const S = makeServices(file);
    // the department's draft imported as a new draft by that code (test/fixtures/make-store-v16.ts): its import record names no master
    const made = S.store.sql("SELECT d.id, b.details FROM drafts d JOIN bundles b ON b.id = d.origin_bundle_id AND b.direction = 'import' AND b.draft_id = d.id").all() as Array<{ id: string; details: string }>;
    expect(made).toHaveLength(1);
    expect(JSON.parse(made[0]!.details)).not.toHaveProperty('returnedFrom');
    expect(await invoke(S.handlers, 'returnedCopy', { draftId: made[0]!.id })).toBeNull();
    expect((await invoke(S.handlers, 'getDraft', { draftId: made[0]!.id })).title).toBe('Morocco — national review');
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
