/**
 * Interchange service: imports (text, DOCX) become a new draft in one transaction — answers as
 * first revisions noting their source, everything not placed in the unplaced tray — and the
 * export renders a draft to DOCX or print HTML. The tray: list, place (appends to the answer as
 * a new revision on top of the current one), dismiss.
 */
import { checkImportText, type TextEncodingName } from '../../shared/text-bytes';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/contract/common';
import { FieldValue } from '../../shared/contract/drafts';
import type { ImportResult, UnplacedItem, WordReturnReport } from '../../shared/contract/interchange';
import { mergeWordReturn, picturesToBring } from './word-return';
import { addWordComments } from './word-comments';
import { attachStaged, placedPictures, withStaged, type StagedPicture } from './word-pictures';
import { addUnplaced } from './unplaced-rows';
import { DocSchema, xmlSafeText, type Doc } from '../../shared/doc';
import { fieldKind, hasField, questions, type Template } from '../../shared/template';
import type { Assembled } from '../interchange/assemble';
import type { DocxExportOptions } from '../interchange/docx-export';
import type { ImportedImage, WordComment } from '../interchange/docx-import';
import type { DocIdentity } from '../interchange/docx-identity';
import { DRAFT_TEXT_MAX } from '../../shared/contract/limits';
import { questionPictures } from '../attachments/question-pictures';
import { parseTextImport } from '../interchange/import-text';
import { renderPrintHtml } from '../interchange/print-html';
import { reviewDocument } from '../interchange/review-document';
import { getHead, parseValue } from '../store/revisions';
import { nowIso, type Store } from '../store/store';
import { provenanceFootnotes } from '../workshops/footnotes';
import type { Drafts } from './drafts';
import { writeRevision } from './fields';
import type { Templates } from './templates';
import { APP_VERSION } from './version';
import { nameVersion } from '../history/named-versions';
import { coded } from '../../shared/messages';
import { cleanLine } from '../../shared/clean-line';

interface UnplacedRow {
  id: string;
  draft_id: string;
  source: string;
  reason: string;
  content: string;
  text: string;
  created_at: string;
  placed_at: string | null;
  placed_field: string | null;
  placed_revision_id: string | null;
  dismissed_at: string | null;
}

const toItem = (r: UnplacedRow): UnplacedItem => ({
  id: r.id,
  draftId: r.draft_id,
  source: r.source,
  reason: r.reason,
  doc: JSON.parse(r.content) as Doc,
  text: r.text,
  createdAt: r.created_at,
  placedAt: r.placed_at,
  placedField: r.placed_field,
  dismissedAt: r.dismissed_at,
});

export interface ImportOptions {
  title?: string;
  country?: string;
  fileName?: string;
}

export class Interchange {
  constructor(
    private store: Store,
    private drafts: Drafts,
    private templates: Templates,
  ) {}

  private defaultTemplate(): Template {
    return this.templates.get('arab-region-2020');
  }

  /** `encoding`: what the file's bytes were decoded from (shared/text-bytes), named in the report. */
  importText(text: string, o: ImportOptions & { encoding?: TextEncodingName }): ImportResult {
    checkImportText(text, o.fileName ?? 'the pasted text'); // linear, before the line-by-line work
    const t = this.defaultTemplate();
    const source = `text:${o.fileName ?? 'pasted text'}`;
    const r = this.createFrom(parseTextImport(text, t, source), t, source, o);
    return { ...r, report: { ...r.report, encoding: o.encoding ?? null } };
  }

  async importDocx(bytes: Buffer, given: ImportOptions): Promise<ImportResult> {
    const t = this.defaultTemplate();
    const o = { ...given, fileName: given.fileName === undefined ? undefined : cleanLine(given.fileName, 255) || 'document.docx' };
    const source = `docx:${o.fileName ?? 'document.docx'}`;
    const { parseDocxImport } = await import('../interchange/docx-import'); // mammoth, htmlparser2: loaded only here
    const parsed = await parseDocxImport(bytes, t, source);
    // Pictures placed under a question become its attachments (./word-pictures.ts)
    return withStaged(this.store, placedPictures(parsed), (staged) => this.createFrom(parsed, t, source, o, staged));
  }

