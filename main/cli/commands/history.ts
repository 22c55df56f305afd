/** CLI: a field's history as editing sessions; named versions of a draft (create, list, diff). */
import { previewText } from '../../../shared/change-summary';
import type { Services } from '../../services';
import type { CliIo, CommandTable } from '../types';
import { diffWords } from '../../../shared/diff';
import { listIds, resolveIdRef } from '../id-ref';
import { invoke, json, need } from '../util';
import { resolveDraft } from './core';

/** `answer history DRAFT QUESTION --sessions`: one line per session, newest first (all pages). */
export async function printSessions(s: Services, io: CliIo, draftId: string, field: string, asJson: boolean): Promise<void> {
  const all = [];
  let before: { createdAt: string; id: string } | undefined;
  do {
    const r = await invoke(s.handlers, 'fieldSessions', { draftId, field, before, limit: 200 });
    all.push(...r.sessions);
    before = r.next ?? undefined;
  } while (before);
  if (asJson) return io.out(json(all));
  for (const x of all) {
    const via = x.broughtBy ? ` via ${x.broughtBy.signerName}${x.broughtBy.signerOrganisation ? ` (${x.broughtBy.signerOrganisation})` : ''}` : '';
    const who = `${x.authorName}${x.authorOrganisation ? ` (${x.authorOrganisation})` : ''}${via}`;
    const span = x.start === x.end ? x.start : `${x.start}..${x.end}`;
    const what = x.note ?? previewText(x.preview);
    io.out(`${x.lastRevisionId}${x.current ? ' (current)' : ''}\t${span}\t${who}\t${x.saves} save${x.saves === 1 ? '' : 's'}\t+${x.wordsAdded}/-${x.wordsRemoved} words\t${x.size} chars\t${what}`);
  }
}

/** A version by id, unique id prefix among the draft's versions (main/cli/id-ref.ts), or 'current'. */
async function resolveVersion(s: Services, draftId: string, ref: string | undefined): Promise<string> {
  const r = need(ref, 'VERSION');
  if (r === 'current') return r;
  const list = await invoke(s.handlers, 'listVersions', { draftId });
  return resolveIdRef(r, 'version', listIds(list.map((v) => v.id)), `draft ${draftId} has no version ${r}`);
}

export const historyCommands: CommandTable = {
  'version create': {
    usage: 'version create DRAFT --label "Sent to the ministry 2 March"',
    options: { label: { type: 'string' } },
    async run({ services: s, io }, [ref], o) {
      const v = await invoke(s.handlers, 'createVersion', { draftId: resolveDraft(s, ref), label: need(o.label as string | undefined, '--label') });
      io.out(v.id);
    },
  },
  'version list': {
    usage: 'version list DRAFT [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const l = await invoke(s.handlers, 'listVersions', { draftId: resolveDraft(s, ref) });
      if (o.json) return io.out(json(l));
      for (const v of l) io.out(`${v.id}\t${v.createdAt}\t${v.kind}\t${v.authorName}${v.authorOrganisation ? ` (${v.authorOrganisation})` : ''}\t${v.fieldCount} fields\t${v.label}`);
    },
  },
  'version diff': {
    usage: 'version diff DRAFT FROM [TO] [--json]   (FROM/TO: a version id or prefix, or current; TO defaults to current)',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref, from, to], o) {
      const draftId = resolveDraft(s, ref);
      const changes = await invoke(s.handlers, 'diffVersions', { draftId, from: await resolveVersion(s, draftId, from), to: to ? await resolveVersion(s, draftId, to) : 'current' });
      if (o.json) return io.out(json(changes));
      if (!changes.length) return io.out('no differences');
      for (const c of changes) {
        io.out(`== ${c.field}\t+${c.wordsAdded}/-${c.wordsRemoved} words`);
        io.out(previewText(diffWords(c.before, c.after)));
      }
    },
  },
};
