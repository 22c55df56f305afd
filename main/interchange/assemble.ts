/**
 * Assembling imported answers: both importers (text, DOCX) feed a stream of rows (the questions
 * a row names) and answer atoms (paragraphs, list items with their depth, tables). The assembler
 *   - joins text broken across lines, cells, rows and pages (an open sentence continued by a
 *     lower-case start or after a comma/connector) into the atom it continues, but never across
 *     the start of a question, a section heading or an unrecognised heading: text after a
 *     question start is that question's (continuation rows, with no question, do continue).
 *     One exception, for text pulled out of PDF tables only (`spillAcrossQuestions`), where a
 *     page break shifts an answer's tail into the next question's row: an open sentence followed
 *     by a lower-case Latin start (never an Arabic one, never a connector alone) continues;
 *   - when a row names several questions, or begins with the spill of the previous answer,
 *     splits the row's paragraphs between those questions in order, by which question each
 *     paragraph's rare words point to (Matcher.affinity);
 *   - gives everything it cannot place (text before the first question, after a heading with no
 *     question or, in a document, before the section's first question, under an unrecognised
 *     question, stray question-column text) to the unplaced tray;
 *   - builds real nested lists (shared/doc.ts) from the atoms.
 * Nothing with a letter or digit in it is ever dropped.
 */
import type { Block, Doc, Inline, List, ListItem, Paragraph, Table } from '../../shared/doc';
import { MAX_LIST_DEPTH, docText, inlineText } from '../../shared/doc';
import type { MatchVia, Matcher } from './matcher';

export type ListType = List['type'];

export interface Atom {
  kind: 'para' | 'item' | 'table';
  /** for kind 'table': the table, as it goes into the answer */
  table?: Table;
  list?: ListType;
  start?: number;
  /** 0 for a paragraph, 1.. for list items */
  depth: number;
  inlines: Inline[];
  /** written with an explicit bullet or number: starts a new item, never continues a sentence */
  marker?: boolean;
  /** footnotes referenced from this text: they go at the end of the answer it lands in */
  notes?: Inline[][];
  /** pictures (indexes given by the importer) shown at this place: they become attachments of its question */
  images?: number[];
  /** Word comments (their ids) anchored in this text: they become comment threads on its question */
  comments?: string[];
}

interface StoredAtom extends Atom {
  group: Group;
  question?: string | null;
}

interface Group {
  /** candidate questions in order; empty while pending (resolved by the next question) */
  cands: string[];
  pending: boolean;
  unplacedReason?: string;
  /** the atom of an earlier row that this row's first text continued */
  continued?: StoredAtom;
  atoms: StoredAtom[];
  source: string;
}

export interface UnplacedPiece {
  doc: Doc;
  text: string;
  reason: string;
  source: string;
}

/** A placement the import is not sure of (reported, so the user can check it). */
export interface LowConfidence {
  question: string;
  confidence: number;
  via: MatchVia;
  source: string;
}

/** Threshold under which a placement is reported as low-confidence. */
export const SURE = 0.75;

export interface Assembled {
  answers: Map<string, Doc>;
  unplaced: UnplacedPiece[];
  lowConfidence: LowConfidence[];
  /** fragments without any letter or digit (page numbers, stray bullets, "--") */
  ignored: number;
  /** where each picture landed: its question, or null (in the tray) */
  images: Map<number, string | null>;
  /** where each Word comment's anchor landed: its question, or null (in the tray) */
  comments: Map<string, string | null>;
}

