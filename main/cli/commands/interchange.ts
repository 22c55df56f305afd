/** CLI: import text/DOCX into a new draft, export DOCX, the unplaced tray. */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/common';
import type { ImportReport, WordReturnReport } from '../../../shared/contract/interchange';
import { MAX_DOCX_BYTES } from '../../../shared/contract/plain-values';
import { docToText } from '../../../shared/plaintext';
import type { TextEncodingName } from '../../../shared/text-bytes';
import { outputTarget, writeOutput } from '../../output-file';
import type { CliIo, CommandTable } from '../types';
import { invoke, json, need, readTextFile, unreadableFile } from '../util';
import { resolveDraft } from './core';

const ENCODING_NAMES: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8 (Unicode)',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
  'windows-1256': 'Windows-1256 (Arabic)',
  'utf-8+windows-1252': 'UTF-8 with a few Windows-1252 characters (pasted in)',
};

function printReport(io: CliIo, r: ImportReport) {
  if (r.encoding) io.err(`text encoding read: ${ENCODING_NAMES[r.encoding]}`);
  io.err(`imported from ${r.source}: ${r.questionsFilled.length} of ${r.questionsTotal} questions filled${r.questionsFilled.length ? ` (${r.questionsFilled.join(', ')})` : ''}`);
  io.err(`unplaced: ${r.unplaced.length} item(s)${r.unplaced.length ? ' — see `unplaced list ' + r.draftId.slice(0, 8) + '`' : ''}`);
  for (const u of r.unplaced) io.err(`  ${u.id}  ${u.reason}: ${u.preview.slice(0, 100)}`);
  if (r.ignoredFragments) io.err(`ignored ${r.ignoredFragments} fragment(s) without any letter or digit (page numbers, stray bullets)`);
  for (const l of r.lowConfidence) io.err(`low confidence: ${l.question} placed by ${l.via === 'position' ? 'its position in the section' : l.via === 'similar' ? 'reworded question text' : 'question text'} (confidence ${l.confidence.toFixed(2)}) at ${l.source}`);
  for (const p of r.pictures) io.err(p.question ? `picture "${p.name}" attached to ${p.question}` : `picture "${p.name}" not placed under any question (not kept; its place is marked in the tray)`);
  if (r.footnotesKept) io.err(`${r.footnotesKept} footnote(s) kept at the end of their answers`);
  for (const c of r.comments) io.err(c.question ? `Word comment by ${c.author} now a comment thread on ${c.question}` : `Word comment by ${c.author} on text not under any question: in the tray`);
  const f = r.fromFile;
  if (f.title !== undefined) io.err(`title taken from the file: ${f.title}`);
  if (f.country !== undefined) io.err(`country taken from the file: ${f.country}`);
  if (f.authority !== undefined) io.err(`submitting authority taken from the file: ${f.authority}`);
  if (f.language !== undefined) io.err(`document language taken from the file: ${f.language}`);
}

function readBinary(file: string): Buffer {
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_DOCX_BYTES) throw new AppError('bad_file', `${file} is larger than ${MAX_DOCX_BYTES / 1024 / 1024} MB`);
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreadableFile(file, e);
  }
}

