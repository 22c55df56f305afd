/**
 * The 'contributions' payload (contributions.json) of a verified bundle: checked against its
 * manifest and its template before anything of it is written. (Building one from the store is
 * main/workshops/payload.ts; queueing it into a draft is main/workshops/import.ts.)
 */
import { AppError } from '../../shared/contract/common';
import type { BundleManifest } from '../../shared/bundle-format';
import { ContributionsPayload } from '../../shared/contributions-format';
import { templateFields, type Template } from '../../shared/template';
import { describeZodError } from '../../shared/template/schema';
import { parseBundleJson } from './json';
import { inconsistent } from './refusals';

type ContributionsManifest = Extract<BundleManifest, { kind: 'contributions' }>;

/** Counts a manifest states about its payload: participants, named ones (consent given), contributions. */
export function contributionCounts(p: ContributionsPayload) {
  return { participants: p.participants.length, namedParticipants: p.participants.filter((x) => x.name !== null).length, contributions: p.contributions.length };
}

export function checkContributionsPayload(bytes: Buffer, manifest: ContributionsManifest, template: Template): ContributionsPayload {
  const bad = (m: string) => inconsistent(`contributions.json ${m}`);
  const raw = parseBundleJson(bytes, 'contributions.json', inconsistent);
  const r = ContributionsPayload.safeParse(raw);
  if (!r.success) throw bad(`is invalid: ${describeZodError(r.error)}`);
  const p = r.data;
  if (p.template.id !== manifest.template.id || p.template.version !== manifest.template.version) throw bad('names another template than bundle.json');
  const w = manifest.workshop;
  if (p.workshop.id !== w.id || p.workshop.title !== w.title || p.workshop.date !== w.date || p.workshop.place !== w.place || p.workshop.authority !== w.authority) throw bad('names another workshop than bundle.json');
  if (p.workshop.draftId !== manifest.draftId) throw bad('and bundle.json disagree on the draft the workshop was held for');
  const c = contributionCounts(p);
  if (c.participants !== manifest.counts.participants || c.namedParticipants !== manifest.counts.namedParticipants || c.contributions !== manifest.counts.contributions) {
    throw bad('and bundle.json disagree on the number of participants or contributions');
  }
  const fields = new Set(templateFields(template));
  for (const x of p.contributions) {
    const off = x.targets.find((t) => !fields.has(t));
    if (off) throw bad(`does not fit template ${template.id} ${template.version}: contribution ${x.id} is tagged to ${off}, which the template does not have`);
  }
  return p;
}
