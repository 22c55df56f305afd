/**
 * A schema-12 store as large as a test needs (its upgrade to take measurable time): the fixture
 * made by the schema-12 code (test/fixtures/store-v12.sqlite), grown with `extra` more revisions
 * written the way that code wrote them (value JSON and its text, from valueText, side by side), each a child of the
 * previous save of its field, so migration 013 stores most of them as changes.
 * Usable from vitest and from a plain `tsx` script (the Playwright spec's global setup).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { valueText } from '../main/services/values';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'store-v12.sqlite');

export function makeLargeV12Store(file: string, extra: number): { revisions: number } {
  fs.copyFileSync(FIXTURE, file);
  const db = new Database(file);
  try {
    const bases = db.prepare(`SELECT id, draft_id, field, value, text FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM revisions c WHERE c.parent_id = r.id) AND value LIKE '%"text":"%' ORDER BY id`).all() as Array<{ id: string; draft_id: string; field: string; value: string; text: string }>;
    const ins = db.prepare(`INSERT INTO revisions (id, draft_id, field, parent_id, value, text, author_name, author_org, installation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 'Large fixture', 'Test', 'test-installation', ?)`);
    const parents = bases.map((b) => b.id);
    db.transaction(() => {
      for (let i = 0; i < extra; i++) {
        const h = bases[i % bases.length]!;
        // a change of its parent: the same value with one more sentence in its first text node
        const value = h.value.replace(/"text":"/, `"text":"Révision ${i} — مراجعة ${i}. `);
        const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        ins.run(id, h.draft_id, h.field, parents[i % bases.length]!, value, valueText(JSON.parse(value)), new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString());
        parents[i % bases.length] = id;
      }
    })();
    return { revisions: db.prepare('SELECT count(*) FROM revisions').pluck().get() as number };
  } finally {
    db.close();
  }
}

// `tsx test/store-v12-large.ts FILE EXTRA` (the Playwright spec, whose loader cannot import the template's JSON)
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.stdout.write(`${JSON.stringify(makeLargeV12Store(process.argv[2]!, Number(process.argv[3])))}\n`);
}
