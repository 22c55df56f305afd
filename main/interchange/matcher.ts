/**
 * Finding the template's questions and section headings in imported text. The ONE matcher used
 * by the text import and the DOCX import: a question is recognised by its letter and its text
 * (normalised word alignment, robust to renumbering, line breaks and cut-off text), and an
 * answer's affinity to a question is scored by rare shared words.
 */
import { normaliseForSearch } from '../store/search-text';
import type { Question, Template } from '../../shared/template';

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** Words of a text with their positions, normalised (case, accents, Arabic letter variants). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = normaliseForSearch(m[0]).normalize('NFD').replace(/\p{M}/gu, '');
    if (word) out.push({ word, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Function words: they say nothing about which question a text answers. */
const STOP = new Set(
  (
    'a an the of for in into to and or with by on at from as that which who whom whose this these those there their its it is are was were be been being has have had do does did ' +
    'what how when where why if so not no yes any all some such other than then also can could will would should may might must your you we our they them he she his her ' +
    'i e g etc per via about over under between among within without during since up out more most many much each both either neither own same very further ' +
    'le la les un une des du de et ou en au aux à par pour sur dans avec que qui quoi dont est sont ont été être avez vous votre vos nous ce cette ces ' +
    'في من إلى على عن مع أن إن ما هل هي هو التي الذي التي و أو كان تم'
  )
    .split(/\s+/)
    .map((w) => normaliseForSearch(w)),
);

/** A crude stem: enough to match "prioritizing" with "priorities", not "governance" with "government". */
const stem = (w: string) => (w.length > 5 ? w.replace(/(?:ing|ed|es|e|(?<!s)s)$/, '') : w).slice(0, 7);

export interface Alignment {
  matches: number;
  /** index (in the text's tokens) of the last token aligned with the target */
  lastText: number;
  /** index (in the target's tokens) of the last target token aligned */
  lastTarget: number;
}

/** Longest common subsequence of words, taking the earliest matches (so trailing text is left over). */
export function align(text: string[], target: string[]): Alignment {
  const m = text.length;
  const n = target.length;
  if (!m || !n) return { matches: 0, lastText: -1, lastTarget: -1 };
  const dp = new Uint16Array((m + 1) * (n + 1));
  const at = (i: number, j: number) => i * (n + 1) + j;
  for (let i = m - 1; i >= 0; i--)
    for (let j = n - 1; j >= 0; j--) dp[at(i, j)] = text[i] === target[j] ? dp[at(i + 1, j + 1)]! + 1 : Math.max(dp[at(i + 1, j)]!, dp[at(i, j + 1)]!);
  let i = 0;
  let j = 0;
  let lastText = -1;
  let lastTarget = -1;
  while (i < m && j < n) {
    if (text[i] === target[j] && dp[at(i, j)] === dp[at(i + 1, j + 1)]! + 1) {
      lastText = i;
      lastTarget = j;
      i++;
      j++;
    } else if (dp[at(i + 1, j)]! >= dp[at(i, j + 1)]!) i++;
    else j++;
  }
  return { matches: dp[at(0, 0)]!, lastText, lastTarget };
}

export interface QuestionHit {
  question: Question;
  sectionId: string;
  /** characters of the given text that are the question's own words */
  end: number;
  /** index of the first question word not found (the question continues on a later line/cell) */
  nextWord: number;
  score: number;
}

interface QEntry {
  q: Question;
  sectionId: string;
  letter: string;
  words: string[];
  stems: Set<string>;
}

const MARKER = /^(?:([IVX]{1,4})\s*[.\-]\s*)?([a-z])\s*[)\].]\s*|^([IVX]{1,4})\.([a-z])\b[):.]?\s*/;
const HEADING = /^(?:#{1,6}\s*)?(?:(?:section|partie|القسم)\s+)?([IVX]{1,4})[.):-]?\s+(?=\S)/iu;
const HEADER_WORD = /^(?:questions?|answers?|r[ée]ponses?|الأسئلة|الأجوبة|الإجابات|الاسئلة)(?=\s|$|\t)\s*/iu;

export class Matcher {
  private entries: QEntry[];
  private idf = new Map<string, number>();
  private sections: Array<{ id: string; words: string[] }>;
  private titleWords: string[];

  constructor(readonly template: Template) {
    this.entries = template.sections.flatMap((s) =>
      s.questions.map((q) => {
        const words = tokens(q.text).map((t) => t.word);
        return { q, sectionId: s.id, letter: q.id.split('.')[1]!.slice(0, 1), words, stems: new Set(words.map(stem)) };
      }),
    );
    const n = this.entries.length;
    const df = new Map<string, number>();
    for (const e of this.entries) {
      for (const w of e.words) if (STOP.has(w)) e.stems.delete(stem(w));
      for (const s of e.stems) df.set(s, (df.get(s) ?? 0) + 1);
    }
    // Words in more than a third of the questions say nothing about which one an answer belongs to.
    for (const [s, d] of df) this.idf.set(s, d > n / 3 ? 0 : Math.log(n / d));
    this.sections = template.sections.map((s) => ({ id: s.id, words: tokens(s.title).map((t) => t.word) }));
    this.titleWords = tokens(template.title).map((t) => t.word);
  }

  question(id: string): Question | undefined {
    return this.entries.find((e) => e.q.id === id)?.q;
  }

  questionWords(id: string): string[] {
    return this.entries.find((e) => e.q.id === id)?.words ?? [];
  }

  /**
   * A question marker ("b)", "II.b", "I.b)") at the start of `text`, identified by its text
   * (and, as a hint, its letter and the current section). Null when no question fits well.
   */
  identify(text: string, ctx: { sectionId?: string | null; markerOptional?: boolean } = {}): QuestionHit | null {
    const mk = MARKER.exec(text);
    let letter: string | undefined;
    let sectionHint = ctx.sectionId ?? undefined;
    let offset = 0;
    if (mk) {
      letter = mk[2] ?? mk[4];
      if (mk[1] ?? mk[3]) sectionHint = mk[1] ?? mk[3];
      offset = mk[0].length;
    } else if (!ctx.markerOptional) return null;
    const rest = text.slice(offset);
    const toks = tokens(rest).slice(0, 140);
    const words = toks.map((t) => t.word);
    let best: QuestionHit | null = null;
    for (const e of this.entries) {
      const a = align(words.slice(0, e.words.length + 25), e.words);
      let score = 0;
      if (a.matches >= Math.min(3, e.words.length)) {
        const coverage = a.matches / (a.lastTarget + 1);
        const precision = a.matches / (a.lastText + 1);
        score = coverage * precision * Math.min(1, a.matches / 6);
      }
      const textScore = score;
      if (letter && e.letter === letter) score += 0.12;
      if (sectionHint && e.sectionId === sectionHint) score += 0.08;
      const bareMarker = words.length < 2 && !!letter && e.letter === letter && e.sectionId === sectionHint;
      if (textScore < (mk ? 0.4 : 0.6) && !bareMarker) continue;
      if (!best || score > best.score) {
        const end = a.lastText >= 0 ? offset + toks[a.lastText]!.end + trailingPunct(rest.slice(toks[a.lastText]!.end)) : offset;
        best = { question: e.q, sectionId: e.sectionId, end, nextWord: a.lastTarget + 1, score };
      }
    }
    return best;
  }

  /**
   * If `text` starts with the rest of a question cut off earlier (`fromWord` onwards), how many
   * characters of it belong to the question; 0 when it is not the question's continuation.
   */
  continuation(text: string, questionId: string, fromWord: number): { end: number; nextWord: number } | null {
    const rest = this.questionWords(questionId).slice(fromWord);
    if (!rest.length) return null;
    const toks = tokens(text).slice(0, rest.length + 20);
    const a = align(
      toks.map((t) => t.word),
      rest,
    );
    if (a.matches < Math.min(2, rest.length)) return null;
    const precision = a.matches / (a.lastText + 1);
    const coverage = a.matches / (a.lastTarget + 1);
    if (precision < 0.7 || coverage < 0.7) return null;
    const endTok = toks[a.lastText]!;
    return { end: endTok.end + trailingPunct(text.slice(endTok.end)), nextWord: fromWord + a.lastTarget + 1 };
  }

  /** A section heading ("III Questions regarding ...") at the start of `text`: its section and length. */
  heading(text: string): { sectionId: string; end: number } | null {
    const h = HEADING.exec(text);
    const candidates = h ? this.sections.filter((s) => s.id === h[1]!.toUpperCase()) : this.sections;
    const rest = h ? text.slice(h[0].length) : text;
    const toks = tokens(rest);
    for (const s of candidates) {
      const a = align(
        toks.slice(0, s.words.length + 6).map((t) => t.word),
        s.words,
      );
      const coverage = a.matches / s.words.length;
      const precision = a.matches / (a.lastText + 1);
      const ok = h ? coverage >= 0.6 && precision >= 0.6 : coverage >= 0.85 && precision >= 0.85 && toks.length <= s.words.length + 2;
      if (ok) {
        const endTok = toks[a.lastText]!;
        return { sectionId: s.id, end: (h ? h[0].length : 0) + endTok.end + trailingPunct(rest.slice(endTok.end)) };
      }
    }
    return null;
  }

  /** The questionnaire's own title (a header line in extracted text). */
  isTemplateTitle(text: string): boolean {
    const words = tokens(text).map((t) => t.word);
    if (!words.length || words.length > this.titleWords.length + 4) return false;
    const a = align(words, this.titleWords);
    return a.matches / this.titleWords.length >= 0.8;
  }

  /** "Questions", "Answers" column headers at the start of `text`: their length. */
  headerWords(text: string): number {
    let pos = 0;
    for (;;) {
      const ws = /^\s*/.exec(text.slice(pos))![0].length;
      const m = HEADER_WORD.exec(text.slice(pos + ws));
      if (!m) return pos;
      pos += ws + m[0].length;
    }
  }

  /** How strongly an answer text points to a question: the rarity of the words they share. */
  affinity(text: string, questionId: string): number {
    const e = this.entries.find((x) => x.q.id === questionId);
    if (!e) return 0;
    let s = 0;
    const seen = new Set<string>();
    for (const t of tokens(text)) {
      const st = stem(t.word);
      if (seen.has(st) || !e.stems.has(st)) continue;
      seen.add(st);
      s += this.idf.get(st) ?? 0;
    }
    return s;
  }
}

/** Closing punctuation right after the last matched word ("?", ")", "?)" ...). */
function trailingPunct(s: string): number {
  return /^\s*[?!.:;)\]”"'’]+/u.exec(s)?.[0].length ?? 0;
}

export const MARKER_RE = MARKER;
