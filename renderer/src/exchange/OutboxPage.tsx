/** The outbox: bundles exported from here, and per draft what changed since its last export. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { fileName, formatIds, formatSize, formatTime } from '../format';
import { getApi } from '../api';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { ClockNotice, DeliveryCell, DeliveryTargetForm, useDeliveries } from './Delivery';
import { ExportDialog } from './ExportDialog';
import { OutboxDownload } from './OutboxDownload';
import { useLoad } from './useLoad';

export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const api = getApi();
  const folder = useLoad(() => api.outboxFolder({}), [api]);
  const outbox = useLoad(() => api.listOutbox({}), [api]);
  const target = useLoad(() => api.deliveryTarget({}), [api]);
  const deliveries = useDeliveries();
  const changes = useLoad(async () => {
    const drafts = await api.listDrafts({});
    return Promise.all(drafts.map(async (d) => ({ draft: d, changes: await api.changesSinceExport({ draftId: d.id }) })));
  }, [api]);
  const [exporting, setExporting] = useState<{ id: string; title: string; templateId: string; templateVersion: string } | null>(null);
  const template = useLoad(async () => (exporting ? api.getTemplate({ id: exporting.templateId, version: exporting.templateVersion }) : null), [api, exporting]);

  return (
    <section aria-labelledby="x-outbox-title">
      <h1 id="x-outbox-title">{t('exchange.outbox.title')}</h1>
      {folder.data && (
        <p>
          {t('exchange.outbox.folder')} <code dir="ltr" data-testid="outbox-folder">{folder.data.path}</code>
        </p>
      )}
      <h2>{t('exchange.outbox.drafts')}</h2>
      <ErrorText error={changes.error} />
      {changes.data && changes.data.length === 0 && <p className="x-muted">{t('exchange.outbox.noDrafts')}</p>}
      {changes.data && changes.data.length > 0 && (
        <table className="x-table">
          <thead>
            <tr>
              <th scope="col">{t('exchange.outbox.draft')}</th>
              <th scope="col">{t('exchange.outbox.lastExport')}</th>
              <th scope="col">{t('exchange.outbox.changed')}</th>
              <th scope="col"><span className="visually-hidden">{t('exchange.outbox.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {changes.data.map(({ draft, changes: c }) => {
              const n = c.changedFields.length + c.addedAttachments.length + c.removedAttachments.length;
              return (
                <tr key={draft.id} data-testid="outbox-draft">
                  <td><a href={href.draft(draft.id)} dir="auto">{draft.title}</a></td>
                  <td>{c.lastExport ? formatTime(c.lastExport.createdAt, lang) : t('exchange.outbox.never')}</td>
                  <td>
                    {!c.lastExport
                      ? t('exchange.outbox.everything')
                      : n === 0
                        ? t('exchange.outbox.unchanged')
                        : t('exchange.outbox.changes', { fields: c.changedFields.length, added: c.addedAttachments.length, removed: c.removedAttachments.length })}
                    {c.lastExport && c.changedFields.length > 0 && (
                      <span className="x-muted x-block" dir="ltr">{formatIds(c.changedFields, lang)}</span>
                    )}
                  </td>
                  <td>
                    <button type="button" onClick={() => setExporting({ id: draft.id, title: draft.title, templateId: draft.templateId, templateVersion: draft.templateVersion })}>
                      {c.lastExport ? t('exchange.outbox.exportAgain') : t('exchange.tools.exportBundle')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ErrorText error={target.error} />
      <DeliveryTargetForm target={target.data} onSaved={() => void target.reload()} />
      <h2>{t('exchange.outbox.exported')}</h2>
      <ErrorText error={outbox.error} />
      <ErrorText error={deliveries.error} />
      <ClockNotice deliveries={deliveries.byId.values()} />
      {outbox.data && outbox.data.length === 0 && <p className="x-muted">{t('exchange.outbox.empty')}</p>}
      {outbox.data && outbox.data.length > 0 && (
        <div className="x-table-scroll">
          <table className="x-table">
            <thead>
              <tr>
                <th scope="col">{t('exchange.export.file')}</th>
                <th scope="col">{t('exchange.outbox.draft')}</th>
                <th scope="col">{t('exchange.outbox.recipients')}</th>
                <th scope="col">{t('exchange.outbox.time')}</th>
                <th scope="col">{t('exchange.sha256')}</th>
                <th scope="col">{t('delivery.column')}</th>
                <th scope="col"><span className="visually-hidden">{t('exchange.outbox.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {outbox.data.map((e) => (
                <tr key={e.bundleId} data-testid="outbox-bundle">
                  <td>
                    <code dir="ltr" title={e.file}>{fileName(e.file)}</code>
                    <span className="x-muted x-block">
                      {e.size !== null ? formatSize(e.size, lang) : ''} · {e.sections ? t('exchange.outbox.sectionsList', { list: formatIds(e.sections, lang) }) : t('exchange.export.allSections')}
                    </span>
                  </td>
                  <td dir="auto">{e.draftTitle ?? '—'}</td>
                  <td>{e.recipients.length ? e.recipients.map((r) => <code key={r} dir="ltr" className="x-block" title={r}>{r.slice(0, 12)}…</code>) : t('exchange.export.notEncrypted')}</td>
                  <td>{formatTime(e.createdAt, lang)}</td>
                  <td><code dir="ltr" title={e.sha256}>{e.sha256.slice(0, 16)}…</code></td>
                  <td>
                    <DeliveryCell bundleId={e.bundleId} name={fileName(e.file)} delivery={deliveries.byId.get(e.bundleId)} canSend={!!target.data} onChanged={() => void deliveries.reload()} />
                  </td>
                  <td><OutboxDownload bundleId={e.bundleId} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {exporting && template.data && (
        <ExportDialog
          draftId={exporting.id}
          title={exporting.title}
          template={template.data}
          onClose={() => setExporting(null)}
          onExported={() => {
            void outbox.reload();
            void changes.reload();
          }}
        />
      )}
    </section>
  );
}
