/**
 * Named versions: the state of a whole draft at one moment, under a name. Made by hand ("Sent to
 * the ministry 2 March") or automatically when a draft leaves or changes hands: bundle export,
 * submit, return, approve, import, merge. A version is a pointer per field to the revision it had
 * (named_version_fields); nothing is copied. Any two versions, or a version and the current state,
 * can be compared field by field.
 */
import { AppError } from '../../shared/contract/common';
import { changeSummary } from '../../shared/change-summary';
import { renderValue } from '../review/audit';
import { getRevisionRow, parseValue } from '../store/revisions';
import { newId, nowIso, type Store } from '../store/store';

export const VERSION_KINDS = ['manual', 'export', 'submit', 'return', 'approve', 'import', 'merge'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

export interface NamedVersionMeta {
  id: string;
  draftId: string;
  label: string;
  kind: VersionKind;
  authorName: string;
  authorOrganisation: string;
  createdAt: string;
  ref: string | null;
  fieldCount: number;
}

interface Row {
  id: string;
  draft_id: string;
  label: string;
  kind: VersionKind;
  author_name: string;
  author_org: string;
  created_at: string;
  ref: string | null;
  field_count: number;
}

const meta = (r: Row): NamedVersionMeta => ({
  id: r.id,
  draftId: r.draft_id,
  label: r.label,
  kind: r.kind,
  authorName: r.author_name,
  authorOrganisation: r.author_org,
  createdAt: r.created_at,
  ref: r.ref,
  fieldCount: r.field_count,
});

const SELECT = `SELECT v.*, (SELECT count(*) FROM named_version_fields f WHERE f.version_id = v.id) AS field_count FROM named_versions v`;

/**
 * Names the draft's current state. Call inside the transaction that made that state (an export,
 * a review step, an import), so the version is exactly what was sent, submitted or received.
 */
export function nameVersion(store: Store, draftId: string, kind: VersionKind, label: string, ref: string | null = null): NamedVersionMeta {
  const clean = label.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (!clean) throw new AppError('invalid_input', 'a version needs a name');
  const a = store.author();
  const id = newId();
  store
    .sql('INSERT INTO named_versions (id, draft_id, label, kind, author_name, author_org, installation_id, created_at, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, draftId, clean, kind, a.name, a.organisation, a.installationId, nowIso(), ref);
  store.sql('INSERT INTO named_version_fields (version_id, field, revision_id) SELECT ?, field, revision_id FROM answers WHERE draft_id = ?').run(id, draftId);
  return getNamedVersion(store, id);
}

export function getNamedVersion(store: Store, id: string): NamedVersionMeta {
  const r = store.sql(`${SELECT} WHERE v.id = ?`).get(id) as Row | undefined;
  if (!r) throw new AppError('not_found', `no version with id ${id}`);
  return meta(r);
}

export function listNamedVersions(store: Store, draftId: string): NamedVersionMeta[] {
  return (store.sql(`${SELECT} WHERE v.draft_id = ? ORDER BY v.created_at DESC, v.id DESC`).all(draftId) as Row[]).map(meta);
}

/** field -> revision id of a version, or of the draft now ('current'). */
function pointers(store: Store, draftId: string, ref: string): Map<string, string> {
  if (ref === 'current') {
    return new Map((store.sql('SELECT field, revision_id FROM answers WHERE draft_id = ?').all(draftId) as Array<{ field: string; revision_id: string }>).map((r) => [r.field, r.revision_id]));
  }
  const v = getNamedVersion(store, ref);
  if (v.draftId !== draftId) throw new AppError('invalid_input', `version ${ref} belongs to another draft`);
  return new Map((store.sql('SELECT field, revision_id FROM named_version_fields WHERE version_id = ?').all(ref) as Array<{ field: string; revision_id: string }>).map((r) => [r.field, r.revision_id]));
}

export interface FieldChange {
  field: string;
  fromRevisionId: string | null;
  toRevisionId: string | null;
  /** plain-text form of each side (lists marked), for a word diff */
  before: string;
  after: string;
  wordsAdded: number;
  wordsRemoved: number;
}

/** The fields that differ between two versions (a version id or 'current'), in field order. */
export function diffVersions(store: Store, draftId: string, from: string, to: string): FieldChange[] {
  const a = pointers(store, draftId, from);
  const b = pointers(store, draftId, to);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  const text = (rev: string | undefined) => {
    if (!rev) return '';
    const r = getRevisionRow(store, rev);
    return r ? renderValue(parseValue(r.value)) : '';
  };
  const out: FieldChange[] = [];
  for (const field of fields) {
    const x = a.get(field);
    const y = b.get(field);
    if (x === y) continue;
    const before = text(x);
    const after = text(y);
    if (before === after) continue;
    const s = changeSummary(before, after);
    out.push({ field, fromRevisionId: x ?? null, toRevisionId: y ?? null, before, after, wordsAdded: s.wordsAdded, wordsRemoved: s.wordsRemoved });
  }
  return out;
}
