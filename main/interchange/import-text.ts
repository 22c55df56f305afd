/**
 * Plain-text import (pure parsing; the store is written by the interchange service).
 *
 * Two shapes of text, line by line:
 *   - a two- or three-column table pulled out of Word/PDF as text: "a) question<TAB>answer",
 *     a lone "c)" cell before the question, question text continued on the next lines, answers
 *     spilling into the next row or page, `<ul> <li>…</li> </ul>` fragments (nested), "•"/"■"
 *     bullets and "1." items inside a cell, paragraphs separated by runs of spaces, section
 *     headings and repeated "Questions<TAB>Answers" headers;
 *   - pasted text: "a) question" lines (or "I.a"), answer lines below, blank lines between
 *     paragraphs, "- "/"• "/"1. " items indented two spaces per level.
 * A table of contents (entries with page numbers, as Word saves one as text) is skipped (toc.ts).
 */
import type { Inline } from '../../shared/doc';
import type { Template } from '../../shared/template';
import { Assembler, hasWords, type Assembled, type Atom, type ListType } from './assemble';
import { Matcher } from './matcher';
import { tocLines } from './toc';
import { QuestionScanner, applyEvent, applyRowEvents, type QuestionEvent } from './question-scan';
import { ARABIC_DIGIT_CLASS, westernDigits } from '../../shared/text-fold';

const BULLET = /^(?:[•■▪●◦‣✓✔➢►▶❖□◆◇○]|[-*–])\s+/u;
const GLYPH = /^[•■▪●◦‣✓✔➢►▶❖□◆◇○]\s*/u;
/** "1." or "1)", in 0-9 or the Arabic-Indic digits Arabic text numbers with ("١." "١)" "١-"). */
const ORDERED = new RegExp(`^((?:\\d|${ARABIC_DIGIT_CLASS}){1,3})(?:[.)]|(?<=${ARABIC_DIGIT_CLASS})\\s*[-–])\\s+(?=\\S)`);
const TAG = /(<\/?(?:ul|ol|li|br|p|sup|sub|b|strong|i|em|u|span|div|font)\b[^>]*\/?>)/i;
const PAGE_NUMBER = new RegExp(`^(?:\\d|${ARABIC_DIGIT_CLASS}){1,3}$`);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) =>
    e[0] === '#' ? String.fromCodePoint(parseInt(e.slice(e[1] === 'x' || e[1] === 'X' ? 2 : 1), e[1] === 'x' || e[1] === 'X' ? 16 : 10)) : ENTITIES[e.toLowerCase()] ?? all,
  );
const stripTags = (s: string) => decode(s.replace(/<sup>|<\/sup>|<sub>|<\/sub>/gi, '').replace(/<[^>]*>/g, ' '));
const text = (t: string): Inline[] => (t ? [{ type: 'text', text: t }] : []);

export function parseTextImport(input: string, template: Template, source: string): Assembled {
  return new TextImport(template, source).run(input);
}

class TextImport {
  private m: Matcher;
  private asm: Assembler;
  private scan: QuestionScanner;
  /** base depth of the current run of plain "- "/"1." items (set by a "…:" before them) */
  private runBase: number | null = null;
  /** a question line was just read and its text may go on over the next line */
  private questionOpen = false;

  constructor(
    template: Template,
    source: string,
  ) {
    this.m = new Matcher(template);
    this.asm = new Assembler(this.m, source, { spillAcrossQuestions: true });
    this.scan = new QuestionScanner(this.m);
  }

  run(input: string): Assembled {
    const lines = input.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n');
    const toc = tocLines(lines, this.m);
    let prevAnswerLine = false;
    lines.forEach((raw, i) => {
      const where = `line ${i + 1}`;
      const line = raw.replace(/\s+$/u, '');
      if (!line.trim() || toc.has(i)) {
        prevAnswerLine = false;
        return;
      }
      if (PAGE_NUMBER.test(line.replace(/\t/g, '').trim())) {
        this.asm.ignored++;
        prevAnswerLine = false;
        return;
      }
      if (line.includes('\t')) {
        this.tableRow(line.split('\t').map((c) => c.trim()), where);
        prevAnswerLine = false;
      } else prevAnswerLine = this.textLine(line, prevAnswerLine, where);
    });
    return this.asm.finish();
  }

