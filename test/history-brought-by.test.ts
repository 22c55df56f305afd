/**
 * Who brought a change: a returned or new draft's revisions carry the author names their sender
 * wrote, which any sender can set. The history shows, beside that claimed name, the signer of the
 * bundle the change came in, under the name this installation's trust register gives the key: the
 * one name here that a signature vouches for. Changes made here name no bundle.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { person, trust } from './bundle-tools';
import { answer, save } from './merge-helpers';
import { cli, tempDir } from './helpers';

describe('the history names who brought a change', () => {
  it('a department writing a minister’s name as its author: the session shows that claim and the register’s name for the signing key', async () => {
    const dir = tempDir();
    const dept = await person(path.join(dir, 'dept.sqlite'), 'وزير الداخلية', 'Cabinet du Ministre'); // a name anyone may write
    const ministry = await person(path.join(dir, 'ministry.sqlite'), 'Amina Benali', 'Ministère des Affaires étrangères');
    const deptKey = await trust(ministry, dept, { name: 'Direction des affaires consulaires', organisation: 'Ministère de l’Intérieur' });

    const d = await invoke(dept.handlers, 'createDraft', { title: 'Contribution' });
    await save(dept, d.id, 'I.a', answer('La stratégie nationale (2014) est mise en œuvre.'));
    const out = path.join(dir, 'dept.gcmr');
    const exported = await invoke(dept.handlers, 'exportBundle', { draftId: d.id, outFile: out });
    const imported = await invoke(ministry.handlers, 'importBundle', { file: out });

    const [s] = (await invoke(ministry.handlers, 'fieldSessions', { draftId: imported.draftId, field: 'I.a' })).sessions;
    expect(s!.authorName).toBe('وزير الداخلية'); // what the bundle claims, kept as written
    expect(s!.broughtBy).toEqual({ bundleId: exported.bundleId, signerName: 'Direction des affaires consulaires', signerOrganisation: 'Ministère de l’Intérieur', signerFingerprint: deptKey });

    // the command line says the same
    const line = (await cli(ministry.store.file, 'answer', 'history', imported.draftId, 'I.a', '--sessions')).out;
    expect(line).toContain('وزير الداخلية (Cabinet du Ministre) via Direction des affaires consulaires (Ministère de l’Intérieur)');

    // an edit made at the ministry names no bundle
    await save(ministry, imported.draftId, 'I.a', answer('La stratégie nationale (2014) est mise en œuvre depuis 2015.'));
    const [mine, theirs] = (await invoke(ministry.handlers, 'fieldSessions', { draftId: imported.draftId, field: 'I.a' })).sessions;
    expect(mine!.authorName).toBe('Amina Benali');
    expect(mine!.broughtBy).toBeNull();
    expect(theirs!.broughtBy?.signerName).toBe('Direction des affaires consulaires');
  });

  it('a returned draft merged into the master: the merged change names the department’s signer; the master’s own saves name none', async () => {
    const dir = tempDir();
    const ministry = await person(path.join(dir, 'ministry.sqlite'), 'Amina Benali', 'Ministère des Affaires étrangères');
    const dept = await person(path.join(dir, 'dept.sqlite'), 'Karim', 'Direction des migrations');
    await trust(dept, ministry, { name: 'Coordination', organisation: 'MAE' });
    const deptKey = await trust(ministry, dept, { name: 'مديرية الهجرة', organisation: 'وزارة الداخلية' });

    const master = await invoke(ministry.handlers, 'createDraft', { title: 'Revue nationale' });
    await save(ministry, master.id, 'I.a', answer('Texte de départ.'));
    await invoke(ministry.handlers, 'exportBundle', { draftId: master.id, outFile: path.join(dir, 'out.gcmr') });
    const copy = await invoke(dept.handlers, 'importBundle', { file: path.join(dir, 'out.gcmr') });
    await save(dept, copy.draftId, 'II.b', answer('Les régions ont contribué.'));
    const back = await invoke(dept.handlers, 'exportBundle', { draftId: copy.draftId, outFile: path.join(dir, 'back.gcmr') });
    await invoke(ministry.handlers, 'importBundleInto', { file: path.join(dir, 'back.gcmr'), draftId: master.id });

    const [merged] = (await invoke(ministry.handlers, 'fieldSessions', { draftId: master.id, field: 'II.b' })).sessions;
    expect(merged!.authorName).toBe('Karim');
    expect(merged!.broughtBy).toMatchObject({ bundleId: back.bundleId, signerName: 'مديرية الهجرة', signerOrganisation: 'وزارة الداخلية', signerFingerprint: deptKey });
    const [own] = (await invoke(ministry.handlers, 'fieldSessions', { draftId: master.id, field: 'I.a' })).sessions;
    expect(own!.broughtBy).toBeNull();
  });
});
