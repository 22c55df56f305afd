/**
 * PRAGMA quick_check on open, paid once rather than by every command (issue 13; main/store/db.ts):
 * a CLI command that closes a checked store cleanly leaves `<store>.checked`, and the next open of
 * the very same file skips the check; anything that changes the file otherwise (a write in place,
 * even with its modification time put back), a WAL left by another process, a marker older than a
 * day, or a long-running app's session, means the next open checks, and a damaged store is still
 * opened read-only and refused for writing.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedMarkerOf, markCheckedAtClose, openStore } from '../main/store/db';
import { setWriterKind } from '../main/store/lock';
import { Store } from '../main/store/store';
import { cli, tempDir } from './helpers';

/** How the next open of `db` goes: did quick_check run, and is the store damaged. */
function probe(db: string): { check: string; damaged: string | null } {
  const o = openStore(db, { create: false });
  o.db.close(); // a raw close: leaves the marker as it is
  return { check: o.check, damaged: o.damaged };
}

/** A store made and written by CLI commands (the last one's clean close leaves the marker). */
async function cliStore(): Promise<{ db: string; id: string }> {
  const db = path.join(tempDir(), 'store.sqlite');
  const id = (await cli(db, 'draft', 'create', '--title', 'Checked')).out;
  for (let i = 0; i < 20; i++) expect((await cli(db, 'answer', 'set', id, 'I.a', '--text', `${'x'.repeat(3000)} ${i}`)).code).toBe(0);
  return { db, id };
}

/** Overwrites 52 bytes of the revisions table's root page in place (as a disk or a copy tool could). */
function damage(db: string): void {
  const raw = new Database(db); // read-write: its close folds in and removes the WAL, as a command's does
  const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'revisions'").get() as { rootpage: number };
  raw.close();
  const fd = fs.openSync(db, 'r+');
  fs.writeSync(fd, Buffer.alloc(52, 0xa5), 0, 52, (rootpage - 1) * 4096 + 8);
  fs.closeSync(fd);
}

afterEach(() => setWriterKind('cli'));

describe('quick_check when a store is opened', () => {
  it('runs on the first open; a command that closed the store cleanly lets the next open of the same file skip it', async () => {
    const { db } = await cliStore();
    expect(fs.existsSync(checkedMarkerOf(db))).toBe(true);
    expect(fs.statSync(checkedMarkerOf(db)).mode & 0o077).toBe(0);
    expect(probe(db)).toEqual({ check: 'skipped', damaged: null });
    fs.rmSync(checkedMarkerOf(db));
    expect(probe(db)).toEqual({ check: 'ran', damaged: null });
  });

  it('finds a store damaged in place after a clean close, even with its modification time put back, and refuses writes to it', async () => {
    const { db, id } = await cliStore();
    const before = fs.statSync(db, { bigint: true });
    const ref = `${db}-times`;
    fs.writeFileSync(ref, '');
    execFileSync('touch', ['-r', db, ref]); // keeps the times to the nanosecond
    damage(db);
    execFileSync('touch', ['-r', ref, db]); // size and times as the marker says; the change time cannot be put back
    expect(fs.statSync(db, { bigint: true })).toMatchObject({ size: before.size, mtimeNs: before.mtimeNs, ino: before.ino });
    const p = probe(db);
    expect(p.check).toBe('ran');
    expect(p.damaged).toMatch(/Tree \d+ page/);
    const w = await cli(db, 'answer', 'set', id, 'I.a', '--text', 'into a damaged store');
    expect(w.code).toBe(1);
    expect(w.err).toMatch(/damaged.*backup restore/);
    // and the refused command did not vouch for it: the next open checks again
    expect(probe(db).check).toBe('ran');
  }, 60_000);

  it('damage that changes no file time (a failing disk) found by a command: the next open checks and opens it read-only', async () => {
    const { db, id } = await cliStore();
    damage(db);
    markCheckedAtClose(db, Date.now()); // a marker that matches the damaged file, as such damage would leave it
    expect(probe(db).check).toBe('skipped');
    const r = await cli(db, 'answer', 'history', id, 'I.a');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/store is damaged/);
    expect(fs.existsSync(checkedMarkerOf(db))).toBe(false);
    const p = probe(db);
    expect(p.check).toBe('ran');
    expect(p.damaged).toMatch(/Tree \d+ page/);
  });

  it('checks when a WAL is there (another process has the store open, or one died with it open)', async () => {
    const { db } = await cliStore();
    const other = new Database(db);
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM drafts').get();
    try {
      expect(fs.existsSync(`${db}-wal`)).toBe(true);
      expect(probe(db).check).toBe('ran');
      // a command closing while the other still holds the store leaves no marker
      expect((await cli(db, 'draft', 'list')).code).toBe(0);
      expect(fs.existsSync(checkedMarkerOf(db))).toBe(false);
    } finally {
      other.close();
    }
    expect(probe(db).check).toBe('ran');
  });

  it('checks again once the last full check is a day old, and a command then renews it', async () => {
    const { db } = await cliStore();
    const marker = JSON.parse(fs.readFileSync(checkedMarkerOf(db), 'utf8')) as { state: string; checkedAt: number };
    fs.writeFileSync(checkedMarkerOf(db), JSON.stringify({ ...marker, checkedAt: Date.now() - 25 * 3600_000 }));
    expect(probe(db).check).toBe('ran');
    expect((await cli(db, 'draft', 'list')).code).toBe(0);
    const renewed = JSON.parse(fs.readFileSync(checkedMarkerOf(db), 'utf8')) as { checkedAt: number };
    expect(Date.now() - renewed.checkedAt).toBeLessThan(60_000);
    expect(probe(db).check).toBe('skipped');
    // a garbled marker is no marker
    fs.writeFileSync(checkedMarkerOf(db), '{"state":');
    expect(probe(db).check).toBe('ran');
  });

  it('a long-running app does not vouch for the file it leaves: the next open checks', async () => {
    const { db } = await cliStore();
    setWriterKind('serve');
    const s = new Store(db, { create: false });
    s.tx(() => s.setSetting('ui.test', 'x'));
    s.close();
    expect(probe(db).check).toBe('ran');
  });
});
