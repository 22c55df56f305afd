/**
 * Word comments of an imported file as comment threads on their questions: by their author, on
 * their date, a reply under the comment it answers (when that one was placed on the same
 * question); each in the audit. One writer for the Word import (a new draft) and for a Word file
 * brought back into its draft (./word-return.ts), where a comment already there (the same
 * question, author and text: the same file brought back twice) is not added again.
 */
import type { WordComment } from '../interchange/docx-import';
import { newId, nowIso, type Store } from '../store/store';

/** Adds the comments `placed` puts on a question (comment id -> field); returns how many were added. */
export function addWordComments(store: Store, draftId: string, comments: readonly WordComment[], placed: ReadonlyMap<string, string | null>, source: string): number {
  if (!comments.length) return 0;
  const installationId = store.author().installationId;
  const org = `Word comment in ${source.replace(/^docx:/, '')}`.slice(0, 200);
  const known = store.sql('SELECT id FROM comments WHERE draft_id = ? AND field = ? AND author_name = ? AND body = ?');
  const insert = store.sql('INSERT INTO comments (id, draft_id, field, parent_id, body, author_name, author_org, installation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const stored = new Map<string, { id: string; field: string }>();
  let added = 0;
  for (const c of comments) {
    const q = placed.get(c.id);
    if (!q) continue;
    // (c.author: one clean line of at most 200 characters, readComments)
    const here = known.pluck().get(draftId, q, c.author, c.text) as string | undefined;
    if (here) {
      stored.set(c.id, { id: here, field: q });
      continue;
    }
    const parent = c.parentId ? stored.get(c.parentId) : undefined;
    const id = newId();
    stored.set(c.id, { id, field: q });
    insert.run(id, draftId, q, parent?.field === q ? parent.id : null, c.text, c.author, org, installationId, c.date ?? nowIso());
    store.audit(draftId, 'comment.add', { target: q, newValue: c.text, reason: `Word comment by ${c.author} imported from ${source}` });
    added++;
  }
  return added;
}
