/** CLI: workshops, contributions, review workflow, comments, audit, merge conflicts, dashboard. */
import { AppError } from '../../../shared/contract/common';
import type { WorkshopLabel } from '../../../shared/contract/review';
import { PARTICIPANT_KINDS } from '../../../shared/contract/plain-values';
import { textToDoc } from '../../../shared/plaintext';
import { writeOutput } from '../../output-file';
import { renderValue } from '../../review/audit';
import type { Services } from '../../services';
import type { CommandTable } from '../types';
import { resolveIdRef, tableIds } from '../id-ref';
import { invoke, json, need, readInputFile } from '../util';
import { bundleCommands } from './bundles';
import { resolveDraft } from './core';

/** A row id by full id or unique prefix (main/cli/id-ref.ts). */
export function resolveRef(s: Services, table: 'workshops' | 'participants' | 'contributions' | 'comments' | 'merge_conflicts', ref: string | undefined, what: string): string {
  return resolveIdRef(need(ref, what), what.toLowerCase(), tableIds(s.store.db, table));
}

export function textOption(o: Record<string, unknown>): string {
  if ((o.text === undefined) === (o.file === undefined)) throw new AppError('invalid_input', 'give exactly one of --text or --file');
  return o.text !== undefined ? (o.text as string) : readInputFile(o.file as string);
}

/** The workshop a source spoke at, after its name: " @ Consultation (2020-09-15, Oujda)"; nothing without one. */
const at = (w: WorkshopLabel | null) => (w ? ` @ ${w.title} (${w.date}, ${w.place})` : '');

const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