const CONNECTOR = /(?:^|\s)(?:the|a|an|of|for|in|into|to|and|or|with|by|on|at|from|as|that|which|its|their|this|these|between|de|du|des|la|le|les|et|en|au|aux|à|par|pour|sur|dans|و|في|من|إلى|على|عن|مع)$/iu;
const CLOSED = /[.!?;:…。؟؛]["'”’»)]*$/u;

export function plain(inlines: Inline[]): string {
  return inlineText(inlines);
}

/** Does `next` continue the sentence left open at the end of `prev`? */
export function continues(prev: Inline[], next: Inline[], adjacentLine = false, caseOnly = false): boolean {
  const p = plain(prev).trimEnd();
  const n = plain(next).trimStart();
  if (!p || !n) return false;
  if (CLOSED.test(p)) return false;
  if (adjacentLine) return true;
  if (/^\p{Ll}/u.test(n)) return true;
  // Separate paragraphs of a real document: only a lower-case start says the sentence goes on.
  if (caseOnly) return false;
  if (/[,\-–]$/.test(p)) return true;
  if (CONNECTOR.test(p)) return true;
  // Scripts without letter case (Arabic): an open sentence followed by more text continues.
  return /^[\p{Script=Arabic}]/u.test(n);
}

/** Joins inline runs with one space, merging adjacent text with the same marks. */
export function joinInlines(a: Inline[], b: Inline[]): Inline[] {
  const out = normaliseInlines([...a]);
  const rest = normaliseInlines([...b]);
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { ...last, text: last.text.replace(/\s+$/u, '') };
  const first = rest[0];
  if (first?.type === 'text') rest[0] = { ...first, text: first.text.replace(/^\s+/u, '') };
  if (out.length && rest.length) out.push({ type: 'text', text: ' ' });
  return normaliseInlines([...out, ...rest]);
}

/** Whether two inlines are texts with the same marks (one text, had the writer not cut it). */
export const sameMarks = (a: Inline, b: Inline) => a.type === 'text' && b.type === 'text' && JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []);

const NO_BREAK = /^[\u00a0\u2007\u202f]$/u;

/** Collapses whitespace runs (a lone no-break space stays), merges same-mark neighbours, drops empty text; trims the ends. */
export function normaliseInlines(xs: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const x of xs) {
    if (x.type === 'hardBreak') {
      out.push(x);
      continue;
    }
    // a lone no-break space (French "engagé : ", "2 mars") is the writer's, not layout: kept
    const text = x.text.replace(/[\s\u00a0]+/gu, (ws) => (NO_BREAK.test(ws) ? ws : ' '));
    if (!text) continue;
    const prev = out[out.length - 1];
    if (prev && sameMarks(prev, x)) out[out.length - 1] = { ...(prev as typeof x), text: (prev as typeof x).text + text };
    else out.push({ ...x, text });
  }
  // trim ends and drop runs left empty; no double spaces across run boundaries
  for (let i = 0; i < out.length; i++) {
    const x = out[i]!;
    if (x.type !== 'text') continue;
    let t = x.text;
    const prev = out[i - 1];
    if ((i === 0 || prev?.type === 'hardBreak' || (prev?.type === 'text' && prev.text.endsWith(' '))) && t.startsWith(' ')) t = t.slice(1);
    if (i === out.length - 1 || out[i + 1]?.type === 'hardBreak') t = t.replace(/ $/, '');
    out[i] = { ...x, text: t };
  }
  const cleaned = out.filter((x) => x.type === 'hardBreak' || x.text.length > 0);
  while (cleaned[0]?.type === 'hardBreak') cleaned.shift();
  while (cleaned[cleaned.length - 1]?.type === 'hardBreak') cleaned.pop();
  return cleaned;
}

export const hasWords = (s: string) => /[\p{L}\p{N}]/u.test(s);
/** The tray's reason for text between a section heading and its first question (documents, not PDF text). */
export const SECTION_INTRO = 'text after a section heading, before its first question';

export class Assembler {
  private groups: Group[] = [];
  private current: Group | null = null;
  private lastQuestion: string | null = null;
  private lastAtom: StoredAtom | null = null;
  private directUnplaced: UnplacedPiece[] = [];
  private pendingGroups: Group[] = [];
  /** a question, heading or unrecognised heading has just started: the next text never continues earlier text */
  private boundary = false;
  private low: LowConfidence[] = [];
  /** Word comments anchored in a question's own text */
  private questionComments = new Map<string, string>();
  ignored = 0;

  constructor(
    private matcher: Matcher,
    private source: string,
    private opts: { spillAcrossQuestions?: boolean } = {},
  ) {}

