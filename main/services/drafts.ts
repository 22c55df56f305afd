import { AppError } from '../../shared/contract/common';
import { coded } from '../../shared/messages';
import type { DocumentLanguage, DraftDetail, DraftSummary, FieldValue } from '../../shared/contract/drafts';
import type { Template } from '../../shared/template';
import { answeredCounts, listHeads, parseValue, type HeadRow } from '../store/revisions';
import { newId, nowIso, type Store } from '../store/store';
import type { Templates } from './templates';
import { writeRevision } from './fields';

export interface DraftRow {
  id: string;
  title: string;
  country: string;
  language: DocumentLanguage;
  authority: string;
  template_id: string;
  template_version: string;
  status: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  origin_bundle_id: string | null;
}

export class Drafts {
  constructor(
    private store: Store,
    private templates: Templates,
  ) {}

  row(draftId: string, opts: { allowDeleted?: boolean } = {}): DraftRow {
    const row = this.store.sql('SELECT * FROM drafts WHERE id = ?').get(draftId) as DraftRow | undefined;
    if (!row) throw new AppError('not_found', `no draft with id ${draftId}`, coded('errors.noDraft'));
    if (row.deleted_at && !opts.allowDeleted) throw new AppError('conflict', `draft "${row.title}" is in the trash; restore it first`, coded('errors.draftInTrash', { title: row.title }));
    return row;
  }

  template(row: DraftRow): Template {
    return this.templates.get(row.template_id, row.template_version);
  }

  /** A draft's summary; `answered`: its counts per section, when the caller has read them for many drafts at once. */
  summary(row: DraftRow, answered?: Map<string, number>): DraftSummary {
    answered ??= answeredCounts(this.store, { draftId: row.id }).get(row.id);
    const t = this.template(row);
    const progress = t.sections.map((s) => ({ sectionId: s.id, answered: answered?.get(s.id) ?? 0, total: s.questions.length }));
    return {
      id: row.id,
      title: row.title,
      country: row.country,
      language: row.language,
      authority: row.authority,
      templateId: row.template_id,
      templateVersion: row.template_version,
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      deletedAt: row.deleted_at,
      answered: progress.reduce((n, p) => n + p.answered, 0),
      total: progress.reduce((n, p) => n + p.total, 0),
      progress,
    };
  }

  list(trash = false): DraftSummary[] {
    const rows = this.store
      .sql(`SELECT * FROM drafts WHERE deleted_at IS ${trash ? 'NOT ' : ''}NULL ORDER BY updated_at DESC`)
      .all() as DraftRow[];
    const counts = answeredCounts(this.store);
    return rows.map((r) => this.summary(r, counts.get(r.id) ?? new Map()));
  }

  get(draftId: string): DraftDetail {
    const row = this.row(draftId, { allowDeleted: true });
    const heads = listHeads(this.store, draftId);
    const fields: DraftDetail['fields'] = {};
    for (const h of heads) fields[h.field] = headState(h);
    return { ...this.summary(row), fields };
  }

  create(input: { title: string; country?: string; language?: DocumentLanguage; authority?: string; templateId?: string; templateVersion?: string }, opts: { id?: string; originBundleId?: string } = {}): DraftSummary {
    const t = this.templates.get(input.templateId ?? 'arab-region-2020', input.templateVersion);
    const a = this.store.author();
    const id = opts.id ?? newId();
    const at = nowIso();
    this.store.tx(() => {
      this.store
        .sql(
          `INSERT INTO drafts (id, title, country, language, authority, template_id, template_version, created_at, updated_at, created_by_name, created_by_org, installation_id, origin_bundle_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.title, input.country ?? '', input.language ?? 'en', input.authority ?? '', t.id, t.version, at, at, a.name, a.organisation, a.installationId, opts.originBundleId ?? null);
      this.store.audit(id, 'draft.create', { newValue: input.title });
    });
    return this.summary(this.row(id));
  }

  rename(draftId: string, title: string): DraftSummary {
    const row = this.row(draftId);
    this.store.tx(() => {
      this.store.sql('UPDATE drafts SET title = ?, updated_at = ? WHERE id = ?').run(title, nowIso(), draftId);
      this.store.audit(draftId, 'draft.rename', { oldValue: row.title, newValue: title });
    });
    return this.summary(this.row(draftId));
  }

  /** Changes the document language, submitting authority or country; each change is audited. */
  setDocument(draftId: string, input: { language?: DocumentLanguage; authority?: string; country?: string }): DraftSummary {
    const row = this.row(draftId);
    const changes = (['language', 'authority', 'country'] as const).filter((k) => input[k] !== undefined && input[k] !== row[k]);
    if (changes.length)
      this.store.tx(() => {
        for (const k of changes) {
          this.store.sql(`UPDATE drafts SET ${k} = ?, updated_at = ? WHERE id = ?`).run(input[k], nowIso(), draftId);
          this.store.audit(draftId, `draft.${k}`, { oldValue: row[k], newValue: input[k] });
        }
      });
    return this.summary(this.row(draftId));
  }

  /** A copy with its own id; each copied field starts a new history whose first revision notes its origin. */
  duplicate(draftId: string, title?: string): DraftSummary {
    const src = this.row(draftId);
    const copy = this.create({ title: title ?? `${src.title} (copy)`, country: src.country, language: src.language, authority: src.authority, templateId: src.template_id, templateVersion: src.template_version });
    this.store.tx(() => {
      for (const h of listHeads(this.store, draftId)) {
        writeRevision(this.store, { draftId: copy.id, field: h.field, value: parseValue(h.value), parentId: null, note: `copied from draft ${draftId} revision ${h.revision_id}` });
      }
      this.store.audit(copy.id, 'draft.duplicate', { oldValue: draftId });
    });
    return this.summary(this.row(copy.id));
  }

  setDeleted(draftId: string, deleted: boolean): DraftSummary {
    const row = this.row(draftId, { allowDeleted: true });
    if (!!row.deleted_at === deleted) return this.summary(row);
    this.store.tx(() => {
      this.store.sql('UPDATE drafts SET deleted_at = ? WHERE id = ?').run(deleted ? nowIso() : null, draftId);
      this.store.audit(draftId, deleted ? 'draft.trash' : 'draft.restore');
    });
    return this.summary(this.row(draftId, { allowDeleted: true }));
  }
}

export function headState(h: HeadRow): { revisionId: string; value: FieldValue; text: string; updatedAt: string; authorName: string } {
  return { revisionId: h.revision_id, value: parseValue(h.value), text: h.text, updatedAt: h.updated_at, authorName: h.author_name };
}
