import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { dailyBackup } from '../main/store/backup';
import { textToDoc } from '../shared/plaintext';
import { cli, tempDir } from './helpers';

describe('backups', () => {
  it('backs up, and restores a backup while keeping the replaced store', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    const id = (await cli(db, 'draft', 'create', '--title', 'Before')).out;
    await cli(db, 'answer', 'set', id, 'I.a', '--text', 'backed up text');
    const bak = path.join(dir, 'b', 'copy.sqlite');
    const made = await cli(db, 'backup', 'create', '--out', bak);
    expect(made.code).toBe(0);
    expect((await cli(db, 'backup', 'check', bak)).out).toBe('ok');
    await cli(db, 'answer', 'set', id, 'I.a', '--text', 'changed after backup');
    await cli(db, 'draft', 'create', '--title', 'After');

    const restored = await cli(db, 'backup', 'restore', bak);
    expect(restored.code).toBe(0);
    expect((await cli(db, 'answer', 'get', id, 'I.a')).out).toBe('backed up text');
    expect(JSON.parse((await cli(db, 'draft', 'list', '--json')).out).map((d: { title: string }) => d.title)).toEqual(['Before']);
    const kept = /kept as (.*)$/.exec(restored.out)![1]!;
    expect((await cli(kept, 'answer', 'get', id, 'I.a')).out).toBe('changed after backup');
  });

  it('refuses to restore something that is not a sound store, and changes nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    await cli(db, 'draft', 'create', '--title', 'Keep me');
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'this is not a database at all, just text '.repeat(100));
    const r = await cli(db, 'backup', 'restore', junk);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: .*(not a GCM Review store|cannot open|damaged)/);
    const r2 = await cli(db, 'backup', 'restore', path.join(dir, 'missing.sqlite'));
    expect(r2.err).toMatch(/cannot open/);
    expect(JSON.parse((await cli(db, 'draft', 'list', '--json')).out)[0].title).toBe('Keep me');
  });

  it('keeps one backup a day, the newest seven', async () => {
    const s = createServices(path.join(tempDir(), 'store.sqlite'));
    const d = await invoke(s.handlers, 'createDraft', { title: 'Daily' });
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: { kind: 'answer', doc: textToDoc('x') }, baseRevisionId: null });
    for (let day = 1; day <= 9; day++) expect(await dailyBackup(s.store, { keep: 7, today: new Date(Date.UTC(2026, 10, day)) })).not.toBeNull();
    expect(await dailyBackup(s.store, { keep: 7, today: new Date(Date.UTC(2026, 10, 9)) })).toBeNull(); // already made today
    const files = fs.readdirSync(path.join(path.dirname(s.store.file), 'backups')).sort();
    expect(files).toEqual(Array.from({ length: 7 }, (_, i) => `gcm-review-2026-11-0${i + 3}.sqlite`));
    s.close();
  });
});
