/**
 * The 'draft' payload (draft.json): building it from the store, and checking one from a bundle
 * against its manifest and template before anything of it is written.
 */
import { AppError } from '../../shared/contract/common';
import { PAYLOAD_FILES, type BundleManifest, type DraftPayload, type RevisionRecord, DraftPayload as DraftPayloadSchema } from '../../shared/bundle-format';
import { fieldKind, fieldQuestion, questions, type Template } from '../../shared/template';
import { describeZodError } from '../../shared/template/schema';
import { listAttachmentRows, shownName, type AttachmentRow } from '../attachments/attachments';
import { safeExtension } from '../attachments/media-type';
import type { DraftRow } from '../services/drafts';
import { checkFieldValue } from '../services/values';
import { listRevisionRows } from '../store/revisions';
import type { Store } from '../store/store';
import { parseBundleJson } from './json';
import { inconsistent } from './refusals';

export const sectionOf = (field: string) => fieldQuestion(field).split('.')[0]!;


/**
 * Parents before children (the revisions of one field, listed in any order); throws on a cycle, and
 * on a parent that is not among them unless `outside` knows it (a returned draft's revisions whose
 * parents are already in the draft). Iterative: a long history listed newest first goes no deeper
 * on the stack than a short one (it was refused as "input nested too deep").
 */
export function topoOrder<T extends { id: string; parentId: string | null; mergeParentId: string | null }>(revs: T[], field: string, outside?: (id: string) => boolean): T[] {
  const byId = new Map(revs.map((r) => [r.id, r]));
  const state = new Map<string, 1 | 2>(); // 1: on the path being walked, 2: placed
  const out: T[] = [];
  for (const root of revs) {
    if (state.has(root.id)) continue;
    state.set(root.id, 1);
    const path: Array<{ r: T; next: number }> = [{ r: root, next: 0 }];
    while (path.length) {
      const top = path[path.length - 1]!;
      if (top.next === 2) {
        path.pop();
        state.set(top.r.id, 2);
        out.push(top.r);
        continue;
      }
      const p = top.next++ === 0 ? top.r.parentId : top.r.mergeParentId;
      if (!p || state.get(p) === 2) continue;
      if (state.get(p) === 1) throw inconsistent(`the revision history of ${field} has a cycle`);
      const parent = byId.get(p);
      if (!parent) {
        if (outside?.(p)) continue;
        throw inconsistent(`revision ${top.r.id} of ${field} names a parent that is not in the bundle`);
      }
      state.set(p, 1);
      path.push({ r: parent, next: 0 });
    }
  }
  return out;
}

export interface BuiltDraftPayload {
  payload: DraftPayload;
  /** Unique attachment contents, each with its bundle path. */
  files: Array<{ path: string; row: AttachmentRow }>;
  baseRevisions: Record<string, string>;
}

export function buildDraftPayload(store: Store, draft: DraftRow, template: Template, sections: string[] | null): BuiltDraftPayload {
  const known = template.sections.map((s) => s.id);
  for (const s of sections ?? []) if (!known.includes(s)) throw new AppError('invalid_input', `unknown section ${s} (this template has ${known.join(', ')})`);
  const wanted = (field: string) => !sections || sections.includes(sectionOf(field));

  const rows = listRevisionRows(store, draft.id);
  const heads = store.sql('SELECT field, revision_id FROM answers WHERE draft_id = ? ORDER BY field').all(draft.id) as Array<{ field: string; revision_id: string }>;
  // A revision re-identified on import travels under the id it was made with.
  const travelId = new Map(rows.map((r) => [r.id, r.origin_revision_id ?? r.id]));
  const tid = (id: string | null) => (id === null ? null : (travelId.get(id) ?? id));

  const byField = new Map<string, RevisionRecord[]>();
  for (const r of rows) {
    if (!wanted(r.field)) continue;
    const rec: RevisionRecord = {
      id: tid(r.id)!,
      parentId: tid(r.parent_id),
      mergeParentId: tid(r.merge_parent_id),
      value: JSON.parse(r.value),
      authorName: r.author_name,
      authorOrganisation: r.author_org,
      installationId: r.installation_id,
      createdAt: r.created_at,
      note: r.note,
    };
    const list = byField.get(r.field);
    if (list) list.push(rec);
    else byField.set(r.field, [rec]);
  }
  const baseRevisions: Record<string, string> = {};
  const fields: DraftPayload['fields'] = [];
  for (const h of heads) {
    if (!wanted(h.field)) continue;
    const head = tid(h.revision_id)!;
    baseRevisions[h.field] = head;
    fields.push({ field: h.field, head, revisions: topoOrder(byField.get(h.field) ?? [], h.field) });
  }

  const files: BuiltDraftPayload['files'] = [];
  const pathBySha = new Map<string, string>();
  const attachments: DraftPayload['attachments'] = [];
  for (const a of listAttachmentRows(store, draft.id)) {
    if (!wanted(a.field)) continue;
    const shown = shownName(a);
    let p = pathBySha.get(a.sha256);
    if (!p) {
      const ext = safeExtension(shown.name);
      p = `attachments/${String(files.length + 1).padStart(4, '0')}${ext ? `.${ext}` : ''}`;
      pathBySha.set(a.sha256, p);
      files.push({ path: p, row: a });
    }
    attachments.push({
      id: a.id,
      field: a.field,
      path: p,
      sha256: a.sha256,
      ...shown,
      size: a.size,
      addedAt: a.added_at,
      authorName: a.author_name,
      authorOrganisation: a.author_org,
      installationId: a.installation_id,
    });
  }
  const payload: DraftPayload = {
    kind: 'draft',
    draft: { id: draft.id, title: draft.title, country: draft.country, language: draft.language, authority: draft.authority, templateId: draft.template_id, templateVersion: draft.template_version, createdAt: draft.created_at },
    fields,
    attachments,
  };
  return { payload, files, baseRevisions };
}