export const interchangeCommands: CommandTable = {
  'import text': {
    createsStore: true,
    usage: 'import text FILE [--title T] [--country C]   (prints the new draft id; the report goes to stderr)',
    options: { title: { type: 'string' }, country: { type: 'string' } },
    async run({ services, io }, [file], o) {
      const f = need(file, 'FILE');
      const r = await invoke(services.handlers, 'importText', { ...readTextFile(f), fileName: path.basename(f), title: o.title, country: o.country });
      io.out(r.draft.id);
      printReport(io, r.report);
    },
  },
  'import docx': {
    createsStore: true,
    usage: 'import docx FILE [--title T] [--country C] | --into DRAFT   (prints the draft id; the report goes to stderr. --into: a file exported from DRAFT and edited in Word, merged back into it)',
    options: { title: { type: 'string' }, country: { type: 'string' }, into: { type: 'string' } },
    async run({ services, io }, [file], o) {
      const f = need(file, 'FILE');
      if (o.into !== undefined) {
        if (o.title !== undefined || o.country !== undefined) throw new AppError('invalid_input', '--into merges into an existing draft: --title and --country do not apply');
        const r = await invoke(services.handlers, 'mergeDocx', { draftId: resolveDraft(services, String(o.into)), dataBase64: readBinary(f).toString('base64'), fileName: path.basename(f) });
        io.out(r.draftId);
        printWordReturn(io, r);
        return;
      }
      const r = await invoke(services.handlers, 'importDocx', { dataBase64: readBinary(f).toString('base64'), fileName: path.basename(f), title: o.title, country: o.country });
      io.out(r.draft.id);
      printReport(io, r.report);
    },
  },
  'export docx': {
    usage: 'export docx DRAFT --out FILE [--force] [--footnotes]   (--footnotes: sources of accepted contributions as Word footnotes)',
    options: { out: { type: 'string' }, footnotes: { type: 'boolean' }, force: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const out = need(o.out, '--out FILE');
      const guard = { store: services.store.file, force: !!o.force };
      outputTarget(out, guard); // before the work: a refused target costs nothing
      const r = await invoke(services.handlers, 'exportDocx', { draftId: resolveDraft(services, ref), footnotes: !!o.footnotes });
      io.out(writeOutput(out, Buffer.from(r.dataBase64, 'base64'), guard));
    },
  },
  'export print': {
    usage: 'export print DRAFT --out FILE.html [--force]   (self-contained print layout; open it and print to PDF)',
    options: { out: { type: 'string' }, force: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const out = need(o.out, '--out FILE');
      const guard = { store: services.store.file, force: !!o.force };
      outputTarget(out, guard);
      const r = await invoke(services.handlers, 'renderPrintHtml', { draftId: resolveDraft(services, ref) });
      io.out(writeOutput(out, r.html, guard));
    },
  },
  'unplaced list': {
    usage: 'unplaced list DRAFT [--all] [--json]',
    options: { json: { type: 'boolean' }, all: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const items = await invoke(services.handlers, 'listUnplaced', { draftId: resolveDraft(services, ref), includeDone: !!o.all });
      if (o.json) return io.out(json(items));
      for (const it of items) {
        const state = it.placedAt ? `placed in ${it.placedField}` : it.dismissedAt ? 'dismissed' : 'unplaced';
        io.out(`${it.id}\t${state}\t${it.reason}\n${docToText(it.doc).replace(/^/gm, '    ')}`);
      }
    },
  },
  'unplaced place': {
    usage: 'unplaced place DRAFT ITEM QUESTION   (appends the text to the answer)',
    async run({ services, io }, [ref, item, q]) {
      const r = await invoke(services.handlers, 'placeUnplaced', { draftId: resolveDraft(services, ref), itemId: need(item, 'ITEM'), field: need(q, 'QUESTION') });
      io.out(r.revisionId);
    },
  },
  'unplaced dismiss': {
    usage: 'unplaced dismiss DRAFT ITEM',
    async run({ services, io }, [ref, item]) {
      const r = await invoke(services.handlers, 'dismissUnplaced', { draftId: resolveDraft(services, ref), itemId: need(item, 'ITEM') });
      io.out(`dismissed ${r.id}`);
    },
  },
};

/** What bringing a Word file back into its draft did, in lines on stderr. */
function printWordReturn(io: CliIo, r: WordReturnReport): void {
  if (r.already) return io.err(`${r.fileName} was already brought into this draft: nothing changed`);
  const changed = r.fields.map((f) => `${f.field} ${f.outcome}`);
  io.err(`brought back from ${r.fileName}: ${changed.length ? changed.join(', ') : 'no answer changed in Word'}; ${r.unchanged} unchanged`);
  const conflicts = r.fields.filter((f) => f.outcome === 'conflict').map((f) => f.field);
  if (conflicts.length) io.err(`changed in Word and here at the same places, to decide with \`conflicts list\`: ${conflicts.join(', ')}`);
  if (r.emptied.length) io.err(`empty in the Word file, not emptied here (delete the answer in the app if that was meant): ${r.emptied.join(', ')}`);
  if (r.unplaced) io.err(`${r.unplaced} piece(s) of text not placed: in the draft's tray (see \`unplaced list\`)`);
  if (r.commentsAdded) io.err(`${r.commentsAdded} Word comment(s) added to their questions`);
  if (r.picturesAdded) io.err(`${r.picturesAdded} picture(s) added to their questions`);
  if (r.picturesNotPlaced) io.err(`${r.picturesNotPlaced} picture(s) not under any question: not kept`);
}
