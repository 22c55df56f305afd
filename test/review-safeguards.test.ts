/**
 * Issue 12: the review loop's safeguards. The approver must not be the last submitter (on by
 * default for a new store, off for a store that already had drafts when it was migrated; enforced
 * for every caller, the CLI included); an approved draft is opened for editing explicitly.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { migrate } from '../main/store/migrations';
import { cli, makeServices, storeSnapshot, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

describe('the approver is not the last submitter', () => {
  it('is on for a new store: self-approval refused with nothing changed; another person approves', async () => {
    const s = makeServices();
    expect(await invoke(s.handlers, 'getReviewRules', {})).toEqual({ approverNotSubmitter: true });
    await invoke(s.handlers, 'setIdentity', { name: 'Karim Idrissi', organisation: 'Ministry of the Interior' });
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await save(s, d, 'I.a', answer('First.'));
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'submit' });
    const before = storeSnapshot(s);
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'approve' })).rejects.toThrow(/Karim Idrissi \(Ministry of the Interior\) submitted version 1 .*someone else approves it/);
    expect(storeSnapshot(s)).toBe(before);
    // returning is allowed; the next submit by someone else makes Karim the approver
    await invoke(s.handlers, 'setIdentity', { name: 'Amina Benali', organisation: 'Ministry of Foreign Affairs' });
    await expect(invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'approve' })).resolves.toEqual({ status: 'approved', version: 1 });
    const v = await invoke(s.handlers, 'listDraftVersions', { draftId: d });
    expect(v[0]).toMatchObject({ approvedByName: 'Amina Benali' });
  });

  it('can be switched off (and the switch is in the audit log); the CLI obeys it too', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    const file = s.store.file;
    s.close();
    const d = (await cli(file, 'draft', 'create', '--title', 'Review')).out.trim();
    expect((await cli(file, 'review', 'submit', d)).code).toBe(0);
    const refused = await cli(file, 'review', 'approve', d);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error: Amina \(MFA\) submitted version 1/);
    expect((await cli(file, 'review', 'rule')).out).toBe('the approver must not be the last submitter: on');
    expect((await cli(file, 'review', 'rule', 'off')).out).toBe('the approver must not be the last submitter: off');
    expect((await cli(file, 'review', 'rule', 'maybe')).err).toMatch(/on or off/);
    expect((await cli(file, 'review', 'approve', d)).out).toBe('approved (version 1)');
    const audit = JSON.parse((await cli(file, 'audit', d, '--json')).out) as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toContain('review.approve');
  });

  it('is off for a store that already had drafts before the migration', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const db = new Database(file);
    migrate(db, 6);
    db.prepare("INSERT INTO drafts (id, title, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id) VALUES ('01890000-0000-7000-8000-000000000001', 'Old', 'arab-region-2020', '1.0.0', 'x', 'x', 'A', 'B', 'C')").run();
    migrate(db);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'review.approver_not_submitter'").get()).toEqual({ value: '0' });
    db.close();
  });
});

describe('an approved draft is opened for editing explicitly', () => {
  it('reopen opens version 2 with who asked; version 1 stays final; reopening a draft in progress is refused', async () => {
    const s = makeServices();
    await invoke(s.handlers, 'setIdentity', { name: 'Amina', organisation: 'MFA' });
    await invoke(s.handlers, 'setReviewRules', { approverNotSubmitter: false });
    const d = (await invoke(s.handlers, 'createDraft', { title: 'Review' })).id;
    await save(s, d, 'I.a', answer('Final text.'));
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'submit' });
    await invoke(s.handlers, 'reviewTransition', { draftId: d, action: 'approve' });
    expect(await invoke(s.handlers, 'reopenDraft', { draftId: d })).toEqual({ status: 'in_progress', version: 2 });
    expect((await invoke(s.handlers, 'reviewHistory', { draftId: d })).at(-1)).toMatchObject({ action: 'reopen', version: 2, comment: 'opened for editing by Amina; version 1 stays final' });
    await expect(invoke(s.handlers, 'reopenDraft', { draftId: d })).rejects.toThrow(/not approved .*can be edited as it is/);
    expect((await invoke(s.handlers, 'getDraftVersion', { draftId: d, version: 1 })).fields['I.a']!.text).toBe('Final text.');
  });
});
