/** Stores with a large history, written as the store writes it (for backup and restore tests). */
import crypto from 'node:crypto';
import path from 'node:path';
import { insertRevision } from '../main/store/revisions';
import { newId, nowIso } from '../main/store/store';
import { makeServices, tempDir } from './helpers';

export const doc = (text: string) => ({ kind: 'answer' as const, doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } });

/** A store with `n` revisions of ~60 KB that does not compress (values are stored deflated), checkpointed into its file. */
export function withHistory(title: string, n: number) {
  const dir = tempDir();
  const s = makeServices(path.join(dir, 'store.sqlite'));
  const d = s.drafts.create({ title });
  const a = s.store.author();
  s.store.tx(() => {
    for (let i = 0; i < n; i++) {
      const text = crypto.randomBytes(45_000).toString('base64');
      insertRevision(s.store, {
        id: newId(), draft_id: d.id, field: 'I.b', parent_id: null, merge_parent_id: null, value: JSON.stringify(doc(text)), text,
        author_name: a.name, author_org: a.organisation, installation_id: a.installationId, created_at: nowIso(), note: null, source_bundle_id: null,
      });
    }
  });
  s.store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { dir, s, d };
}
