/**
 * DOCX import (pure parsing; the store is written by the interchange service): checked by
 * docx-safety, converted by mammoth to HTML, read with htmlparser2 into our document model.
 *
 * Layouts: the table layout ("Questions" | "Answers" rows; a lone "c)" cell before the question;
 * question text split over rows; empty question cells and rows spanning both columns carrying an
 * answer on from the row above) and headings + paragraphs ("a) question" paragraphs, answers
 * below). Questions are found by the bookmark our export puts in each question cell, else by the
 * same matcher as the text import. Paragraphs, nested lists, bold, italic and links are kept;
 * the rest goes to the unplaced tray. III.a objective and III.b principle tables are read back.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import mammoth from 'mammoth';
import type { FieldValue } from '../../shared/contract/drafts';
import type { Inline, Mark } from '../../shared/doc';
import { noteFromText } from '../../shared/note';
import { objectiveField, principleField, type Template } from '../../shared/template';
import { Assembler, hasWords, normaliseInlines, type Assembled, type Atom, type ListType } from './assemble';
import { checkDocx } from './docx-safety';
import { STYLE_NAMES } from './docx-export';
import { Matcher, tokens } from './matcher';
import { QuestionScanner, applyEvent, applyRowEvents, type QuestionEvent } from './question-scan';
import { ANY_LANGUAGE, PROVENANCE_FOOTNOTE_PREFIX, bookmarkQuestion, bookmarkSection } from './review-document';

export interface DocxImported extends Assembled {
  /** objective statuses and principle notes read from their tables */
  fields: Array<[string, FieldValue]>;
}

const STYLE_MAP = [
  `p[style-name='${STYLE_NAMES.title}'] => p.gcm-skip:fresh`,
  `p[style-name='${STYLE_NAMES.meta}'] => p.gcm-skip:fresh`,
  `p[style-name='${STYLE_NAMES.caption}'] => p.gcm-skip:fresh`,
  `p[style-name='${STYLE_NAMES.notAnswered}'] => p.gcm-skip:fresh`,
];
const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;

export async function parseDocxImport(bytes: Buffer, template: Template, source: string): Promise<DocxImported> {
  await checkDocx(bytes);
  const { value: html } = await mammoth.convertToHtml(
    { buffer: bytes },
    { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: '' })), externalFileAccess: false },
  );
  return readDocxHtml(html, template, source);
}

/** The pure part of the import: mammoth's HTML of a document to answers, fields and unplaced text. */
export function readDocxHtml(html: string, template: Template, source: string): DocxImported {
  return new DocxReader(template, source).run(html);
}