/** Parses draft.json and checks it against the (verified) manifest and its template. */
export function checkDraftPayload(bytes: Buffer, manifest: Extract<BundleManifest, { kind: 'draft' }>, template: Template): DraftPayload {
  const bad = (m: string) => inconsistent(`draft.json ${m}`);
  const raw = parseBundleJson(bytes, 'draft.json', inconsistent);
  const r = DraftPayloadSchema.safeParse(raw);
  if (!r.success) throw bad(`is invalid: ${describeZodError(r.error)}`);
  const p = r.data;
  if (p.draft.id !== manifest.draft.id || p.draft.title !== manifest.draft.title) throw bad('names another draft than bundle.json');
  if (p.draft.templateId !== manifest.template.id || p.draft.templateVersion !== manifest.template.version) throw bad('names another template than bundle.json');

  const seenFields = new Set<string>();
  const seenRevs = new Set<string>();
  for (const f of p.fields) {
    if (seenFields.has(f.field)) throw bad(`lists ${f.field} twice`);
    seenFields.add(f.field);
    if (manifest.sections && !manifest.sections.includes(sectionOf(f.field))) throw bad(`holds ${f.field}, outside the exported sections`);
    for (const rev of f.revisions) {
      if (seenRevs.has(rev.id)) throw bad(`lists revision ${rev.id} twice`);
      seenRevs.add(rev.id);
      try {
        checkFieldValue(template, f.field, rev.value);
      } catch (e) {
        throw bad(`does not fit template ${template.id} ${template.version}: ${(e as Error).message}`);
      }
    }
    if (!f.revisions.some((x) => x.id === f.head)) throw bad(`names a head for ${f.field} that is not among its revisions`);
    topoOrder(f.revisions, f.field);
    if (manifest.baseRevisions[f.field] !== f.head) throw bad(`and bundle.json disagree on the current revision of ${f.field}`);
  }
  for (const field of Object.keys(manifest.baseRevisions)) if (!seenFields.has(field)) throw bad(`lacks ${field}, which bundle.json lists`);

  const files = new Map(manifest.files.filter((f) => f.path !== PAYLOAD_FILES.draft).map((f) => [f.path, f]));
  const used = new Set<string>();
  const qids = new Set(questions(template).map((q) => q.id));
  const seenAtt = new Set<string>();
  for (const a of p.attachments) {
    if (seenAtt.has(a.id)) throw bad(`lists attachment ${a.id} twice`);
    seenAtt.add(a.id);
    const f = files.get(a.path);
    if (!f) throw bad(`names ${a.path}, which bundle.json does not list`);
    if (f.sha256 !== a.sha256 || f.size !== a.size) throw bad(`and bundle.json disagree on ${a.path}`);
    if (fieldKind(a.field) !== 'answer' || !qids.has(a.field)) throw bad(`attaches a file to ${a.field}, which is not a question of the template`);
    if (manifest.sections && !manifest.sections.includes(sectionOf(a.field))) throw bad(`attaches a file to ${a.field}, outside the exported sections`);
    used.add(a.path);
  }
  for (const path of files.keys()) if (!used.has(path)) throw bad(`does not use ${path}`);
  return p;
}
