/**
 * Every audit action the services write has words in English, French and Arabic. The audit screen
 * showed "bundle.import.signer-confirmed", "participant.consent-withdrawn", "settings.review-rule"
 * and three contribution actions as raw codes on every screen; a code that extends another
 * ("bundle.import" is words, "bundle.import.signer-confirmed" a code of its own) could not have
 * words at all under `msg.audit.<action>` (shared/messages.ts, auditActionKey).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REVIEW_ACTIONS } from '../main/review/status';
import { resources } from '../shared/i18n';
import { auditActionKey } from '../shared/messages';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The action codes written by `audit(draft, 'code', …)` in main/, and those made from a template there. */
function writtenActions(): string[] {
  const found = new Set<string>();
  for (const file of sources(path.join(__dirname, '..', 'main'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\baudit\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*'([a-z][a-z.-]*)'/g)) found.add(m[1]!);
  }
  // built from a template: `draft.${k}` (main/services/drafts.ts setDocument), `review.${action}` (main/review/status.ts);
  // and the rows main/review/audit.ts makes from revisions
  for (const a of ['field.edit', 'field.merge', 'field.import']) found.add(a);
  for (const k of ['language', 'authority', 'country']) found.add(`draft.${k}`);
  for (const a of [...REVIEW_ACTIONS, 'reopen']) found.add(`review.${a}`);
  return [...found].sort();
}

const lookup = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), tree);

describe('audit actions in words', () => {
  const actions = writtenActions();

  it('finds the actions the services write', () => {
    expect(actions.length).toBeGreaterThan(40);
    expect(actions).toEqual(expect.arrayContaining(['draft.create', 'field.edit', 'bundle.import.signer-confirmed', 'review.approve']));
  });

  for (const lang of ['en', 'fr', 'ar'] as const) {
    it(`every action has words in ${lang}`, () => {
      const missing = actions.filter((a) => typeof lookup(resources[lang].translation, auditActionKey(a)) !== 'string');
      expect(missing).toEqual([]);
    });
  }

  it('a code that extends another keeps its own words', () => {
    expect(auditActionKey('bundle.import')).toBe('msg.audit.bundle.import');
    expect(auditActionKey('bundle.import.signer-confirmed')).toBe('msg.audit.bundle.import-signer-confirmed');
    expect(lookup(resources.fr.translation, auditActionKey('bundle.import.signer-confirmed'))).not.toBe(lookup(resources.fr.translation, auditActionKey('bundle.import')));
  });
});
