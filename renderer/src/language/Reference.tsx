/** The "English reference text" toggle beside translated questionnaire texts; the choice is kept for the session. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

let remembered = false;

export function useReference(): [boolean, (v: boolean) => void] {
  const [shown, setShown] = useState(remembered);
  return [shown, (v) => setShown((remembered = v))];
}

export function ReferenceToggle({ shown, onToggle }: { shown: boolean; onToggle: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link-button" aria-pressed={shown} onClick={() => onToggle(!shown)}>
      {t('language.showReference')}
    </button>
  );
}
