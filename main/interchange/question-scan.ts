/**
 * Reading the question side of a row (a table's question cell, or a line of text): question
 * markers with their text, section headings, "Questions"/"Answers" headers, the rest of a
 * question cut off on an earlier line, and whatever else is there. Shared by both importers.
 *
 * It also keeps the place in the questionnaire: the section, the current question and how far
 * its text has been read, and how many question cells the section has had, so a question cell
 * nothing else identifies can be placed by its position in a recognised section (reported as a
 * low-confidence placement).
 */
import type { Assembler } from './assemble';
import { hasWords } from './assemble';
import { MARKER_RE, readLabel, tokens, type MatchVia, type Matcher } from './matcher';
import { westernDigits } from '../../shared/text-fold';

export type QuestionEvent =
  | { kind: 'question'; id: string; confidence: number; via: MatchVia }
  | { kind: 'unknown'; label: string }
  | { kind: 'heading'; sectionId: string }
  | { kind: 'unknownHeading'; label: string }
  | { kind: 'text'; text: string };

export class QuestionScanner {
  section: string | null = null;
  /** the current question, the language its text matched in, and the index of its first word not yet seen */
  current: { id: string; nextWord: number; lang?: string } | null = null;
  /** question cells seen in the current section (for placing an unidentified one by position) */
  private inSection = 0;
  /** the number of the current answer's last labelled line ("a)" 1, "2." 2): its own list goes on from it */
  private answerItem = 0;

  constructor(private m: Matcher) {}

  /** Records a question found some other way (a bookmark, a bold paragraph). */
  found(id: string, nextWord: number, lang?: string): void {
    const sectionId = id.split('.')[0]!;
    if (sectionId !== this.section) this.inSection = 0;
    this.section = sectionId;
    this.current = { id, nextWord, ...(lang ? { lang } : {}) };
    this.answerItem = 0;
    const idx = this.m.sectionQuestions(sectionId).findIndex((q) => q.id === id);
    this.inSection = Math.max(this.inSection, idx + 1);
  }

  enterSection(sectionId: string): void {
    this.section = sectionId;
    this.current = null;
    this.inSection = 0;
    this.answerItem = 0;
  }

  /** Whether `text` starts with the rest of the current question. */
  continuesQuestion(text: string): boolean {
    return !!(this.current && this.m.continuation(text, this.current.id, this.current.nextWord, this.current.lang));
  }

