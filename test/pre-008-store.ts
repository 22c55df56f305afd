/**
 * A store as the code before migration 008 wrote it (schema 7): drafts, revisions and heads only,
 * no progress flags or counts, no search log. For the tests of migration 008's backfills.
 */
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { valueText } from '../main/services/values';
import { migrate } from '../main/store/migrations';
import type { FieldValue } from '../shared/contract';
import { BUILTIN_TEMPLATES } from '../shared/template';

export function writePre008Store(file: string, fields: Array<[string, FieldValue]>): string {
  const db = new Database(file);
  migrate(db, 7);
  const d = uuidv7();
  const at = new Date().toISOString();
  db.prepare(
    `INSERT INTO drafts (id, title, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id)
     VALUES (?, 'Old', 'arab-region-2020', ?, ?, ?, 'A', 'B', 'i')`,
  ).run(d, BUILTIN_TEMPLATES.find((t) => t.id === 'arab-region-2020')!.version, at, at);
  for (const [field, value] of fields) {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO revisions (id, draft_id, field, value, text, author_name, author_org, installation_id, created_at) VALUES (?, ?, ?, ?, ?, 'A', 'B', 'i', ?)`,
    ).run(id, d, field, JSON.stringify(value), valueText(value), at);
    db.prepare('INSERT INTO answers (draft_id, field, revision_id, updated_at) VALUES (?, ?, ?, ?)').run(d, field, id, at);
  }
  db.close();
  return d;
}
