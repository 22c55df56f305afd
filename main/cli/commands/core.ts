/** CLI: templates, identity, drafts, answers, search. */
import { AppError } from '../../../shared/contract/common';
import type { FieldValue } from '../../../shared/contract/drafts';
import type { HistoryCursor } from '../../../shared/contract/history';
import { textToDoc, docToText } from '../../../shared/plaintext';
import { valueDoc } from '../../../shared/note';
import { OBJECTIVE_STATUSES, fieldKind, fieldQuestion, objectiveField, principleField } from '../../../shared/template';
import type { Services } from '../../services';
import type { CommandTable } from '../types';
import { resolveIdRef, tableIds } from '../id-ref';
import { invoke, json, need, readInputFile } from '../util';
import { printSessions } from './history';

/** A draft by full id or by a unique prefix of it (main/cli/id-ref.ts). */
export function resolveDraft(s: Services, ref: string | undefined): string {
  return resolveIdRef(need(ref, 'DRAFT'), 'draft', tableIds(s.store.db, 'drafts'));
}

function plainOf(value: FieldValue): string {
  return docToText(valueDoc(value));
}

async function currentRevision(s: Services, draftId: string, field: string): Promise<string | null> {
  const d = await invoke(s.handlers, 'getDraft', { draftId });
  return d.fields[field]?.revisionId ?? null;
}

async function saveCurrent(s: Services, draftId: string, field: string, value: FieldValue) {
  return invoke(s.handlers, 'saveField', { draftId, field, value, baseRevisionId: await currentRevision(s, draftId, field) });
}

