/**
 * The floor of a save on this schema: the SQL a save runs (its revision with the revision's keys and
 * indexes, the compaction list, the field's head with the answers' triggers, the draft's time), from
 * arguments worked out beforehand, with no JavaScript of the save around it, beside a raw insert of the
 * same bytes with the same pragmas, each on a checkpointed WAL (the `as typed` regime; LOOP=1 for the
 * other). STEPS=rev|tc|ans|all stops after the revision, the compaction list, the head, or runs all.
 *   npx tsx bench/autosave-floor.ts          (not part of `npm run bench`; README, issue 13)
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/services';
import { idKey } from '../main/store/revision-id';
import { newId, nowIso } from '../main/store/store';
import { answer5k } from './autosave';
import { percentile } from './harness';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floor-'));
const s = createServices(path.join(dir, 'a.sqlite'));
const raw = new Database(path.join(dir, 'raw.sqlite'));
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = FULL');
raw.pragma(`wal_autocheckpoint = ${s.store.db.pragma('wal_autocheckpoint', { simple: true }) as number}`);
raw.exec('CREATE TABLE r (id TEXT PRIMARY KEY, value TEXT NOT NULL)');
const ins = raw.prepare('INSERT INTO r VALUES (?, ?)');
const values = Array.from({ length: 500 }, (_, i) => answer5k(i));
const jsons = values.map((v) => JSON.stringify(v));
const bodies = jsons.map((j) => Buffer.concat([Buffer.of(0), Buffer.from(j)])); // a RAW body, as a save writes it
const d = s.drafts.create({ title: 'Floor' });
s.fields.save(d.id, 'II.c', values[0]!, null);
const db = s.store.db;
const key = (sql: string, arg: string) => db.prepare(sql).pluck().get(arg) as number;
const draft = key('SELECT n FROM revision_drafts WHERE id = ?', d.id);
const field = key('SELECT n FROM revision_fields WHERE name = ?', 'II.c');
const author = db.prepare('SELECT n FROM revision_authors').pluck().get() as number;
const insertRevision = db.prepare(
  'INSERT INTO revisions (id, draft, field, parent, merge_parent, author, created, created_text, text_size, note, origin_revision_id, body) VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, ?, NULL, NULL, ?)',
);
const listForCompaction = db.prepare('INSERT INTO revisions_to_compact (n) VALUES (?)');
const moveHead = db.prepare('UPDATE answers SET revision_id = ?, updated_at = ?, filled = 1 WHERE draft_id = ? AND field = ?');
const touchDraft = db.prepare('UPDATE drafts SET updated_at = ? WHERE id = ?');
let parent = db.prepare('SELECT max(n) FROM revisions').pluck().get() as number;
const steps = process.env.STEPS ?? 'all';
const save = db.transaction((i: number) => {
  const id = newId();
  const at = nowIso();
  const n = Number(insertRevision.run(idKey(id), draft, field, parent, author, Date.now(), 4900, bodies[i % 500]).lastInsertRowid);
  if (steps !== 'rev') listForCompaction.run(n);
  if (steps === 'ans' || steps === 'all') moveHead.run(id, at, d.id, 'II.c');
  if (steps === 'all') touchDraft.run(at, d.id);
  parent = n;
});
const t: Record<'floor' | 'raw', number[]> = { floor: [], raw: [] };
for (let i = 0; i < 3000; i++) {
  const a = () => {
    const t0 = performance.now();
    save.immediate(i);
    t.floor.push(performance.now() - t0);
  };
  const b = () => {
    const t0 = performance.now();
    ins.run(`k${i}`, jsons[i % 500]!);
    t.raw.push(performance.now() - t0);
  };
  if (i % 2) {
    a();
    b();
  } else {
    b();
    a();
  }
  if (!process.env.LOOP) {
    db.pragma('wal_checkpoint(PASSIVE)');
    raw.pragma('wal_checkpoint(PASSIVE)');
  }
}
const [f, r] = [t.floor.slice(300), t.raw.slice(300)];
for (const [name, x] of [['floor', f], ['raw', r]] as const) console.log(name.padEnd(6), 'p50', percentile(x, 50).toFixed(3), 'p99', percentile(x, 99).toFixed(3), 'ms');
console.log(`steps ${steps}: ratio p50 ${(percentile(f, 50) / percentile(r, 50)).toFixed(2)}x, p99 ${(percentile(f, 99) / percentile(r, 99)).toFixed(2)}x`);
s.close();
raw.close();
fs.rmSync(dir, { recursive: true });