  /**
   * Writes a parsed import as a new draft, all or nothing. The draft's title, country, authority
   * and language: what the user gave, else what the file says (`identity`, cleaned by docx-identity;
   * reported as fromFile), else the file's name and today's defaults.
   */
  private createFrom(
    parsed: Assembled & { fields?: Array<[string, FieldValue]>; pictures?: ImportedImage[]; footnotesKept?: number; wordComments?: WordComment[]; identity?: DocIdentity },
    t: Template,
    source: string,
    o: ImportOptions,
    pictures: StagedPicture[] = [],
  ): ImportResult {
    const answers = [...parsed.answers].filter(([, doc]) => doc.content.length);
    for (const [q, doc] of answers) {
      const r = DocSchema.safeParse(doc);
      if (!r.success) throw new AppError('bad_file', `the imported answer to ${q} is not valid: ${r.error.issues[0]?.message ?? 'invalid'}`);
    }
    const extra = (parsed.fields ?? []).filter(([f, v]) => {
      const r = FieldValue.safeParse(v);
      return r.success && hasField(t, f);
    });
    const fromFile: DocIdentity = { ...parsed.identity };
    if (o.title !== undefined) delete fromFile.title;
    if (o.country !== undefined) delete fromFile.country;
    const title = (o.title ?? fromFile.title ?? (o.fileName ? o.fileName.replace(/\.[^.]+$/, '').trim().slice(0, DRAFT_TEXT_MAX.title) : '')) || 'Imported review';
    let unplaced: ReturnType<typeof addUnplaced> = [];
    const draft = this.store.tx(() => {
      const d = this.drafts.create({ title, country: o.country ?? fromFile.country, language: fromFile.language, authority: fromFile.authority, templateId: t.id, templateVersion: t.version });
      for (const [q, doc] of answers) writeRevision(this.store, { draftId: d.id, field: q, value: { kind: 'answer', doc }, parentId: null, note: `imported from ${source}` });
      for (const [f, value] of extra) writeRevision(this.store, { draftId: d.id, field: f, value, parentId: null, note: `imported from ${source}` });
      addWordComments(this.store, d.id, parsed.wordComments ?? [], parsed.comments, source);
      attachStaged(this.store, d.id, pictures, source);
      unplaced = addUnplaced(this.store, d.id, parsed.unplaced);
      this.store.audit(d.id, 'draft.import', { newValue: source, reason: `${answers.length} questions filled, ${parsed.unplaced.length} unplaced` });
      nameVersion(this.store, d.id, 'import', `Imported from ${source}`);
      return d;
    });
    return {
      draft: this.drafts.summary(this.drafts.row(draft.id)),
      report: {
        draftId: draft.id,
        source,
        questionsFilled: questions(t)
          .map((q) => q.id)
          .filter((id) => answers.some(([q]) => q === id)),
        questionsTotal: questions(t).length,
        unplaced: unplaced.map(({ id, piece }) => ({ id, reason: piece.reason, preview: piece.text.replace(/\s+/g, ' ').slice(0, 160) })),
        ignoredFragments: parsed.ignored,
        lowConfidence: parsed.lowConfidence,
        pictures: (parsed.pictures ?? []).map((p) => ({ name: p.name, question: parsed.images.get(p.index) ?? null })),
        footnotesKept: parsed.footnotesKept ?? 0,
        comments: (parsed.wordComments ?? []).map((c) => ({ author: c.author, question: parsed.comments.get(c.id) ?? null })),
        encoding: null,
        fromFile,
      },
    };
  }

  /** A Word file exported from `draftId` and edited since, merged back into it (./word-return.ts). */
  async mergeDocx(draftId: string, bytes: Buffer, given = 'document.docx'): Promise<WordReturnReport> {
    const t = this.drafts.template(this.drafts.row(draftId));
    // the file's name goes into the history, the audit and the tray: one clean line (no bidi overrides)
    const fileName = cleanLine(given, 255) || 'document.docx';
    const { parseDocxImport } = await import('../interchange/docx-import'); // mammoth, htmlparser2: loaded only here
    const parsed = await parseDocxImport(bytes, t, `docx:${fileName}`);
    return withStaged(this.store, picturesToBring(this.store, draftId, parsed), (staged) => mergeWordReturn(this.store, t, draftId, bytes, fileName, parsed, staged));
  }

  /** `provenanceFootnotes`: a Word footnote per question naming the sources of its accepted contributions. */
  async exportDocx(draftId: string, opts: DocxExportOptions & { provenanceFootnotes?: boolean } = {}): Promise<{ fileName: string; bytes: Buffer }> {
    const review = this.review(draftId);
    const footnotes = opts.footnotes ?? (opts.provenanceFootnotes ? provenanceFootnotes(this.store, draftId, review.text) : undefined);
    const { exportDocx } = await import('../interchange/docx-export'); // docx: loaded only here
    // the document's author and last editor: who exports (the identity set in the app, else the computer's user)
    const a = this.store.author();
    // as it was set (an identity is only trimmed): without a character XML cannot carry, or core.xml is a file Word refuses
    const author = xmlSafeText(a.organisation ? `${a.name} (${a.organisation})` : a.name);
    return { fileName: `${safeFileName(review.title)}.docx`, bytes: await exportDocx(review, { footnotes, author }) };
  }

  printHtml(draftId: string): { title: string; html: string } {
    const review = this.review(draftId);
    return { title: review.title, html: renderPrintHtml(review) };
  }

