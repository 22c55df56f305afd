/**
 * A Word file exported from a draft, edited in Word (by someone without the app: the Word tables
 * passed round by email that GCM Review replaces) and brought back into that draft. The export
 * names the draft and, per field, the revision it was made from (review-document.ts custom
 * properties, read by docx-identity exportOrigin); the file is read by the Word import, and each
 * field Word changed becomes a revision whose parent is the one it was exported from, merged as a
 * returned draft's are (main/merge/returned-draft.ts): taken as it is where the draft did not move
 * since, merged with the draft's own changes where they touch other places, a conflict to decide
 * where both changed the same place: a question empty when exported and answered both in Word and
 * in the app since is one (emptyBase 'decide', ../merge/doc.ts; a bundle's joins the two texts).
 * Nothing is overwritten and both sides stay in the history.
 *
 * Safe by default: a field answered when exported and empty in the file is not emptied (an import
 * that failed to find a question must not delete its answer; reported); pictures the draft does
 * not hold become attachments of their questions and Word comments comment threads there (as a
 * Word import makes them: ./word-pictures.ts, ./word-comments.ts); the pictures the export drew
 * after an answer are no edit (withoutDrawnAfter); text the import could not place goes to the
 * draft's tray. The same file brought in again changes nothing: its revisions' ids come from the
 * file's bytes; saved again with its text unchanged (other bytes), an edit the draft already holds
 * (its current value, or the same edit brought in before) is brought in as that revision (alreadyHere).
 * Refused, changing nothing: a file not exported by GCM Review, or from another draft, or made
 * from revisions this draft does not have, or not listing them all (an older export).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/contract/common';
import type { FieldValue } from '../../shared/contract/drafts';
import type { WordReturnReport } from '../../shared/contract/interchange';
import { coded } from '../../shared/messages';
import { fieldKind, hasField, type Template } from '../../shared/template';
import type { IncomingField } from '../../shared/merge-incoming';
import { mergeReturnedDraft } from '../merge/returned-draft';
import { getHead, getRevisionRow, listRevisionParents, parseValue, revisionValue } from '../store/revisions';
import { nowIso, type Store } from '../store/store';
import { canonicalJson } from './values';
import type { DocxImported } from '../interchange/docx-import';
import { sameMarks } from '../interchange/assemble';
import { addWordComments } from './word-comments';
import { attachStaged, placedPictures, type PlacedPicture, type StagedPicture } from './word-pictures';
import { addUnplaced } from './unplaced-rows';
import { docText, inlineText, type Inline } from '../../shared/doc';
import { PLACEHOLDER } from '../../shared/picture-files';

/** A stable id (UUID layout, version 8: "custom") from a file's hash and a name. */
function derivedId(fileHash: string, name: string): string {
  const h = createHash('sha256').update(fileHash).update('\0').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A value as it is compared with what it was exported from: its JSON with adjacent text nodes of
 * the same marks joined (how an import cut a paragraph's text into nodes is no change).
 */
function comparable(v: FieldValue): string {
  return canonicalJson(JSON.parse(JSON.stringify(v), (_k, x: unknown) => (Array.isArray(x) ? joinTexts(x) : x)));
}

/** An array of the value with its adjacent text nodes of the same marks joined (any other array as it is). */
function joinTexts(xs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of xs) {
    const prev = out[out.length - 1] as Inline | undefined;
    const cur = x as Inline;
    if (prev?.type === 'text' && cur?.type === 'text' && sameMarks(prev, cur)) out[out.length - 1] = { ...prev, text: prev.text + cur.text };
    else out.push(x);
  }
  return out;
}

/**
 * The revision of `field` that already holds what the file brings (`theirs`, comparable), if any:
 * the field's current one, or one made from the same exported revision with that value (this edit,
 * brought in before from other bytes: the file saved again by Word or LibreOffice without a change
 * to its text gets new ids, which come from its bytes). Brought in as that revision, the edit
 * writes nothing: up to date, or waiting in the conflict it opened.
 */
function alreadyHere(store: Store, draftId: string, field: string, base: string | null, theirs: string): string | null {
  const head = getHead(store, draftId, field);
  if (head && comparable(parseValue(head.value)) === theirs) return head.revision_id;
  return listRevisionParents(store, draftId, field).find((r) => r.parent_id === base && comparable(revisionValue(store, r.id)!) === theirs)?.id ?? null;
}

const refuse = (key: string, message: string, params?: Record<string, string>) => new AppError('bad_file', message, coded(`wordReturn.${key}`, params));

/** What the Word file holds per field: answers as documents, objective and principle rows as their values. */
function fileValues(parsed: DocxImported): Map<string, FieldValue> {
  const out = new Map<string, FieldValue>();
  for (const [q, doc] of parsed.answers) if (doc.content.length) out.set(q, { kind: 'answer', doc });
  for (const [f, v] of parsed.fields) out.set(f, v);
  return out;
}

/** The Word file's pictures placed under a question whose bytes the draft does not hold: to stage and attach (./word-pictures.ts). */
export function picturesToBring(store: Store, draftId: string, parsed: DocxImported): PlacedPicture[] {
  const held = store.sql('SELECT 1 FROM attachments WHERE draft_id = ? AND sha256 = ? AND removed_at IS NULL');
  const seen = new Set<string>();
  return placedPictures(parsed).filter(({ sha256 }) => {
    if (held.get(draftId, sha256) || seen.has(sha256)) return false;
    seen.add(sha256);
    return true;
  });
}

/**
 * An answer as Word gives it back without the paragraphs the export added after it: a picture of
 * the question the exported text did not place is drawn after the answer, and read back as a
 * placeholder alone in a paragraph at the end ("[Picture 2: chart]"); one naming a picture this
 * question holds, absent from the exported text, is the export's, not an edit.
 */
const ALONE = new RegExp(`^${PLACEHOLDER.source}$`);
function withoutDrawnAfter(theirs: FieldValue, base: FieldValue | null, held: ReadonlySet<string>, parsed: DocxImported): FieldValue {
  if (theirs.kind !== 'answer') return theirs;
  const named = new Set([...(base?.kind === 'answer' ? docText(base.doc) : '').matchAll(PLACEHOLDER)].map((m) => (m[2] ?? '').trim()));
  const content = [...theirs.doc.content];
  for (let last = content.at(-1); last?.type === 'paragraph'; last = content.at(-1)) {
    const m = ALONE.exec(inlineText(last.content).trim());
    const name = m && parsed.pictures.find((p) => p.index === Number(m[1]))?.name;
    if (!m || !name || !held.has(name) || named.has((m[2] ?? '').trim())) break;
    content.pop();
  }
  return content.length === theirs.doc.content.length ? theirs : { kind: 'answer', doc: { ...theirs.doc, content } };
}

export function mergeWordReturn(store: Store, template: Template, draftId: string, bytes: Buffer, fileName: string, parsed: DocxImported, staged: readonly StagedPicture[] = []): WordReturnReport {
  const origin = parsed.origin;
  if (!origin) throw refuse('notExported', `${fileName} was not exported by GCM Review (or its document properties were removed): import it as a new draft instead`, { file: fileName });
  const draft = store.sql('SELECT title FROM drafts WHERE id = ?').get(draftId) as { title: string } | undefined;
  if (!draft) throw new AppError('not_found', `no draft with id ${draftId}`);
  if (origin.draftId !== draftId) {
    const other = store.sql('SELECT title FROM drafts WHERE id = ?').get(origin.draftId) as { title: string } | undefined;
    throw other
      ? refuse('otherDraft', `${fileName} was exported from the draft "${other.title}", not from "${draft.title}"`, { file: fileName, other: other.title, title: draft.title })
      : refuse('unknownDraft', `${fileName} was exported from a draft that is not in this store, not from "${draft.title}"`, { file: fileName, title: draft.title });
  }
  if (!origin.complete) throw refuse('olderExport', `${fileName} does not list the versions it was made from (exported by an older GCM Review, or saved by a tool that dropped some of its document properties): import it as a new draft instead`, { file: fileName });
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const values = fileValues(parsed);
  const author = store.author();
  const createdAt = nowIso();
  const fields: IncomingField[] = [];
  const baseRevisions: Record<string, string> = {};
  const emptied: string[] = [];
  let unchanged = 0;
  const heldNames = store.sql('SELECT name FROM attachments WHERE draft_id = ? AND field = ? AND removed_at IS NULL').pluck();
  for (const field of new Set([...Object.keys(origin.revisions), ...values.keys()])) {
    if (!hasField(template, field)) continue;
    const base = origin.revisions[field] ?? null;
    const row = base ? getRevisionRow(store, base) : undefined;
    if (base && (!row || row.draft_id !== draftId || row.field !== field)) {
      throw refuse('unknownRevision', `${fileName} was made from a version of ${field} this draft does not have (restored from an older backup?): import it as a new draft instead`, { file: fileName, field });
    }
    const baseValue = row ? parseValue(row.value) : null;
    const read = values.get(field);
    const theirs = read && withoutDrawnAfter(read, baseValue, new Set(heldNames.all(draftId, field) as string[]), parsed);
    if (!theirs) {
      if (baseValue && !(baseValue.kind === 'answer' && !baseValue.doc.content.length)) emptied.push(field);
      else unchanged++;
      continue;
    }
    if (theirs.kind !== fieldKind(field)) continue;
    const brought = comparable(theirs);
    if (baseValue && comparable(baseValue) === brought) {
      unchanged++;
      continue;
    }
    const id = alreadyHere(store, draftId, field, base, brought) ?? derivedId(fileHash, field);
    if (base) baseRevisions[field] = base;
    fields.push({
      field,
      head: id,
      revisions: [
        {
          id,
          parentId: base,
          mergeParentId: null,
          value: theirs,
          // who saved the file, as the file says (a claim: the file is not signed); else who brings it in
          authorName: origin.lastSavedBy ?? author.name,
          authorOrganisation: `Word file ${fileName}`.slice(0, 300),
          installationId: author.installationId,
          createdAt,
          note: `imported from docx:${fileName}`.slice(0, 2000),
        },
      ],
    });
  }

  return store.tx(() => {
    const merged = fields.length ? mergeReturnedDraft(store, draftId, { fields, baseRevisions, attachments: [] }, { bundleId: derivedId(fileHash, 'file'), from: fileName, emptyBase: 'decide' }) : null;
    // what the import could not place waits in the draft's tray (once, however often the file comes back)
    const source = `docx:${fileName}`;
    const commentsAdded = addWordComments(store, draftId, parsed.wordComments, parsed.comments, source);
    attachStaged(store, draftId, staged, source);
    const unplaced = addUnplaced(store, draftId, parsed.unplaced, { once: true }).length;
    const results = merged?.fields ?? [];
    // nothing new: every field already here, or waiting in the conflict this file opened before
    const nothingNew = (r: (typeof results)[number]) => r.outcome === 'up-to-date' || r.outcome === 'kept-ours' || (r.outcome === 'conflict' && r.newConflict === false);
    const already = !!merged && merged.revisionsAdded === 0 && results.every(nothingNew) && unplaced === 0 && commentsAdded === 0 && !staged.length;
    if (unplaced && !merged) store.audit(draftId, 'draft.import', { newValue: source, reason: `0 questions filled, ${unplaced} unplaced` });
    return {
      draftId,
      fileName,
      fields: results.map((r) => ({ field: r.field, outcome: r.outcome })),
      emptied,
      unchanged,
      unplaced,
      picturesAdded: staged.length,
      picturesNotPlaced: parsed.pictures.filter((p) => !parsed.images.get(p.index)).length,
      commentsAdded,
      already,
    };
  });
}
