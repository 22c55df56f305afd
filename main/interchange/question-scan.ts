/**
 * Reading the question side of a row (a table's question cell, or a line of text): question
 * markers with their text, section headings, "Questions"/"Answers" headers, the rest of a
 * question cut off on an earlier line, and whatever else is there. Shared by both importers.
 */
import type { Assembler } from './assemble';
import { MARKER_RE, type Matcher } from './matcher';

export type QuestionEvent =
  | { kind: 'question'; id: string }
  | { kind: 'unknown'; label: string }
  | { kind: 'heading'; sectionId: string }
  | { kind: 'text'; text: string };

const ROMAN_AHEAD = /^(?:#{1,6}\s*)?(?:section\s+|partie\s+)?[IVX]{1,4}[.):-]?\s+\S/i;

export class QuestionScanner {
  section: string | null = null;
  /** the current question and the index of its first word not yet seen */
  current: { id: string; nextWord: number } | null = null;

  constructor(private m: Matcher) {}

  /** Whether `text` starts with the rest of the current question. */
  continuesQuestion(text: string): boolean {
    return !!(this.current && this.m.continuation(text, this.current.id, this.current.nextWord));
  }

  /**
   * Scans `text`. `questionColumn`: the text is a table's question cell (a marker there that
   * matches no question is an unknown question, not answer text).
   */
  scan(text: string, opts: { questionColumn: boolean }): QuestionEvent[] {
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
    while (pos < text.length) {
      pos += /^\s*/.exec(text.slice(pos))![0].length;
      if (pos >= text.length) break;
      const rest = text.slice(pos);
      if (pos === 0 || ROMAN_AHEAD.test(rest)) {
        const h = this.m.heading(rest);
        if (h && (pos === 0 || ROMAN_AHEAD.test(rest))) {
          flush(pos);
          ev.push({ kind: 'heading', sectionId: h.sectionId });
          this.section = h.sectionId;
          this.current = null;
          pos += h.end;
          continue;
        }
      }
      const hw = this.m.headerWords(rest);
      if (hw && textStart < 0) {
        pos += hw;
        continue;
      }
      if (MARKER_RE.test(rest)) {
        const hit = this.m.identify(rest, { sectionId: this.section });
        if (hit) {
          flush(pos);
          ev.push({ kind: 'question', id: hit.question.id });
          this.section = hit.sectionId;
          this.current = { id: hit.question.id, nextWord: hit.nextWord };
          pos += hit.end;
          continue;
        }
        if (opts.questionColumn && pos === 0) {
          ev.push({ kind: 'unknown', label: rest.trim() });
          this.current = null;
          return ev;
        }
      }
      if (this.current && textStart < 0) {
        const c = this.m.continuation(rest, this.current.id, this.current.nextWord);
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
    return ev;
  }
}

/**
 * Applies a row's question events to the assembler: headings before its questions at once, its
 * questions as one row; returns the events after its questions (headings and text that come
 * after the answer of the row, e.g. a heading at the foot of the last question's cell).
 */
export function applyRowEvents(asm: Assembler, events: QuestionEvent[], where: string, apply: (e: QuestionEvent) => void): QuestionEvent[] {
  const ids: string[] = [];
  const after: QuestionEvent[] = [];
  for (const e of events) {
    if (e.kind === 'question') ids.push(e.id);
    else if (ids.length || after.length) after.push(e);
    else apply(e);
  }
  if (ids.length) asm.row(ids, where);
  else if (!events.some((e) => e.kind === 'unknown' || e.kind === 'heading')) asm.row([], where);
  return after;
}

/** The default way to apply a single event. `text`: what to do with stray text. */
export function applyEvent(asm: Assembler, e: QuestionEvent, where: string, text: (t: string) => void): void {
  if (e.kind === 'heading') asm.heading(where);
  else if (e.kind === 'unknown') asm.unknownQuestion(e.label, where);
  else if (e.kind === 'question') asm.row([e.id], where);
  else text(e.text);
}
