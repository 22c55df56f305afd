/**
 * A save's garbage dies young (issue 13, autosave p99). What a save allocates (its value's JSON, the
 * head it compares with) must not outlive it long enough to be promoted to V8's old generation:
 * promoted data makes every scavenge copy it (one save in a few hundred then waited 10-30 ms), and it
 * stays until a full collection. Three causes were found and are guarded here: zod's classic
 * transform (DocSchema, NoteSchema: now checks, shared/schema-replace.ts), getters written in an
 * object literal (each head kept what it reached alive), and a Map taking a new key and dropping an
 * old one on every save (once the Map was in the old generation, its values outlived their stay).
 * Measured in a plain Node child (test/fixtures/save-garbage-child.ts) with V8's own statistics.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundled } from './node-child';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const promoted = (mode: string, ops: number) => {
  const r = spawnSync(process.execPath, [bundled('test/fixtures/save-garbage-child.ts'), mode, String(ops)], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { scavenges: number; promotedPerOp: number };
  // enough was allocated for several scavenges: the measure measured something
  expect(out.scavenges).toBeGreaterThanOrEqual(3);
  return out.promotedPerOp;
};

describe("a save's garbage", () => {
  it('is not promoted to the old generation', () => {
    // with the getters or the zod transform, some 7-10 KB per save (every value); without, tens of bytes
    expect(promoted('saves', 1500)).toBeLessThan(1024);
  });

  it('is not promoted for notes either (objectives, and principles sent as plain text)', () => {
    // NoteSchema as a zod transform: ~11 KB per objective, ~4 KB per principle
    expect(promoted('objectives', 1500)).toBeLessThan(1024);
    expect(promoted('principles', 1500)).toBeLessThan(1024);
  });

  it("is not kept alive by the connection's recent values", () => {
    // with a Map taking a new key and dropping one each time, ~7 KB per value kept (each value); without, tens of bytes
    expect(promoted('recent', 20000)).toBeLessThan(256);
  });
});
