/**
 * Session summaries back-filled in the background (main/history/summary-backfill.ts, issue 13): a
 * store written at schema 13 (test/fixtures/store-v13.sqlite: typed sessions in en/fr/ar, restores,
 * imports, merges) opened the running app's way (startMaintenance) ends up keeping every ended
 * session's summary, equal to a full recomputation, with no history call; a save made during the
 * back-fill is answered and lands; a back-fill closed half-way resumes at the next opening; a save
 * imported later inside a kept session is worked out again by the next pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { sessionEnded } from '../main/history/field-sessions';
import type { BackfillOptions } from '../main/history/summary-backfill';
import type { Services } from '../main/services';
import { getHead, getRevisionRow } from '../main/store/revisions';
import { storedSummary } from '../main/store/session-summaries';
import { fixture, makeServices, tempDir } from './helpers';
import { answer, save } from './merge-helpers';
import { busiestField, fieldsOf, recomputed, splitOldSession } from './session-helpers';

const v13 = () => {
  const file = path.join(tempDir(), 'v13.sqlite');
  fs.copyFileSync(fixture('store-v13.sqlite'), file);
  return file;
};

/** Opened as a long-running host opens it (the daily backup and the delivery worker started too). */
function host(file: string, summaries: BackfillOptions = {}): Services {
  const s = makeServices(file, { summaries: { quietMs: 0, ...summaries } });
  s.startMaintenance();
  return s;
}

const keptCount = (s: Services) => s.store.db.prepare('SELECT count(*) FROM session_summaries').pluck().get() as number;

/**
 * Every ended session's summary as the store keeps it, against the same worked out from every
 * revision's text: [kept, wanted] (a field's newest session may go on: not required).
 */
function keptAndWanted(s: Services) {
  const kept: unknown[] = [];
  const wanted: unknown[] = [];
  for (const { draftId, field } of fieldsOf(s)) {
    recomputed(s, draftId, field).forEach((x, i) => {
      // sessionEnded reads the newest save's time only
      if (!sessionEnded([{ created_at: x.end }] as never, i === 0)) return;
      wanted.push({ firstId: x.firstRevisionId, lastId: x.lastRevisionId, wordsAdded: x.wordsAdded, wordsRemoved: x.wordsRemoved, size: x.size, preview: x.preview });
      const k = storedSummary(s.store, x.firstRevisionId);
      kept.push(k ? { firstId: x.firstRevisionId, ...k } : { firstId: x.firstRevisionId, missing: true });
    });
  }
  return { kept, wanted };
}

/** Turns of the event loop until `cond` holds or the back-fill has stopped (`running`). */
async function until(cond: () => boolean, running: Promise<void>): Promise<void> {
  let stopped = false;
  void running.then(() => (stopped = true));
  while (!cond() && !stopped) await new Promise((r) => setImmediate(r));
}

describe('session summaries back-filled in the background', () => {
  it('a schema-13 store opened by a host keeps every ended session, equal to a full recomputation, with no history call', async () => {
    const s = host(v13());
    expect(keptCount(s)).toBe(0); // nothing at open: in the background
    await s.summaries.idle(); // the pass startMaintenance started
    const { kept, wanted } = keptAndWanted(s);
    expect(wanted.length).toBeGreaterThan(100);
    expect(kept).toEqual(wanted);
    // a store with nothing new: no pass
    expect(s.store.getSetting('summaries.pass')).toBeNull();
    expect(Number(s.store.getSetting('summaries.keptThrough'))).toBeGreaterThan(0);
  }, 60_000);

  it('a save during the back-fill is answered and lands; the back-fill completes', async () => {
    const file = v13();
    const s = host(file, { stepMs: 0, quietMs: 50 }); // one unit of work per step; steps wait 50 ms after a save
    const running = s.summaries.idle();
    await until(() => keptCount(s) > 0, running);
    const { wanted } = keptAndWanted(s);
    expect(keptCount(s)).toBeLessThan(wanted.length); // under way
    const { draftId, field } = fieldsOf(s)[0]!;
    const id = await save(s, draftId, field, answer('Typed while summaries are kept — نص'));
    expect(getHead(s.store, draftId, field)!.revision_id).toBe(id);
    await running;
    const after = keptAndWanted(s);
    expect(after.kept).toEqual(after.wanted);
    s.close();
    const again = makeServices(file);
    expect(getRevisionRow(again.store, id)!.text).toBe('Typed while summaries are kept — نص');
  }, 60_000);

  it('closed half-way, the back-fill resumes at the next opening from its progress', async () => {
    const file = v13();
    const s = host(file, { stepMs: 0, keysPerPage: 5 });
    const running = s.summaries.idle();
    await until(() => s.store.getSetting('summaries.pass') !== null && keptCount(s) > 0, running);
    const { wanted } = keptAndWanted(s);
    const part = keptCount(s);
    expect(part).toBeLessThan(wanted.length);
    const progress = JSON.parse(s.store.getSetting('summaries.pass')!) as { from: number; target: number; below: number };
    expect(progress.below).toBeLessThan(progress.target);
    s.close();
    await running; // settles once closed

    const t = host(file, { keysPerPage: 5 });
    expect(keptCount(t)).toBe(part);
    await t.summaries.idle();
    const { kept, wanted: all } = keptAndWanted(t);
    expect(kept).toEqual(all);
    expect(t.store.getSetting('summaries.pass')).toBeNull();
  }, 60_000);

  it('after a complete pass, a save imported inside a kept session is worked out by the next pass (and the older sessions left alone)', async () => {
    const s = host(v13());
    await s.summaries.idle();
    splitOldSession(s, busiestField(s), '01a00000-0000-7000-8000-000000000002');
    expect(keptAndWanted(s).kept).not.toEqual(keptAndWanted(s).wanted); // split: not kept yet
    await invoke(s.handlers, 'listDrafts', {}); // any call but a save starts a pass
    await s.summaries.idle();
    const { kept, wanted } = keptAndWanted(s);
    expect(kept).toEqual(wanted);
  }, 60_000);
});
