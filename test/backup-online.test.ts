/**
 * Backups never freeze the app (issue 13): the copy runs on a worker thread and the browser-mode
 * host keeps answering saves and reads meanwhile, none waiting 100 ms or more (the goal,
 * asserted here as it asks; `npm run bench -- scale` measures it on a larger store); what was saved
 * before the copy began is in it; copies are private (0600 in a 0700 folder); daily copies rotate
 * under a count and a size budget.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startHost } from '../main/host/server';
import { backupTo, checkBackup, dailyBackup, rotate } from '../main/store/backup';
import { insertRevision } from '../main/store/revisions';
import { newId, nowIso } from '../main/store/store';
import { setWorkerBinding } from '../main/store/worker-sqlite';
import { textToDoc } from '../shared/plaintext';
import { makeServices, tempDir, walIndex } from './helpers';
import { doc, withHistory } from './store-history';

function post(port: number, secret: string, call: string, body: unknown): Promise<{ ok: boolean; value?: any; error?: any }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/${call}`, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-gcm-token': secret } },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(JSON.parse(b)));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('online backup', () => {
  it('the host answers every save and read within 100 ms while a large store is copied, and the copy is one consistent snapshot', async (ctx) => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    const d = s.drafts.create({ title: 'Big' });
    // ~40 MB of history that does not compress (values are stored deflated), written as the store writes it
    const a = s.store.author();
    s.store.tx(() => {
      for (let i = 0; i < 700; i++) {
        const text = crypto.randomBytes(45_000).toString('base64');
        insertRevision(s.store, {
          id: newId(), draft_id: d.id, field: 'I.b', parent_id: null, merge_parent_id: null, value: JSON.stringify(doc(text)), text,
          author_name: a.name, author_org: a.organisation, installation_id: a.installationId, created_at: nowIso(), note: null, source_bundle_id: null,
        });
      }
    });
    // in the file, as SQLite's checkpoint at 1,000 pages used to leave it (the store now checkpoints when idle)
    s.store.checkpoints.run();
    expect(fs.statSync(s.store.file).size).toBeGreaterThan(30e6);

    const staticDir = path.join(dir, 'app');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    const host = await startHost({ handlers: s.handlers, staticDir });
    try {
      const saved: string[] = [];
      let base: string | null = null;
      const save = async (n: number) => {
        const r = await post(host.port, host.secret, 'saveField', { draftId: d.id, field: 'I.a', value: doc(`save ${n}`), baseRevisionId: base });
        expect(r.ok).toBe(true);
        base = r.value.revisionId;
        saved.push(base!);
      };
      /** One backup with saves and reads going on; the longest any of them (or the event loop) waited. */
      const backupWhileSaving = async (k: number) => {
        await save(saved.length);
        const savedBefore = saved.length;
        // the event loop's lag (a 2 ms timer's lateness): what any request would wait for
        let last = performance.now();
        let lag = 0;
        const timer = setInterval(() => {
          const now = performance.now();
          lag = Math.max(lag, now - last - 2);
          last = now;
        }, 2);
        let steps = 0;
        let done = false;
        const stepsAtAnswer: number[] = [];
        let longest = 0;
        const target = path.join(dir, `backups-${k}`, 'copy.sqlite');
        const backup = backupTo(s.store, target, { onStep: () => void steps++ }).then((f) => ((done = true), f));
        while (!done) {
          let t0 = performance.now();
          await save(saved.length);
          longest = Math.max(longest, performance.now() - t0);
          t0 = performance.now();
          const g = await post(host.port, host.secret, 'getDraft', { draftId: d.id });
          longest = Math.max(longest, performance.now() - t0);
          expect(g.value.fields['I.a'].revisionId).toBe(base);
          if (!done) stepsAtAnswer.push(steps);
        }
        const file = await backup;
        clearInterval(timer);
        // answered between steps of the copy, not only before or after it
        expect(steps).toBeGreaterThan(10);
        expect(stepsAtAnswer.some((k) => k > 0 && k < steps)).toBe(true);
        checkBackup(file);
        const copy = new Database(file, { readonly: true });
        try {
          // the copy is the store at one moment: every save acknowledged before the copy began, and
          // saves after it only as a consistent prefix (a head and exactly its ancestors)
          const head = copy.prepare('SELECT revision_id FROM answers WHERE draft_id = ? AND field = ?').pluck().get(d.id, 'I.a') as string;
          expect(saved.indexOf(head)).toBeGreaterThanOrEqual(savedBefore - 1);
          expect(copy.prepare('SELECT count(*) FROM revisions r JOIN revision_fields f ON f.n = r.field WHERE f.name = ?').pluck().get('I.a')).toBe(saved.indexOf(head) + 1);
          expect(copy.prepare('SELECT count(*) FROM revisions r JOIN revision_fields f ON f.n = r.field WHERE f.name = ?').pluck().get('I.b')).toBe(700);
          expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        } finally {
          copy.close();
        }
        if (process.platform !== 'win32') {
          expect(fs.statSync(file).mode & 0o777).toBe(0o600);
          expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
        }
        expect(fs.readdirSync(path.dirname(file))).toEqual(['copy.sqlite']); // no partial file left
        return { longest, lag };
      };
      // No call waits for the copy: neither a save or read over HTTP, nor the event loop itself.
      // A 100 ms bound can only be measured where the same calls without a backup stay well under
      // it: on a shared machine running many times its cores, they alone wait 100-250 ms now and
      // then (CPU starvation, even on tmpfs). So each backup comes after a second of the same calls
      // alone; a backup counts when those stayed under 50 ms, and one that counts must keep every
      // wait under 100 ms (up to five tries). A copy that holds the event loop fails every try that
      // counts (a synchronous copy of this store holds it 250-400 ms here). When no try counts, the
      // bound is not asserted, and the test says so (skipped); what the copy holds is still checked.
      const callsAlone = async (ms: number) => {
        let longest = 0;
        for (const until = performance.now() + ms; performance.now() < until; ) {
          let t0 = performance.now();
          await save(saved.length);
          longest = Math.max(longest, performance.now() - t0);
          t0 = performance.now();
          await post(host.port, host.secret, 'getDraft', { draftId: d.id });
          longest = Math.max(longest, performance.now() - t0);
        }
        return longest;
      };
      const tries: Array<{ alone: number; longest: number; lag: number }> = [];
      for (let k = 0; k < 5; k++) {
        const alone = await callsAlone(1000);
        tries.push({ alone, ...(await backupWhileSaving(k)) });
        if (alone < 50 && tries[k]!.longest < 100 && tries[k]!.lag < 100) break;
      }
      const counted = tries.filter((t) => t.alone < 50);
      if (!counted.length) {
        console.warn(`backup stall bound not measurable on this machine now: the calls alone waited up to ${tries.map((t) => Math.round(t.alone)).join(', ')} ms`);
        ctx.skip();
      }
      expect(counted.some((t) => Math.max(t.longest, t.lag) < 100), JSON.stringify(tries)).toBe(true);
    } finally {
      await host.close();
    }
  }, 180_000);

  it('the copy on a worker keeps to its pace (so saves never wait behind its writes)', async () => {
    const { dir, s } = withHistory('Paced', 120);
    const size = fs.statSync(s.store.file).size;
    expect(size).toBeGreaterThan(5e6);
    const pace = 2 * 1024 * 1024;
    let on = '';
    const t0 = performance.now();
    const file = await backupTo(s.store, path.join(dir, 'paced.sqlite'), { pace, onCopy: (o) => (on = o) });
    const took = performance.now() - t0;
    expect(on).toBe('worker');
    // a lower bound only: a loaded machine is slower still, never faster than the pace allows
    expect(took).toBeGreaterThan((size / pace) * 1000 * 0.8);
    checkBackup(file);
    expect(new Database(file, { readonly: true }).prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(120);
  });

  it('what the app writes during a copy is folded into the store by the worker, not on the app’s thread, and the app’s checkpoints wait for it', async () => {
    const { dir, s, d } = withHistory('Folded', 40);
    // the WAL-index (sqlite.org/walformat.html): frames in the WAL (mxFrame) and how many of them are in the file (nBackfill)
    const wal = () => walIndex(s.store.file);
    const before = s.store.checkpoints.count;
    let copying = true;
    let heldThroughout = true;
    let ranDuring = -1;
    const copy = backupTo(s.store, path.join(dir, 'folded.sqlite'), {
      pace: 256 * 1024, // ~9 s: time for the saves below on a loaded machine
      onStep: (p) => {
        heldThroughout &&= s.store.checkpoints.held;
        ranDuring = s.store.checkpoints.count - before;
        if (p.remainingPages < p.totalPages / 10) copying = false; // (the last step is not reported)
      },
    });
    // 600 saves back to back (past the 500 that would checkpoint between two of them) while the copy runs
    let base: string | null = null;
    let saves = 0;
    copy.finally(() => (copying = false));
    while (copying && saves < 600) {
      await new Promise((r) => setImmediate(r));
      base = s.fields.save(d.id, 'II.c', { kind: 'answer', doc: textToDoc(`save ${saves++} ` + 'words of a long answer '.repeat(100)) }, base).revisionId;
    }
    const written = wal().frames;
    await copy;
    expect(saves).toBeGreaterThan(500);
    expect(heldThroughout).toBe(true);
    expect(ranDuring).toBe(0); // none ran on this thread while the copy ran
    expect(s.store.checkpoints.held).toBe(false);
    // the frames written while the copy ran (its snapshot kept them out of the file) are in the file now
    expect(written).toBeGreaterThan(1000);
    expect(wal().inFile).toBeGreaterThanOrEqual(written); // (and what background work wrote after the saves stopped)
    expect(s.store.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
    // the copy: the store as the worker's snapshot found it, with the saves made before it began and none after
    const copied = new Database(path.join(dir, 'folded.sqlite'), { readonly: true }).prepare('SELECT count(*) FROM revisions').pluck().get() as number;
    expect(copied).toBeGreaterThanOrEqual(40);
    expect(copied).toBeLessThan(40 + saves);
    s.close();
  }, 120_000);

  it('where a worker cannot load the database engine, the copy runs on this thread, in steps, and is as sound', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    const d = s.drafts.create({ title: 'x' });
    s.fields.save(d.id, 'I.a', { kind: 'answer', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'kept' }] }] } }, null);
    const where: string[] = [];
    await backupTo(s.store, path.join(dir, 'w.sqlite'), { onCopy: (on) => where.push(on) });
    setWorkerBinding(path.join(dir, 'no-such-binding.node')); // as in a desktop app whose workers cannot load it
    try {
      await backupTo(s.store, path.join(dir, 't.sqlite'), { onCopy: (on) => where.push(on) });
    } finally {
      setWorkerBinding(null);
    }
    expect(where).toEqual(['worker', 'thread']);
    for (const f of ['w.sqlite', 't.sqlite']) {
      checkBackup(path.join(dir, f));
      const copy = new Database(path.join(dir, f), { readonly: true });
      expect(copy.prepare('SELECT count(*) FROM revisions r JOIN revision_fields f ON f.n = r.field WHERE f.name = ?').pluck().get('I.a')).toBe(1);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('a failed copy leaves no partial file and reports the error', async () => {
    const dir = tempDir();
    const s = makeServices(path.join(dir, 'store.sqlite'));
    s.drafts.create({ title: 'x' });
    const target = path.join(dir, 'b', 'copy.sqlite');
    const p = backupTo(s.store, target);
    s.store.close(); // the store goes away mid-copy
    await expect(p).rejects.toThrow();
    expect(fs.readdirSync(path.join(dir, 'b'))).toEqual([]);
  });
});

