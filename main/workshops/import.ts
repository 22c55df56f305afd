/**
 * Importing a workshop's contributions into an existing draft: each contribution is queued as
 * pending for the questions/objectives it is tagged to. One transaction per payload; ids travel,
 * so importing the same contributions again adds nothing and says so. A payload for another
 * template version, or a draft that is not here, is refused with nothing changed.
 */
import { AppError } from '../../shared/contract/common';
import { ContributionsPayload } from '../../shared/contributions-format';
import { docText } from '../../shared/doc';
import { describeZodError, templateFields } from '../../shared/template';
import { Templates } from '../services/templates';
import { canonicalJson } from '../services/values';
import { newId, nowIso, type Store } from '../store/store';
import { assertOwnRecords } from './import-guards';

export interface ContributionsProvenance {
  /** the signed bundle it came in, if any (its signer is in the bundles table) */
  bundleId: string | null;
}

export interface ImportProgress {
  done: number;
  total: number;
}

export interface ContributionsImport {
  draftId: string;
  workshopId: string;
  workshopTitle: string;
  workshopDate: string;
  workshopPlace: string;
  added: number;
  alreadyPresent: number;
  participantsAdded: number;
  /** edited where the workshop was held since: updated here, or kept as decided here */
  updated: number;
  keptDecided: number;
  /** participants who withdrew consent to be named */
  withdrawn: number;
  message: string;
}