export const coreCommands: CommandTable = {
  'template show': {
    worksWithoutStore: true,
    usage: 'template show [ID] [--json]',
    options: { json: { type: 'boolean' }, version: { type: 'string' } },
    async run({ services, io }, [id], o) {
      const t = await invoke(services.handlers, 'getTemplate', { id: id ?? 'arab-region-2020', version: o.version as string | undefined });
      if (o.json) return io.out(json(t));
      io.out(`${t.title}\n${t.id} ${t.version}\n`);
      for (const s of t.sections) {
        io.out(`${s.id}. ${s.title}${s.provisionalTitle ? ' (provisional title)' : ''}`);
        for (const q of s.questions) io.out(`  ${q.id}  ${q.text}`);
      }
      io.out('\nObjectives:');
      for (const ob of t.objectives) io.out(`  ${ob.number}. ${ob.title}`);
      io.out('\nGuiding principles:');
      for (const p of t.principles) io.out(`  ${p.id}. ${p.title}`);
    },
  },
  'template import': {
    usage: 'template import FILE',
    async run({ services, io }, [file]) {
      const r = await invoke(services.handlers, 'importTemplate', { json: readInputFile(need(file, 'FILE')) });
      io.out(`${r.id} ${r.version}`);
    },
  },
  'template list': {
    worksWithoutStore: true,
    usage: 'template list [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const l = await invoke(services.handlers, 'listTemplates', {});
      if (o.json) return io.out(json(l));
      for (const t of l) io.out(`${t.id}\t${t.version}\t${t.builtin ? 'built-in' : 'imported'}\t${t.title}`);
    },
  },
  'identity init': {
    createsStore: true,
    usage: 'identity init --name N --organisation O',
    options: { name: { type: 'string' }, organisation: { type: 'string' } },
    async run({ services, io }, _p, o) {
      const r = await invoke(services.handlers, 'setIdentity', { name: o.name, organisation: o.organisation });
      io.out(`${r.name} (${r.organisation})${r.fingerprint ? `\n${r.fingerprint}` : ''}`);
    },
  },
  'identity show': {
    usage: 'identity show [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const r = await invoke(services.handlers, 'getIdentity', {});
      if (o.json) return io.out(json(r));
      if (!r) return io.out('no identity set: run `identity init --name N --organisation O`');
      io.out(`name: ${r.name}\norganisation: ${r.organisation}\ninstallation: ${r.installationId}${r.fingerprint ? `\nfingerprint: ${r.fingerprint}` : ''}${r.publicKeyPem ? `\n${r.publicKeyPem.trim()}` : ''}`);
    },
  },
  'draft create': {
    createsStore: true,
    usage: 'draft create --title T [--country C] [--language ar|fr|en] [--authority A] [--template ID]',
    options: { title: { type: 'string' }, country: { type: 'string' }, language: { type: 'string' }, authority: { type: 'string' }, template: { type: 'string' } },
    async run({ services, io }, _p, o) {
      const d = await invoke(services.handlers, 'createDraft', { title: o.title, country: o.country, language: o.language as never, authority: o.authority, templateId: o.template });
      io.out(d.id);
    },
  },
  'draft set': {
    usage: 'draft set DRAFT [--language ar|fr|en] [--authority A] [--country C]   (what the document says about the draft)',
    options: { language: { type: 'string' }, authority: { type: 'string' }, country: { type: 'string' } },
    async run({ services, io }, [ref], o) {
      if (o.language === undefined && o.authority === undefined && o.country === undefined) throw new AppError('invalid_input', 'give at least one of --language, --authority, --country');
      const d = await invoke(services.handlers, 'setDraftDocument', { draftId: resolveDraft(services, ref), language: o.language as never, authority: o.authority, country: o.country });
      io.out(`${d.title}: language ${d.language}; authority ${d.authority || '(none)'}; country ${d.country || '(none)'}`);
    },
  },
  'draft list': {
    usage: 'draft list [--json] [--trash]',
    options: { json: { type: 'boolean' }, trash: { type: 'boolean' } },
    async run({ services, io }, _p, o) {
      const l = await invoke(services.handlers, 'listDrafts', { trash: !!o.trash });
      if (o.json) return io.out(json(l));
      // one write, not one per draft (a list of 1,000 drafts)
      if (l.length) io.out(l.map((d) => `${d.id}\t${d.answered}/${d.total}\t${d.updatedAt}\t${d.title}`).join('\n'));
    },
  },
  'draft show': {
    usage: 'draft show DRAFT [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, [ref], o) {
      const d = await invoke(services.handlers, 'getDraft', { draftId: resolveDraft(services, ref) });
      const answers: Record<string, { text: string; revisionId: string; updatedAt: string; author: string }> = {};
      const objectives: Record<string, { status: string; note: string }> = {};
      const principles: Record<string, { note: string }> = {};
      for (const [field, st] of Object.entries(d.fields)) {
        if (st.value.kind === 'answer') {
          if (st.text.trim()) answers[field] = { text: plainOf(st.value), revisionId: st.revisionId, updatedAt: st.updatedAt, author: st.authorName };
        } else if (st.value.kind === 'objective') objectives[field.split('/').pop()!] = { status: st.value.status, note: docToText(st.value.note) };
        else principles[field.split('/').pop()!] = { note: docToText(st.value.note) };
      }
      const { fields: _f, ...summary } = d;
      if (o.json) return io.out(json({ ...summary, answers, objectives, principles }));
      io.out(`${d.title}${d.country ? ` — ${d.country}` : ''}\n${d.id}\ntemplate ${d.templateId} ${d.templateVersion}; document language ${d.language}${d.authority ? `; authority ${d.authority}` : ''}; ${d.answered}/${d.total} answered${d.deletedAt ? '; IN TRASH' : ''}`);
      for (const p of d.progress) io.out(`  ${p.sectionId}: ${p.answered}/${p.total}`);
    },
  },
  'draft rename': {
    usage: 'draft rename DRAFT --title T',
    options: { title: { type: 'string' } },
    async run({ services, io }, [ref], o) {
      const d = await invoke(services.handlers, 'renameDraft', { draftId: resolveDraft(services, ref), title: o.title });
      io.out(d.title);
    },
  },
  'draft duplicate': {
    usage: 'draft duplicate DRAFT [--title T]',
    options: { title: { type: 'string' } },
    async run({ services, io }, [ref], o) {
      const d = await invoke(services.handlers, 'duplicateDraft', { draftId: resolveDraft(services, ref), title: o.title });
      io.out(d.id);
    },
  },
  'draft delete': {
    usage: 'draft delete DRAFT   (moves it to the trash; `draft restore` brings it back)',
    async run({ services, io }, [ref]) {
      const d = await invoke(services.handlers, 'deleteDraft', { draftId: resolveDraft(services, ref) });
      io.out(`moved to trash: ${d.title}`);
    },
  },
  'draft restore': {
    usage: 'draft restore DRAFT',
    async run({ services, io }, [ref]) {
      const d = await invoke(services.handlers, 'restoreDraft', { draftId: resolveDraft(services, ref) });
      io.out(`restored: ${d.title}`);
    },
  },
  'answer set': {
    usage: 'answer set DRAFT QUESTION (--text T | --file F)',
    options: { text: { type: 'string' }, file: { type: 'string' } },
    async run({ services, io }, [ref, q], o) {
      const draftId = resolveDraft(services, ref);
      const field = need(q, 'QUESTION');
      if ((o.text === undefined) === (o.file === undefined)) throw new AppError('invalid_input', 'give exactly one of --text or --file');
      const text = o.text !== undefined ? (o.text as string) : readInputFile(o.file as string);
      if (fieldKind(field) !== 'answer') throw new AppError('invalid_input', `${field} is not a question; use \`objective set\` or \`principle set\``);
      const r = await saveCurrent(services, draftId, field, { kind: 'answer', doc: textToDoc(text) });
      io.out(r.unchanged ? `unchanged ${r.revisionId}` : r.revisionId);
    },
  },
  'answer get': {
    usage: 'answer get DRAFT QUESTION [--json]',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, [ref, q], o) {
      const draftId = resolveDraft(services, ref);
      const field = need(q, 'QUESTION');
      const d = await invoke(services.handlers, 'getDraft', { draftId });
      await invoke(services.handlers, 'fieldHistoryPage', { draftId, field, limit: 1 }); // validates the field id (metadata only: no text decoded)
      const t = await invoke(services.handlers, 'getTemplate', { id: d.templateId, version: d.templateVersion });
      if (!t.sections.some((s) => s.questions.some((x) => x.id === fieldQuestion(field)))) throw new AppError('not_found', `unknown question ${field}`);
      const st = d.fields[field];
      if (o.json) return io.out(json(st ? { field, text: plainOf(st.value), value: st.value, revisionId: st.revisionId, updatedAt: st.updatedAt, author: st.authorName } : { field, text: '', value: null }));
      io.out(st ? plainOf(st.value) : '');
    },
  },
  'answer history': {
    usage: 'answer history DRAFT QUESTION [--sessions] [--json]',
    options: { json: { type: 'boolean' }, sessions: { type: 'boolean' } },
    async run({ services, io }, [ref, q], o) {
      if (o.sessions) return printSessions(services, io, resolveDraft(services, ref), need(q, 'QUESTION'), !!o.json);
      const draftId = resolveDraft(services, ref);
      const field = need(q, 'QUESTION');
      if (o.json) return io.out(json(await invoke(services.handlers, 'fieldHistory', { draftId, field }))); // every save with its value and text
      // the listing needs metadata only: read in pages, so no revision's text is rebuilt
      let before: HistoryCursor | undefined;
      do {
        const page = await invoke(services.handlers, 'fieldHistoryPage', { draftId, field, before, limit: 500 });
        for (const r of page.saves) io.out(`${r.id}\t${r.createdAt}\t${r.authorName}${r.authorOrganisation ? ` (${r.authorOrganisation})` : ''}\t${r.size} chars${r.note ? `\t${r.note}` : ''}`);
        before = page.next ?? undefined;
      } while (before);
    },
  },
  'answer restore': {
    usage: 'answer restore DRAFT QUESTION REVISION',
    async run({ services, io }, [ref, q, rev]) {
      const draftId = resolveDraft(services, ref);
      const field = need(q, 'QUESTION');
      const r = await invoke(services.handlers, 'restoreRevision', { draftId, field, revisionId: need(rev, 'REVISION'), baseRevisionId: await currentRevision(services, draftId, field) });
      io.out(r.revisionId);
    },
  },
  'objective set': {
    usage: `objective set DRAFT NUMBER --status (${OBJECTIVE_STATUSES.join('|')}) [--note T]`,
    options: { status: { type: 'string' }, note: { type: 'string' } },
    async run({ services, io }, [ref, n], o) {
      const draftId = resolveDraft(services, ref);
      const r = await saveCurrent(services, draftId, objectiveField('III.a', Number(need(n, 'NUMBER'))), { kind: 'objective', status: o.status as never, note: textToDoc((o.note as string) ?? '') });
      io.out(r.revisionId);
    },
  },
  'principle set': {
    usage: 'principle set DRAFT LETTER --note T',
    options: { note: { type: 'string' } },
    async run({ services, io }, [ref, p], o) {
      const draftId = resolveDraft(services, ref);
      const r = await saveCurrent(services, draftId, principleField('III.b', need(p, 'LETTER')), { kind: 'principle', note: textToDoc(need(o.note, '--note')) });
      io.out(r.revisionId);
    },
  },
  search: {
    // complete results, as scripts expect: the search index first catches up on everything
    // (the app's searches wait a bounded time and say how many answers were left; see Fields.search)
    usage: 'search QUERY [--json]   (complete: waits for the search index to catch up first)',
    options: { json: { type: 'boolean' } },
    async run({ services, io }, words, o) {
      services.fields.indexAll();
      const { hits } = await invoke(services.handlers, 'search', { query: words.join(' ') });
      if (o.json) return io.out(json(hits));
      for (const h of hits) io.out(`${h.draftId}\t${h.field}\t${h.draftTitle}\t${h.snippet}`);
    },
  },
};
