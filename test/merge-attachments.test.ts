/**
 * A department's attachments come back with its returned draft: a file it attached to a question
 * arrives in the master with the answer, with its bytes, its name and who added it; a file the
 * master already holds (or removed since) is not added again. All or nothing with the merge.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { signedMinistryAndDepartment } from './bundle-tools';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const ministryAndDepartment = () => signedMinistryAndDepartment();

describe('attachments of a returned draft', () => {
  it('a department adds a file to a question: it arrives in the master with the answer, once', async () => {
    const { dir, M, D, master } = await ministryAndDepartment();
    await save(M, master, 'II.c', answer('Law 02-03.'));
    const law = path.join(dir, 'law-02-03.pdf');
    fs.writeFileSync(law, '%PDF-1.4 law 02-03\n');
    const gone = path.join(dir, 'draft-decree.pdf');
    fs.writeFileSync(gone, '%PDF-1.4 a draft decree\n');
    await invoke(M.handlers, 'addAttachment', { draftId: master, field: 'II.c', filePath: law });
    const removed = await invoke(M.handlers, 'addAttachment', { draftId: master, field: 'II.c', filePath: gone });
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    await invoke(M.handlers, 'removeAttachment', { attachmentId: removed.id });

    const { draftId: copy } = await invoke(D.handlers, 'importBundle', { file: out.file });
    await save(D, copy, 'II.c', answer('Law 02-03 and law 27-14 on trafficking (attached).'));
    const photo = path.join(dir, 'قانون 27-14.pdf');
    fs.writeFileSync(photo, '%PDF-1.4 loi 27-14\n');
    await invoke(D.handlers, 'addAttachment', { draftId: copy, field: 'II.c', filePath: photo });
    const back = await invoke(D.handlers, 'exportBundle', { draftId: copy, outFile: path.join(dir, 'back.gcmr') });

    const r = await invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master });
    expect(r.message).toMatch(/1 attachment added/);
    expect((await invoke(M.handlers, 'getDraft', { draftId: master })).fields['II.c']!.text).toBe('Law 02-03 and law 27-14 on trafficking (attached).');
    const list = await invoke(M.handlers, 'listAttachments', { draftId: master, field: 'II.c' });
    // the law the master already had is there once; the decree the master removed stays removed
    expect(list.map((a) => a.name).sort()).toEqual(['law-02-03.pdf', 'قانون 27-14.pdf']);
    const added = list.find((a) => a.name === 'قانون 27-14.pdf')!;
    expect(added).toMatchObject({ authorName: 'Karim', authorOrganisation: 'Ministry of the Interior', sourceBundleId: back.bundleId, sha256: sha(photo) });
    expect(sha((await invoke(M.handlers, 'openAttachment', { attachmentId: added.id })).path)).toBe(sha(photo));

    // the same bundle again: refused, nothing changed (no second copy)
    const blobsBefore = blobFiles(M.store.blobDir);
    const snap = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master })).rejects.toThrow(/already imported/);
    expect(storeSnapshot(M)).toBe(snap);
    expect(blobFiles(M.store.blobDir)).toEqual(blobsBefore);
  });

  it('a returned draft refused (merged into another draft, or signed by a revoked key) leaves no file behind', async () => {
    const { dir, M, D, master } = await ministryAndDepartment();
    const other = (await invoke(M.handlers, 'createDraft', { title: 'Another review' })).id;
    await save(M, master, 'II.c', answer('Law 02-03.'));
    const out = await invoke(M.handlers, 'exportBundle', { draftId: master, outFile: path.join(dir, 'master.gcmr') });
    const { draftId: copy } = await invoke(D.handlers, 'importBundle', { file: out.file });
    const photo = path.join(dir, 'photo.jpg');
    fs.writeFileSync(photo, 'JFIF a workshop photo');
    await invoke(D.handlers, 'addAttachment', { draftId: copy, field: 'II.c', filePath: photo });
    const back = await invoke(D.handlers, 'exportBundle', { draftId: copy, outFile: path.join(dir, 'back.gcmr') });
    const snap = storeSnapshot(M);
    const blobs = blobFiles(M.store.blobDir);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: other })).rejects.toThrow(/taken from bundle .*, an export of draft/);
    expect(storeSnapshot(M)).toBe(snap);
    expect(blobFiles(M.store.blobDir)).toEqual(blobs);
    // a signer the ministry no longer trusts: refused once verified, and no staged file is left
    await invoke(M.handlers, 'trustRevoke', { fingerprint: (await invoke(D.handlers, 'getIdentity', {}))!.fingerprint!, reason: 'key lost' });
    const revoked = storeSnapshot(M);
    await expect(invoke(M.handlers, 'importBundleInto', { file: back.file, draftId: master })).rejects.toThrow(/revoked/);
    expect(storeSnapshot(M)).toBe(revoked);
    expect(blobFiles(M.store.blobDir)).toEqual(blobs);

  });
});

/** Every file under the blob folder, staging included. */
function blobFiles(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];
}