export function importContributions(
  store: Store,
  targetDraftId: string,
  payloadRaw: unknown,
  provenance: ContributionsProvenance,
  onProgress?: (p: ImportProgress) => void,
): ContributionsImport {
  const parsed = ContributionsPayload.safeParse(payloadRaw);
  if (!parsed.success) throw new AppError('bad_file', `not a valid contributions payload: ${describeZodError(parsed.error)}; nothing imported`);
  const p = parsed.data;
  const draft = store.sql('SELECT id, title, template_id, template_version, deleted_at FROM drafts WHERE id = ?').get(targetDraftId) as
    | { id: string; title: string; template_id: string; template_version: string; deleted_at: string | null }
    | undefined;
  if (!draft) throw new AppError('not_found', `no draft with id ${targetDraftId} here; nothing imported`);
  if (draft.deleted_at) throw new AppError('conflict', `draft "${draft.title}" is in the trash; restore it first; nothing imported`);
  if (p.template.id !== draft.template_id || p.template.version !== draft.template_version) {
    throw new AppError(
      'bad_file',
      `these contributions were captured for template ${p.template.id} ${p.template.version}, but draft "${draft.title}" uses ${draft.template_id} ${draft.template_version}; nothing imported`,
    );
  }
  const fields = new Set(templateFields(new Templates(store).get(draft.template_id, draft.template_version)));
  for (const c of p.contributions) {
    const bad = c.targets.find((t) => !fields.has(t));
    if (bad) throw new AppError('bad_file', `contribution ${c.id} is tagged to ${bad}, which template ${p.template.id} ${p.template.version} does not have; nothing imported`);
  }
  assertOwnRecords(store, p);
  const exists = store.sql('SELECT draft_id FROM contributions WHERE id = ?');
  const fresh = p.contributions.filter((c) => !exists.get(c.id));
  const w = p.workshop;
  // a new export of a workshop carries contributions edited there since, and consents withdrawn
  const { edited, withdrawn } = laterChanges(store, p);
  if (!fresh.length && !edited.length && !withdrawn.length) {
    const where = (exists.get(p.contributions[0]?.id ?? '') as { draft_id: string | null } | undefined)?.draft_id;
    throw new AppError(
      'conflict',
      `already imported: ${p.contributions.length === 0 ? 'the bundle holds no contributions' : `all ${p.contributions.length} contributions of workshop "${w.title}" (${w.date}, ${w.place}) are already here${where && where !== targetDraftId ? ` (queued for draft ${where})` : ''}`}; nothing added`,
    );
  }
  const total = fresh.length;
  onProgress?.({ done: 0, total });
  const at = nowIso();
  const result = store.tx(() => {
    if (!store.sql('SELECT 1 FROM workshops WHERE id = ?').get(w.id)) {
      store
        .sql(
          `INSERT INTO workshops (id, draft_id, template_id, template_version, title, date, place, authority, facilitator, created_at, created_by_name, created_by_org, installation_id, source_bundle_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(w.id, targetDraftId, p.template.id, p.template.version, w.title, w.date, w.place, w.authority, w.facilitator, w.createdAt, w.createdByName, w.createdByOrganisation, w.installationId, provenance.bundleId);
    }
    const hasParticipant = store.sql('SELECT 1 FROM participants WHERE id = ?');
    const insParticipant = store.sql(
      'INSERT INTO participants (id, workshop_id, name, organisation, kind, consent_to_name, created_at, installation_id, source_bundle_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    let participantsAdded = 0;
    for (const x of p.participants) {
      if (hasParticipant.get(x.id)) continue;
      insParticipant.run(x.id, w.id, x.consentToName ? x.name : null, x.organisation, x.kind, x.consentToName ? 1 : 0, at, w.installationId, provenance.bundleId);
      participantsAdded++;
    }
    const ins = store.sql(
      `INSERT INTO contributions (id, workshop_id, draft_id, participant_id, organisation, targets, content, text, created_at, author_name, author_org, installation_id, source_bundle_id, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    fresh.forEach((c, i) => {
      ins.run(c.id, w.id, targetDraftId, c.participantId, c.organisation, JSON.stringify(c.targets), JSON.stringify(c.content), docText(c.content), c.createdAt, c.authorName, c.authorOrganisation, c.installationId, provenance.bundleId, at);
      if (onProgress && (i + 1) % 100 === 0) onProgress({ done: i + 1, total });
    });
    const applied = applyLaterChanges(store, targetDraftId, edited, withdrawn, provenance.bundleId ?? null);
    const skipped = p.contributions.length - fresh.length - applied.updated - applied.keptDecided;
    const message = [
      `${fresh.length} contribution${fresh.length === 1 ? '' : 's'} from workshop "${w.title}" (${w.date}, ${w.place}) queued for review`,
      applied.updated ? `${applied.updated} edited there since, updated here (the earlier text is kept in its history)` : '',
      applied.keptDecided ? `${applied.keptDecided} edited there after a decision here, kept as decided` : '',
      applied.withdrawn ? `${applied.withdrawn} participant${applied.withdrawn > 1 ? 's' : ''} withdrew consent to be named` : '',
      skipped ? `${skipped} already here, not added again` : '',
    ]
      .filter(Boolean)
      .join('; ');
    store.audit(targetDraftId, 'contributions.import', { target: `workshop ${w.id}`, newValue: message, reason: provenance.bundleId ? `bundle ${provenance.bundleId}` : undefined });
    return { draftId: targetDraftId, workshopId: w.id, workshopTitle: w.title, workshopDate: w.date, workshopPlace: w.place, added: fresh.length, alreadyPresent: skipped, participantsAdded, updated: applied.updated, keptDecided: applied.keptDecided, withdrawn: applied.withdrawn, message };
  });
  onProgress?.({ done: total, total });
  return result;
}

/**
 * Imports many payloads one after the other, yielding to the event loop between them so a window
 * stays responsive, and reporting progress (payloads done / total). Stops at the first refusal
 * unless `skipRefused`; every payload is its own transaction.
 */
export async function importContributionsBatch(
  store: Store,
  targetDraftId: string,
  payloads: Iterable<unknown>,
  opts: { provenance?: (i: number) => ContributionsProvenance; onProgress?: (p: ImportProgress & { added: number }) => void; skipRefused?: boolean } = {},
): Promise<{ imports: ContributionsImport[]; refused: Array<{ index: number; message: string }> }> {
  const list = [...payloads];
  const imports: ContributionsImport[] = [];
  const refused: Array<{ index: number; message: string }> = [];
  let added = 0;
  for (let i = 0; i < list.length; i++) {
    try {
      const r = importContributions(store, targetDraftId, list[i], opts.provenance?.(i) ?? { bundleId: null });
      imports.push(r);
      added += r.added;
    } catch (e) {
      if (!opts.skipRefused) throw e;
      refused.push({ index: i, message: (e as Error).message });
    }
    opts.onProgress?.({ done: i + 1, total: list.length, added });
    await new Promise((r) => setImmediate(r));
  }
  return { imports, refused };
}

type Incoming = ContributionsPayload['contributions'][number];

/** Contributions already here that the new export carries changed, and participants who withdrew consent. */
function laterChanges(store: Store, p: ContributionsPayload): { edited: Incoming[]; withdrawn: string[] } {
  const mine = store.sql('SELECT content, targets, organisation, participant_id, deleted_at FROM contributions WHERE id = ?');
  const edited = p.contributions.filter((c) => {
    const r = mine.get(c.id) as { content: string; targets: string; organisation: string; participant_id: string | null; deleted_at: string | null } | undefined;
    return !!r && !r.deleted_at && (canonicalJson(JSON.parse(r.content)) !== canonicalJson(c.content) || r.targets !== JSON.stringify(c.targets) || r.organisation !== c.organisation || r.participant_id !== c.participantId);
  });
  const named = store.sql('SELECT consent_to_name FROM participants WHERE id = ?');
  const withdrawn = p.participants.filter((x) => !x.consentToName && (named.get(x.id) as { consent_to_name: number } | undefined)?.consent_to_name === 1).map((x) => x.id);
  return { edited, withdrawn };
}

/**
 * Applies them (inside the import's transaction): a contribution not yet decided here takes the
 * new text, targets and attribution, its earlier text kept in contribution_history; one already
 * accepted or dismissed here is left as decided, the text that arrived kept beside it in the audit
 * log (contribution.later-after-decision), so it is seen and not lost. A withdrawn consent hides
 * the name from then on.
 */
function applyLaterChanges(store: Store, draftId: string, edited: Incoming[], withdrawn: string[], bundleId: string | null): { updated: number; keptDecided: number; withdrawn: number } {
  const a = store.author();
  const at = nowIso();
  let updated = 0;
  let keptDecided = 0;
  for (const c of edited) {
    if (store.sql('SELECT 1 FROM contribution_decisions WHERE contribution_id = ?').get(c.id)) {
      const decided = store.sql('SELECT text FROM contributions WHERE id = ?').get(c.id) as { text: string };
      const later = { target: `contribution ${c.id}`, oldValue: decided.text.slice(0, 2000), newValue: docText(c.content).slice(0, 2000) };
      // once per text: every later export of the workshop carries it again
      if (!store.sql("SELECT 1 FROM audit_log WHERE action = 'contribution.later-after-decision' AND target = ? AND new_value = ?").get(later.target, later.newValue)) {
        store.audit(draftId, 'contribution.later-after-decision', { ...later, reason: bundleId ? `bundle ${bundleId}` : undefined });
      }
      keptDecided++;
      continue;
    }
    const old = store.sql('SELECT * FROM contributions WHERE id = ?').get(c.id) as { content: string; targets: string; participant_id: string | null; organisation: string; text: string };
    store
      .sql(
        `INSERT INTO contribution_history (id, contribution_id, action, old_content, old_targets, old_participant_id, old_organisation, at, by_name, by_org, installation_id, after_bundle_id)
         VALUES (?, ?, 'edit', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId(), c.id, old.content, old.targets, old.participant_id, old.organisation, at, a.name, a.organisation, a.installationId, bundleId);
    store
      .sql('UPDATE contributions SET content = ?, text = ?, targets = ?, participant_id = ?, organisation = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(c.content), docText(c.content), JSON.stringify(c.targets), c.participantId, c.organisation, at, c.id);
    store.audit(draftId, 'contribution.update-from-bundle', { target: `contribution ${c.id}`, oldValue: old.text.slice(0, 2000), newValue: docText(c.content).slice(0, 2000), reason: bundleId ? `bundle ${bundleId}` : undefined });
    updated++;
  }
  for (const id of withdrawn) {
    store.sql('UPDATE participants SET consent_to_name = 0, consent_withdrawn_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
    store.audit(draftId, 'participant.consent-withdrawn', { target: `participant ${id}`, reason: `withdrawn where the workshop was held${bundleId ? `; bundle ${bundleId}` : ''}: the name is no longer shown or passed on` });
  }
  return { updated, keptDecided, withdrawn: withdrawn.length };
}
