/** Word/text interchange: import (DOCX, text), export (DOCX, print HTML), the unplaced tray. */
import { z } from 'zod';
import { DocSchema } from '../doc';
import { FieldId } from '../template/schema';
import { IsoTime, Uuid, call } from './common';
import { DRAFT_TEXT_MAX, DocumentLanguage, DraftSummary } from './drafts';
import { MAX_DOCX_BYTES } from './plain-values';
import { TEXT_ENCODINGS } from '../text-bytes';

export { MAX_DOCX_BYTES };
/** Largest text accepted for import (characters). */
export const MAX_IMPORT_TEXT = 5_000_000;

export const UnplacedItem = z.object({
  id: Uuid,
  draftId: Uuid,
  source: z.string(),
  reason: z.string(),
  doc: DocSchema,
  text: z.string(),
  createdAt: IsoTime,
  placedAt: IsoTime.nullable(),
  placedField: z.string().nullable(),
  dismissedAt: IsoTime.nullable(),
});
export type UnplacedItem = z.infer<typeof UnplacedItem>;

export const ImportReport = z.object({
  draftId: Uuid,
  source: z.string(),
  questionsFilled: z.array(z.string()),
  questionsTotal: z.number().int(),
  unplaced: z.array(z.object({ id: Uuid, reason: z.string(), preview: z.string() })),
  /** fragments with no letter or digit in them (page numbers, stray bullets, separators) */
  ignoredFragments: z.number().int(),
  /** placements the import is not sure of: matched by reworded text or by position (confidence 0..1) */
  lowConfidence: z.array(z.object({ question: z.string(), confidence: z.number(), via: z.enum(['text', 'similar', 'position', 'bookmark']), source: z.string() })).default([]),
  /** pictures in answers, now attachments of their question; question null: not placed (not kept) */
  pictures: z.array(z.object({ name: z.string(), question: z.string().nullable() })).default([]),
  /** footnotes kept as notes at the end of their answer */
  footnotesKept: z.number().int().default(0),
  /** Word comments now comment threads on their question (author and date from the file); question null: in the tray */
  comments: z.array(z.object({ author: z.string(), question: z.string().nullable() })).default([]),
  /** the encoding a text file was read in (null: pasted text or a Word document) */
  encoding: z.enum(TEXT_ENCODINGS).nullable().default(null),
  /** what the new draft took from the Word file itself (its properties, its title block): only what the user did not give */
  fromFile: z
    .object({ title: z.string().optional(), country: z.string().optional(), authority: z.string().optional(), language: DocumentLanguage.optional() })
    .default({}),
});
export type ImportReport = z.infer<typeof ImportReport>;
export const ImportResult = z.object({ draft: DraftSummary, report: ImportReport });
export type ImportResult = z.infer<typeof ImportResult>;

/**
 * A Word file exported from a draft, edited in Word and brought back into that draft
 * (main/services/word-return.ts): what each changed field became in the three-way merge against
 * the revision it was exported from, and what the merge did not take.
 */
export const WordReturnReport = z.object({
  draftId: Uuid,
  fileName: z.string(),
  /** fields changed in the Word file, by outcome: taken as they are, merged with the draft's own changes, or waiting in a conflict */
  fields: z.array(z.object({ field: z.string(), outcome: z.enum(['new', 'fast-forward', 'up-to-date', 'kept-ours', 'merged', 'conflict']) })),
  /** fields with a text when exported and none in the Word file: not emptied here (delete it in the app if meant) */
  emptied: z.array(z.string()),
  /** fields the Word file leaves as they were exported */
  unchanged: z.number().int(),
  /** pieces of text the import could not place: in the draft's tray */
  unplaced: z.number().int(),
  /** pictures in the file that the draft did not hold, now attachments of their questions */
  picturesAdded: z.number().int(),
  /** pictures the import could not place under a question: not kept */
  picturesNotPlaced: z.number().int(),
  /** Word comments on its questions, now comment threads there (those already here not again) */
  commentsAdded: z.number().int(),
  /** the same file was brought in before: nothing changed */
  already: z.boolean(),
});
export type WordReturnReport = z.infer<typeof WordReturnReport>;

/** Given by the user, these win over what the file says (ImportReport.fromFile). */
const ImportOptions = {
  title: z.string().trim().min(1).max(DRAFT_TEXT_MAX.title).optional(),
  country: z.string().trim().max(DRAFT_TEXT_MAX.country).optional(),
  fileName: z.string().trim().min(1).max(255).optional(),
};
const Base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4, `file larger than ${Math.round(maxBytes / 1024 / 1024)} MB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const interchangeCalls = {
  /** encoding: the one the file's bytes were decoded from (shared/text-bytes), echoed in the report */
  importText: call(z.object({ text: z.string().max(MAX_IMPORT_TEXT, 'text too long'), encoding: z.enum(TEXT_ENCODINGS).optional(), ...ImportOptions }).strict(), ImportResult),
  importDocx: call(z.object({ dataBase64: Base64(MAX_DOCX_BYTES), ...ImportOptions }).strict(), ImportResult),
  /** a Word file exported from `draftId` and edited since, merged back into it (never a new draft) */
  mergeDocx: call(z.object({ draftId: Uuid, dataBase64: Base64(MAX_DOCX_BYTES), fileName: ImportOptions.fileName }).strict(), WordReturnReport),
  /** footnotes: a Word footnote per question naming the sources of its accepted contributions (provenance) */
  exportDocx: call(z.object({ draftId: Uuid, footnotes: z.boolean().optional() }).strict(), z.object({ fileName: z.string(), dataBase64: z.string() })),
  /** A self-contained HTML page in the DOCX layout with a print stylesheet (Electron prints it to PDF). */
  renderPrintHtml: call(z.object({ draftId: Uuid }).strict(), z.object({ title: z.string(), html: z.string() })),
  /**
   * Prints the draft (the print HTML) to a PDF file the user chooses. Desktop app only: the
   * Electron layer overrides this call; elsewhere it answers 'forbidden' (the browser prints).
   * `file` is null when the user cancelled the save dialog.
   */
  printToPdf: call(z.object({ draftId: Uuid }).strict(), z.object({ file: z.string().nullable(), bytes: z.number().int().nonnegative() })),
  listUnplaced: call(z.object({ draftId: Uuid, includeDone: z.boolean().optional() }).strict(), z.array(UnplacedItem)),
  /** Appends the item to the question's answer (a new revision on top of the current one). */
  placeUnplaced: call(z.object({ draftId: Uuid, itemId: Uuid, field: FieldId }).strict(), z.object({ revisionId: Uuid, savedAt: IsoTime })),
  dismissUnplaced: call(z.object({ draftId: Uuid, itemId: Uuid }).strict(), UnplacedItem),
};
