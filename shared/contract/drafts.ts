import { z } from 'zod';
import { DocSchema, xmlSafeText } from '../doc';
import { NoteSchema } from '../note';
import { FieldId, ObjectiveStatus, TemplateSchema } from '../template/schema';
import { Uuid, IsoTime, Nothing, call } from './common';
import { DOCUMENT_LANGUAGES, DRAFT_TEXT_MAX } from './limits';

export const Identity = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  organisation: z.string().trim().min(1, 'organisation is required').max(300),
});
export const IdentityInfo = Identity.extend({
  installationId: Uuid,
  fingerprint: z.string().nullable(),
  publicKeyPem: z.string().nullable(),
});

export const AnswerValue = z.object({ kind: z.literal('answer'), doc: DocSchema }).strict();
export const ObjectiveValue = z
  .object({ kind: z.literal('objective'), status: ObjectiveStatus, note: NoteSchema })
  .strict();
/** Notes are documents like answers (migration 006); a plain string is still accepted and read as one. */
export const PrincipleValue = z.object({ kind: z.literal('principle'), note: NoteSchema }).strict();
export const FieldValue = z.discriminatedUnion('kind', [AnswerValue, ObjectiveValue, PrincipleValue]);
export type FieldValue = z.infer<typeof FieldValue>;

export { DOCUMENT_LANGUAGES, DRAFT_TEXT_MAX } from './limits';
export const DocumentLanguage = z.enum(DOCUMENT_LANGUAGES);
export type DocumentLanguage = z.infer<typeof DocumentLanguage>;
/** A line the Word export writes (title, country, authority): without the characters XML cannot carry (U+FFFE, NUL...: Word refuses such a file), trimmed. */
const DocumentLine = (max: number, required?: string) => z.string().transform(xmlSafeText).pipe(required ? z.string().trim().min(1, required).max(max) : z.string().trim().max(max));
export const Authority = DocumentLine(DRAFT_TEXT_MAX.authority);
export const Country = DocumentLine(DRAFT_TEXT_MAX.country);
export const Title = DocumentLine(DRAFT_TEXT_MAX.title, 'title is required');

export const SectionProgress = z.object({ sectionId: z.string(), answered: z.number().int(), total: z.number().int() });
export const DraftSummary = z.object({
  id: Uuid,
  title: z.string(),
  country: z.string(),
  /** Document language: print view and Word export furniture, and the template texts in them. */
  language: DocumentLanguage,
  /** The submitting authority named in the document's title block ('' when not set). */
  authority: z.string(),
  templateId: z.string(),
  templateVersion: z.string(),
  status: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  deletedAt: IsoTime.nullable(),
  answered: z.number().int(),
  total: z.number().int(),
  progress: z.array(SectionProgress),
});
export type DraftSummary = z.infer<typeof DraftSummary>;

export const FieldState = z.object({
  revisionId: Uuid,
  value: FieldValue,
  text: z.string(),
  updatedAt: IsoTime,
  authorName: z.string(),
});
export type FieldState = z.infer<typeof FieldState>;
export const DraftDetail = DraftSummary.extend({ fields: z.record(z.string(), FieldState) });
export type DraftDetail = z.infer<typeof DraftDetail>;

export const Revision = z.object({
  id: Uuid,
  draftId: Uuid,
  field: z.string(),
  parentId: Uuid.nullable(),
  mergeParentId: Uuid.nullable(),
  value: FieldValue,
  text: z.string(),
  authorName: z.string(),
  authorOrganisation: z.string(),
  installationId: z.string(),
  createdAt: IsoTime,
  note: z.string().nullable(),
});
export type Revision = z.infer<typeof Revision>;
export const RevisionMeta = Revision.omit({ value: true });

export const SearchHit = z.object({
  draftId: Uuid,
  draftTitle: z.string(),
  field: z.string(),
  /** the matching paragraph (cut around the match when long; … marks a cut) */
  snippet: z.string(),
  /** the same, in parts with the matching words marked */
  context: z.object({ parts: z.array(z.object({ text: z.string(), hit: z.boolean() })), cutBefore: z.boolean(), cutAfter: z.boolean() }).optional(),
});