  /**
   * Scans `text`. `questionColumn`: the text is a table's question cell (a marker there that
   * matches no question is an unknown question, not answer text; an unlabelled question there
   * may be placed by its position in the section). `headingLike`: the text stands as a heading
   * (a Word heading, a short numbered line): a roman-numbered one that names no section is
   * reported as an unrecognised heading, never glued to an answer. `setApart`: the text is set
   * apart as questions are (bold, a heading style), so a labelled line no question matches may
   * still start one (see `unmatched`).
   */
  scan(text: string, opts: { questionColumn: boolean; headingLike?: boolean; setApart?: boolean }): QuestionEvent[] {
    const ev: QuestionEvent[] = [];
    let pos = 0;
    let textStart = -1;
    const flush = (end: number) => {
      if (textStart >= 0) {
        const t = text.slice(textStart, end).trim();
        if (t) ev.push({ kind: 'text', text: t });
      }
      textStart = -1;
    };
    /** the heading or question found just before this position, nothing between */
    let just: { kind: 'heading' | 'question'; id: string } | null = null;
    /** the text so far is only column words ("Answer", "Réponse :", "الإجابة") */
    let afterHeaderWords = false;
    while (pos < text.length) {
      pos += /^\s*/.exec(text.slice(pos))![0].length;
      if (pos >= text.length) break;
      const rest = text.slice(pos);
      const again = just && textStart < 0 ? this.translation(rest, just) : 0;
      just = null;
      if (again) {
        pos += again;
        continue;
      }
      const numbered = this.m.headingNumber(rest);
      if (pos === 0 || numbered) {
        const h = this.m.heading(rest);
        if (h && (pos === 0 || numbered)) {
          flush(pos);
          ev.push({ kind: 'heading', sectionId: h.sectionId });
          this.enterSection(h.sectionId);
          pos += h.end;
          just = { kind: 'heading', id: h.sectionId };
          continue;
        }
      }
      const marker = MARKER_RE.test(rest);
      // a label of another style ("A)", "1.", "Q1:", "Question 1 -", "II.1", "١)"): the text alone decides, as without a label
      const other = pos === 0 && !marker ? (OTHER_LABEL.exec(rest)?.[0].length ?? 0) : 0;
      const hw = other ? 0 : this.m.headerWords(rest);
      if (hw && textStart < 0) {
        afterHeaderWords = pos === 0;
        pos += hw;
        continue;
      }
      const whole = pos === 0 && (opts.headingLike || opts.questionColumn);
      if (marker || whole || other) {
        const hit = this.m.identify(rest.slice(other), { sectionId: this.section, markerOptional: whole || other > 0 });
        // "Answer a." under question a): a line that is only a column word and the current
        // question's label again is the answer's text, not the question starting once more
        if (hit && afterHeaderWords && hit.question.id === this.current?.id && !hasWords(rest.slice(readLabel(rest)?.length ?? 0, hit.end)) && !hasWords(rest.slice(hit.end))) {
          textStart = 0;
          break;
        }
        afterHeaderWords = false;
        // in running text (not a question cell, not a heading) a question asks: a "?" in its words or
        // a "?" or ":" right after them, or, found by its own words, nothing after it on the line; an answer's "2. Local
        // authorities were consulted in the review process through …" speaks of a question, it starts none;
        // "b) Indicate who was responsible …" does: its letter is that of a question after the current one
        const after = hit ? rest.slice(other + hit.end) : '';
        const asks =
          !hit ||
          opts.questionColumn ||
          opts.headingLike ||
          /[?؟]|:\s*$/u.test(rest.slice(0, other + hit.end)) ||
          questionEnd(after, true) > 0 ||
          (hit.via === 'text' && !hasWords(after)) ||
          this.nextByLetter(rest, hit.question.id);
        // a bare label after answer text on the same line ("… (voir b).", "see also I.a.") refers to a question, it starts none
        const reference = !!hit && textStart >= 0 && !hasWords(rest.slice(readLabel(rest)?.length ?? 0, other + hit.end));
        if (hit && asks && !reference) {
          flush(pos);
          ev.push({ kind: 'question', id: hit.question.id, confidence: hit.confidence, via: hit.via });
          this.found(hit.question.id, hit.nextWord, hit.lang);
          pos += other + hit.end;
          just = { kind: 'question', id: hit.question.id };
          // a reworded question's last words ("… du Pacte mondial ?", "… who chairs it:") are still the
          // question, unless it has ended already ("…the review? Yes: a commission" keeps "Yes:")
          if (!/[?؟:]\s*$/u.test(text.slice(0, pos))) pos += questionEnd(text.slice(pos), !opts.questionColumn);
          continue;
        }
      }
      if (pos === 0 && opts.headingLike && numbered) {
        ev.push({ kind: 'unknownHeading', label: text.trim() });
        this.section = null;
        this.current = null;
        return ev;
      }
      if (pos === 0 && !opts.questionColumn) {
        const u = this.unmatched(rest, !!opts.setApart);
        if (u) {
          ev.push(u.event);
          pos += u.end;
          continue;
        }
      }
      if (opts.questionColumn && pos === 0 && MARKER_RE.test(rest)) {
        ev.push(this.byPosition(readLabel(rest)?.letter) ?? { kind: 'unknown', label: rest.trim() });
        if (ev[ev.length - 1]!.kind === 'unknown') this.current = null;
        return ev;
      }
      if (this.current && textStart < 0) {
        const c = this.m.continuation(rest, this.current.id, this.current.nextWord, this.current.lang);
        if (c) {
          this.current.nextWord = c.nextWord;
          pos += c.end;
          continue;
        }
      }
      if (textStart < 0) textStart = pos;
      const ws = rest.search(/\s/);
      pos += ws < 0 ? rest.length : ws;
    }
    flush(text.length);
    // A question cell holding only text no question matches: by its place in the section.
    if (opts.questionColumn && ev.length === 1 && ev[0]!.kind === 'text' && looksLikeQuestion(ev[0]!.text)) {
      const p = this.byPosition();
      if (p) return [p];
    }
    return ev;
  }

