import { useTranslation } from 'react-i18next';
import type { WorkshopLabel } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { formatDay } from '../format';
import { Sentence } from './Sentence';

/**
 * "workshop “Souss-Massa”, 2 March 2021, Agadir" in the interface language: title, day and place
 * each isolated (users' words in any script), the day as the language writes it. One wording for
 * a contribution's provenance, the dashboard and a workshop bundle being imported.
 */
export function WorkshopSentence({ w }: { w: WorkshopLabel }) {
  const { i18n } = useTranslation();
  return <Sentence k="cons.provenance.workshop" values={{ title: w.title, date: formatDay(w.date, i18n.language as Language), place: w.place }} />;
}
