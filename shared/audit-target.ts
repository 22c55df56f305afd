/**
 * What an audit entry is about, read from the target it was stored with (main/review/audit.ts keeps
 * that text as written: the CSV and support read it). The screen words it in the interface
 * language (renderer/src/consolidation/AuditTarget.tsx). Pure.
 */
import { FieldId } from './template/schema';

export type AuditTarget =
  | { kind: 'none' }
  | { kind: 'fields'; fields: string[] }
  | { kind: 'version'; version: number }
  | { kind: 'namedVersion'; id: string }
  | { kind: 'contribution'; id: string }
  | { kind: 'participant'; id: string }
  | { kind: 'workshop'; id: string }
  | { kind: 'bundle'; id: string }
  | { kind: 'other'; text: string };

/** Actions whose target is an id alone (what it is the id of, the action says). */
const BARE_ID: Record<string, 'namedVersion' | 'workshop' | 'bundle'> = {
  'version.create': 'namedVersion',
  'workshop.create': 'workshop',
  'bundle.export': 'bundle',
  'bundle.import': 'bundle',
};

export function auditTarget(action: string, target: string): AuditTarget {
  if (!target) return { kind: 'none' };
  const fields = target.split(', ');
  if (fields.every((f) => FieldId.safeParse(f).success)) return { kind: 'fields', fields };
  const version = /^version (\d+)$/.exec(target);
  if (version) return { kind: 'version', version: Number(version[1]) };
  // "participant ID (workshop ID)": the participant is what it is about
  const named = /^(contribution|participant|workshop|bundle) (\S+)(?: \(workshop \S+\))?$/.exec(target);
  if (named) return { kind: named[1] as 'contribution' | 'participant' | 'workshop' | 'bundle', id: named[2]! };
  const bare = BARE_ID[action];
  if (bare && /^\S+$/.test(target)) return { kind: bare, id: target };
  return { kind: 'other', text: target };
}
