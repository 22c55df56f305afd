/**
 * Words the services produce, as codes the renderer words in the interface language.
 *
 * - Errors: an AppError may carry `details.messageKey` (+ `messageParams`); the renderer shows
 *   `msg.errors.<messageKey>`; the English `message` stays for the CLI, logs and support. The
 *   dispatcher codes every input-validation error this way (`validation.<issue>`, param `field`).
 * - Texts stored in the store before there were codes (unplaced reasons, conflict reasons, review
 *   comments, revision notes) are recognised by their fixed English form, which acts as their
 *   code: `storedText()` turns one into a key and parameters (and the phrases nested in it), and
 *   `wordStored()` words it; the audit's "why" and the history's notes both go through them.
 *   Audit actions are codes already (`draft.create`, `field.edit`): `auditActionKey()`.
 */
import { formatDay, formatList, type Language } from './i18n/languages';

export interface MessageRef {
  messageKey: string;
  messageParams?: Record<string, string | number>;
}

/** details for an AppError whose message the renderer words itself. */
export const coded = (messageKey: string, messageParams?: MessageRef['messageParams'], extra?: Record<string, unknown>): MessageRef & Record<string, unknown> => ({
  ...extra,
  messageKey,
  ...(messageParams ? { messageParams } : {}),
});

export function messageRef(details: unknown): MessageRef | null {
  if (!details || typeof details !== 'object') return null;
  const d = details as { messageKey?: unknown; messageParams?: unknown };
  if (typeof d.messageKey !== 'string' || !/^[a-zA-Z]+(\.[a-zA-Z]+)*$/.test(d.messageKey)) return null;
  const params = d.messageParams && typeof d.messageParams === 'object' ? (d.messageParams as Record<string, string | number>) : undefined;
  return { messageKey: d.messageKey, ...(params ? { messageParams: params } : {}) };
}

/** A zod issue as a validation message key: the field (last path segment) and what is wrong. */
/** An issue that says a required value was not given at all (zod: "expected string, received undefined"). */
export const isMissing = (issue: { message?: string }): boolean => /received undefined/.test(issue.message ?? '');

export function validationRef(issue: { code: string; path: PropertyKey[]; message?: string; minimum?: unknown; maximum?: unknown; input?: unknown }): MessageRef {
  const field = String(issue.path.filter((p) => typeof p === 'string').pop() ?? 'input');
  const kind =
    issue.code === 'too_small' && (issue.minimum === 1 || issue.input === '' || issue.input === undefined)
      ? 'required'
      : issue.code === 'too_small'
        ? 'tooShort'
        : issue.code === 'too_big'
          ? 'tooLong'
          : issue.code === 'invalid_value' || issue.code === 'invalid_enum_value'
            ? 'notAllowed'
            : isMissing(issue)
              ? 'required'
              : 'invalid';
  return { messageKey: `validation.${kind}`, messageParams: { field, ...(typeof issue.maximum === 'number' ? { max: issue.maximum } : {}) } };
}

/**
 * The parameters of the app's phrases (stored and coded alike) that are a calendar day, kept as
 * YYYY-MM-DD: a workshop's day, the day a key was revoked. Shown as the interface language writes
 * a day ("2 mars 2021", "2 مارس 2021"), never as the ISO form inside a sentence; the bounds of a
 * key's validity (msg.trust.*).
 */
export const DAY_PARAMS: ReadonlySet<string> = new Set(['date', 'revokedAt', 'validFrom', 'validUntil']);

/** A phrase's parameters as the language shows them: each day parameter worded (the others as they are). */
export function shownParams<T>(params: Record<string, string | number | T>, lang: Language): Record<string, string | number | T> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, DAY_PARAMS.has(k) && typeof v === 'string' ? formatDay(v, lang) : v]));
}

/**
 * A parameter of a stored phrase: its captured text as it is (a name, a number), or itself one of
 * the app's phrases (`{ stored }`), or a list of them joined by ", " (`{ list }`), each worded in
 * turn; a phrase whose nested part is not one of the app's phrases does not match.
 */
type StoredParam = string | { stored: string } | { list: string };

