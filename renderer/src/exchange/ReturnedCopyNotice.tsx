/**
 * At the top of a draft made by importing a returned draft as a NEW draft (by mistake): the master
 * it came back from, and how to merge it there (its bundle file imported again into the master: the
 * import page with the master chosen as the target), or that the master is in the trash or gone.
 * Drafts imported before the master was recorded show nothing (main/bundle/returned-copy.ts).
 */
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { Sentence } from '../ui/Sentence';
import { exchangeHref } from './routes';
import { useLoad } from './useLoad';

const SAYS = { here: 'notice', trash: 'masterInTrash', gone: 'masterGone' } as const;

/** `inTrash`: this draft's own trash state (reloads it: whether it must go to the trash first changes with it). */
export function ReturnedCopyNotice({ draftId, inTrash }: { draftId: string; inTrash: boolean }) {
  const { t } = useTranslation();
  const api = getApi();
  const copy = useLoad(() => api.returnedCopy({ draftId }), [api, draftId, inTrash]);
  if (copy.error) return <ErrorText error={copy.error} />;
  if (!copy.data) return null;
  const { master, fileName, trashFirst } = copy.data;
  return (
    <div className="notice" role="status" data-testid="returned-copy">
      <p>
        <Sentence k={`exchange.returnedCopy.${SAYS[master.state]}`} values={{ title: master.title }} />
      </p>
      {master.state === 'here' && (
        <>
          <p>
            <Sentence k="exchange.returnedCopy.file" values={{ file: fileName }} />
            {trashFirst && <> {t('exchange.returnedCopy.trashFirst')}</>}
          </p>
          <a className="button-link" href={exchangeHref('import', master.draftId)}>
            <Sentence k="exchange.returnedCopy.open" values={{ title: master.title }} />
          </a>
        </>
      )}
    </div>
  );
}