  private review(draftId: string) {
    const d = this.drafts.get(draftId);
    return reviewDocument(d, this.templates.get(d.templateId, d.templateVersion), { appVersion: APP_VERSION, pictures: questionPictures(this.store, draftId) });
  }

  listUnplaced(draftId: string, includeDone = false): UnplacedItem[] {
    this.drafts.row(draftId, { allowDeleted: true });
    const rows = this.store
      .sql(`SELECT * FROM unplaced WHERE draft_id = ? ${includeDone ? '' : 'AND placed_at IS NULL AND dismissed_at IS NULL'} ORDER BY created_at, id`)
      .all(draftId) as UnplacedRow[];
    return rows.map(toItem);
  }

  private item(draftId: string, itemId: string): UnplacedRow {
    const r = this.store.sql('SELECT * FROM unplaced WHERE id = ?').get(itemId) as UnplacedRow | undefined;
    if (!r || r.draft_id !== draftId) throw new AppError('not_found', `no unplaced item ${itemId} in this draft`);
    if (r.placed_at) throw new AppError('conflict', `this text was already placed in ${r.placed_field}`, coded('placing.alreadyPlaced', { question: r.placed_field ?? '' }));
    if (r.dismissed_at) throw new AppError('conflict', 'this text was dismissed', coded('placing.dismissed'));
    return r;
  }

  /** Appends the item's text to the question's answer: a new revision whose parent is the current one. */
  place(draftId: string, itemId: string, field: string): { revisionId: string; savedAt: string } {
    const row = this.drafts.row(draftId);
    const t = this.drafts.template(row);
    if (fieldKind(field) !== 'answer' || !questions(t).some((q) => q.id === field)) throw new AppError('invalid_input', `${field} is not a question of this draft's template`);
    return this.store.tx(() => {
      const it = this.item(draftId, itemId);
      const head = getHead(this.store, draftId, field);
      const current = head ? parseValue(head.value) : null;
      const base: Doc = current?.kind === 'answer' ? current.doc : { type: 'doc', content: [] };
      const doc = DocSchema.parse({ type: 'doc', content: [...base.content, ...(JSON.parse(it.content) as Doc).content] });
      const r = writeRevision(this.store, { draftId, field, value: { kind: 'answer', doc }, parentId: head?.revision_id ?? null, note: `placed from import (${it.source})` });
      this.store.sql('UPDATE unplaced SET placed_at = ?, placed_field = ?, placed_revision_id = ? WHERE id = ?').run(r.savedAt, field, r.revisionId, itemId);
      return { revisionId: r.revisionId, savedAt: r.savedAt };
    });
  }

  dismiss(draftId: string, itemId: string): UnplacedItem {
    this.drafts.row(draftId);
    this.store.tx(() => {
      this.item(draftId, itemId);
      this.store.sql('UPDATE unplaced SET dismissed_at = ? WHERE id = ?').run(nowIso(), itemId);
      this.store.audit(draftId, 'unplaced.dismiss', { target: itemId });
    });
    return toItem(this.store.sql('SELECT * FROM unplaced WHERE id = ?').get(itemId) as UnplacedRow);
  }
}

export const safeFileName = (s: string) => s.replace(/[\\/:*?"<>|\x00-\x1f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'review';

export function interchangeHandlers(x: Interchange): Pick<Handlers, 'importText' | 'importDocx' | 'mergeDocx' | 'exportDocx' | 'renderPrintHtml' | 'printToPdf' | 'listUnplaced' | 'placeUnplaced' | 'dismissUnplaced'> {
  return {
    importText: ({ text, ...o }) => x.importText(text, o),
    importDocx: ({ dataBase64, ...o }) => x.importDocx(Buffer.from(dataBase64, 'base64'), o),
    mergeDocx: ({ draftId, dataBase64, fileName }) => x.mergeDocx(draftId, Buffer.from(dataBase64, 'base64'), fileName),
    exportDocx: async ({ draftId, footnotes }) => {
      const r = await x.exportDocx(draftId, { provenanceFootnotes: footnotes ?? false });
      return { fileName: r.fileName, dataBase64: r.bytes.toString('base64') };
    },
    renderPrintHtml: ({ draftId }) => x.printHtml(draftId),
    // The desktop app overrides this (main/electron/print-pdf.ts); a browser prints the print HTML itself.
    printToPdf: () => {
      throw new AppError('forbidden', 'printing to PDF needs the desktop app; in the browser use Print', coded('errors.printDesktopOnly'));
    },
    listUnplaced: ({ draftId, includeDone }) => x.listUnplaced(draftId, includeDone),
    placeUnplaced: ({ draftId, itemId, field }) => x.place(draftId, itemId, field),
    dismissUnplaced: ({ draftId, itemId }) => x.dismiss(draftId, itemId),
  };
}
