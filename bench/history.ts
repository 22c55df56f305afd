/**
 * History of one answer with 2,000 saves (typed over 100 editing sessions: a save every 30 s,
 * sessions a day apart, the answer growing to about 10 KB), through the services:
 *   - the first page of sessions (what the history panel shows first), and every page to the end;
 *   - the first page of individual saves (listRevisionMeta), and the old whole-history call;
 * each beside reading the same rows raw with better-sqlite3 on the same file (same pragmas).
 * And a diff of two named versions of a whole draft (56 fields, all changed) beside reading the
 * 112 revisions raw. Medians over repeated runs, the baseline run alternately first and second.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { invoke } from '../main/dispatch';
import { forgetSummaries } from '../main/history/field-sessions';
import { createServices } from '../main/services';
import { idKey } from '../main/store/revision-id';
import { listRevisionMeta, setRevisionTime } from '../main/store/revisions';
import { dropSummaries } from '../main/store/session-summaries';
import type { Store } from '../main/store/store';
import { writeRevision } from '../main/services/fields';
import type { FieldValue } from '../shared/contract';
import { noteFromText } from '../shared/note';
import { textToDoc } from '../shared/plaintext';
import { ARAB_REGION_2020, fieldKind, templateFields } from '../shared/template';
import { ms, percentile, samples, type Bench, type BenchRow } from './harness';

export const SAVES = 2000;
export const PER_SESSION = 20;
const REPS = 30;

const WORDS = 'the national strategy on immigration and asylum covers integration education health housing employment and the protection of migrants in vulnerable situations وتشمل الاستراتيجية الوطنية للهجرة واللجوء'.split(' ');

function paragraphText(i: number): string {
  // about 10 KB at the end: 60 paragraphs growing word by word
  const paras: string[] = [];
  const words = Math.floor(i * 0.85) + 5;
  for (let w = 0; w < words; w += 17) paras.push(Array.from({ length: Math.min(17, words - w) }, (_x, k) => WORDS[(w + k) % WORDS.length]).join(' ') + '.');
  return paras.join('\n\n');
}

/**
 * Writes SAVES saves of `field` as the app does (each a revision on the one before), dated as if
 * typed in SAVES / PER_SESSION sessions: a save every 30 s, sessions a day apart (from 2021).
 */
export function typeHistory(store: Store, draftId: string, field: string): void {
  const t0 = Date.parse('2021-01-01T08:00:00.000Z');
  store.tx(() => {
    let parent: string | null = null;
    for (let i = 0; i < SAVES; i++) {
      const r = writeRevision(store, { draftId, field, value: { kind: 'answer', doc: textToDoc(paragraphText(i)) }, parentId: parent });
      setRevisionTime(store, r.revisionId, new Date(t0 + Math.floor(i / PER_SESSION) * 86_400_000 + (i % PER_SESSION) * 30_000).toISOString());
      parent = r.revisionId;
    }
  });
}

function valueFor(field: string, round: number): FieldValue {
  const k = fieldKind(field);
  const text = `Round ${round}: ${paragraphText(200 + round * 50)}`;
  if (k === 'objective') return { kind: 'objective', status: round ? 'achieved' : 'in_progress', note: noteFromText(text) };
  if (k === 'principle') return { kind: 'principle', note: noteFromText(text) };
  return { kind: 'answer', doc: textToDoc(text) };
}

/** Lets work queued after a call run (summaries are kept right after the call that worked them out). */
const settle = () => new Promise((r) => setImmediate(r));

/** Runs `a` and `b` REPS times each, alternating which goes first (`prepare`, untimed, before each `a`); returns their medians. */
async function sideBySide(a: () => unknown, b: () => unknown, prepare: () => unknown = () => undefined): Promise<{ a: number; b: number; a90: number; b90: number; a95: number; b95: number }> {
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < REPS; i++) {
    if (i % 2) {
      await prepare();
      sa.push(...(await samples(1, a)));
      sb.push(...(await samples(1, b)));
    } else {
      sb.push(...(await samples(1, b)));
      await prepare();
      sa.push(...(await samples(1, a)));
    }
  }
  return { a: percentile(sa, 50), b: percentile(sb, 50), a90: percentile(sa, 90), b90: percentile(sb, 90), a95: percentile(sa, 95), b95: percentile(sb, 95) };
}

