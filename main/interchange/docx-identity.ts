/**
 * What a Word document says about the review it holds: its title, country, submitting authority
 * and document language, for the draft a re-import makes. From our own document properties when
 * present (the custom "Document language"; the core title, and the keywords "GCM; <template>;
 * <language>", which LibreOffice saves without the semicolons), else from the title block: the
 * labelled lines of its first page ("Country: …", "Pays : …", "البلد: …", the submitting
 * authority's likewise) in any of the three languages, whose labels also tell the language, and
 * its title paragraph. Pure. Every value is data from the file: one clean line (cleanLine: no
 * bidi overrides or control characters), cut to the draft's limits; the draft takes a value only
 * where the user gave none (main/services/interchange.ts).
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { cleanLine } from '../../shared/clean-line';
import { Uuid } from '../../shared/contract/common';
import { DOCUMENT_LANGUAGES, DRAFT_TEXT_MAX } from '../../shared/contract/limits';
import { documentText, type DocLanguage } from '../../shared/document-text';
import { foldForMatch } from '../../shared/text-fold';
import { DRAFT_ID_PROPERTY, REVISION_COUNT_PROPERTY, REVISION_PROPERTY } from './review-document';

export interface DocIdentity {
  title?: string;
  country?: string;
  authority?: string;
  language?: DocLanguage;
}

const isLanguage = (s: string | undefined): s is DocLanguage => (DOCUMENT_LANGUAGES as readonly string[]).includes(s ?? '');
const localName = (e: Element) => e.name.replace(/^.*:/, '').toLowerCase();
const textOf = (xml: string, name: string): string | undefined => {
  const e = DomUtils.findOne((x) => localName(x) === name, parseDocument(xml, { xmlMode: true }).children);
  return e ? DomUtils.textContent(e) : undefined;
};

/**
 * The keywords of a file we wrote ("GCM; arab-region-2020 1.0.0; ar" as we write them, "GCM
 * arab-region-2020 1.0.0 ar" as LibreOffice saves them), or null for another tool's file.
 */
function ourKeywords(coreXml: string | undefined): string[] | null {
  const words = coreXml ? (textOf(coreXml, 'keywords') ?? '').split(/[;,\s]+/).filter(Boolean) : [];
  return words[0] === 'GCM' ? words : null;
}

/** docProps/custom.xml's properties (none without one). */
const customProperties = (customXml: string | undefined): Element[] =>
  customXml ? DomUtils.findAll((x) => localName(x) === 'property', parseDocument(customXml, { xmlMode: true }).children) : [];

/**
 * Our properties: docProps/core.xml (title, keywords) and docProps/custom.xml ("Document language"),
 * read only from a file we wrote (its keywords start with "GCM"): another tool's core title is
 * often "Microsoft Word - Document1" or a template's, no review's title.
 */
export function propertiesIdentity(coreXml: string | undefined, customXml: string | undefined): DocIdentity {
  const out: DocIdentity = {};
  const words = ourKeywords(coreXml);
  if (!words) return out;
  const lang = customProperties(customXml).find((p) => foldForMatch(p.attribs.name ?? '').replace(/\s+/g, ' ').trim() === 'document language');
  const value = lang && DomUtils.textContent(lang).trim();
  if (isLanguage(value)) out.language = value;
  const title = textOf(coreXml!, 'title');
  if (title?.trim()) out.title = title;
  const last = words.at(-1);
  if (!out.language && isLanguage(last)) out.language = last;
  return out;
}

/** Where a document we exported came from: its draft and the revision of each field it was made from. */
export interface ExportOrigin {
  draftId: string;
  /** field -> revision id ("GCM revision I.a" properties) */
  revisions: Record<string, string>;
  /** whether the file lists every field's revision (as many as its count says): false for an export older than the list, or one a tool cut */
  complete: boolean;
  /** who saved the file last, as the file says (docProps/core.xml lastModifiedBy): a claim, never checked */
  lastSavedBy?: string;
}

const isId = (s: string) => Uuid.safeParse(s).success;