  /** A row (or a question paragraph) naming these questions, in order. An empty list: a continuation row. */
  row(questions: string[], where: string): void {
    if (!questions.length) {
      if (this.current && !this.current.unplacedReason && !this.current.pending && this.current.cands.length > 1) {
        this.current = this.newGroup([this.lastQuestion!], where);
      }
      if (!this.current) this.current = this.newGroup([], where, 'text before the first recognised question');
      return;
    }
    // text between a section heading and its first question: in text pulled out of PDF tables, an
    // answer spilled above its row; in a document, a section's own note or a question nothing
    // identifies, never the first question's answer
    for (const g of this.pendingGroups) {
      if (this.opts.spillAcrossQuestions) g.cands = [questions[0]!];
      else g.unplacedReason = SECTION_INTRO;
    }
    this.pendingGroups = [];
    this.current = this.newGroup(questions, where);
    this.lastQuestion = questions[questions.length - 1]!;
    this.boundary = true;
  }

  /** A Word comment anchored in the question's own text (not its answer). */
  commentOnQuestion(commentId: string, question: string): void {
    this.questionComments.set(commentId, question);
  }

  /** How sure the placement of a question is; under SURE it is reported. */
  confidence(question: string, confidence: number, via: MatchVia, where: string): void {
    if (confidence < SURE || via === 'position') this.low.push({ question, confidence: Math.round(confidence * 100) / 100, via, source: `${this.source} ${where}` });
  }

  /** A section heading: text after it belongs to the next question found (text pulled out of PDF tables), else to the tray. */
  heading(where: string): void {
    this.boundary = true;
    const g = this.newGroup([], where);
    g.pending = true;
    this.pendingGroups.push(g);
    this.current = g;
  }

  /** A question marker that matches no question of the template: its answer goes to the tray. */
  unknownQuestion(label: string, where: string): void {
    this.boundary = true;
    this.current = this.newGroup([], where, `answer to a question not in the template: "${label.slice(0, 120)}"`);
  }

  /** A heading that names no section of the template: itself and the text under it go to the tray. */
  unknownHeading(label: string, where: string): void {
    this.boundary = true;
    this.unplacedText(label, 'a heading that is not a section or question of the template', where);
    this.current = this.newGroup([], where, `text under a heading that is not in the template: "${label.slice(0, 120)}"`);
  }