export const historyBench: Bench = {
  title: `History: one answer with ${SAVES.toLocaleString('en')} saves in ${SAVES / PER_SESSION} sessions; diff of two versions of a 56-field draft`,
  async run(): Promise<BenchRow[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-bench-history-'));
    const file = path.join(dir, 'store.sqlite');
    const s = createServices(file);
    const raw = new Database(file, { readonly: true });
    raw.pragma('busy_timeout = 5000');
    try {
      await invoke(s.handlers, 'setIdentity', { name: 'Amina El Idrissi', organisation: 'Ministry of Foreign Affairs' });
      const draftId = (await invoke(s.handlers, 'createDraft', { title: 'Bench' })).id;
      typeHistory(s.store, draftId, 'I.a');
      const size = listRevisionMeta(s.store, draftId, 'I.a', { limit: 1 })[0]!.size;

      // a second draft, 56 fields, named before and after changing all of them
      const d2 = (await invoke(s.handlers, 'createDraft', { title: 'Bench versions' })).id;
      const fields = templateFields(ARAB_REGION_2020);
      s.store.tx(() => {
        for (const f of fields) writeRevision(s.store, { draftId: d2, field: f, value: valueFor(f, 0), parentId: null });
      });
      const v1 = await invoke(s.handlers, 'createVersion', { draftId: d2, label: 'Before' });
      s.store.tx(() => {
        for (const f of fields) {
          const head = s.store.db.prepare('SELECT revision_id FROM answers WHERE draft_id = ? AND field = ?').get(d2, f) as { revision_id: string };
          writeRevision(s.store, { draftId: d2, field: f, value: valueFor(f, 1), parentId: head.revision_id });
        }
      });
      const v2 = await invoke(s.handlers, 'createVersion', { draftId: d2, label: 'After' });
      // the store as the app leaves it between sessions: the write-ahead log folded into the file
      s.store.db.pragma('wal_checkpoint(TRUNCATE)');

      const rows: BenchRow[] = [];
      // a field's revisions as stored (migration 016: draft and field by their keys), in history order
      const ofField = 'draft = (SELECT n FROM revision_drafts WHERE id = ?) AND field = (SELECT n FROM revision_fields WHERE name = ?) ORDER BY created DESC, n DESC';
      const rawAll = raw.prepare(`SELECT * FROM revisions WHERE ${ofField}`);
      const rawPage = raw.prepare(`SELECT * FROM revisions WHERE ${ofField} LIMIT ?`);

      // The store keeps each session's change summary once worked out (migration 014): measured
      // with them kept (every opening after the first, and any store typed in the app), and as the
      // very first opening of a store that has none (migrated from schema 13, or just imported),
      // which works them out from the texts and keeps them. This process's memory is cleared each time.
      const allSessions = async () => {
        forgetSummaries(s.store);
        let before: { createdAt: string; id: string } | undefined;
        let n = 0;
        do {
          const r = await invoke(s.handlers, 'fieldSessions', { draftId, field: 'I.a', before, limit: 500 });
          n += r.sessions.length;
          before = r.next ?? undefined;
        } while (before);
        if (n !== SAVES / PER_SESSION) throw new Error(`expected ${SAVES / PER_SESSION} sessions, got ${n}`);
      };
      const dropAll = async () => {
        await settle();
        dropSummaries(s.store);
      };
      const noneKept = await sideBySide(allSessions, () => rawAll.all(draftId, 'I.a'), dropAll);
      await allSessions();
      await settle(); // all 100 kept
      const whole = await sideBySide(allSessions, () => rawAll.all(draftId, 'I.a'));
      rows.push({ name: `all ${SAVES / PER_SESSION} sessions (grouped, with summaries kept)`, value: ms(whole.a), baseline: `${ms(whole.b)} raw SELECT * of ${SAVES} rows`, ratio: whole.a / whole.b, goal: '< 50 ms', met: whole.a < 50 });
      rows.push({ name: '  p90 of the same runs', value: ms(whole.a90), baseline: `${ms(whole.b90)} raw`, ratio: whole.a90 / whole.b90, goal: '< 50 ms', met: whole.a90 < 50 });
      rows.push({ name: `  first opening, no summary kept yet (works out ${SAVES / PER_SESSION}, kept after it)`, value: ms(noneKept.a), baseline: `${ms(noneKept.b)} raw`, ratio: noneKept.a / noneKept.b });

      const firstNone = await sideBySide(
        () => {
          forgetSummaries(s.store);
          return invoke(s.handlers, 'fieldSessions', { draftId, field: 'I.a', limit: 40 });
        },
        () => rawPage.all(draftId, 'I.a', 40 * PER_SESSION),
        dropAll,
      );
      await allSessions(); // keeps them all again
      await settle();
      const first = await sideBySide(
        () => {
          forgetSummaries(s.store);
          return invoke(s.handlers, 'fieldSessions', { draftId, field: 'I.a', limit: 40 });
        },
        () => rawPage.all(draftId, 'I.a', 40 * PER_SESSION),
      );
      rows.push({ name: 'first page of the panel: 40 sessions (summaries kept)', value: ms(first.a), baseline: `${ms(first.b)} raw SELECT * of ${40 * PER_SESSION} rows`, ratio: first.a / first.b, goal: '< 30 ms', met: first.a < 30 });
      rows.push({ name: '  first opening, no summary kept yet', value: ms(firstNone.a), baseline: `${ms(firstNone.b)} raw`, ratio: firstNone.a / firstNone.b });
      const again = await sideBySide(
        () => invoke(s.handlers, 'fieldSessions', { draftId, field: 'I.a', limit: 40 }),
        () => rawPage.all(draftId, 'I.a', 40 * PER_SESSION),
      );
      rows.push({ name: '  the same page again (reloaded after a save)', value: ms(again.a), baseline: `${ms(again.b)} raw`, ratio: again.a / again.b });

      const saves = await sideBySide(
        () => invoke(s.handlers, 'fieldHistoryPage', { draftId, field: 'I.a', limit: 100 }),
        () => rawPage.all(draftId, 'I.a', 100),
      );
      rows.push({ name: 'first page of saves: 100 (metadata only)', value: ms(saves.a), baseline: `${ms(saves.b)} raw SELECT * of 100 rows`, ratio: saves.a / saves.b });

      const old = await sideBySide(() => invoke(s.handlers, 'fieldHistory', { draftId, field: 'I.a' }), () => rawAll.all(draftId, 'I.a'));
      const oldBytes = JSON.stringify(await invoke(s.handlers, 'fieldHistory', { draftId, field: 'I.a' })).length;
      const newBytes = JSON.stringify(await invoke(s.handlers, 'fieldSessions', { draftId, field: 'I.a', limit: 40 })).length;
      rows.push({ name: `(before) fieldHistory, every save with its text`, value: ms(old.a), baseline: `${ms(old.b)} raw`, ratio: old.a / old.b });
      rows.push({ name: 'bytes sent to the panel: first page vs all saves', value: `${(newBytes / 1024).toFixed(0)} KB`, baseline: `${(oldBytes / 1024).toFixed(0)} KB`, ratio: newBytes / oldBytes });

      const ids = raw.prepare('SELECT revision_id FROM named_version_fields WHERE version_id IN (?, ?)').all(v1.id, v2.id) as Array<{ revision_id: string }>;
      const getRaw = raw.prepare('SELECT * FROM revisions WHERE id = ?');
      const diff = await sideBySide(
        async () => {
          const c = await invoke(s.handlers, 'diffVersions', { draftId: d2, from: v1.id, to: v2.id });
          if (c.length !== fields.length) throw new Error(`expected ${fields.length} changed fields, got ${c.length}`);
        },
        () => ids.map((r) => getRaw.get(idKey(r.revision_id))),
      );
      rows.push({ name: `diff of two versions, ${fields.length} fields changed`, value: ms(diff.a), baseline: `${ms(diff.b)} raw SELECT of ${ids.length} revisions`, ratio: diff.a / diff.b, goal: '< 100 ms', met: diff.a < 100 });
      rows.push({ name: 'answer size after the last save', value: `${(size / 1024).toFixed(1)} KB` });
      return rows;
    } finally {
      raw.close();
      s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