  /**
   * A labelled line in running text that no question matched but that starts one all the same: its
   * label comes after the current question's ("b)", "2.", "ب-" under a)), does not go on the
   * answer's own list ("b)" after the answer's "a)"), and the line asks (a "?" or "؟" in its first
   * words, or a ":", "b) Who was in charge of the review: …", which after a label ending in "." must
   * end the line) or is set apart as questions are. The
   * next question of the section by its label is placed there (by position: low confidence); a
   * later letter is a question not in the template, its answer goes to the tray. Either way what
   * follows is never glued to the previous answer. Null for answer text (its label is remembered).
   */
  private unmatched(text: string, setApart: boolean): { event: QuestionEvent; end: number } | null {
    const label = labelPlace(text);
    if (!label) return null;
    const { ordinal } = label;
    const ownList = this.answerItem > 0 && ordinal === this.answerItem + 1;
    this.answerItem = ordinal;
    if (!this.section || ownList) return null;
    const questions = this.m.sectionQuestions(this.section);
    const at = this.current ? questions.findIndex((q) => q.id === this.current!.id) : -1;
    const ask = /[?؟:]/u.exec(text.slice(label.length));
    const end = ask ? label.length + ask.index + 1 : text.length;
    // a colon with words after it asks only after a label that is nothing else: "b) Lead entity: the
    // Department" does, "A. Benali : président", "M. Dupont : …", "د. أحمد العلوي: رئيس اللجنة" (initials, titles) do not
    const asks = setApart || (!!ask && (ask[0] !== ':' || !/\.\s*$/.test(text.slice(0, label.length)) || !hasWords(text.slice(end))));
    if (ordinal <= at + 1 || !asks || tokens(text.slice(0, end)).length > MAX_QUESTION_WORDS) return null;
    const next = questions[at + 1];
    if (next && ordinal === at + 2) {
      this.found(next.id, Number.MAX_SAFE_INTEGER);
      return { event: { kind: 'question', id: next.id, confidence: 0.3, via: 'position' }, end };
    }
    // a number further on is an answer's list numbered on from an earlier one more often than a question
    if (!label.letter) return null;
    this.current = null;
    this.answerItem = 0;
    return { event: { kind: 'unknown', label: text.slice(0, end).trim() }, end };
  }

  /** Whether `text` starts with a letter label ("b)", "ب-") naming question `id`, which comes after the current question. */
  private nextByLetter(text: string, id: string): boolean {
    const letter = readLabel(text)?.letter;
    if (!letter || !id.endsWith(`.${letter}`)) return false;
    if (!this.current) return true;
    const order = this.m.template.sections.flatMap((s) => s.questions.map((q) => q.id));
    return order.indexOf(id) > order.indexOf(this.current.id);
  }

  /**
   * The heading or question just found, again in another language right after it (bilingual
   * documents: "I. Questions on … / أسئلة حول …", "a) Has a mechanism …? / Un mécanisme …?"):
   * its length with the separator, or 0.
   */
  private translation(rest: string, just: { kind: 'heading' | 'question'; id: string }): number {
    const sep = /^[/|\-–—:]*\s*/u.exec(rest)![0].length;
    const t = rest.slice(sep);
    if (just.kind === 'heading') {
      const h = this.m.heading(t);
      return h?.sectionId === just.id ? sep + h.end : 0;
    }
    const hit = this.m.identify(t, { sectionId: this.section, markerOptional: true });
    return hit?.question.id === just.id ? sep + hit.end : 0;
  }

  /**
   * The next question of the current section, for a question cell nothing identifies; a label's
   * letter, when there is one, must agree with that place.
   */
  private byPosition(letter?: string): QuestionEvent | null {
    if (!this.section) return null;
    const q = this.m.sectionQuestions(this.section)[this.inSection];
    if (!q || (letter && !q.id.endsWith('.' + letter))) return null;
    this.found(q.id, Number.MAX_SAFE_INTEGER);
    return { kind: 'question', id: q.id, confidence: 0.3, via: 'position' };
  }
}

