/**
 * The audit's "what": the target an entry names, in the interface language: questions and
 * objectives by the labels the app shows them with ("II.c", "Obj 7", "الهدف 7"), a review version worded, a
 * contribution or participant by name and organisation, a workshop by its title, where the log
 * knows them (AuditEntry.subject). The stored target stays in the title, for support. Its
 * "before" and "after" where they hold codes (a review status, a document language) are worded too.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditTarget } from '../../../shared/audit-target';
import { dirOf, formatList, isLanguage, LANGUAGE_NAMES, type Language } from '../../../shared/i18n/languages';
import type { AuditEntry } from '../../../shared/contract/review';
import { formatIds } from '../format';
import { shownParams } from '../../../shared/messages';
import { Sentence } from '../ui/Sentence';
import { auditValueSentence, type ValueSentence } from './audit-values';
import { useTargetLabel } from './targets';

type Entry = Pick<AuditEntry, 'action' | 'target' | 'subject'>;
/** A sentence of the catalogue and its values, or ids shown as they are (left to right). */
type Worded = { k: string; values: Record<string, string | number> } | { ids: string; list?: true };

/** `label`: a field's label in the interface language (useTargetLabel); `lang`: how its list is joined. */
function worded(e: Entry, label: (field: string) => string, lang: Language): Worded {
  const x = auditTarget(e.action, e.target);
  const who = e.subject;
  switch (x.kind) {
    case 'none':
      return { ids: '' };
    case 'fields':
      return { ids: formatIds(x.fields.map(label), lang), list: true };
    case 'version':
      return { k: 'cons.review.version', values: { version: x.version } };
    case 'bundle':
      return { k: 'cons.auditTarget.bundle', values: { id: x.id.slice(0, 8) } };
    case 'other':
      return { ids: x.text };
    default:
      return who === undefined ? { k: `cons.auditTarget.${x.kind}`, values: {} } : { k: `cons.auditTarget.${x.kind}Named`, values: { name: who } };
  }
}

/** The target as words, for the filter (it matches what the table shows). */
export function useAuditTargetWords(): (e: Entry) => string {
  const { t, i18n } = useTranslation();
  const label = useTargetLabel();
  return (e) => {
    const w = worded(e, label, i18n.language as Language);
    return 'ids' in w ? w.ids : t(w.k, w.values);
  };
}

export function AuditTargetText({ entry }: { entry: Entry }) {
  const { i18n } = useTranslation();
  const lang = i18n.language as Language;
  const w = worded(entry, useTargetLabel(), lang);
  return (
    <span className="audit-target" title={entry.target || undefined}>
      {'ids' in w ? (
        // a list of labels runs in the language's direction (its ids stay left to right); another stored target left to right
        <bdi dir={w.list ? dirOf(lang) : 'ltr'}>{w.ids}</bdi>
      ) : (
        <Sentence k={w.k} values={w.values} />
      )}
    </span>
  );
}

/** A merge's counts as main/merge/returned-draft.ts writes them ("2 merged, 1 conflict, 1 attachment(s) added"), by their catalogue keys. */
const MERGE_COUNTS: Record<string, string> = { new: 'new', 'fast-forward': 'fastForward', 'up-to-date': 'upToDate', 'kept-ours': 'keptOurs', merged: 'merged', conflict: 'conflict', 'attachment(s) added': 'attachments' };
const MERGE_COUNT = /^(\d+) (.+)$/;

/** A value sentence's values as the language writes them (a workshop's day). */
const shownValues = (s: ValueSentence, lang: Language) => shownParams(s.values, lang);

/**
 * "Before"/"after" as the screen shows them: a review step's statuses worded, a document language
 * by its name, a merge's counts worded, a bundle's import or export and a workshop's contributions
 * queued and a document's pictures worded (audit-values.ts); other values are data, as written.
 */
export function useAuditValueWords(): (action: string, value: string) => string {
  const { t, i18n } = useTranslation();
  return (action, value) => {
    const s = auditValueSentence(action, value);
    if (s) return t(s.k, shownValues(s, i18n.language as Language));
    if (value && action.startsWith('review.')) return t(`cons.review.status.${value}`, { defaultValue: value });
    if (action === 'draft.language' && isLanguage(value)) return LANGUAGE_NAMES[value];
    if (action === 'draft.merge' && value) {
      const counts = value.split(', ').map((c) => MERGE_COUNT.exec(c));
      if (counts.every((m) => m && MERGE_COUNTS[m[2]!])) return formatList(counts.map((m) => t(`cons.auditValue.merge.${MERGE_COUNTS[m![2]!]}`, { count: Number(m![1]) })), i18n.language as Language);
    }
    return value;
  };
}

/** An audit value in a table cell: a sentence with users' words isolated (names, titles), else as useAuditValueWords words it; what is stored in the title. */
export function AuditValueText({ action, value }: { action: string; value: string }) {
  const { i18n } = useTranslation();
  const words = useAuditValueWords();
  const s = auditValueSentence(action, value);
  if (!s) return <LongText text={words(action, value)} />;
  return (
    <span title={value}>
      <Sentence k={s.k} values={shownValues(s, i18n.language as Language)} />
    </span>
  );
}

/** A value longer than this (an answer's whole text) is shown cut to a few lines, with "Show all". */
const LONG_CHARS = 240;

/**
 * A value as long as a whole answer, cut to its first lines (.audit-clamp) with a button that shows
 * it whole: shown in full, one row of a real review's answers was pages tall and the log tens of
 * thousands of pixels long. The whole text stays in the page for a screen reader; the CSV keeps
 * every value whole.
 */
function LongText({ text }: { text: string }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState(false);
  if (text.length <= LONG_CHARS) return <>{text}</>;
  return (
    <>
      <span className={whole ? undefined : 'audit-clamp'}>{text}</span>
      <button type="button" className="link-button" aria-expanded={whole} onClick={() => setWhole((w) => !w)}>
        {whole ? t('cons.audit.showLess') : t('cons.audit.showAll')}
      </button>
    </>
  );
}
