/** A workshop's contributions as a signed bundle: written to the outbox folder, with a copy to download. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { OutboxDownload } from './OutboxDownload';

export function WorkshopExport({ workshopId }: { workshopId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [done, setDone] = useState<{ file: string; bundleId: string; contributions: number } | null>(null);
  const { busy, error, run } = useAction();
  return (
    <section aria-labelledby={headingId} className="card x-form">
      <h2 id={headingId}>{t('exchange.workshopExport.title')}</h2>
      <p className="x-muted">{t('exchange.workshopExport.intro')}</p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => run(async () => setDone(await getApi().exportWorkshopToOutbox({ workshopId })))}
        >
          {t('exchange.workshopExport.button')}
        </button>
      </div>
      {done && (
        <p role="status" className="x-ok">
          {t('exchange.workshopExport.done', { count: done.contributions })} <code dir="ltr">{done.file}</code> <OutboxDownload bundleId={done.bundleId} />
        </p>
      )}
      <ErrorText error={error} />
    </section>
  );
}
