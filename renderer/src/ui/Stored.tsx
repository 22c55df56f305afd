/** Texts and codes the services store, shown in the interface language (see shared/messages.ts). */
import { Fragment, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateLocale, type Language } from '../../../shared/i18n/languages';
import { auditActionKey, shownParams, storedText, wordStored, wordStoredAs, type MessageRef, type StoredRef } from '../../../shared/messages';
import { Sentence } from './Sentence';

/**
 * A stored reason, note or comment: its translation when it is one of the app's own phrases, its
 * values (names, files, titles) isolated as Sentence isolates them, so "Karim (Ministry of Labour)"
 * at the end of an Arabic sentence keeps its closing parenthesis; else the text as written (user data).
 */
export function StoredText({ text }: { text: string }) {
  const node = useStoredNode();
  const ref = storedText(text);
  return (ref && node(ref)) ?? <bdi>{text}</bdi>;
}

/** `nodes` joined as the language joins a list ("a, b et c"; "a، b وc"). */
function listOf(nodes: ReactElement[], lang: Language): ReactNode {
  const parts = new Intl.ListFormat(dateLocale(lang), { type: 'unit' }).formatToParts(nodes.map((_, i) => String(i)));
  return parts.map((p, i) => <Fragment key={i}>{p.type === 'element' ? nodes[Number(p.value)] : p.value}</Fragment>);
}

/** A stored phrase as a Sentence (its nested phrases as Sentences too), or null when a wording is missing. */
function useStoredNode(): (ref: StoredRef) => ReactElement | null {
  const { i18n } = useTranslation();
  const lang = i18n.language as Language;
  return (ref) =>
    wordStoredAs<ReactElement>(
      ref,
      (key, values) => (i18n.exists(key, typeof values.count === 'number' ? { count: values.count } : {}) ? <Sentence k={key} values={values} /> : null),
      (nodes) => <>{listOf(nodes, lang)}</>,
      lang,
    );
}

/**
 * A reason kept with its code (a delivery's: shared/messages.ts) in the interface language, its
 * values (names, fingerprints, dates) isolated for bidi; without a code the interface knows, the
 * text as kept (StoredText: one of the app's own phrases, or the English an older intake wrote).
 */
/** Parameters that are a path or an address: read left to right inside a sentence of either direction (slashes kept in order). */
const LEFT_TO_RIGHT = new Set(['file', 'folder', 'url']);

export function CodedText({ coded, text }: { coded: MessageRef | null; text: string }) {
  const { i18n } = useTranslation();
  const key = coded && `msg.${coded.messageKey}`;
  if (!key || !i18n.exists(key)) return <StoredText text={text} />;
  // a day parameter (the day a key was revoked) as the language writes dates; a path or an address left to right
  const values = Object.fromEntries(
    Object.entries(shownParams(coded.messageParams ?? {}, i18n.language as Language)).map(([k, v]) => [k, typeof v === 'string' && LEFT_TO_RIGHT.has(k) ? <bdi dir="ltr">{v}</bdi> : v]),
  );
  return <Sentence k={key} values={values} />;
}

/** An audit action code (draft.create, field.edit…) in words; an unknown code is shown as it is. */
export function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) => t(auditActionKey(action), { defaultValue: action });
}

/** The same as StoredText, as a string (for interpolation into another sentence). */
export function useStoredWords(): (text: string) => string {
  const { t, i18n } = useTranslation();
  return (text) => {
    const ref = storedText(text);
    return (ref && wordStored(ref, (k, o) => t(k, o), i18n.language as Language)) || text;
  };
}
