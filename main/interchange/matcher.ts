/**
 * Finding the template's questions and section headings in imported text. The ONE matcher used
 * by the text import and the DOCX import (pure: no I/O, no state beyond the template).
 *
 * It knows every question and section title in each language the template has texts in
 * (templateLanguages/localizeTemplate: English, French, Arabic). A question is recognised by its
 * letter and its text: normalised word alignment (robust to renumbering, line breaks and cut-off
 * text) or, for reworded and shortened questions, by the meaning-bearing words it shares with the
 * question (idf-weighted token similarity). Every hit carries its confidence (0..1) and how it
 * was found, so the import can report placements made with low confidence. An answer's affinity
 * to a question is scored by rare shared words. Labels come as "b)", "II.b", "b.", "(b)", "1)",
 * or Arabic letters ("ب)"); a label is only a hint: the text decides.
 */
import { normaliseForSearch } from '../store/search-text';
import { westernDigits } from '../../shared/text-fold';
import { localizeTemplate, templateLanguages, type Question, type Template } from '../../shared/template';

export interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Words of a text with their positions, normalised (case, accents, Arabic letter variants). A word
 * holds the marks on its letters (Arabic diacritics) and the invisible characters inside it (soft
 * hyphens, zero-width spaces and joiners, bidi marks: text from a PDF, optional hyphens), which
 * are dropped: "coordi\u00ADnation" is "coordination", "أُنشِئت" is one word.
 */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}\p{Cf}]*/gu)) {
    const word = normaliseForSearch(m[0].replace(/\p{Cf}/gu, '')).normalize('NFD').replace(/\p{M}/gu, '');
    if (word) out.push({ word, start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Function words: they say nothing about which question a text answers. */
const STOP = new Set(
  (
    'a an the of for in into to and or with by on at from as that which who whom whose this these those there their its it is are was were be been being has have had do does did ' +
    'what how when where why if so not no yes any all some such other than then also can could will would should may might must your you we our they them he she his her ' +
    'i e g etc per via about over under between among within without during since up out more most many much each both either neither own same very further please ' +
    'le la les l un une des du de d et ou en au aux à a par pour sur dans avec que qu qui quoi dont est sont ont été être avez vous votre vos nous ce cette ces il elle ils elles se s y ' +
    'quel quelle quels quelles t si oui non ne pas plus tout tous toute toutes leur leurs son sa ses été notamment comment ainsi entre depuis lors afin cas ' +
    'في من إلى الى على عن مع أن ان إن ما ماذا هل هي هو التي الذي الذين و أو او كان كانت تم قد لا نعم كل أي اي هذه هذا ذلك تلك بما فيها فيه إذا اذا وما وهل ومن'
  )
    .split(/\s+/)
    .map((w) => normaliseForSearch(w).normalize('NFD').replace(/\p{M}/gu, '')),
);

/** A crude stem: enough to match "prioritizing" with "priorities", "politiques" with "politique", "والسياسات" with "السياسات". */
export function stem(w: string): string {
  if (/[\u0600-\u06FF]/.test(w)) {
    let s = w;
    if (s.length > 4) s = s.replace(/^(?:وال|بال|كال|فال|لل|و|ف|ب)(?=ال|.{3})/u, '');
    if (s.length > 4) s = s.replace(/^ال/u, '');
    if (s.length > 4) s = s.replace(/(?:ات|ون|ين|ها|هم|يه|يه|ه)$/u, '');
    return s.slice(0, 6);
  }
  return (w.length > 5 ? w.replace(/(?:ing|ed|es|e|(?<!s)s|x)$/, '') : w).slice(0, 7);
}

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

/** How a question was found: its own text, its reworded meaning words, or its place in its section. */
export type MatchVia = 'text' | 'similar' | 'position' | 'bookmark';

export interface QuestionHit {
  question: Question;
  sectionId: string;
  /** the language of the template text that matched */
  lang: string;
  /** characters of the given text that are the question's own words */
  end: number;
  /** index of the first question word not found (the question continues on a later line/cell) */
  nextWord: number;
  score: number;
  /** how sure the match is, 0..1 (the text's own evidence, without the label's hint) */
  confidence: number;
  via: MatchVia;
}

interface QEntry {
  q: Question;
  lang: string;
  sectionId: string;
  letter: string;
  words: string[];
  stems: string[];
  /** meaning-bearing stems with their weight (idf within this language) */
  weights: Map<string, number>;
  total: number;
}

/** Arabic letters used as labels, in alphabetical (أ ب ت ث ...) and abjad (أ ب ج د ...) order. */
const AR_ALPHA = ['ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ذ', 'ر', 'ز', 'س', 'ش'];
const AR_ABJAD = ['ا', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي'];
const LATIN = 'abcdefghijklm';
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const AR_ORDINALS: Record<string, string> = { اولا: 'I', ثانيا: 'II', ثالثا: 'III', رابعا: 'IV', خامسا: 'V', سادسا: 'VI' };

/**
 * A label at the start of a question: "a)", "(a)", "a.", "a -", "II.a", "II. a)", "I.b:", "1)", "1.",
 * "ب)", "ب-", "ب.", "١)", "١.", "١-" (the labels Word's automatic numbering draws in the three languages).
 * Groups: 1 roman, 2 letter, 3 roman (II.a form), 4 letter, 5 number, 6 Arabic letter, 7 letter, 8 number in Arabic-Indic digits.
 */
const MARKER =
  /^(?:\(?\s*(?:([IVX]{1,4})\s*[.\-]\s*)?([a-z])\s*[)\].]\s*|([IVX]{1,4})\.([a-z])\b[):.]?\s*|\(?(\d{1,2})\s*(?:[)\]]|\.(?!\d))\s*|\(?([\u0621-\u064A]{1,2})\s*[)\].\-–]\s*|(?:[-–]\s*)?\(([a-z])\)\s*|\(?([\u0660-\u0669\u06F0-\u06F9]{1,2})\s*[)\].\-–]\s*)/u;
