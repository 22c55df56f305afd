/**
 * Opening a store from before migration 013 upgrades it (minutes at a million revisions): the
 * upgrade says how far it is (check, backup, revisions done of total, VACUUM, done), the CLI shows
 * it on stderr only, and a process killed in the middle loses time, not data.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { upgradeLine, upgradeText, UPGRADE_QUIET_MS } from '../main/cli/upgrade-line';
import { openStore } from '../main/store/db';
import { LATEST_VERSION, schemaVersion, type UpgradeStep } from '../main/store/migrations';
import { getRevisionRow } from '../main/store/revisions';
import { cliProcess } from './cli-child';
import { makeServices, tempDir } from './helpers';
import { killUpgradeDuring } from './upgrade-kill';
import { makeLargeV12Store } from './store-v12-large';

type Before = Array<{ id: string; value: string; text: string }>;
const revisionsOf = (file: string): Before => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, value, text FROM revisions ORDER BY id').all() as Before;
  } finally {
    db.close();
  }
};

describe('upgrading a store from before migration 013', () => {
  it('reports its steps in order; the revisions count up page by page to their total', () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    const { revisions } = makeLargeV12Store(file, 3000);
    const events: UpgradeStep[] = [];
    const { db } = openStore(file, { onProgress: (p) => events.push(p) });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
    const steps = events.map((e) => e.step).filter((s, i, all) => s !== all[i - 1]);
    expect(steps).toEqual(['check', 'backup', 'migrate', 'vacuum', 'done']);
    const counted = events.filter((e): e is Extract<UpgradeStep, { step: 'migrate' }> => e.step === 'migrate' && e.version === 13 && e.total > 0);
    expect(counted.length).toBeGreaterThan(5); // one per page of 500
    expect(counted.every((e) => e.total === revisions)).toBe(true);
    for (let i = 1; i < counted.length; i++) expect(counted[i]!.done).toBeGreaterThan(counted[i - 1]!.done);
    expect(counted.at(-1)!.done).toBe(revisions);
    // every counted step of every long migration says what it counts, so the CLI line reads
    // "revisions 8,553 of 8,553", never a bare step number next to a count
    const allCounted = events.filter((e): e is Extract<UpgradeStep, { step: 'migrate' }> => e.step === 'migrate' && e.total > 0);
    expect(new Set(allCounted.map((e) => e.version)).size).toBeGreaterThan(1);
    for (const e of allCounted) {
      expect(e.unit, `migration ${e.version}`).toBe('revisions');
      expect(upgradeText(e)).toMatch(/^Upgrading the store \(revisions [\d,]+ of [\d,]+\)…$/);
    }
    // the versions go up, each once started
    const versions = events.filter((e) => e.step === 'migrate').map((e) => (e as { version: number }).version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions)).toEqual(new Set([13, 14].filter((v) => v <= LATEST_VERSION).concat(Array.from({ length: LATEST_VERSION - 14 }, (_, i) => 15 + i))));
    // a store already at the latest schema says nothing
    const again: UpgradeStep[] = [];
    openStore(file, { onProgress: (p) => again.push(p) }).db.close();
    expect(again).toEqual([]);
  });

  it('a progress listener that throws does not stop the upgrade', () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    makeLargeV12Store(file, 0);
    const { db } = openStore(file, {
      onProgress: (p) => {
        if (p.step === 'migrate') throw new Error('display broken');
      },
    });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('the CLI line: silent for a quick upgrade, then one line on stderr, rewritten in place on a terminal', () => {
    let t = 0;
    const piped: string[] = [];
    const onPipe = upgradeLine((s) => piped.push(s), false, () => t);
    onPipe({ step: 'check' });
    t = 200;
    onPipe({ step: 'backup' });
    expect(piped).toEqual([]); // under UPGRADE_QUIET_MS: nothing
    t = UPGRADE_QUIET_MS + 1;
    onPipe({ step: 'migrate', version: 13, name: 'compact_revisions', done: 120_000, total: 1_000_000, unit: 'revisions' });
    t += 100;
    onPipe({ step: 'migrate', version: 13, name: 'compact_revisions', done: 120_500, total: 1_000_000, unit: 'revisions' }); // too soon for another line in a log
    t += 6000;
    onPipe({ step: 'migrate', version: 13, name: 'compact_revisions', done: 500_000, total: 1_000_000, unit: 'revisions' });
    onPipe({ step: 'vacuum' });
    onPipe({ step: 'done' });
    expect(piped).toEqual([
      'Upgrading the store (revisions 120,000 of 1,000,000)…\n',
      'Upgrading the store (revisions 500,000 of 1,000,000)…\n',
      'Upgrading the store (rewriting the file to give the space back)…\n',
      'The store is upgraded.\n',
    ]);
    const tty: string[] = [];
    t = 0;
    const onTty = upgradeLine((s) => tty.push(s), true, () => t);
    onTty({ step: 'migrate', version: 13, name: 'compact_revisions', done: 0, total: 10, unit: 'revisions' });
    t = 2000;
    onTty({ step: 'migrate', version: 13, name: 'compact_revisions', done: 5, total: 10, unit: 'revisions' });
    onTty({ step: 'done' });
    expect(tty).toEqual(['\r\x1b[KUpgrading the store (revisions 5 of 10)…', '\r\x1b[KThe store is upgraded.\n']);
    // a quick upgrade: not a word
    const quiet: string[] = [];
    t = 0;
    const onQuiet = upgradeLine((s) => quiet.push(s), false, () => t);
    onQuiet({ step: 'migrate', version: 14, name: 'x', done: 0, total: 0 });
    onQuiet({ step: 'done' });
    expect(quiet).toEqual([]);
  });

  it('`draft list --json` on a store that needs a long upgrade: only progress on stderr, clean JSON on stdout', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    makeLargeV12Store(file, 8000);
    const r = await cliProcess(file, 'draft', 'list', '--json');
    expect(r.code).toBe(0);
    const drafts = JSON.parse(r.out) as Array<{ id: string }>;
    expect(drafts.length).toBe(2);
    expect(r.out).not.toContain('Upgrading');
    // How much is shown depends on this machine's speed (a line appears once the upgrade has taken
    // 1 s: on an idle machine migration 013 of these 8,553 revisions can be over before that; the
    // counting line itself is checked with a clock above). Whatever is shown is progress only, in
    // order, ending with the last line.
    const lines = r.err.trim().split('\n').filter(Boolean);
    for (const l of lines) expect(l).toMatch(/^Upgrading the store \((checking it first|keeping a copy of it first|revisions [\d,]+ of 8,553|step \d+|rewriting the file to give the space back)\)…$|^The store is upgraded\.$/);
    if (lines.length) expect(lines.at(-1)).toBe('The store is upgraded.');
  }, 180_000);

  it('SIGKILL in the middle of migration 013 loses no data: the store is as it was, and the next open completes the upgrade', async () => {
    const file = path.join(tempDir(), 'v12.sqlite');
    const { revisions } = makeLargeV12Store(file, 8000);
    const before = revisionsOf(file);
    const killedAt = await killUpgradeDuring(file, 13, revisions / 3);
    expect(killedAt).toBeLessThan(revisions);
    // the store is still the schema-12 store, every revision as it was; the copy made before is there
    const raw = new Database(file, { readonly: true });
    expect(schemaVersion(raw)).toBe(12);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    expect(revisionsOf(file)).toEqual(before);
    expect(fs.existsSync(`${file}.v12.bak`)).toBe(true);
    // opened again: the upgrade runs to its end, and every revision reads as before
    const s = makeServices(file);
    expect(schemaVersion(s.store.db)).toBe(LATEST_VERSION);
    for (const b of before.filter((_, i) => i % 97 === 0 || i === before.length - 1)) {
      const r = getRevisionRow(s.store, b.id)!;
      expect([r.value, r.text]).toEqual([b.value, b.text]);
    }
    expect(s.store.db.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(revisions);
  }, 180_000);
});