/**
 * A search's answer. The index catches up on a bulk import (merge, restore...) in the background;
 * a search waits for it a bounded time only, then answers from the index as it stands:
 * `pendingAnswers` is how many answers were still to be indexed then (0: the results are complete).
 */
export const SearchResult = z.object({ hits: z.array(SearchHit), pendingAnswers: z.number().int().nonnegative() });
export type SearchResult = z.infer<typeof SearchResult>;

const DraftRef = z.object({ draftId: Uuid }).strict();

export const draftCalls = {
  appInfo: call(
    Nothing,
    z.object({
      version: z.string(),
      installationId: Uuid,
      dbPath: z.string(),
      storeDamaged: z.string().nullable().optional(),
      /** The operating system's preferred locales with their regions ("ar-JO", "fr-MA"), where the desktop app knows them (Electron's app.getPreferredSystemLanguages; its window's navigator.languages carry no region); else none (browser mode: the browser's own). */
      systemLocales: z.array(z.string().max(100)).max(50).optional(),
    }),
  ),
  getIdentity: call(Nothing, IdentityInfo.nullable()),
  setIdentity: call(Identity.strict(), IdentityInfo),
  getSetting: call(z.object({ key: z.enum(['language']) }).strict(), z.string().nullable()),
  setSetting: call(z.object({ key: z.enum(['language']), value: z.string().max(20) }).strict(), z.object({ ok: z.literal(true) })),

  listTemplates: call(Nothing, z.array(z.object({ id: z.string(), version: z.string(), title: z.string(), builtin: z.boolean() }))),
  getTemplate: call(z.object({ id: z.string().max(64), version: z.string().max(20).optional() }).strict(), TemplateSchema),
  importTemplate: call(z.object({ json: z.string().max(5_000_000) }).strict(), z.object({ id: z.string(), version: z.string() })),

  listDrafts: call(z.object({ trash: z.boolean().optional() }).strict().optional().default({}), z.array(DraftSummary)),
  createDraft: call(
    z.object({ title: Title, country: Country.optional(), language: DocumentLanguage.optional(), authority: Authority.optional(), templateId: z.string().max(64).optional(), templateVersion: z.string().max(20).optional() }).strict(),
    DraftSummary,
  ),
  getDraft: call(DraftRef, DraftDetail),
  renameDraft: call(z.object({ draftId: Uuid, title: Title }).strict(), DraftSummary),
  /** Changes what the document says about the draft: its language, authority and country. */
  setDraftDocument: call(
    z.object({ draftId: Uuid, language: DocumentLanguage.optional(), authority: Authority.optional(), country: Country.optional() }).strict(),
    DraftSummary,
  ),
  duplicateDraft: call(z.object({ draftId: Uuid, title: Title.optional() }).strict(), DraftSummary),
  deleteDraft: call(DraftRef, DraftSummary),
  restoreDraft: call(DraftRef, DraftSummary),

  saveField: call(
    z.object({ draftId: Uuid, field: FieldId, value: FieldValue, baseRevisionId: Uuid.nullable() }).strict(),
    z.object({ revisionId: Uuid, savedAt: IsoTime, unchanged: z.boolean() }),
  ),
  fieldHistory: call(z.object({ draftId: Uuid, field: FieldId }).strict(), z.array(RevisionMeta)),
  getRevision: call(z.object({ revisionId: Uuid }).strict(), Revision),
  restoreRevision: call(
    z.object({ draftId: Uuid, field: FieldId, revisionId: Uuid, baseRevisionId: Uuid.nullable() }).strict(),
    z.object({ revisionId: Uuid, savedAt: IsoTime, unchanged: z.boolean() }),
  ),
  search: call(z.object({ query: z.string().trim().min(1).max(500) }).strict(), SearchResult),
};
