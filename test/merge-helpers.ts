import { listRevisionRows } from '../main/store/revisions';
/**
 * Two installations exchanging a draft, as the bundle layer does it (issue 3): the fields with
 * their whole revision history (ids, parents, authors travel), imported on the other side as a
 * new draft with the same revision ids. Real stores on both sides.
 */
import { invoke } from '../main/dispatch';
import type { Services } from '../main/services';
import { getHead, insertRevision, parseValue, setHead } from '../main/store/revisions';
import type { FieldValue } from '../shared/contract';
import type { IncomingField } from '../shared/merge-incoming';
import { textToDoc } from '../shared/plaintext';
import { makeServices } from './helpers';

export const answer = (text: string): FieldValue => ({ kind: 'answer', doc: textToDoc(text) });

export function fieldRecords(s: Services, draftId: string): IncomingField[] {
  const rows = listRevisionRows(s.store, draftId);
  const heads = s.store.db.prepare('SELECT field, revision_id FROM answers WHERE draft_id = ? ORDER BY field').all(draftId) as Array<{ field: string; revision_id: string }>;
  return heads.map((h) => ({
    field: h.field,
    head: h.revision_id,
    revisions: rows
      .filter((r) => r.field === h.field)
      .map((r) => ({
        id: r.id,
        parentId: r.parent_id,
        mergeParentId: r.merge_parent_id,
        value: parseValue(r.value),
        authorName: r.author_name,
        authorOrganisation: r.author_org,
        installationId: r.installation_id,
        createdAt: r.created_at,
        note: r.note,
      })),
  }));
}

export const headsOf = (s: Services, draftId: string): Record<string, string> =>
  Object.fromEntries((s.store.db.prepare('SELECT field, revision_id FROM answers WHERE draft_id = ?').all(draftId) as Array<{ field: string; revision_id: string }>).map((r) => [r.field, r.revision_id]));

export async function importAsNewDraft(s: Services, fields: IncomingField[], title: string): Promise<string> {
  const d = await invoke(s.handlers, 'createDraft', { title });
  s.store.tx(() => {
    for (const f of fields) {
      for (const r of f.revisions) {
        insertRevision(s.store, {
          id: r.id,
          draft_id: d.id,
          field: f.field,
          parent_id: r.parentId,
          merge_parent_id: r.mergeParentId,
          value: JSON.stringify(r.value),
          text: '',
          author_name: r.authorName,
          author_org: r.authorOrganisation,
          installation_id: r.installationId,
          created_at: r.createdAt,
          note: r.note,
          source_bundle_id: null,
        });
      }
      setHead(s.store, d.id, f.field, f.head, new Date().toISOString());
    }
  });
  return d.id;
}

export async function save(s: Services, draftId: string, field: string, value: FieldValue): Promise<string> {
  const base = getHead(s.store, draftId, field)?.revision_id ?? null;
  return (await invoke(s.handlers, 'saveField', { draftId, field, value, baseRevisionId: base })).revisionId;
}

/** A ministry and a department, each its own store and identity, and the ministry's master draft. */
export async function ministryAndDepartment(): Promise<{ M: Services; D: Services; master: string }> {
  const M = makeServices();
  const D = makeServices();
  await invoke(M.handlers, 'setIdentity', { name: 'Amina', organisation: 'Ministère des Affaires étrangères' });
  await invoke(D.handlers, 'setIdentity', { name: 'سلمى', organisation: 'وزارة التشغيل' });
  const master = (await invoke(M.handlers, 'createDraft', { title: 'Revue nationale' })).id;
  return { M, D, master };
}