/**
 * The draft and revisions a document of ours was exported from (review-document.ts writes them as
 * custom properties), or null for another tool's file or one whose properties were removed. Ids
 * that are not ids are left out; a field id is one of the template's only if the caller checks it.
 */
export function exportOrigin(coreXml: string | undefined, customXml: string | undefined): ExportOrigin | null {
  if (!ourKeywords(coreXml)) return null;
  const props = customProperties(customXml);
  const value = (p: Element) => DomUtils.textContent(p).trim();
  const draft = props.find((p) => (p.attribs.name ?? '').trim() === DRAFT_ID_PROPERTY);
  const draftId = draft && value(draft);
  if (!draftId || !isId(draftId)) return null;
  const revisions: Record<string, string> = {};
  for (const p of props) {
    const name = (p.attribs.name ?? '').trim();
    if (!name.startsWith(REVISION_PROPERTY.trim())) continue;
    const field = name.slice(REVISION_PROPERTY.trim().length).trim();
    if (field && isId(value(p))) revisions[field] = value(p);
  }
  const count = props.find((p) => (p.attribs.name ?? '').trim() === REVISION_COUNT_PROPERTY);
  const complete = !!count && value(count) === String(Object.keys(revisions).length);
  const by = cleanLine(textOf(coreXml!, 'lastmodifiedby') ?? '', 200);
  return { draftId, revisions, complete, ...(by ? { lastSavedBy: by } : {}) };
}

type TitleBlockField = 'country' | 'authority' | 'date';
const fold = (s: string) => foldForMatch(s).replace(/['’‘`]/g, '').replace(/\s+/g, ' ').trim();
/** Each language's label of a title block line, folded -> the field and the languages that write it so. */
const LABELS = new Map<string, { field: TitleBlockField; languages: DocLanguage[] }>();
for (const lang of DOCUMENT_LANGUAGES) {
  const x = documentText(lang);
  for (const field of ['country', 'authority', 'date'] as const) {
    const key = fold(x[field]);
    const known = LABELS.get(key);
    if (known) known.languages.push(lang);
    else LABELS.set(key, { field, languages: [lang] });
  }
}
/** What the export writes for a country not given. */
const NONE = /^[—–-]?$/;

/**
 * A labelled line of a title block ("Country: Morocco", "Pays\u00a0: Maroc", "البلد: المغرب"): its
 * field, its value ('' for the export's "—") and the languages whose label it is; null for any other line.
 */
export function titleBlockLine(line: string): { field: TitleBlockField; value: string; languages: DocLanguage[] } | null {
  const m = /^([^:：\n]{1,60}?)\s*[:：]\s*([^\n]*)$/u.exec(line.trim());
  const label = m && LABELS.get(fold(m[1]!));
  if (!m || !label) return null;
  const value = m[2]!.trim();
  return { ...label, value: NONE.test(value) ? '' : value };
}

/**
 * Whether another tool's labelled line holds a value rather than a sentence: short (80 characters
 * at most), no second colon, no sentence punctuation ("Country: Morocco has ratified … in 1993: see
 * the annex." is text of the document, not its country).
 */
export const plainValue = (value: string): boolean => [...value].length <= 80 && !/[:：;؛!?؟…]|\.(?:\s|$)/u.test(value);

const LIMITS = { title: DRAFT_TEXT_MAX.title, country: DRAFT_TEXT_MAX.country, authority: DRAFT_TEXT_MAX.authority } as const;

/** The identity the file gives: each value from the properties, else from the title block; cleaned, cut, empty ones left out. */
export function fileIdentity(properties: DocIdentity, titleBlock: DocIdentity): DocIdentity {
  const out: DocIdentity = {};
  for (const k of ['title', 'country', 'authority'] as const) {
    const v = [properties[k], titleBlock[k]].map((x) => cleanLine(x ?? '', LIMITS[k])).find(Boolean);
    if (v) out[k] = v;
  }
  const language = properties.language ?? titleBlock.language;
  if (isLanguage(language)) out.language = language;
  return out;
}
