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
import { nowIso, type Store } from '../store/store';

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
  added: number;
  alreadyPresent: number;
  participantsAdded: number;
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
  const exists = store.sql('SELECT draft_id FROM contributions WHERE id = ?');
  const fresh = p.contributions.filter((c) => !exists.get(c.id));
  const w = p.workshop;
  if (!fresh.length) {
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
    const skipped = p.contributions.length - fresh.length;
    const message = `${fresh.length} contribution${fresh.length === 1 ? '' : 's'} from workshop "${w.title}" (${w.date}, ${w.place}) queued for review${skipped ? `; ${skipped} already here, not added again` : ''}`;
    store.audit(targetDraftId, 'contributions.import', { target: `workshop ${w.id}`, newValue: message, reason: provenance.bundleId ? `bundle ${provenance.bundleId}` : undefined });
    return { draftId: targetDraftId, workshopId: w.id, workshopTitle: w.title, added: fresh.length, alreadyPresent: skipped, participantsAdded, message };
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
