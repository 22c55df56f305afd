/**
 * Laptops whose clocks disagree: a department's laptop a day behind returns a draft whose saves are
 * dated before the ministry's own. Merged, the department's text is the field's current text; the
 * history, newest first by time, lists it second. Which session holds the current text is said by
 * the head, not by the order: the ministry's older text must not be labelled current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { editAndResign, pack, person, trust, unpack } from './bundle-tools';
import { cli, tempDir } from './helpers';
import { answer, save } from './merge-helpers';

describe('history when clocks disagree', () => {
  it('a returned change dated a day before the ministry’s own save: its session is the current one, whatever the order', async () => {
    const dir = tempDir();
    const ministry = await person(path.join(dir, 'ministry.sqlite'), 'Amina Benali', 'Ministère des Affaires étrangères');
    const dept = await person(path.join(dir, 'dept.sqlite'), 'Karim', 'Direction des migrations');
    await trust(dept, ministry, { name: 'Coordination', organisation: 'MAE' });
    await trust(ministry, dept, { name: 'Direction des migrations', organisation: 'MI' });

    const master = await invoke(ministry.handlers, 'createDraft', { title: 'Revue nationale' });
    const mine = await save(ministry, master.id, 'I.a', answer('Texte du ministère.'));
    await invoke(ministry.handlers, 'exportBundle', { draftId: master.id, outFile: path.join(dir, 'out.gcmr') });
    const copy = await invoke(dept.handlers, 'importBundle', { file: path.join(dir, 'out.gcmr') });
    const theirs = await save(dept, copy.draftId, 'I.a', answer('Texte du ministère, complété par la direction.'));
    await invoke(dept.handlers, 'exportBundle', { draftId: copy.draftId, outFile: path.join(dir, 'back.gcmr') });
    // the department's laptop was a day behind: its save is dated before the ministry's
    const mineAt = Date.parse((await invoke(ministry.handlers, 'fieldSessions', { draftId: master.id, field: 'I.a' })).sessions[0]!.end);
    const skewed = editAndResign(await unpack(path.join(dir, 'back.gcmr')), dept, {
      draft: (d) => {
        for (const f of d.fields) for (const r of f.revisions) if (r.id === theirs) r.createdAt = new Date(mineAt - 86_400_000).toISOString();
      },
    });
    fs.writeFileSync(path.join(dir, 'back-skewed.gcmr'), await pack(skewed));
    await invoke(ministry.handlers, 'importBundleInto', { file: path.join(dir, 'back-skewed.gcmr'), draftId: master.id });

    const head = (await invoke(ministry.handlers, 'getDraft', { draftId: master.id })).fields['I.a']!.revisionId;
    expect(head).toBe(theirs); // the ministry had not changed I.a: the department's text is taken
    const { sessions } = await invoke(ministry.handlers, 'fieldSessions', { draftId: master.id, field: 'I.a' });
    expect(sessions.map((s) => s.lastRevisionId)).toEqual([mine, theirs]); // newest first by time
    expect(sessions.map((s) => s.current)).toEqual([false, true]);
    expect(mine).not.toBe(theirs);

    // the command line marks it too
    const lines = (await cli(ministry.store.file, 'answer', 'history', master.id, 'I.a', '--sessions')).out.split('\n');
    expect(lines.map((l) => l.startsWith(theirs) && l.includes('(current)'))).toEqual([false, true]);
  });
});
