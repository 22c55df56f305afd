/** Texts and codes the services store, shown in the interface language (see shared/messages.ts). */
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { auditActionKey, storedText, wordStored } from '../../../shared/messages';

/** A stored reason, note or comment: its translation when it is one of the app's own phrases, else the text as written (user data). */
export function StoredText({ text }: { text: string }) {
  const words = useStoredWords();
  const worded = words(text);
  return worded !== text ? <>{worded}</> : <bdi>{text}</bdi>;
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