/** The fixed English forms of stored texts, and their keys. The first match wins. */
const STORED: Array<[RegExp, string, StoredParam[]]> = [
  [/^text before the first recognised question$/, 'unplaced.beforeFirst', []],
  [/^text after a section heading, before its first question$/, 'unplaced.sectionIntro', []],
  [/^text in the question column that is not part of the question$/, 'unplaced.questionColumn', []],
  [/^a row of the objectives table that could not be read$/, 'unplaced.objectivesRow', []],
  [/^a row of the guiding principles table that could not be read$/, 'unplaced.principlesRow', []],
  [/^a heading that is not a section or question of the template$/, 'unplaced.unknownHeading', []],
  [/^a footnote of the document$/, 'unplaced.footnote', []],
  [/^text hidden in the Word document \(Word does not show it\)$/, 'unplaced.hidden', []],
  [/^content embedded in the Word document in another format \(HTML, RTF…\), not read: open the file in Word, save it and import it again$/, 'unplaced.altChunk', []],
  [/^answer to a question not in the template: "(.*)"$/s, 'unplaced.unknownQuestion', ['label']],
  [/^text under a heading that is not in the template: "(.*)"$/s, 'unplaced.unknownSection', ['label']],
  [/^a Word comment on text that is not under any question$/, 'unplaced.wordCommentOutside', []],
  [/^text after a section heading with no question after it$/, 'unplaced.sectionEnd', []],
  // why a revision was written (the history's notes and the audit's "why"; main/services/interchange.ts, drafts.ts, merge/returned-draft.ts, bundle/import.ts)
  [/^imported from text:pasted text$/, 'note.importedPasted', []],
  [/^imported from (?:text|docx):(.+)$/s, 'note.importedFrom', ['file']],
  [/^placed from import \((?:text|docx):(.+)\)$/s, 'note.placedFrom', ['file']],
  [/^Word comment by (.*) imported from (?:text|docx):(.+)$/s, 'note.wordComment', ['author', 'file']],
  [/^copied from draft \S+ revision \S+$/, 'note.copiedFrom', []],
  [/^restored from revision \S+ of \S+$/, 'note.restoredFrom', []],
  // how a merge conflict was decided (main/review/conflicts.ts): the audit's "why", and the note of the revision it wrote
  [/^merge conflict resolved: (.+)$/s, 'note.conflictResolved', [{ stored: 'how' }]],
  [/^place (\d+): ours$/, 'conflict.place.ours', ['place']],
  [/^place (\d+): theirs$/, 'conflict.place.theirs', ['place']],
  [/^place (\d+): both$/, 'conflict.place.both', ['place']],
  [/^place (\d+): edited$/, 'conflict.place.edited', ['place']],
  [/^(place \d+: \w+(?:, place \d+: \w+)+)$/, 'conflict.places', [{ list: 'places' }]],
  [/^kept ours$/, 'conflict.keptOurs', []],
  [/^kept theirs$/, 'conflict.keptTheirs', []],
  [/^combined by hand$/, 'conflict.byHand', []],
  [/^(\d+) questions filled, (\d+) unplaced$/, 'note.importCounts', ['count', 'unplaced']],
  [/^merged from bundle \S+ \((.+)\): the changes that did not overlap; (\d+) places? waits? for a decision$/s, 'note.mergedPartialFrom', ['from', 'count']],
  [/^merged from bundle \S+: the changes that did not overlap; (\d+) places? waits? for a decision$/, 'note.mergedPartial', ['count']],
  [/^merged from bundle \S+ \((.+)\)$/s, 'note.mergedFrom', ['from']],
  [/^merged from bundle \S+$/, 'note.merged', []],
  [/^returned by (.+)$/s, 'note.returnedBy', ['from']],
  [/^user confirmed importing bundle \S+ from a signer with trust status "unknown"$/, 'note.confirmedUnknown', []],
  [/^user confirmed importing bundle \S+ from a signer with trust status "revoked"$/, 'note.confirmedRevoked', []],
  [/^user confirmed importing bundle \S+ from a signer with trust status "expired"$/, 'note.confirmedExpired', []],
  [/^(.+); copy of revision \S+$/s, 'note.copyOf', [{ stored: 'note' }]],
  // a contribution taken into an answer (main/workshops/decisions.ts provenanceNote; the bundle it came in is in the history's "brought by")
  [/^(.+) \(edited when accepted\)$/s, 'note.editedWhenAccepted', [{ stored: 'note' }]],
  [/^accepted contribution \S+ from (.+?); workshop "(.*)", (\d{4}-\d{2}-\d{2}), (.+?)(?:; bundle \S+(?: signed by .+)?)?$/s, 'note.acceptedFromWorkshop', ['source', 'workshop', 'date', 'place']],
  [/^accepted contribution \S+ from (.+?)(?:; bundle \S+(?: signed by .+)?)?$/s, 'note.acceptedFrom', ['source']],
  // workshops (main/workshops/edits.ts, import.ts)
  [/^consent to be named withdrawn: the name no longer travels in bundles$/, 'note.consentWithdrawn', []],
  [/^withdrawn where the workshop was held(?:; bundle \S+)?: the name is no longer shown or passed on$/, 'note.consentWithdrawnThere', []],
  [/^already exported in bundle \S+; export the workshop again$/, 'note.alreadyExported', []],
  [/^bundle (\S+)$/, 'note.bundle', ['bundle']],
  [/^edited after approval; version (\d+) stays final$/, 'review.editedAfterApproval', ['version']],
  [/^opened for editing by (.+); version (\d+) stays final$/s, 'review.reopenedBy', ['who', 'version']],
  [/^both sides changed the same part of the answer \((\d+) places?\)$/, 'conflict.sameAnswerPart', ['count']],
  [/^both sides changed the same part of the note \((\d+) places?\)$/, 'conflict.sameNotePart', ['count']],
  [/^both sides set a different status$/, 'conflict.status', []],
  [/^the two sides hold different kinds of value$/, 'conflict.kinds', []],
  [/^(ours|theirs) deleted it while the other side changed it$/, 'conflict.deleted', ['side']],
  // a conflict closed without a decision (main/merge/answered-conflicts.ts)
  [/^answered by the newer text of the same history in bundle (\S+)$/, 'conflict.answered', ['bundle']],
  // the names the app gives the versions it keeps on its own (main/history/named-versions.ts callers; a version named by hand is never worded)
  [/^Imported from (?:text|docx):(.+)$/s, 'versionLabel.importedFile', ['file']],
  [/^Imported from (.+)$/s, 'versionLabel.importedFrom', ['from']],
  [/^Bundle exported: (.+)$/s, 'versionLabel.exported', ['file']],
  [/^Submitted for review \(version (\d+)\)$/, 'versionLabel.submitted', ['version']],
  [/^Returned with comments \(version (\d+)\)$/, 'versionLabel.returned', ['version']],
  [/^Approved \(version (\d+)\)$/, 'versionLabel.approved', ['version']],
  [/^Merged from (.+)$/s, 'versionLabel.mergedFrom', ['from']],
  [/^Merged a returned bundle$/, 'versionLabel.merged', []],
  // why a delivery is being retried (main/delivery/answers.ts, client.ts)
  [/^the intake refused the request's time: this computer's clock is more than (\d+) minutes off the intake's \(.*\)$/s, 'delivery.clockSkew', ['minutes']],
  [/^nothing moved on the connection to the intake for (\d+) s \(the line went silent\)$/, 'delivery.stalled', ['seconds']],
  [/^the intake answered 507: the intake has no room left to store uploads \(its disk is full\); what arrived is kept, and the upload goes on once the intake's administrator makes room$/, 'delivery.intakeFull', []],
  [/^the intake answered 503: the intake cannot write to its data folder \(read-only or not writable\); the upload goes on once the intake's administrator fixes it$/, 'delivery.intakeNotWritable', []],
  [/^the intake did not answer: the intake's web server answered (HTTP \d+(?: \(.*\))?); the intake itself is stopped or out of its reach for now$/s, 'delivery.gateway', ['what']],
  [/^the intake did not answer: something between this computer and the intake answered (HTTP \d+(?: \(.*\))?), a network sign-in page, a firewall or a proxy; sign in to the network, or ask its administrator$/s, 'delivery.notTheIntake', ['what']],
];

/**
 * The catalogue key of an audit action's label: `msg.audit.<group>.<rest>`, the rest's dots made
 * dashes (`bundle.import.signer-confirmed` is labelled beside `bundle.import`, not under it).
 */
export const auditActionKey = (action: string): string => {
  const [group, ...rest] = action.split('.');
  return `msg.audit.${group}.${rest.join('-')}`;
};

/** A stored phrase as a key, its parameters, and its nested phrases (worded first, then put in as parameters). */
export interface StoredRef extends MessageRef {
  parts?: Record<string, StoredRef[]>;
}

/** A stored English text as a key and parameters, or null when it is free text (shown as it is). */
export function storedText(text: string): StoredRef | null {
  next: for (const [re, key, names] of STORED) {
    const m = re.exec(text);
    if (!m) continue;
    const params: Record<string, string | number> = {};
    const parts: Record<string, StoredRef[]> = {};
    for (const [i, name] of names.entries()) {
      const got = m[i + 1]!;
      if (typeof name === 'string') params[name] = /^\d+$/.test(got) ? Number(got) : got;
      else {
        const refs = ('list' in name ? got.split(', ') : [got]).map(storedText);
        if (refs.some((r) => !r)) continue next;
        parts['list' in name ? name.list : name.stored] = refs as StoredRef[];
      }
    }
    return { messageKey: key, messageParams: params, ...(Object.keys(parts).length ? { parts } : {}) };
  }
  return null;
}

/** How the interface looks a key up (i18next's `t`, or the tests' catalogues). */
export type Translate = (key: string, options: Record<string, unknown>) => string;

/**
 * A stored phrase worded by `word` (its key and values; null when the key has no words), its nested
 * phrases worded first and joined by `join`: the one walk for the interface's text (wordStored) and
 * its elements (renderer StoredText, values isolated). Null when any wording is missing.
 */
export function wordStoredAs<T>(ref: StoredRef, word: (key: string, values: Record<string, string | number | T>) => T | null, join: (items: T[]) => T, lang: Language): T | null {
  const values: Record<string, string | number | T> = shownParams({ ...ref.messageParams }, lang);
  for (const [name, refs] of Object.entries(ref.parts ?? {})) {
    const items = refs.map((r) => wordStoredAs(r, word, join, lang));
    if (items.some((w) => w === null)) return null;
    values[name] = join(items as T[]);
  }
  return word(`msg.${ref.messageKey}`, values);
}

/** A stored phrase in the interface language (its nested phrases too), or null when a wording is missing. */
export function wordStored(ref: StoredRef, t: Translate, lang: Language): string | null {
  return wordStoredAs<string>(ref, (key, values) => t(key, { ...values, defaultValue: '' }) || null, (words) => formatList(words, lang), lang);
}