  /** Text that is not an answer to any question (e.g. stray words in the question column). */
  unplacedText(text: string, reason: string, where: string): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!hasWords(t)) {
      if (t) this.ignored++;
      return;
    }
    const p: Paragraph = { type: 'paragraph', content: [{ type: 'text', text: t }] };
    this.directUnplaced.push({ doc: { type: 'doc', content: [p] }, text: t, reason, source: `${this.source} ${where}` });
  }

  /**
   * An answer atom. `mayContinue`: it starts a new cell/line and may be the rest of a sentence
   * left open before; `adjacentLine`: it is the very next line of the same paragraph.
   */
  add(atom: Atom, opts: { mayContinue?: boolean; adjacentLine?: boolean; caseOnly?: boolean; where: string }): void {
    if (atom.kind === 'table') {
      if (!atom.table || !hasWords(docText({ type: 'doc', content: [atom.table] }))) return;
      const g = this.group(opts.where);
      const stored: StoredAtom = { ...atom, depth: 0, inlines: [], group: g };
      g.atoms.push(stored);
      this.lastAtom = stored;
      this.boundary = false;
      return;
    }
    const inlines = normaliseInlines(atom.inlines);
    if (!hasWords(plain(inlines))) {
      if (plain(inlines).trim()) this.ignored++;
      return;
    }
    const P = this.lastAtom;
    const crossing = this.boundary;
    this.boundary = false;
    const spill = crossing && !!this.opts.spillAcrossQuestions && /^\p{Ll}/u.test(plain(inlines).trimStart());
    if (P && P.kind !== 'table' && opts.mayContinue && (!crossing || spill) && !atom.marker && continues(P.inlines, inlines, opts.adjacentLine && !crossing, opts.caseOnly)) {
      P.inlines = joinInlines(P.inlines, inlines);
      if (atom.notes?.length) P.notes = [...(P.notes ?? []), ...atom.notes];
      if (atom.images?.length) P.images = [...(P.images ?? []), ...atom.images];
      if (atom.comments?.length) P.comments = [...(P.comments ?? []), ...atom.comments];
      const g = this.group(opts.where);
      if (P.group !== g && !g.atoms.length && !g.continued) g.continued = P;
      return;
    }
    const g = this.group(opts.where);
    const stored: StoredAtom = { ...atom, depth: Math.min(atom.depth, MAX_LIST_DEPTH), inlines, group: g };
    g.atoms.push(stored);
    this.lastAtom = stored;
  }

  /** The atom the next text would continue (for depth decisions such as "following topics:"). */
  previous(): Atom | null {
    return this.lastAtom;
  }

  private group(where: string): Group {
    return this.current ?? (this.current = this.newGroup([], where, 'text before the first recognised question'));
  }

  private newGroup(cands: string[], where: string, unplacedReason?: string): Group {
    const g: Group = { cands, pending: false, atoms: [], source: `${this.source} ${where}`, ...(unplacedReason ? { unplacedReason } : {}) };
    this.groups.push(g);
    return g;
  }

  finish(): Assembled {
    const perQuestion = new Map<string, StoredAtom[]>();
    const unplaced: UnplacedPiece[] = [...this.directUnplaced];
    let prevAssigned: StoredAtom | null = null;
    for (const g of this.groups) {
      if (!g.atoms.length) continue;
      const reason = g.unplacedReason ?? (g.pending && !g.cands.length ? 'text after a section heading with no question after it' : undefined);
      if (reason) {
        for (const a of g.atoms) a.question = null;
        unplaced.push(this.piece(g.atoms, reason, g.source));
        prevAssigned = g.atoms[g.atoms.length - 1]!;
        continue;
      }
      let cands = g.cands;
      const carried = g.continued?.question;
      if (carried && g.continued!.group !== g && !cands.includes(carried)) cands = [carried, ...cands];
      // Deeper list items at the top of a row hang under the item before them.
      let i = 0;
      while (i < g.atoms.length && g.atoms[i]!.depth > 1 && prevAssigned?.question) {
        g.atoms[i]!.question = prevAssigned.question;
        i++;
      }
      const units: StoredAtom[][] = [];
      for (; i < g.atoms.length; i++) {
        const a = g.atoms[i]!;
        if (a.depth <= 1 || !units.length) units.push([a]);
        else units[units.length - 1]!.push(a);
      }
      const choice = this.split(units, cands);
      units.forEach((u, k) => u.forEach((a) => (a.question = cands[choice[k]!]!)));
      for (const a of g.atoms) {
        if (!a.question) continue;
        const list = perQuestion.get(a.question) ?? [];
        list.push(a);
        perQuestion.set(a.question, list);
      }
      prevAssigned = g.atoms[g.atoms.length - 1]!;
    }
    // Unplaced atoms that were continued into: their text is in the unplaced piece already.
    const answers = new Map<string, Doc>();
    const images = new Map<number, string | null>();
    const comments = new Map<string, string | null>(this.questionComments);
    for (const g of this.groups)
      for (const a of g.atoms) {
        for (const i of a.images ?? []) images.set(i, a.question ?? null);
        for (const c of a.comments ?? []) comments.set(c, a.question ?? null);
      }
    for (const [q, atoms] of perQuestion) answers.set(q, buildDoc(atoms));
    const filled = new Set(answers.keys());
    return { answers, unplaced, ignored: this.ignored, lowConfidence: this.low.filter((l) => filled.has(l.question)), images, comments };
  }

  /**
   * Splits a row's units between its candidate questions, in order (monotone), maximising the
   * units' affinity with the question each is given; ties go to the earlier question.
   */
  private split(units: StoredAtom[][], cands: string[]): number[] {
    const n = units.length;
    const k = cands.length;
    if (k <= 1) return units.map(() => 0);
    const score = units.map((u) => cands.map((c, j) => this.matcher.affinity(u.map((a) => plain(a.inlines)).join(' '), c) - j * 1e-3));
    const best: number[][] = [];
    const from: number[][] = [];
    for (let i = 0; i < n; i++) {
      best.push([]);
      from.push([]);
      for (let j = 0; j < k; j++) {
        let b = i === 0 ? 0 : -Infinity; // the first unit may go to any candidate
        let f = 0;
        if (i > 0)
          for (let p = 0; p <= j; p++)
            if (best[i - 1]![p]! > b) {
              b = best[i - 1]![p]!;
              f = p;
            }
        best[i]![j] = b + score[i]![j]!;
        from[i]![j] = f;
      }
    }
    let j = 0;
    for (let x = 1; x < k; x++) if (best[n - 1]![x]! > best[n - 1]![j]!) j = x;
    const out = new Array<number>(n);
    for (let i = n - 1; i >= 0; i--) {
      out[i] = j;
      j = from[i]![j]!;
    }
    return out;
  }

  private piece(atoms: StoredAtom[], reason: string, source: string): UnplacedPiece {
    const doc = buildDoc(atoms);
    return { doc, text: docText(doc), reason, source };
  }
}

