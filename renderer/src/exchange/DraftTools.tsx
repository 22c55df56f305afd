/** Above a draft's question: export (bundle, Word), print view, and the unplaced tray of imports. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { saveDownload } from './bytes';
import { ExportDialog } from './ExportDialog';
import { exchangeHref } from './routes';
import { UnplacedTray } from './UnplacedTray';
import { useLoad } from './useLoad';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function DraftTools({ draftId, title, template, readOnly, onChanged }: { draftId: string; title: string; template: Template; readOnly: boolean; onChanged: (placedField?: string) => void }) {
  const { t } = useTranslation();
  const api = getApi();
  const [exporting, setExporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const tray = useLoad(() => api.listUnplaced({ draftId }), [api, draftId]);
  return (
    <>
      <div className="x-draft-tools" role="toolbar" aria-label={t('exchange.tools.label')}>
        <button type="button" onClick={() => setExporting(true)}>
          {t('exchange.tools.exportBundle')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              const d = await api.exportDocx({ draftId });
              saveDownload(d.fileName, DOCX, d.dataBase64);
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? t('exchange.working') : t('exchange.tools.exportDocx')}
        </button>
        <a className="button-link" href={exchangeHref('print', draftId)}>
          {t('exchange.tools.print')}
        </a>
      </div>
      <ErrorText error={error} />
      <ErrorText error={tray.error} />
      {tray.data && (
        <UnplacedTray
          draftId={draftId}
          template={template}
          items={tray.data}
          readOnly={readOnly}
          onChanged={(field) => {
            void tray.reload();
            onChanged(field);
          }}
        />
      )}
      {exporting && <ExportDialog draftId={draftId} title={title} template={template} onClose={() => setExporting(false)} />}
    </>
  );
}
