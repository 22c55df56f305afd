/** The outbox: bundles exported from this installation, and what changed in a draft since its last export. */
import type { OutboxEntry } from '../../shared/contract/bundles';
import { listAttachmentRows } from '../attachments/attachments';
import { listHeadOrigins } from '../store/revisions';
import type { Store } from '../store/store';
import { sectionOf } from './draft-payload';

interface BundleRow {
  id: string;
  draft_id: string | null;
  title: string | null;
  file_name: string;
  file_sha256: string;
  recipients: string;
  created_at: string;
  details: string;
}

interface ExportDetails {
  size?: number;
  sections?: string[] | null;
  baseRevisions?: Record<string, string>;
  attachmentIds?: string[];
  fields?: number;
}

const toEntry = (r: BundleRow): OutboxEntry => {
  const d = JSON.parse(r.details) as ExportDetails;
  return {
    bundleId: r.id,
    draftId: r.draft_id,
    draftTitle: r.title,
    file: r.file_name,
    sha256: r.file_sha256,
    size: d.size ?? null,
    recipients: JSON.parse(r.recipients) as string[],
    sections: d.sections ?? null,
    createdAt: r.created_at,
    fields: d.fields ?? Object.keys(d.baseRevisions ?? {}).length,
    attachments: d.attachmentIds?.length ?? 0,
  };
};

const SELECT = `SELECT b.id, b.draft_id, d.title, b.file_name, b.file_sha256, b.recipients, b.created_at, b.details
  FROM bundles b LEFT JOIN drafts d ON d.id = b.draft_id WHERE b.direction = 'export'`;

export function listOutbox(store: Store, draftId?: string): OutboxEntry[] {
  const rows = (draftId ? store.sql(`${SELECT} AND b.draft_id = ? ORDER BY b.created_at DESC, b.id DESC`).all(draftId) : store.sql(`${SELECT} ORDER BY b.created_at DESC, b.id DESC`).all()) as BundleRow[];
  return rows.map(toEntry);
}

/**
 * Fields whose current revision differs from what the last export of the draft carried (within the
 * sections that export covered), and attachments added or removed since.
 */
export function changesSinceExport(store: Store, draftId: string) {
  const last = store.sql(`${SELECT} AND b.kind = 'draft' AND b.draft_id = ? ORDER BY b.created_at DESC, b.id DESC LIMIT 1`).get(draftId) as BundleRow | undefined;
  const heads = listHeadOrigins(store, draftId);
  const atts = listAttachmentRows(store, draftId);
  if (!last) return { lastExport: null, changedFields: heads.map((h) => h.field), addedAttachments: atts.map((a) => a.id), removedAttachments: [] };
  const d = JSON.parse(last.details) as ExportDetails;
  const inScope = (field: string) => !d.sections || d.sections.includes(sectionOf(field));
  const base = d.baseRevisions ?? {};
  const changedFields = heads.filter((h) => inScope(h.field) && base[h.field] !== (h.origin_revision_id ?? h.revision_id)).map((h) => h.field);
  const before = new Set(d.attachmentIds ?? []);
  const now = atts.filter((a) => inScope(a.field));
  return {
    lastExport: toEntry(last),
    changedFields,
    addedAttachments: now.filter((a) => !before.has(a.id)).map((a) => a.id),
    removedAttachments: [...before].filter((id) => !now.some((a) => a.id === id)),
  };
}