/** Flat atoms (paragraphs, list items with depths, tables) to a document with real nested lists; footnotes at the end. */
export function buildDoc(atoms: Atom[]): Doc {
  const doc = buildBlocks(atoms);
  const notes = atoms.flatMap((a) => a.notes ?? []);
  for (const n of notes) doc.content.push(n.length ? { type: 'paragraph', content: n } : { type: 'paragraph' });
  return doc;
}

function buildBlocks(atoms: Atom[]): Doc {
  const blocks: Block[] = [];
  let stack: List[] = [];
  const para = (inlines: Inline[]): Paragraph => (inlines.length ? { type: 'paragraph', content: inlines } : { type: 'paragraph' });
  const newList = (type: ListType, start?: number): List => (type === 'orderedList' && start !== undefined && start !== 1 ? { type, attrs: { start }, content: [] } : { type, content: [] });
  for (const a of atoms) {
    if (a.kind === 'table') {
      stack = [];
      if (a.table) blocks.push(a.table);
      continue;
    }
    if (a.kind === 'para') {
      stack = [];
      blocks.push(para(a.inlines));
      continue;
    }
    const type = a.list ?? 'bulletList';
    const d = Math.max(1, Math.min(a.depth, MAX_LIST_DEPTH));
    while (stack.length > d) stack.pop();
    if (stack.length === d && stack[d - 1]!.type !== type) stack.pop();
    while (stack.length < d) {
      const level = stack.length + 1;
      const lt = level === d ? type : 'bulletList';
      if (!stack.length) {
        const last = blocks[blocks.length - 1];
        if (last && last.type === lt && (last as List).type === lt) stack.push(last as List);
        else {
          const l = newList(lt, level === d ? a.start : undefined);
          blocks.push(l);
          stack.push(l);
        }
      } else {
        const parentList = stack[stack.length - 1]!;
        let item: ListItem | undefined = parentList.content[parentList.content.length - 1];
        if (!item) {
          item = { type: 'listItem', content: [{ type: 'paragraph' }] };
          parentList.content.push(item);
        }
        const lastChild = item.content[item.content.length - 1];
        if (lastChild && lastChild.type === lt) stack.push(lastChild);
        else {
          const l = newList(lt, level === d ? a.start : undefined);
          item.content.push(l);
          stack.push(l);
        }
      }
      if (stack.length < d) {
        // a jump of more than one level: an empty item to hang the deeper list on
        const l = stack[stack.length - 1]!;
        if (!l.content.length) l.content.push({ type: 'listItem', content: [{ type: 'paragraph' }] });
      }
    }
    stack[d - 1]!.content.push({ type: 'listItem', content: [para(a.inlines)] });
  }
  return { type: 'doc', content: blocks };
}
