/**
 * The copy written before a migration (`<store>.v<N>.bak`) is never a half copy: a process that
 * fails while writing it (here: killed by the file-size limit, as a full disk would stop it) leaves
 * no file under that name, so the next open makes the backup afresh instead of taking the half
 * copy for it; and the next open removes the dead process's temporary file (issue 9: no stray files).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../main/services';
import { LATEST_VERSION, migrate } from '../main/store/migrations';
import { APPLICATION_ID } from '../main/store/migrations/005_store_safety';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..');

describe('the pre-migration backup', () => {
  it('a copy cut short by a full disk is never taken for the backup; the next open writes a whole one', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    migrate(old, LATEST_VERSION - 1);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.exec('CREATE TABLE ballast (b BLOB)');
    const ins = old.prepare('INSERT INTO ballast VALUES (randomblob(1000000))');
    for (let i = 0; i < 6; i++) ins.run();
    old.close();
    const bak = `${file}.v${LATEST_VERSION - 1}.bak`;

    // the CLI opens it under a 2 MB file-size limit: the 6 MB copy cannot be finished
    const r = spawnSync('bash', ['-c', 'ulimit -f 2048; exec "$0" --import tsx main/cli/bin.ts --db "$1" draft list', process.execPath, file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status === 0 && r.signal === null, `${r.status} ${r.signal} ${r.stderr}`).toBe(false);
    expect(fs.existsSync(bak)).toBe(false);

    const s = createServices(file);
    s.close();
    const copy = new Database(bak, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT count(*) AS n FROM ballast').get()).toEqual({ n: 6 });
    } finally {
      copy.close();
    }
    expect(fs.statSync(bak).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  }, 60_000);
});
