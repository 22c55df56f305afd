/**
 * The words of the data an audit entry's target names, for the screen: a contribution by its
 * participant or organisation (the name only with the participant's consent, as everywhere), a
 * participant the same way, a workshop by its title, a named version by its label. Field ids and
 * review versions need none (the renderer words them); an id no longer found has none.
 */
import type { AuditTarget } from '../../shared/audit-target';
import type { Store } from '../store/store';
import { sourceLabel } from '../../shared/source-label';

type Named = Extract<AuditTarget, { id: string }>;

const LOOKUPS: Partial<Record<Named['kind'], string>> = {
  contribution: `SELECT p.name, p.consent_to_name AS consent, COALESCE(NULLIF(c.organisation, ''), p.organisation, '') AS organisation
                 FROM contributions c LEFT JOIN participants p ON p.id = c.participant_id WHERE c.id = ?`,
  participant: 'SELECT name, consent_to_name AS consent, organisation FROM participants WHERE id = ?',
  workshop: 'SELECT title FROM workshops WHERE id = ?',
  namedVersion: 'SELECT label AS title FROM named_versions WHERE id = ?',
};

/** A function that finds each target's words once per call of the audit (many rows name the same contribution). */
export function auditSubjects(store: Store): (target: AuditTarget) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (target) => {
    if (!('id' in target) || !LOOKUPS[target.kind]) return undefined;
    const key = `${target.kind} ${target.id}`;
    if (!seen.has(key)) {
      const r = store.sql(LOOKUPS[target.kind]!).get(target.id) as { title?: string; name?: string | null; consent?: number; organisation?: string } | undefined;
      seen.set(key, !r ? undefined : r.title !== undefined ? r.title : sourceLabel(r.name ?? null, r.consent === 1, r.organisation ?? ''));
    }
    return seen.get(key);
  };
}