describe('daily rotation', () => {
  const fill = (dir: string, days: number[], size: number) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const day of days) fs.writeFileSync(path.join(dir, `gcm-review-2026-11-${String(day).padStart(2, '0')}.sqlite`), Buffer.alloc(size));
  };
  const left = (dir: string) => fs.readdirSync(dir).sort();

  it('keeps the newest copies under the count and the size budget, always the newest, and clears old partial copies', async () => {
    const dir = tempDir();
    fill(dir, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1000);
    await rotate(dir, 7, 1e9);
    expect(left(dir)).toEqual([3, 4, 5, 6, 7, 8, 9].map((d) => `gcm-review-2026-11-0${d}.sqlite`));
    await rotate(dir, 7, 3500); // three copies fit
    expect(left(dir)).toEqual([7, 8, 9].map((d) => `gcm-review-2026-11-0${d}.sqlite`));
    await rotate(dir, 7, 10); // not even one fits: the newest stays
    expect(left(dir)).toEqual(['gcm-review-2026-11-09.sqlite']);
    const stale = path.join(dir, 'gcm-review-2026-11-10.sqlite.partial-999999');
    const fresh = path.join(dir, 'gcm-review-2026-11-10.sqlite.partial-999998');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'x');
    fs.utimesSync(stale, new Date(Date.now() - 2 * 3600e3), new Date(Date.now() - 2 * 3600e3));
    await rotate(dir, 7);
    expect(left(dir)).toEqual(['gcm-review-2026-11-09.sqlite', 'gcm-review-2026-11-10.sqlite.partial-999998']);
  });

  it('the default budget keeps three copies of a store once they pass 1 GiB together', async () => {
    const dir = tempDir();
    // sparse files: sizes without the bytes
    for (const day of [1, 2, 3, 4, 5]) {
      const f = path.join(dir, `gcm-review-2026-11-0${day}.sqlite`);
      fs.writeFileSync(f, '');
      fs.truncateSync(f, 500 * 1024 ** 2);
    }
    await rotate(dir, 7);
    expect(left(dir)).toEqual([3, 4, 5].map((d) => `gcm-review-2026-11-0${d}.sqlite`));
  });

  it('two daily runs at once make one copy', async () => {
    const s = makeServices(path.join(tempDir(), 'store.sqlite'));
    s.drafts.create({ title: 'x' });
    const today = new Date(Date.UTC(2026, 10, 20));
    const [a, b] = await Promise.all([dailyBackup(s.store, { today }), dailyBackup(s.store, { today })]);
    expect(a).toBe(b);
    expect(a).toMatch(/gcm-review-2026-11-20\.sqlite$/);
  });
});
