/** CLI: merge conflicts of returned drafts, listed and resolved place by place. */
import { AppError } from '../../../shared/contract/common';
import type { FieldValue } from '../../../shared/contract/drafts';
import type { MergeConflict } from '../../../shared/contract/review';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { renderValue } from '../../review/audit';
import type { Services } from '../../services';
import type { CommandTable } from '../types';
import { invoke, json } from '../util';
import { resolveDraft } from './core';
import { resolveRef, textOption } from './workshops';

const indent = (s: string) => s.replace(/^/gm, '    ');

function show(c: MergeConflict, out: (s: string) => void): void {
  out(`${c.id}\t${c.field}\t${c.reason}${c.resolvedAt ? `\t${c.answered ? 'answered by a newer text, closed without a decision' : 'resolved'} ${c.resolvedAt}` : ''}`);
  if (!c.places.length) {
    for (const [k, side] of [['base', c.base], ['ours', c.ours], ['theirs', c.theirs]] as const) {
      out(`  --- ${k}${side ? ` (${side.authorName}, ${side.createdAt})` : ' (none)'}\n${side ? renderValue(side.value).replace(/^/gm, '  ') : ''}`);
    }
    return;
  }
  for (const p of c.places) {
    out(`  place ${p.index + 1} (${p.kind})${p.choice ? `: decided ${p.choice} by ${p.decidedBy}` : ': to decide'}`);
    for (const k of ['base', 'ours', 'theirs'] as const) out(`   --- ${k}\n${indent(docToText(p[k]) || '(nothing)')}`);
  }
}

async function conflictOf(s: Services, conflictId: string): Promise<MergeConflict> {
  const d = s.store.db.prepare('SELECT draft_id FROM merge_conflicts WHERE id = ?').get(conflictId) as { draft_id: string };
  return (await invoke(s.handlers, 'listConflicts', { draftId: d.draft_id, includeResolved: true })).find((x) => x.id === conflictId)!;
}

export const conflictCommands: CommandTable = {
  'conflicts list': {
    usage: 'conflicts list DRAFT [--all] [--json]   (each place both sides changed, with base, ours and theirs)',
    options: { all: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const l = await invoke(s.handlers, 'listConflicts', { draftId: resolveDraft(s, ref), includeResolved: !!o.all });
      if (o.json) return io.out(json(l));
      for (const c of l) show(c, (x) => io.out(x));
    },
  },
  'conflicts resolve': {
    usage: 'conflicts resolve CONFLICT [--place N] (--take ours|theirs|both | --text T | --file F [--base REVISION])   (without --place: --take decides every place still open, --text/--file writes the whole field; --base: the revision that text was written from, the current one `conflicts list --json` shows, when the field changed since the merge)',
    options: { place: { type: 'string' }, take: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' }, base: { type: 'string' } },
    async run({ services: s, io }, [ref], o) {
      const conflictId = resolveRef(s, 'merge_conflicts', ref, 'CONFLICT');
      if (o.take !== undefined && (o.text !== undefined || o.file !== undefined)) throw new AppError('invalid_input', 'give --take or --text/--file, not both');
      if (o.place !== undefined) {
        const place = Number(o.place);
        if (!Number.isInteger(place) || place < 1) throw new AppError('invalid_input', `--place must be a place number (1, 2, …), not ${String(o.place)}`);
        const edited = o.take === undefined ? textToDoc(textOption(o)) : undefined;
        const r = await invoke(s.handlers, 'decideConflictPlace', { conflictId, place: place - 1, choice: edited ? 'edit' : (o.take as 'ours'), edited });
        const open = r.conflict.places.filter((p) => !p.choice).length;
        return io.out(r.revisionId ?? `place ${place} decided; ${open} place${open > 1 ? 's' : ''} still to decide`);
      }
      if (o.take === 'both') throw new AppError('invalid_input', '--take both is for one place: give --place N');
      let value: FieldValue | undefined;
      if (o.take === undefined) {
        const c = await conflictOf(s, conflictId);
        const text = textOption(o);
        const kind = c.theirs!.value.kind;
        value = kind === 'answer' ? { kind, doc: textToDoc(text) } : kind === 'objective' ? { kind, status: c.ours?.value.kind === 'objective' ? c.ours.value.status : 'not_started', note: textToDoc(text) } : { kind, note: textToDoc(text) };
      }
      if (o.base !== undefined && !value) throw new AppError('invalid_input', '--base goes with --text or --file (the text written from that revision)');
      const r = await invoke(s.handlers, 'resolveConflict', { conflictId, take: o.take, value, ...(o.base !== undefined ? { baseRevisionId: String(o.base) } : {}) });
      io.out(r.revisionId);
    },
  },
};