  /** A row of a table pulled out as text. */
  private tableRow(cells: string[], where: string) {
    const joined = cells.filter(Boolean).join(' ');
    if (!hasWords(joined)) {
      this.asm.ignored++;
      return;
    }
    const first = cells.findIndex(Boolean);
    if (first === 0 && this.wholeLineHeader(stripTags(joined), where)) return;
    let question = '';
    let answerFrom = first;
    if (first === 0) {
      const bare = /^(?:[IVX]{1,4}\s*\.\s*)?[a-z]\s*\)$/.test(cells[0]!);
      question = bare && cells[1] ? `${cells[0]} ${cells[1]}` : cells[0]!;
      answerFrom = bare && cells[1] ? 2 : 1;
    } else if (this.scan.continuesQuestion(stripTags(cells[first]!))) {
      question = cells[first]!;
      answerFrom = first + 1;
    }
    const events = question ? this.scan.scan(stripTags(question), { questionColumn: true }) : [];
    const after = this.applyQuestionEvents(events, where, true);
    const answer = cells.slice(answerFrom).filter(Boolean);
    answer.forEach((cell) => this.answerText(cell, { table: true, mayContinue: true, adjacentLine: false, where }));
    for (const e of after) this.apply(e, where, true);
  }

  /** Headings, header rows and the questionnaire's title: true when the whole line is one of those. */
  private wholeLineHeader(line: string, where: string): boolean {
    const t = line.trim();
    if (this.m.isTemplateTitle(t)) return true;
    if (this.m.headerWords(t) >= t.length) return true;
    const h = this.m.heading(t);
    if (!h) return false;
    this.apply({ kind: 'heading', sectionId: h.sectionId }, where, false);
    this.scan.enterSection(h.sectionId);
    let rest = t.slice(h.end);
    rest = rest.slice(this.m.headerWords(rest.trimStart()) + (rest.length - rest.trimStart().length));
    if (hasWords(rest)) this.answerText(rest, { table: true, mayContinue: false, adjacentLine: false, where });
    return true;
  }

  private applyQuestionEvents(events: QuestionEvent[], where: string, questionColumn: boolean): QuestionEvent[] {
    if (events.length) this.runBase = null;
    return applyRowEvents(this.asm, events, where, (e) => this.apply(e, where, questionColumn));
  }

  private apply(e: QuestionEvent, where: string, questionColumn: boolean) {
    applyEvent(this.asm, e, where, (t) =>
      questionColumn
        ? this.asm.unplacedText(t, 'text in the question column that is not part of the question', where)
        : this.answerText(t, { table: false, mayContinue: true, adjacentLine: false, where }),
    );
  }

  /** A line of plain (pasted) text. Returns whether it was answer text. */
  private textLine(line: string, prevAnswerLine: boolean, where: string): boolean {
    const t = line.trim();
    if (this.wholeLineHeader(t, where)) {
      this.questionOpen = false;
      return false;
    }
    if (this.questionOpen && this.scan.continuesQuestion(t)) {
      const events = this.scan.scan(t, { questionColumn: false });
      for (const e of events) this.apply(e, where, false);
      return events.some((e) => e.kind === 'text');
    }
    const events = this.scan.scan(t, { questionColumn: false });
    if (events[0]?.kind === 'question' || events[0]?.kind === 'unknown') {
      const cur = this.scan.current;
      this.questionOpen = !!cur && cur.nextWord < this.m.questionWords(cur.id, cur.lang).length;
      for (const e of events) this.apply(e, where, false);
      if (events.some((e) => e.kind === 'text')) this.questionOpen = false;
      return events.some((e) => e.kind === 'text');
    }
    this.questionOpen = false;
    this.answerText(line, { table: false, mayContinue: true, adjacentLine: prevAnswerLine, where });
    return true;
  }

  /** Answer text: HTML list fragments, bullets, numbered items, paragraphs. */
  private answerText(src: string, o: { table: boolean; mayContinue: boolean; adjacentLine: boolean; where: string }) {
    let first = true;
    const emit = (atom: Atom) => {
      this.asm.add(atom, { mayContinue: first && o.mayContinue, adjacentLine: first && o.adjacentLine, where: o.where });
      first = false;
    };
    const lists: ListType[] = [];
    let item: string | null = null;
    const flushItem = () => {
      if (item !== null) {
        emit({ kind: 'item', list: lists[lists.length - 1] ?? 'bulletList', depth: Math.max(1, lists.length), inlines: text(item.trim().replace(GLYPH, '')) });
        this.runBase = null;
      }
      item = null;
    };
    for (const part of src.split(TAG)) {
      const tag = /^<(\/?)(\w+)/.exec(part);
      if (tag && TAG.test(part)) {
        const [, close, name] = tag;
        const n = name!.toLowerCase();
        if (n === 'ul' || n === 'ol') {
          flushItem();
          if (close) lists.pop();
          else lists.push(n === 'ul' ? 'bulletList' : 'orderedList');
        } else if (n === 'li') {
          flushItem();
          if (!close) item = '';
        } else if (n === 'br' || n === 'p' || n === 'div') {
          if (item !== null) item += ' ';
        }
        continue;
      }
      const t = decode(part);
      if (item !== null) item += t;
      else if (lists.length && t.trim()) item = t;
      else if (t.trim()) this.plainText(t, o.table, emit);
    }
    flushItem();
  }

  /** Text outside list tags: paragraphs and "•"/"-"/"1." items. */
  private plainText(t: string, table: boolean, emit: (a: Atom) => void) {
    const indent = table ? 0 : /^ */.exec(t)![0].length;
    const chunks = (table ? t.split(/\s{2,}/) : [t])
      .flatMap((c) => c.split(/\s+(?=[•■▪●✓✔➢►]\s)/u))
      .map((c) => c.trim())
      .filter(Boolean);
    for (const c of chunks) {
      const b = BULLET.exec(c);
      const n = b ? null : ORDERED.exec(c);
      if (!b && !n) {
        this.runBase = null;
        emit({ kind: 'para', depth: 0, inlines: text(c) });
        continue;
      }
      const body = c.slice((b ?? n)![0].length).replace(GLYPH, '');
      if (this.runBase === null) {
        const prev = this.asm.previous();
        const prevText = prev ? prev.inlines.map((x) => (x.type === 'text' ? x.text : '')).join('') : '';
        this.runBase = prev && /:\s*$/.test(prevText) ? (prev.kind === 'item' ? prev.depth : 0) : 0;
      }
      const list: ListType = b ? 'bulletList' : 'orderedList';
      emit({ kind: 'item', list, marker: true, depth: this.runBase + 1 + Math.floor(indent / 2), inlines: text(body), ...(n ? { start: Number(westernDigits(n[1]!)) } : {}) });
    }
  }
}