export const workshopCommands: CommandTable = {
  'workshop create': {
    usage: 'workshop create --title T --date YYYY-MM-DD --place P --authority A [--facilitator F] [--draft DRAFT]',
    options: { title: { type: 'string' }, date: { type: 'string' }, place: { type: 'string' }, authority: { type: 'string' }, facilitator: { type: 'string' }, draft: { type: 'string' } },
    async run({ services: s, io }, _p, o) {
      const w = await invoke(s.handlers, 'createWorkshop', {
        title: o.title,
        date: o.date,
        place: o.place,
        authority: o.authority,
        facilitator: o.facilitator,
        draftId: o.draft ? resolveDraft(s, o.draft as string) : undefined,
      });
      io.out(w.id);
    },
  },
  'workshop list': {
    usage: 'workshop list [--draft DRAFT] [--json]',
    options: { draft: { type: 'string' }, json: { type: 'boolean' } },
    async run({ services: s, io }, _p, o) {
      const l = await invoke(s.handlers, 'listWorkshops', { draftId: o.draft ? resolveDraft(s, o.draft as string) : undefined });
      if (o.json) return io.out(json(l));
      for (const w of l) io.out(`${w.id}\t${w.date}\t${w.place}\t${w.participants} participants\t${w.contributions} contributions\t${w.title} (${w.authority})`);
    },
  },
  'workshop show': {
    usage: 'workshop show WORKSHOP [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const r = await invoke(s.handlers, 'getWorkshop', { workshopId: resolveRef(s, 'workshops', ref, 'WORKSHOP') });
      if (o.json) return io.out(json(r));
      const w = r.workshop;
      io.out(`${w.title}\n${w.date}, ${w.place} — ${w.authority}; facilitator ${w.facilitator}\n${w.id}`);
      for (const p of r.participants) io.out(`  participant ${p.id}\t${p.kind}\t${p.consentToName ? p.name : '(name withheld)'}\t${p.organisation}`);
      for (const c of r.contributions) io.out(`  contribution ${c.id}\t${c.targets.join(',')}\t${c.provenance.source}\t${c.status}\t${c.text.replace(/\s+/g, ' ').slice(0, 80)}`);
    },
  },
  'participant add': {
    usage: `participant add WORKSHOP --name N --organisation O --kind (${PARTICIPANT_KINDS.join('|')}) [--consent]`,
    options: { name: { type: 'string' }, organisation: { type: 'string' }, kind: { type: 'string' }, consent: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const p = await invoke(s.handlers, 'addParticipant', { workshopId: resolveRef(s, 'workshops', ref, 'WORKSHOP'), name: o.name, organisation: o.organisation, kind: o.kind, consentToName: !!o.consent });
      io.out(p.id);
    },
  },
  'contribution add': {
    usage: 'contribution add WORKSHOP --question Q[,Q2] (--text T | --file F) [--participant P | --organisation O]',
    options: { question: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' }, participant: { type: 'string' }, organisation: { type: 'string' } },
    async run({ services: s, io }, [ref], o) {
      if (o.participant && o.organisation) throw new AppError('invalid_input', 'give --participant or --organisation, not both');
      const c = await invoke(s.handlers, 'addContribution', {
        workshopId: resolveRef(s, 'workshops', ref, 'WORKSHOP'),
        targets: list(need(o.question, '--question')),
        content: textToDoc(textOption(o)),
        participantId: o.participant ? resolveRef(s, 'participants', o.participant as string, 'PARTICIPANT') : undefined,
        organisation: o.organisation,
      });
      io.out(c.id);
    },
  },
  'contribution list': {
    usage: 'contribution list DRAFT [QUESTION] [--status pending|accepted|dismissed] [--json]',
    options: { status: { type: 'string' }, json: { type: 'boolean' } },
    async run({ services: s, io }, [ref, q], o) {
      const l = await invoke(s.handlers, 'listContributions', { draftId: resolveDraft(s, ref), field: q, status: o.status });
      if (o.json) return io.out(json(l));
      for (const c of l) {
        const w = c.provenance.workshop;
        io.out(`${c.id}\t${c.status}\t${c.targets.join(',')}\t${c.provenance.source}${w ? `\t${w.title} (${w.date}, ${w.place})` : ''}\t${c.text.replace(/\s+/g, ' ').slice(0, 100)}`);
      }
    },
  },
  'contribution accept': {
    usage: 'contribution accept CONTRIB --draft DRAFT [--mode append|insert|replace-none] [--at BLOCK] [--question Q[,Q2]]',
    options: { draft: { type: 'string' }, mode: { type: 'string' }, at: { type: 'string' }, question: { type: 'string' } },
    async run({ services: s, io }, [ref], o) {
      const r = await invoke(s.handlers, 'acceptContribution', {
        contributionId: resolveRef(s, 'contributions', ref, 'CONTRIB'),
        draftId: resolveDraft(s, need(o.draft, '--draft')),
        mode: o.mode,
        at: o.at === undefined ? undefined : Number(o.at),
        fields: list(o.question),
      });
      for (const x of r.revisions) io.out(`${x.field}\t${x.revisionId}`);
    },
  },
  'contribution dismiss': {
    usage: 'contribution dismiss CONTRIB --reason R',
    options: { reason: { type: 'string' } },
    async run({ services: s, io }, [ref], o) {
      const c = await invoke(s.handlers, 'dismissContribution', { contributionId: resolveRef(s, 'contributions', ref, 'CONTRIB'), reason: need(o.reason, '--reason') });
      io.out(`dismissed ${c.id}: ${c.dismissReason}`);
    },
  },
  'contribution sources': {
    usage: 'contribution sources DRAFT QUESTION [--json]   (accepted contributions behind an answer)',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref, q], o) {
      const l = await invoke(s.handlers, 'answerSources', { draftId: resolveDraft(s, ref), field: need(q, 'QUESTION') });
      if (o.json) return io.out(json(l));
      for (const x of l) io.out(`${x.revisionId}\t${x.acceptedAt}\t${x.acceptedBy}\t${x.contribution.provenance.source}\t${x.contribution.text.replace(/\s+/g, ' ').slice(0, 100)}`);
    },
  },
  ...Object.fromEntries(
    (['submit', 'return', 'approve'] as const).map((action) => [
      `review ${action}`,
      {
        usage: `review ${action} DRAFT [--comment C]`,
        options: { comment: { type: 'string' as const } },
        async run({ services: s, io }, [ref], o) {
          const r = await invoke(s.handlers, 'reviewTransition', { draftId: resolveDraft(s, ref), action, comment: o.comment });
          io.out(`${r.status} (version ${r.version})`);
        },
      },
    ]),
  ),
  'review rule': {
    usage: 'review rule [on|off]   (the approver must not be the person who last submitted; without an argument: shows it)',
    async run({ services: s, io }, [v]) {
      if (v !== undefined && v !== 'on' && v !== 'off') throw new AppError('invalid_input', `review rule takes on or off, not ${v}`);
      const r = v === undefined ? await invoke(s.handlers, 'getReviewRules', {}) : await invoke(s.handlers, 'setReviewRules', { approverNotSubmitter: v === 'on' });
      io.out(`the approver must not be the last submitter: ${r.approverNotSubmitter ? 'on' : 'off'}`);
    },
  },
  'review reopen': {
    usage: 'review reopen DRAFT   (opens version N+1 of an approved draft for editing; version N stays final)',
    async run({ services: s, io }, [ref]) {
      const r = await invoke(s.handlers, 'reopenDraft', { draftId: resolveDraft(s, ref) });
      io.out(`${r.status} (version ${r.version})`);
    },
  },
  'review history': {
    usage: 'review history DRAFT [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const l = await invoke(s.handlers, 'reviewHistory', { draftId: resolveDraft(s, ref) });
      if (o.json) return io.out(json(l));
      for (const h of l) io.out(`${h.at}\tv${h.version}\t${h.action}\t${h.fromStatus} -> ${h.toStatus}\t${h.actorName}${h.comment ? `\t${h.comment}` : ''}`);
    },
  },
  'review versions': {
    usage: 'review versions DRAFT [--json]   (approved versions, kept intact)',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const l = await invoke(s.handlers, 'listDraftVersions', { draftId: resolveDraft(s, ref) });
      if (o.json) return io.out(json(l));
      for (const v of l) io.out(`v${v.version}\t${v.approvedAt}\t${v.approvedByName}\t${v.fieldCount} fields\t${v.title}`);
    },
  },
  'review version': {
    usage: 'review version DRAFT N [--json]   (an approved version as it was approved)',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref, n], o) {
      const v = await invoke(s.handlers, 'getDraftVersion', { draftId: resolveDraft(s, ref), version: Number(need(n, 'N')) });
      if (o.json) return io.out(json(v));
      io.out(`${v.title} — version ${v.version}, approved ${v.approvedAt} by ${v.approvedByName}`);
      for (const [f, st] of Object.entries(v.fields)) io.out(`\n[${f}]\n${renderValue(st.value)}`);
    },
  },
  'comment add': {
    usage: 'comment add DRAFT QUESTION --text T [--reply-to COMMENT]',
    options: { text: { type: 'string' }, 'reply-to': { type: 'string' } },
    async run({ services: s, io }, [ref, q], o) {
      const c = await invoke(s.handlers, 'addComment', {
        draftId: resolveDraft(s, ref),
        field: need(q, 'QUESTION'),
        body: need(o.text, '--text'),
        replyTo: o['reply-to'] ? resolveRef(s, 'comments', o['reply-to'] as string, 'COMMENT') : undefined,
      });
      io.out(c.id);
    },
  },
  'comment list': {
    usage: 'comment list DRAFT [QUESTION] [--all] [--json]   (--all includes resolved threads)',
    options: { all: { type: 'boolean' }, json: { type: 'boolean' } },
    async run({ services: s, io }, [ref, q], o) {
      const l = await invoke(s.handlers, 'listComments', { draftId: resolveDraft(s, ref), field: q, includeResolved: !!o.all });
      if (o.json) return io.out(json(l));
      for (const c of l) io.out(`${'  '.repeat(c.depth)}${c.id}\t${c.field}\t${c.authorName}\t${c.createdAt}${c.resolvedAt ? '\tresolved' : ''}\t${c.body.replace(/\s+/g, ' ')}`);
    },
  },
  'comment resolve': {
    usage: 'comment resolve COMMENT   (resolves its whole thread)',
    async run({ services: s, io }, [ref]) {
      const l = await invoke(s.handlers, 'resolveComment', { commentId: resolveRef(s, 'comments', ref, 'COMMENT') });
      io.out(`resolved ${l.length} comment${l.length === 1 ? '' : 's'}`);
    },
  },
  audit: {
    usage: 'audit DRAFT [--csv FILE] [--xlsx FILE [--language ar|fr|en]] [--force] [--json]   (who, when, what, old, new, why; --xlsx: an Excel workbook, headers in the language)',
    options: { csv: { type: 'string' }, xlsx: { type: 'string' }, language: { type: 'string' }, json: { type: 'boolean' }, force: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const draftId = resolveDraft(s, ref);
      if (o.csv || o.xlsx) {
        // (the call's schema checks --language: ar, fr or en)
        const book = o.xlsx ? await invoke(s.handlers, 'auditWorkbook', { draftId, language: (o.language ?? 'en') as 'en' }) : null;
        const table = o.csv ? await invoke(s.handlers, 'auditCsv', { draftId }) : null;
        if (book) writeOutput(o.xlsx as string, Buffer.from(book.base64, 'base64'), { store: s.store.file, force: !!o.force });
        if (table) writeOutput(o.csv as string, table.csv, { store: s.store.file, force: !!o.force });
        return io.out(`${(book ?? table)!.rows} entries written to ${[o.csv, o.xlsx].filter(Boolean).join(' and ')}`);
      }
      const l = await invoke(s.handlers, 'auditLog', { draftId });
      if (o.json) return io.out(json(l));
      const short = (x: string) => x.replace(/\s+/g, ' ').slice(0, 60);
      for (const e of l) io.out(`${e.at}\t${e.who}\t${e.action}\t${e.target}\t${short(e.old)}\t${short(e.new)}\t${short(e.why)}`);
    },
  },
  dashboard: {
    usage: 'dashboard DRAFT [--json]   (waiting contributions per question; what every source said per objective)',
    options: { json: { type: 'boolean' } },
    async run({ services: s, io }, [ref], o) {
      const d = await invoke(s.handlers, 'dashboard', { draftId: resolveDraft(s, ref) });
      if (o.json) return io.out(json(d));
      io.out(`status ${d.status} (version ${d.version}); ${d.openConflicts} open conflicts; ${d.openComments} open comment threads`);
      for (const q of d.questions) {
        if (!q.pending && !q.accepted && !q.dismissed) continue;
        io.out(`${q.field}\t${q.pending} waiting\t${q.accepted} accepted\t${q.dismissed} dismissed\t${q.from.map((f) => `${f.source}${at(f.workshop)} ×${f.count}`).join('; ')}`);
      }
      for (const ob of d.objectives) {
        if (!ob.said.length) continue;
        io.out(`objective ${ob.number}: master ${ob.master ? `[${ob.master.status}] ${ob.master.note.replace(/\s+/g, ' ').slice(0, 60)}` : '(not set)'}`);
        for (const x of ob.said) io.out(`  ${x.source}${at(x.workshop)} (${x.status}): ${x.text.replace(/\s+/g, ' ').slice(0, 100)}`);
      }
    },
  },
  'bundle export-workshop': {
    usage: 'bundle export-workshop WORKSHOP --out FILE [--recipient age1…]…',
    options: { out: { type: 'string' }, recipient: { type: 'string', multiple: true } },
    async run({ services: s, io }, [ref], o) {
      const r = await invoke(s.handlers, 'exportWorkshopBundle', { workshopId: resolveRef(s, 'workshops', ref, 'WORKSHOP'), file: need(o.out, '--out'), recipients: o.recipient as string[] | undefined });
      io.out(`${r.file}\t${r.bundleId}\t${r.contributions} contributions`);
    },
  },
  // One `bundle import`: without --into the bundle layer's (a new draft); with --into, into an existing draft.
  'bundle import': {
    createsStore: true,
    usage: 'bundle import FILE [--into DRAFT] [--identity AGE_KEY_FILE] [--accept-unknown-signer]   (--into: merge a returned draft into DRAFT)',
    options: { ...bundleCommands['bundle import']!.options, into: { type: 'string' } },
    async run(ctx, positionals, o) {
      if (o.into === undefined) return bundleCommands['bundle import']!.run(ctx, positionals, o);
      const { services: s, io } = ctx;
      const r = await invoke(s.handlers, 'importBundleInto', {
        file: need(positionals[0], 'FILE'),
        draftId: resolveDraft(s, need(o.into, '--into DRAFT')),
        identityFile: o.identity,
        acceptUnknownSigner: !!o['accept-unknown-signer'],
      });
      io.out(r.message);
    },
  },
};
