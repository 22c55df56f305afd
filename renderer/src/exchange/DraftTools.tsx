/** Above a draft's question: export (bundle, Word), a Word file brought back, print view, and the unplaced tray of imports. */
import { useId, useState } from 'react';
import { href } from '../router';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { useAction } from '../ui/useAction';
import { saveDownload } from './bytes';
import { ExportDialog } from './ExportDialog';
import { exchangeHref } from './routes';
import { UnplacedTray } from './UnplacedTray';
import { useLoad } from './useLoad';
import { WordReturn } from './WordReturn';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** `onMerged`: the stored answers changed under the open question (a Word file brought back): it reopens on them. */
export function DraftTools({ draftId, title, template, readOnly, onChanged, onMerged }: { draftId: string; title: string; template: Template; readOnly: boolean; onChanged: (placedField?: string) => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const api = getApi();
  const [exporting, setExporting] = useState(false);
  const [returning, setReturning] = useState(false);
  const returnId = useId();
  const { busy, error, run } = useAction();
  const tray = useLoad(() => api.listUnplaced({ draftId }), [api, draftId]);
  // The unplaced text of an import: a badge in the bar while items wait, opening a panel.
  const [trayOpen, setTrayOpen] = useState(false);
  const [trayNews, setTrayNews] = useState('');
  const waiting = tray.data?.length ?? 0;
  const trayId = useId();
  return (
    <>
      <div className="x-draft-tools" role="toolbar" aria-label={t('exchange.tools.label')}>
        {waiting > 0 && (
          <button type="button" className="x-tray-badge" aria-expanded={trayOpen} aria-controls={trayId} onClick={() => setTrayOpen((o) => !o)}>
            {t('exchange.tray.title')} <span className="badge warn">{waiting}</span>
          </button>
        )}
        <a className="button-link" href={href.versions(draftId)}>
          {t('hist.openVersions')}
        </a>
        <button type="button" onClick={() => setExporting(true)}>
          {t('exchange.tools.exportBundle')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const d = await api.exportDocx({ draftId });
              saveDownload(d.fileName, DOCX, d.dataBase64);
            })
          }
        >
          {busy ? t('exchange.working') : t('exchange.tools.exportDocx')}
        </button>
        <button type="button" aria-expanded={returning} aria-controls={returnId} onClick={() => setReturning((o) => !o)}>
          {t('exchange.wordReturn.open')}
        </button>
        <a className="button-link" href={exchangeHref('print', draftId)}>
          {t('exchange.tools.print')}
        </a>
      </div>
      <ErrorText error={error} />
      <ErrorText error={tray.error} />
      {/* the tray says what it did while it is open; once its last item is gone, this says it */}
      <p role="status" className="visually-hidden">
        {waiting === 0 ? trayNews : ''}
      </p>
      {returning && (
        <div id={returnId}>
          <WordReturn
            draftId={draftId}
            readOnly={readOnly}
            onMerged={() => {
              void tray.reload();
              onMerged();
            }}
          />
        </div>
      )}
      {tray.data && trayOpen && waiting > 0 && (
        <div id={trayId}>
          <UnplacedTray
            draftId={draftId}
            template={template}
            items={tray.data}
            readOnly={readOnly}
            onChanged={(field) => {
              setTrayNews(field ? t('exchange.tray.moved', { id: field }) : t('exchange.tray.dismissed'));
              void tray.reload();
              onChanged(field);
            }}
          />
        </div>
      )}
      {exporting && <ExportDialog draftId={draftId} title={title} template={template} onClose={() => setExporting(false)} />}
    </>
  );
}
