/** Texts and codes the services store, shown in the interface language (see shared/messages.ts). */
import { useTranslation } from 'react-i18next';
import { storedText } from '../../../shared/messages';
import { wordMessage } from './ErrorText';

/** A stored reason, note or comment: its translation when it is one of the app's own phrases, else the text as written (user data). */
export function StoredText({ text }: { text: string }) {
  const { t } = useTranslation();
  const ref = storedText(text);
  const worded = ref ? wordMessage(ref, t) : null;
  return worded ? <>{worded}</> : <bdi>{text}</bdi>;
}

/** An audit action code (draft.create, field.edit…) in words; an unknown code is shown as it is. */
export function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) => t(`msg.audit.${action}`, { defaultValue: action });
}

/** The same as StoredText, as a string (for interpolation into another sentence). */
export function useStoredWords(): (text: string) => string {
  const { t } = useTranslation();
  return (text) => {
    const ref = storedText(text);
    return (ref && wordMessage(ref, t)) || text;
  };
}