const HEADING = /^(?:#{1,6}\s*)?(?:(?:section|partie|chapitre|القسم|المحور|الجزء)\s+)?([IVX]{1,4})\s*[.):\-–]?\s+(?=\S)/iu;
const AR_HEADING = /^(?:#{1,6}\s*)?(أولاً|أولا|ثانياً|ثانيا|ثالثاً|ثالثا|رابعاً|رابعا|خامساً|خامسا|سادساً|سادسا)\s*[:.\-–]?\s*/u;
/** Column headers, in any of the three languages, with separators: "Questions / الأسئلة", "Réponses". */
const HEADER_WORD = /^(?:questions?|answers?|r[ée]ponses?|reponses?|الأسئلة|الاسئلة|السؤال|الأجوبة|الاجوبة|الإجابات|الاجابات|الإجابة|الاجابة|الجواب|الردود)(?=[\s/|\-–:;,()]|$)[\s/|\-–:;,()]*/iu;

/** What a label says: a letter hint (a..), a section hint, whether there was one at all, and its length. */
export interface Label {
  letter?: string;
  section?: string;
  number?: number;
  length: number;
}

export function readLabel(text: string): Label | null {
  const mk = MARKER.exec(text);
  if (!mk) return null;
  const section = mk[1] ?? mk[3];
  let letter = mk[2] ?? mk[4] ?? mk[7];
  if (mk[6]) {
    const a = normaliseForSearch(mk[6]);
    if (a.length > 1) return null;
    const i = AR_ABJAD.indexOf(a);
    const j = AR_ALPHA.indexOf(a);
    if (i < 0 && j < 0) return null;
    letter = LATIN[i >= 0 ? i : j];
  }
  const digits = mk[5] ?? (mk[8] ? westernDigits(mk[8]) : undefined);
  const number = digits ? Number(digits) : undefined;
  return { ...(letter ? { letter } : {}), ...(section ? { section } : {}), ...(number !== undefined ? { number } : {}), length: mk[0].length };
}

export class Matcher {
  private entries: QEntry[];
  /** per language: stem -> idf (0 for words in more than a third of the questions) */
  private idf = new Map<string, Map<string, number>>();
  private sections: Array<{ id: string; lang: string; words: string[] }>;
  private titles: string[][];
  readonly languages: string[];

  constructor(readonly template: Template) {
    this.languages = templateLanguages(template);
    this.entries = [];
    for (const lang of this.languages) {
      const t = localizeTemplate(template, lang);
      const entries = t.sections.flatMap((s) =>
        s.questions.map((lq) => {
          const q = template.sections.find((x) => x.id === s.id)!.questions.find((x) => x.id === lq.id)!;
          const words = tokens(lq.text).map((x) => x.word);
          return { q, lang, sectionId: s.id, letter: q.id.split('.')[1]!.slice(0, 1), words, stems: words.map(stem), weights: new Map<string, number>(), total: 0 };
        }),
      );
      const n = entries.length;
      const df = new Map<string, number>();
      for (const e of entries) for (const s of new Set(e.stems.filter((_, i) => !STOP.has(e.words[i]!)))) df.set(s, (df.get(s) ?? 0) + 1);
      for (const e of entries) {
        e.stems.forEach((s, i) => {
          if (STOP.has(e.words[i]!)) return;
          const d = df.get(s)!;
          // Words in more than a third of the questions say nothing about which one an answer belongs to.
          e.weights.set(s, d > n / 3 ? 0.15 : Math.log(1 + n / d));
        });
        e.total = [...e.weights.values()].reduce((a, b) => a + b, 0);
      }
      this.idf.set(lang, new Map([...df].map(([s, d]) => [s, d > n / 3 ? 0 : Math.log(n / d)])));
      this.entries.push(...entries);
    }
    this.sections = this.languages.flatMap((lang) => localizeTemplate(template, lang).sections.map((s) => ({ id: s.id, lang, words: tokens(s.title).map((x) => x.word) })));
    this.titles = this.languages.map((lang) => tokens(localizeTemplate(template, lang).title).map((x) => x.word));
    this.headingWords = new Set(this.sections.flatMap((s) => s.words));
    this.titleWords = new Set(this.titles.flat());
  }

  /** Every word of a section title / of the questionnaire's title: a line sharing none cannot be one (no alignment to run). */
  private headingWords: Set<string>;
  private sectionWordSets: Map<object, Set<string>> | undefined;
  private titleWords: Set<string>;

  question(id: string): Question | undefined {
    return this.entries.find((e) => e.q.id === id)?.q;
  }

  questionWords(id: string, lang = this.template.language): string[] {
    return (this.entries.find((e) => e.q.id === id && e.lang === lang) ?? this.entries.find((e) => e.q.id === id))?.words ?? [];
  }

  /** The questions of a section, in order. */
  sectionQuestions(sectionId: string): Question[] {
    return this.template.sections.find((s) => s.id === sectionId)?.questions ?? [];
  }

  /**
   * A question at the start of `text`, identified by its text (and, as hints, its label and the
   * current section). Without `markerOptional` the text must start with a label. Null when no
   * question fits well enough.
   */
  identify(text: string, ctx: { sectionId?: string | null; markerOptional?: boolean; minConfidence?: number } = {}): QuestionHit | null {
    const label = readLabel(text);
    if (!label && !ctx.markerOptional) return null;
    const sectionHint = label?.section ?? ctx.sectionId ?? undefined;
    const offset = label?.length ?? 0;
    const rest = text.slice(offset);
    const toks = tokens(rest).slice(0, 160);
    const words = toks.map((t) => t.word);
    const stems = words.map(stem);
    const floor = ctx.minConfidence ?? (label ? 0.4 : 0.6);
    let best: QuestionHit | null = null;
    for (const e of this.entries) {
      const a = align(words.slice(0, e.words.length + 25), e.words);
      let alignScore = 0;
      if (a.matches >= Math.min(3, e.words.length)) {
        const coverage = a.matches / (a.lastTarget + 1);
        const precision = a.matches / (a.lastText + 1);
        alignScore = coverage * precision * Math.min(1, a.matches / 6);
      }
      const sim = this.similarity(e, stems, words);
      const confidence = Math.max(alignScore, sim.score);
      let score = confidence;
      const letter = label?.letter ?? (label?.number ? LATIN[label.number - 1] : undefined);
      if (letter && e.letter === letter) score += 0.12;
      if (sectionHint && e.sectionId === sectionHint) score += 0.08;
      const bareMarker = words.length < 2 && !!label?.letter && e.letter === label.letter && e.sectionId === sectionHint;
      if (confidence < floor && !bareMarker) continue;
      if (!best || score > best.score) {
        const useAlign = alignScore >= sim.score;
        const lastTok = useAlign ? a.lastText : sim.last;
        const end = lastTok >= 0 ? offset + toks[lastTok]!.end + trailingPunct(rest.slice(toks[lastTok]!.end)) : offset;
        const nextWord = useAlign ? a.lastTarget + 1 : e.words.length;
        best = { question: e.q, sectionId: e.sectionId, lang: e.lang, end, nextWord, score, confidence: bareMarker ? Math.max(confidence, 0.5) : confidence, via: useAlign ? 'text' : 'similar' };
      }
    }
    return best;
  }

  /**
   * Reworded or shortened text: the question's meaning-bearing words found in the text's first
   * words (about the question's length), weighted by rarity; Dice-like, so extra words cost too.
   */
  private similarity(e: QEntry, stems: string[], words: string[]): { score: number; last: number } {
    if (!e.total) return { score: 0, last: -1 };
    const window = Math.min(stems.length, Math.ceil(e.words.length * 1.25) + 3);
    let shared = 0;
    let own = 0;
    let last = -1;
    const seen = new Set<string>();
    for (let i = 0; i < window; i++) {
      const s = stems[i]!;
      if (STOP.has(words[i]!) || seen.has(s)) continue;
      seen.add(s);
      const w = e.weights.get(s);
      if (w !== undefined) {
        shared += w;
        last = i;
      } else own += 0.8;
    }
    // Trailing words after the last shared one are the answer's, not the question's.
    if (last >= 0) {
      own = 0;
      const seen2 = new Set<string>();
      for (let i = 0; i <= last; i++) {
        const s = stems[i]!;
        if (STOP.has(words[i]!) || seen2.has(s)) continue;
        seen2.add(s);
        if (!e.weights.has(s)) own += 0.8;
      }
    }
    const recall = shared / e.total;
    const precision = shared / (shared + own || 1);
    const score = recall + precision ? (2 * recall * precision) / (recall + precision) : 0;
    return { score: seen.size >= 3 ? score * 0.95 : 0, last };
  }

  /**
   * If `text` starts with the rest of a question cut off earlier (`fromWord` onwards), how many
   * characters of it belong to the question; null when it is not the question's continuation.
   */
  continuation(text: string, questionId: string, fromWord: number, lang?: string): { end: number; nextWord: number } | null {
    const rest = this.questionWords(questionId, lang).slice(fromWord);
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

  /** The section a heading's numbering names ("III", "Partie II", "ثالثاً"), and the numbering's length. */
  headingNumber(text: string): { sectionId: string; length: number } | null {
    const h = HEADING.exec(text);
    if (h) return { sectionId: h[1]!.toUpperCase(), length: h[0].length };
    const a = AR_HEADING.exec(text);
    if (a) {
      const key = normaliseForSearch(a[1]!).normalize('NFD').replace(/\p{M}/gu, '');
      const id = AR_ORDINALS[key];
      if (id) return { sectionId: id, length: a[0].length };
    }
    return null;
  }

  /** A section heading ("III Questions regarding ...", in any language) at the start of `text`: its section and length. */
  heading(text: string): { sectionId: string; end: number; confidence: number } | null {
    const h = this.headingNumber(text);
    const candidates = h ? this.sections.filter((s) => s.id === h.sectionId) : this.sections;
    const rest = h ? text.slice(h.length) : text;
    const toks = tokens(rest);
    if (!h && !toks.some((t) => this.headingWords.has(t.word))) return null;
    let best: { sectionId: string; end: number; confidence: number } | null = null;
    for (const s of candidates) {
      if (!h && toks.length > s.words.length + 2) continue; // too long to be this heading (checked below as well)
      const window = toks.slice(0, s.words.length + 6).map((t) => t.word);
      // the alignment cannot match more words than the line shares with the heading: skip hopeless ones
      let shared = 0;
      const set = (this.sectionWordSets ??= new Map()).get(s) ?? (this.sectionWordSets.set(s, new Set(s.words)), this.sectionWordSets.get(s)!);
      for (const w of window) if (set.has(w)) shared++;
      if (shared < s.words.length * (h ? 0.5 : 0.85)) continue;
      const a = align(window, s.words);
      if (!a.matches) continue;
      const coverage = a.matches / s.words.length;
      const precision = a.matches / (a.lastText + 1);
      const ok = h ? coverage >= 0.5 && precision >= 0.6 : coverage >= 0.85 && precision >= 0.85 && toks.length <= s.words.length + 2;
      const confidence = coverage * precision;
      if (ok && (!best || confidence > best.confidence)) {
        const endTok = toks[a.lastText]!;
        best = { sectionId: s.id, end: (h ? h.length : 0) + endTok.end + trailingPunct(rest.slice(endTok.end)), confidence };
      }
    }
    return best;
  }

  /** The questionnaire's own title (a header line in extracted text), in any language. */
  isTemplateTitle(text: string): boolean {
    const words = tokens(text).map((t) => t.word);
    if (!words.length || !words.some((w) => this.titleWords.has(w))) return false;
    // alignment only where enough of the line's words are title words to reach 80%
    const shared = words.filter((w) => this.titleWords.has(w)).length;
    return this.titles.some((title) => words.length <= title.length + 4 && shared >= title.length * 0.8 && align(words, title).matches / title.length >= 0.8);
  }

  /** "Questions", "Answers", "الأسئلة" column headers (with "/" or "|" between languages) at the start of `text`: their length. */
  headerWords(text: string): number {
    let pos = 0;
    for (;;) {
      const ws = /^[\s/|\-–:]*/.exec(text.slice(pos))![0].length;
      const m = HEADER_WORD.exec(text.slice(pos + ws));
      if (!m) return pos;
      pos += ws + m[0].length;
    }
  }

  /** Whether the whole of `text` is column headers (a header row, in any language). */
  isHeaderRow(text: string): boolean {
    const t = text.trim();
    return t.length > 0 && this.headerWords(t) >= t.length;
  }

  /** How strongly an answer text points to a question: the rarity of the words they share. */
  affinity(text: string, questionId: string): number {
    let best = 0;
    const toks = tokens(text);
    for (const e of this.entries) {
      if (e.q.id !== questionId) continue;
      let s = 0;
      const seen = new Set<string>();
      for (const t of toks) {
        const st = stem(t.word);
        if (seen.has(st) || !e.weights.has(st)) continue;
        seen.add(st);
        s += this.idf.get(e.lang)!.get(st) ?? 0;
      }
      best = Math.max(best, s);
    }
    return best;
  }
}

/** Closing punctuation right after the last matched word ("?", ")", "?)", "؟" ...). */
function trailingPunct(s: string): number {
  return /^\s*[?!.:;)\]”"'’؟،]+/u.exec(s)?.[0].length ?? 0;
}

export const MARKER_RE = MARKER;
export const ROMAN_NUMERALS = ROMAN;
