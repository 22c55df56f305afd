/** Review comments per field: threaded (replies), resolvable per thread. */
import { AppError } from '../../shared/contract/common';
import type { Comment } from '../../shared/contract/review';
import { hasField } from '../../shared/template';
import type { Drafts } from '../services/drafts';
import { newId, nowIso, type Store } from '../store/store';
import { coded } from '../../shared/messages';

interface CommentRow {
  id: string;
  draft_id: string;
  field: string;
  parent_id: string | null;
  body: string;
  author_name: string;
  author_org: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export class Comments {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  private rows(draftId: string): CommentRow[] {
    return this.store.sql('SELECT * FROM comments WHERE draft_id = ? ORDER BY created_at, id').all(draftId) as CommentRow[];
  }

  /** Comments in thread order (each thread start followed by its replies, depth first). */
  private threads(rows: CommentRow[]): Comment[] {
    const children = new Map<string | null, CommentRow[]>();
    for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
    const out: Comment[] = [];
    const walk = (parent: string | null, depth: number, thread: string | null) => {
      for (const r of children.get(parent) ?? []) {
        const threadId = thread ?? r.id;
        out.push({
          id: r.id,
          draftId: r.draft_id,
          field: r.field,
          parentId: r.parent_id,
          threadId,
          depth,
          body: r.body,
          authorName: r.author_name,
          authorOrganisation: r.author_org,
          createdAt: r.created_at,
          resolvedAt: r.resolved_at,
          resolvedBy: r.resolved_by,
        });
        walk(r.id, depth + 1, threadId);
      }
    };
    walk(null, 0, null);
    return out;
  }

  private one(id: string): CommentRow {
    const r = this.store.sql('SELECT * FROM comments WHERE id = ?').get(id) as CommentRow | undefined;
    if (!r) throw new AppError('not_found', `no comment with id ${id}`);
    return r;
  }

  add(input: { draftId: string; field: string; body: string; replyTo?: string }): Comment {
    const d = this.drafts.row(input.draftId);
    const t = this.drafts.template(d);
    if (!hasField(t, input.field)) throw new AppError('not_found', `unknown question ${input.field} in template ${t.id} ${t.version}`);
    if (input.replyTo) {
      const p = this.one(input.replyTo);
      if (p.draft_id !== input.draftId || p.field !== input.field) throw new AppError('invalid_input', `comment ${input.replyTo} is on ${p.field} of another draft or question`);
    }
    const a = this.store.author();
    const id = newId();
    this.store.tx(() => {
      this.store
        .sql('INSERT INTO comments (id, draft_id, field, parent_id, body, author_name, author_org, installation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.draftId, input.field, input.replyTo ?? null, input.body, a.name, a.organisation, a.installationId, nowIso());
      if (input.replyTo) this.reopenThread(input.replyTo);
      this.store.audit(input.draftId, input.replyTo ? 'comment.reply' : 'comment.add', { target: input.field, newValue: input.body });
    });
    return this.threads(this.rows(input.draftId)).find((c) => c.id === id)!;
  }

  /** A reply to a resolved thread reopens it. */
  private reopenThread(commentId: string): void {
    const root = this.rootOf(commentId);
    this.store.sql(`UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id IN (${this.threadIdsSql()})`).run(root);
  }

  private rootOf(id: string): string {
    let r = this.one(id);
    while (r.parent_id) r = this.one(r.parent_id);
    return r.id;
  }

  private threadIdsSql(): string {
    return 'WITH RECURSIVE t(id) AS (SELECT ? UNION SELECT c.id FROM comments c JOIN t ON c.parent_id = t.id) SELECT id FROM t';
  }

  list(draftId: string, field?: string, includeResolved = false): Comment[] {
    this.drafts.row(draftId, { allowDeleted: true });
    return this.threads(this.rows(draftId)).filter((c) => (!field || c.field === field) && (includeResolved || !c.resolvedAt));
  }

  resolve(commentId: string): Comment[] {
    const c = this.one(commentId);
    const root = this.rootOf(commentId);
    const rootRow = this.one(root);
    if (rootRow.resolved_at) throw new AppError('conflict', `this thread was already resolved (${rootRow.resolved_at} by ${rootRow.resolved_by})`, coded('reviewFlow.threadResolved', { by: rootRow.resolved_by ?? '' }));
    const who = this.store.author().name;
    this.store.tx(() => {
      this.store.sql(`UPDATE comments SET resolved_at = ?, resolved_by = ? WHERE id IN (${this.threadIdsSql()})`).run(nowIso(), who, root);
      this.store.audit(c.draft_id, 'comment.resolve', { target: c.field, oldValue: rootRow.body });
    });
    return this.threads(this.rows(c.draft_id)).filter((x) => x.threadId === root);
  }
}
