import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invoke } from '../main/dispatch';
import { createServices } from '../main/services';
import { getRevisionRow } from '../main/store/revisions';
import { tempDir } from './helpers';
import { bundled } from './node-child';
import { idKey, idTextSql } from '../main/store/revision-id';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = 12;

/**
 * Runs the child until it has acknowledged `minAcks` saves (plus a random few), then SIGKILLs it.
 * `checkpoints`: the child also checkpoints between saves and after pauses (counted in `checkpoints`).
 */
function runAndKill(file: string, draftId: string, minAcks: number, mode?: 'checkpoints', seen = { checkpoints: 0 }): Promise<Array<{ field: string; rev: string; text: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundled('test/fixtures/autosave-child.ts'), file, draftId, ...(mode ? [mode] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Array<{ field: string; rev: string; text: string }> = [];
    let buf = '';
    let err = '';
    const target = minAcks + Math.floor(Math.random() * 20);
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\S+) (\S+) (\d+)$/.exec(line);
        // the text the child saved (test/fixtures/autosave-child.ts)
        if (m) acks.push({ field: m[1]!, rev: m[2]!, text: `edit ${child.pid}-${m[3]} ${'x'.repeat(4000)}` });
        const ck = /^CKPT (\d+)$/.exec(line);
        if (ck) seen.checkpoints += 1;
        if (acks.length === target) child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

describe('autosave durability', () => {
  const rounds = (mode?: 'checkpoints') => async () => {
    const file = path.join(tempDir(), 'durable.sqlite');
    const seen = { checkpoints: 0 };
    const s0 = createServices(file);
    const draft = await invoke(s0.handlers, 'createDraft', { title: 'Durability' });
    s0.close();
    let total = 0;
    let encoded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const acks = await runAndKill(file, draft.id, mode ? 12 : 5, mode, seen);
      expect(acks.length).toBeGreaterThanOrEqual(5);
      total += acks.length;
      const s = createServices(file);
      try {
        expect(s.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const have = new Set((s.store.db.prepare(`SELECT ${idTextSql('id')} AS id FROM revisions`).all() as Array<{ id: string }>).map((r) => r.id));
        for (const a of acks) expect(have.has(a.rev)).toBe(true);
        // and reads back as saved, whether still as saved or encoded since (revision-compaction.ts)
        for (const a of acks) expect(getRevisionRow(s.store, a.rev)!.text).toBe(a.text);
        const format = s.store.db.prepare('SELECT substr(body, 1, 1) FROM revisions WHERE id = ?').pluck();
        encoded += acks.filter((a) => (format.get(idKey(a.rev)) as Buffer)[0] !== 0).length;
        // The last acknowledged save of each field is that field's current state, or an ancestor of it.
        const d = await invoke(s.handlers, 'getDraft', { draftId: draft.id });
        const lastByField = new Map(acks.map((a) => [a.field, a.rev]));
        for (const [field, rev] of lastByField) {
          let cur: string | null = d.fields[field]!.revisionId;
          const chain: string[] = [];
          while (cur) {
            chain.push(cur);
            cur = getRevisionRow(s.store, cur)!.parent_id;
          }
          expect(chain).toContain(rev);
        }
      } finally {
        s.close();
      }
    }
    expect(total).toBeGreaterThan(ROUNDS * 5);
    if (mode) expect(seen.checkpoints).toBeGreaterThan(ROUNDS);
    // the child encoded its saved revisions as it went (not only the checks' reopening): the kills landed among them
    if (mode) expect(encoded).toBeGreaterThan(ROUNDS);
  };
  it(`loses no acknowledged save when the process is SIGKILLed (${ROUNDS} rounds)`, rounds(), 240_000);
  // the store's own checkpoints (main/store/checkpoint.ts: on idle, between saves past a cap) in
  // the child's life, the kill landing before, between or after them
  it(`loses no acknowledged save when SIGKILLed with checkpoints taken on idle and between saves (${ROUNDS} rounds)`, rounds('checkpoints'), 240_000);
});
