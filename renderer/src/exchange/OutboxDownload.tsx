/** "Download a copy" of an exported bundle (browser mode cannot reach the outbox folder itself). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { saveDownload } from './bytes';

export function OutboxDownload({ bundleId, label }: { bundleId: string; label?: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        aria-label={label}
        onClick={async () => {
          setError(null);
          try {
            const d = await getApi().readOutboxBundle({ bundleId });
            saveDownload(d.fileName, d.mediaType, d.base64);
          } catch (e) {
            setError(e);
          }
        }}
      >
        {t('exchange.export.downloadCopy')}
      </button>
      <ErrorText error={error} />
    </>
  );
}
