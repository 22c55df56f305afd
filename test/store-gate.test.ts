/**
 * One store, many processes (issue 9, finding 1): every writer is listed in `<store>.lock`; a
 * restore refuses while another process has the store open and names it; a host whose store was
 * replaced under it stops acknowledging saves; the app restores from inside and reopens.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { backupDir, backupTo } from '../main/store/backup';
import { liveHolders, lockFileOf } from '../main/store/lock';
import { idTextSql } from '../main/store/revision-id';
import { textToDoc } from '../shared/plaintext';
import { cliProcess } from './cli-child';
import { makeServices, tempDir } from './helpers';
import { startServeChild } from './serve-child';

const answer = (text: string) => ({ kind: 'answer' as const, doc: textToDoc(text) });

function revisionIds(file: string): Set<string> {
  const db = new Database(file, { readonly: true });
  try {
    return new Set((db.prepare(`SELECT ${idTextSql('id')} AS id FROM revisions`).all() as Array<{ id: string }>).map((r) => r.id));
  } finally {
    db.close();
  }
}

describe('the store gate', () => {
  it('lists every writer in <store>.lock with its pid, and removes it on close', async () => {
    const db = path.join(tempDir(), 'store.sqlite');
    const host = await startServeChild(db);
    try {
      expect(liveHolders(db)).toEqual([expect.objectContaining({ pid: host.child.pid, kind: 'serve' })]);
      expect(fs.statSync(lockFileOf(db)).mode & 0o777).toBe(0o600);
      const s = createServices(db);
      expect(liveHolders(db).map((h) => h.pid).sort()).toEqual([host.child.pid, process.pid].sort());
      s.close();
      expect(liveHolders(db).map((h) => h.pid)).toEqual([host.child.pid]);
    } finally {
      await host.stop();
    }
    expect(liveHolders(db)).toEqual([]);
  }, 60_000);

  it('a restore racing a running host is refused, names the host, and loses no acknowledged save', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    const seed = makeServices(db);
    const draft = await invoke(seed.handlers, 'createDraft', { title: 'Race' });
    const bak = await backupTo(seed.store, path.join(dir, 'old.sqlite'));
    seed.close();

    const host = await startServeChild(db);
    const acked: string[] = [];
    let stop = false;
    const saver = (async () => {
      let base: string | null = null;
      for (let i = 0; !stop; i++) {
        const r = await host.api('saveField', { draftId: draft.id, field: 'I.a', value: answer(`save ${i}`), baseRevisionId: base });
        expect(r.body.ok, JSON.stringify(r.body)).toBe(true);
        base = r.body.value.revisionId;
        acked.push(base!);
      }
    })();
    try {
      for (let round = 0; round < 3; round++) {
        const r = await cliProcess(db, 'backup', 'restore', bak);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(new RegExp(`^error: the store is open in GCM Review in browser mode \\(npm run serve\\), process ${host.child.pid}`));
        expect(r.err.split('\n')).toHaveLength(1);
      }
    } finally {
      stop = true;
      await saver;
      await host.stop();
    }
    expect(acked.length).toBeGreaterThan(3);
    const have = revisionIds(db);
    for (const id of acked) expect(have.has(id)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  }, 180_000);

  it('a host whose store file is replaced under it stops acknowledging saves', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    const host = await startServeChild(db);
    try {
      const draft = (await host.api('createDraft', { title: 'Replaced' })).body.value;
      const acked: string[] = [];
      let base: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await host.api('saveField', { draftId: draft.id, field: 'I.a', value: answer(`before ${i}`), baseRevisionId: base });
        base = r.body.value.revisionId;
        acked.push(base!);
      }
      // What an older GCM Review's restore (or a hand copy) did: a new file renamed over the store.
      const other = path.join(dir, 'other.sqlite');
      const s2 = createServices(other);
      s2.close();
      for (const ext of ['', '-wal', '-shm']) fs.renameSync(db + ext, path.join(dir, `moved-away.sqlite${ext}`));
      fs.renameSync(other, db);
      for (let i = 0; i < 3; i++) {
        const r = await host.api('saveField', { draftId: draft.id, field: 'I.a', value: answer(`after ${i}`), baseRevisionId: base });
        expect(r.body.ok).toBe(false);
        expect(r.body.error!.code).toBe('conflict');
        expect(r.body.error!.message).toMatch(/was replaced or removed/);
      }
      expect((await host.api('createDraft', { title: 'nope' })).body.ok).toBe(false);
      const kept = revisionIds(path.join(dir, 'moved-away.sqlite'));
      for (const id of acked) expect(kept.has(id)).toBe(true);
    } finally {
      await host.stop();
    }
  }, 120_000);

  it('restores from inside the app: closes its own store, replaces it, opens the restored one', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'store.sqlite');
    const s = makeServices(db);
    const d = await invoke(s.handlers, 'createDraft', { title: 'In the backup' });
    const r1 = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('backed up'), baseRevisionId: null });
    fs.mkdirSync(backupDir(s.store), { recursive: true });
    await backupTo(s.store, path.join(backupDir(s.store), 'gcm-review-2026-01-01.sqlite'));
    await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('later'), baseRevisionId: r1.revisionId });
    expect((await invoke(s.handlers, 'listBackups', {})).map((b) => b.name)).toEqual(['gcm-review-2026-01-01.sqlite']);

    // Refused while another process has the store open; nothing changes, the app keeps working.
    const host = await startServeChild(db);
    try {
      await expect(invoke(s.handlers, 'restoreBackup', { name: 'gcm-review-2026-01-01.sqlite' })).rejects.toThrow(new RegExp(`process ${host.child.pid}`));
    } finally {
      await host.stop();
    }
    expect((await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.text).toBe('later');

    const r = await invoke(s.handlers, 'restoreBackup', { name: 'gcm-review-2026-01-01.sqlite' });
    expect(r.keptAs).toMatch(/store\.sqlite\.before-restore-/);
    expect((await invoke(s.handlers, 'getDraft', { draftId: d.id })).fields['I.a']!.text).toBe('backed up');
    const after = await invoke(s.handlers, 'saveField', { draftId: d.id, field: 'I.a', value: answer('after restore'), baseRevisionId: r1.revisionId });
    expect(revisionIds(db).has(after.revisionId)).toBe(true);
    await expect(invoke(s.handlers, 'restoreBackup', { name: '../store.sqlite' } as never)).rejects.toThrow(/not a backup name/);
  }, 120_000);
});