const isEl = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const kids = (n: Element) => n.children;
const text = (n: ChildNode): string => (isEl(n) ? (isFootnoteRef(n) ? '' : n.children.map(text).join('') + (n.name === 'br' ? '\n' : '')) : n.type === 'text' ? n.data : '');
const isFootnoteRef = (n: Element) => n.name === 'sup' && n.children.some((c) => isEl(c) && c.name === 'a' && /^#(foot|end)note-/.test(c.attribs.href ?? ''));
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const same = (cells: string[], header: readonly string[]) => cells.length === header.length && cells.every((c, i) => norm(c).toLowerCase() === header[i]!.toLowerCase());

class DocxReader {
  private m: Matcher;
  private asm: Assembler;
  private scan: QuestionScanner;
  private fields: Array<[string, FieldValue]> = [];
  private n = 0;

  constructor(
    private template: Template,
    source: string,
  ) {
    this.m = new Matcher(template);
    this.asm = new Assembler(this.m, source);
    this.scan = new QuestionScanner(this.m);
  }

  run(html: string): DocxImported {
    const dom = parseDocument(html);
    this.blocks(dom.children, { mayContinue: false });
    return { ...this.asm.finish(), fields: this.fields };
  }

  private where() {
    return `block ${++this.n}`;
  }

  /** Body-level blocks: headings, paragraphs (maybe questions), lists, tables. */
  private blocks(nodes: ChildNode[], o: { mayContinue: boolean }) {
    for (const n of nodes) {
      if (!isEl(n)) {
        if (n.type === 'text' && hasWords(n.data)) this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: n.data }] }], o.mayContinue);
        continue;
      }
      if (n.name === 'table') this.table(n);
      else if (n.name === 'ol' && n.children.some((c) => isEl(c) && /^(foot|end)note-/.test(c.attribs.id ?? ''))) this.footnotes(n);
      else if (/^(p|h[1-6])$/.test(n.name)) this.paragraph(n);
      else if (n.name === 'ul' || n.name === 'ol') this.answer(this.listAtoms(n, 1), false);
      else this.blocks(kids(n), o);
    }
  }

  /** A body paragraph or heading: a section heading, a question, or answer text. */
  private paragraph(p: Element) {
    if (p.attribs.class === 'gcm-skip') return;
    const t = norm(text(p));
    if (!t) return;
    const where = this.where();
    const bookmark = this.bookmark(p);
    if (bookmark) return this.asm.row([bookmark], where);
    const section = this.bookmark(p, bookmarkSection);
    if (section) {
      // our export's section heading, in whatever language it was written
      this.scan.section = section;
      return this.asm.heading(where);
    }
    const events = this.scan.scan(t, { questionColumn: false });
    const lead = events[0];
    if (lead && (lead.kind === 'heading' || lead.kind === 'question')) {
      for (const e of events) applyEvent(this.asm, e, where, (x) => this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: x }] }], false));
      return;
    }
    // A question written without its letter, in bold or ending with "?".
    const allBold = p.children.length > 0 && p.children.every((c) => (isEl(c) && (c.name === 'strong' || c.name === 'b')) || (c.type === 'text' && !c.data.trim()));
    if ((allBold || /[?:]$/.test(t)) && tokens(t).length >= 4) {
      const hit = this.m.identify(t, { sectionId: this.scan.section, markerOptional: true });
      if (hit && hit.end >= t.length - 2) {
        this.scan.current = { id: hit.question.id, nextWord: hit.nextWord };
        this.scan.section = hit.sectionId;
        return this.asm.row([hit.question.id], where);
      }
    }
    if (ANY_LANGUAGE.notAnswered.has(t)) return;
    this.answer([{ kind: 'para', depth: 0, inlines: this.inlines(p) }], true, where);
  }

  private answer(atoms: Atom[], mayContinue: boolean, where = this.where()) {
    atoms.forEach((a, i) => this.asm.add(a, { mayContinue: mayContinue && i === 0, where }));
  }

  private bookmark(n: Element, read: (name: string) => string | null = bookmarkQuestion): string | null {
    for (const c of n.children) {
      if (!isEl(c)) continue;
      if (c.name === 'a' && c.attribs.id) {
        const q = read(c.attribs.id);
        if (q && (read === bookmarkQuestion ? this.m.question(q) : this.template.sections.some((s) => s.id === q))) return q;
      }
      const inner = this.bookmark(c, read);
      if (inner) return inner;
    }
    return null;
  }

  private rows(table: Element): Element[][] {
    const out: Element[][] = [];
    const walk = (n: Element) => {
      for (const c of n.children) {
        if (!isEl(c)) continue;
        if (c.name === 'tr') out.push(c.children.filter((x): x is Element => isEl(x) && (x.name === 'td' || x.name === 'th')));
        else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') walk(c);
      }
    };
    walk(table);
    return out;
  }

  private table(table: Element) {
    const rows = this.rows(table);
    const head = rows[0]?.map((c) => text(c)) ?? [];
    if (ANY_LANGUAGE.objectiveHeaders.some((h) => same(head, h))) return this.objectives(rows.slice(1));
    if (ANY_LANGUAGE.principleHeaders.some((h) => same(head, h))) return this.principles(rows.slice(1));
    for (const cells of rows) this.tableRow(cells);
  }

  private tableRow(cells: Element[]) {
    const where = this.where();
    const texts = cells.map((c) => norm(text(c)));
    if (!texts.some(Boolean)) return;
    if (ANY_LANGUAGE.columnHeaders.some((h) => same(texts.filter(Boolean), h)) || this.m.headerWords(texts.join(' ')) >= texts.join(' ').length) return;
    if (cells.length === 1) {
      // a row spanning the table: a heading, or an answer carried on from the row above
      const events = this.scan.scan(texts[0]!, { questionColumn: false });
      if (events[0]?.kind === 'heading' || events[0]?.kind === 'question') {
        for (const e of events) applyEvent(this.asm, e, where, (x) => this.answer([{ kind: 'para', depth: 0, inlines: [{ type: 'text', text: x }] }], false, where));
        return;
      }
      this.asm.row([], where);
      return this.answer(this.cellAtoms(cells[0]!), true, where);
    }
    const bare = /^(?:[IVX]{1,4}\s*\.\s*)?[a-z]\s*\)$/.test(texts[0]!) && cells.length >= 3;
    const qCells = bare ? cells.slice(0, 2) : cells.slice(0, 1);
    const aCells = cells.slice(qCells.length);
    const qText = qCells.map((c) => text(c)).join(' ').replace(/\s+/g, ' ').trim();
    const bookmark = qCells.map((c) => this.bookmark(c)).find(Boolean);
    let after: QuestionEvent[] = [];
    if (bookmark) {
      this.scan.current = { id: bookmark, nextWord: this.m.questionWords(bookmark).length };
      this.scan.section = bookmark.split('.')[0]!;
      this.asm.row([bookmark], where);
    } else {
      const events = qText ? this.scan.scan(qText, { questionColumn: true }) : [];
      after = applyRowEvents(this.asm, events, where, (e) =>
        applyEvent(this.asm, e, where, (x) => this.asm.unplacedText(x, 'text in the question column that is not part of the question', where)),
      );
    }
    const atoms = aCells.flatMap((c) => this.cellAtoms(c));
    this.answer(atoms, true, where);
    for (const e of after) applyEvent(this.asm, e, where, (x) => this.asm.unplacedText(x, 'text in the question column that is not part of the question', where));
  }

  /** The blocks of a table cell as atoms; the export's "Not answered" is no answer. */
  private cellAtoms(cell: Element): Atom[] {
    const out: Atom[] = [];
    const walk = (nodes: ChildNode[]) => {
      for (const n of nodes) {
        if (!isEl(n)) {
          if (n.type === 'text' && hasWords(n.data)) out.push({ kind: 'para', depth: 0, inlines: [{ type: 'text', text: n.data }] });
          continue;
        }
        if (n.attribs.class === 'gcm-skip') continue;
        if (n.name === 'ul' || n.name === 'ol') out.push(...this.listAtoms(n, 1));
        else if (n.name === 'table') for (const r of this.rows(n)) for (const c of r) walk(c.children);
        else if (/^(p|h[1-6]|div|blockquote)$/.test(n.name)) {
          if (n.name !== 'p' && n.children.some((c) => isEl(c) && /^(p|ul|ol|table|div)$/.test(c.name))) walk(n.children);
          else {
            const inl = this.inlines(n);
            if (!ANY_LANGUAGE.notAnswered.has(norm(inl.map((x) => (x.type === 'text' ? x.text : ' ')).join('')))) out.push({ kind: 'para', depth: 0, inlines: inl });
          }
        } else out.push({ kind: 'para', depth: 0, inlines: this.inlines({ children: [n] } as Element) });
      }
    };
    walk(cell.children);
    return out;
  }

  private listAtoms(list: Element, depth: number): Atom[] {
    const out: Atom[] = [];
    const type: ListType = list.name === 'ol' ? 'orderedList' : 'bulletList';
    const start = list.name === 'ol' && list.attribs.start ? Number(list.attribs.start) : undefined;
    let first = true;
    for (const li of list.children) {
      if (!isEl(li)) continue;
      if (li.name !== 'li') {
        if (li.name === 'ul' || li.name === 'ol') out.push(...this.listAtoms(li, depth + 1));
        continue;
      }
      const inline: ChildNode[] = [];
      const nested: Element[] = [];
      const paras: Element[] = [];
      for (const c of li.children) {
        if (isEl(c) && (c.name === 'ul' || c.name === 'ol' || c.name === 'table')) nested.push(c);
        else if (isEl(c) && c.name === 'p') paras.push(c);
        else inline.push(c);
      }
      const firstInlines = paras.length && !inline.some((c) => text(c).trim()) ? this.inlines(paras.shift()!) : this.inlines({ children: inline } as Element);
      out.push({ kind: 'item', list: type, depth, inlines: firstInlines, ...(first && start && start !== 1 ? { start } : {}) });
      for (const p of paras) out.push({ kind: 'item', list: type, depth, inlines: this.inlines(p) });
      for (const n of nested) {
        if (n.name === 'table') for (const r of this.rows(n)) for (const c of r) out.push(...this.cellAtoms(c).map((a) => ({ ...a, kind: 'item' as const, list: type, depth: depth + 1 })));
        else out.push(...this.listAtoms(n, depth + 1));
      }
      first = false;
    }
    return out;
  }

  /** Inline content with bold, italic and (safe) links; footnote references and images dropped. */
  private inlines(el: Element): Inline[] {
    const out: Inline[] = [];
    const walk = (nodes: ChildNode[], marks: Mark[]) => {
      for (const n of nodes) {
        if (!isEl(n)) {
          if (n.type === 'text' && n.data) out.push(marks.length ? { type: 'text', text: n.data, marks } : { type: 'text', text: n.data });
          continue;
        }
        if (isFootnoteRef(n) || n.name === 'img') continue;
        if (n.name === 'br') out.push({ type: 'hardBreak' });
        else if (n.name === 'strong' || n.name === 'b') walk(n.children, marks.some((m) => m.type === 'bold') ? marks : [...marks, { type: 'bold' }]);
        else if (n.name === 'em' || n.name === 'i') walk(n.children, marks.some((m) => m.type === 'italic') ? marks : [...marks, { type: 'italic' }]);
        else if (n.name === 'a' && n.attribs.href && SAFE_HREF.test(n.attribs.href) && n.attribs.href.length <= 2048)
          walk(n.children, [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href: n.attribs.href } }]);
        else walk(n.children, marks);
      }
    };
    walk(el.children, []);
    return normaliseInlines(out);
  }

  private objectives(rows: Element[][]) {
    const q = this.template.sections.flatMap((s) => s.questions).find((x) => x.extension === 'objectives');
    if (!q) return;
    const byLabel = ANY_LANGUAGE.statuses;
    for (const cells of rows) {
      const [num, title, status, note] = cells.map((c) => norm(text(c)));
      const n = Number(num);
      const st = byLabel.get((status ?? '').toLowerCase());
      if (!this.template.objectives.some((o) => o.number === n) || !st) {
        this.asm.unplacedText(cells.map((c) => norm(text(c))).join(' — '), 'a row of the objectives table that could not be read', this.where());
        continue;
      }
      const noteText = cells[3] ? this.blockText(cells[3]) : '';
      if (st !== 'not_started' || noteText) this.fields.push([objectiveField(q.id, n), { kind: 'objective', status: st, note: noteFromText(noteText) }]);
      void title;
      void note;
    }
  }

  private principles(rows: Element[][]) {
    const q = this.template.sections.flatMap((s) => s.questions).find((x) => x.extension === 'principles');
    if (!q) return;
    for (const cells of rows) {
      const label = norm(text(cells[0]!));
      const id = /^([a-z])\)/.exec(label)?.[1];
      const noteText = cells[1] ? this.blockText(cells[1]) : '';
      if (!id || !this.template.principles.some((p) => p.id === id)) {
        this.asm.unplacedText(`${label} — ${noteText}`, 'a row of the guiding principles table that could not be read', this.where());
        continue;
      }
      if (noteText && !ANY_LANGUAGE.notAnswered.has(noteText)) this.fields.push([principleField(q.id, id), { kind: 'principle', note: noteFromText(noteText) }]);
    }
  }

  /** A cell's paragraphs as plain text, one per line. */
  private blockText(cell: Element): string {
    return this.cellAtoms(cell)
      .map((a) => norm(a.inlines.map((x) => (x.type === 'text' ? x.text : '\n')).join('')))
      .filter(Boolean)
      .join('\n');
  }

  private footnotes(ol: Element) {
    for (const li of ol.children) {
      if (!isEl(li)) continue;
      const t = norm(text(li).replace(/↑/g, ''));
      // Our own provenance footnotes (export --footnotes) describe where accepted text came from;
      // that provenance is in the store, not answer text: skip them rather than fill the tray.
      if (t.startsWith(PROVENANCE_FOOTNOTE_PREFIX)) continue;
      if (hasWords(t)) this.asm.unplacedText(t, 'a footnote of the document', this.where());
    }
  }
}