/** The most words a question nothing matched may have before its "?" or ":" (longer, it is an answer's sentence). */
const MAX_QUESTION_WORDS = 40;

/** Question labels the matcher does not read as labels: "A)", "B.", "1.", "2 -", "Q1:", "Question 3", "السؤال 2:", "II.1", "١)". */
const OTHER_LABEL =
  /^(?:(?:(?:[Qq]uestion|QUESTION|السؤال)\s*[\d\u0660-\u0669]{1,2}|Q\s*\d{1,2})\s*[.):\-–]?|[IVX]{1,4}\s*\.\s*\d{1,2}\s*[.):]?|(?:[A-Z]|\d{1,2}|[\u0660-\u0669\u06F0-\u06F9]{1,2})\s*[.):\-–])\s+/u;

/**
 * A label's place in its list ("b)", "ب-", "B.", "2.", "٢-", "Q2:", "Question 2 -", "السؤال ٢:", "II.2":
 * 2), whether it is a letter, and its length; null when `text` starts with none.
 */
function labelPlace(text: string): { ordinal: number; letter: boolean; length: number } | null {
  const l = readLabel(text);
  if (l?.letter) return { ordinal: l.letter.charCodeAt(0) - 96, letter: true, length: l.length };
  if (l?.number) return { ordinal: l.number, letter: false, length: l.length };
  const other = OTHER_LABEL.exec(text)?.[0];
  if (!other) return null;
  const upper = /^[A-Z](?=\s*[.):\-–])/.exec(other);
  if (upper) return { ordinal: upper[0].charCodeAt(0) - 64, letter: true, length: other.length };
  const digits = /[\d\u0660-\u0669\u06F0-\u06F9]+(?=\D*$)/u.exec(other);
  return digits ? { ordinal: Number(westernDigits(digits[0])), letter: false, length: other.length } : null;
}

/**
 * The length of a question's last few words (four at most) up to its last "?" or "؟" at the start
 * of `tail`, or ":" too (`colon`: in running text, "… who chairs it: A national commission"; in a
 * question cell, words before a colon are a form's label, "Output Description:", not the question's); 0 when there are none.
 */
function questionEnd(tail: string, colon: boolean): number {
  let end = 0;
  for (const m of tail.matchAll(colon ? /[?؟:]/gu : /[?؟]/gu)) {
    const head = tail.slice(0, m.index! + 1);
    if (/[.!;]/.test(head) || head.trim().split(/\s+/).length > 4) break;
    end = head.length;
  }
  return end;
}

/** A question cell's text: a question mark, or several words ending like a request. */
const looksLikeQuestion = (t: string) => /[?؟]\s*\)?\s*$/u.test(t) || (/[:.]\s*$/.test(t) && t.split(/\s+/).length >= 5);

/**
 * Applies a row's question events to the assembler: headings before its questions at once, its
 * questions as one row; returns the events after its questions (headings and text that come
 * after the answer of the row, e.g. a heading at the foot of the last question's cell).
 */
export function applyRowEvents(asm: Assembler, events: QuestionEvent[], where: string, apply: (e: QuestionEvent) => void): QuestionEvent[] {
  const ids: string[] = [];
  const after: QuestionEvent[] = [];
  for (const e of events) {
    if (e.kind === 'question') {
      ids.push(e.id);
      asm.confidence(e.id, e.confidence, e.via, where);
    } else if (ids.length || after.length) after.push(e);
    else apply(e);
  }
  if (ids.length) asm.row(ids, where);
  else if (!events.some((e) => e.kind === 'unknown' || e.kind === 'heading' || e.kind === 'unknownHeading')) asm.row([], where);
  return after;
}

/** The default way to apply a single event. `text`: what to do with stray text. */
export function applyEvent(asm: Assembler, e: QuestionEvent, where: string, text: (t: string) => void): void {
  if (e.kind === 'heading') asm.heading(where);
  else if (e.kind === 'unknown') asm.unknownQuestion(e.label, where);
  else if (e.kind === 'unknownHeading') asm.unknownHeading(e.label, where);
  else if (e.kind === 'question') {
    asm.confidence(e.id, e.confidence, e.via, where);
    asm.row([e.id], where);
  } else text(e.text);
}
