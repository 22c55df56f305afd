/**
 * Evidence files attached to one answer: list, add, download, remove (soft). In the desktop app
 * files are picked in the system dialog and attached by path, whatever their size; in a browser
 * they are uploaded, up to MAX_TRANSFER_MB.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_TRANSFER_MB } from '../../../shared/contract/transfer';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { inDesktopApp } from '../desktop-app';
import { useAction } from '../ui/useAction';
import { ErrorText } from '../ui/ErrorText';
import { fileToBase64, saveDownload } from './bytes';
import { formatSize } from '../format';
import { useLoad } from './useLoad';
import { FileInput } from '../ui/FileInput';

export function AttachmentsPanel({ draftId, field, readOnly }: { draftId: string; field: string; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const { data: list, error: loadError, reload } = useLoad(() => api.listAttachments({ draftId, field }), [api, draftId, field]);
  const { busy, error, run } = useAction();
  const [status, setStatus] = useState('');
  const inputId = useId();
  const headingId = useId();

  const act = (fn: () => Promise<string>) => run(async () => setStatus(await fn()));

  return (
    <section className="x-attachments" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('exchange.attach.title')} <span className="badge">{list?.length ?? 0}</span>
      </h3>
      <ErrorText error={loadError} />
      {list && list.length > 0 && (
        <ul className="x-list">
          {list.map((a) => (
            <li key={a.id} className="x-attachment">
              <bdi className="x-name" dir="auto">
                {a.name}
              </bdi>
              <span className="x-meta" dir="ltr">
                {formatSize(a.size, i18n.language as Language)} · {a.mediaType}
              </span>
              <span className="x-row-actions">
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('exchange.attach.downloadNamed', { name: a.name })}
                  onClick={() =>
                    act(async () => {
                      const d = await api.readAttachmentData({ attachmentId: a.id });
                      saveDownload(d.fileName, d.mediaType, d.base64);
                      return t('exchange.attach.downloaded', { name: a.name });
                    })
                  }
                >
                  {t('exchange.download')}
                </button>
                {!readOnly && (
                  <button
                    type="button"
                    className="danger"
                    disabled={busy}
                    aria-label={t('exchange.attach.removeNamed', { name: a.name })}
                    onClick={() =>
                      act(async () => {
                        await api.removeAttachment({ attachmentId: a.id });
                        await reload();
                        return t('exchange.attach.removed', { name: a.name });
                      })
                    }
                  >
                    {t('exchange.attach.remove')}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list && list.length === 0 && <p className="x-muted">{t('exchange.attach.none')}</p>}
      {!readOnly && inDesktopApp() && (
        <div className="x-upload">
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              act(async () => {
                const added = await api.attachFilesFromDisk({ draftId, field });
                if (added.length) await reload();
                return added.length ? t('desktop.attach.picked', { count: added.length }) : '';
              })
            }
          >
            {t('desktop.attach.pick')}
          </button>
        </div>
      )}
      {!readOnly && !inDesktopApp() && (
        <div className="x-upload">
          <label htmlFor={inputId}>{t('exchange.attach.add', { max: MAX_TRANSFER_MB })}</label>
          <FileInput
            id={inputId}
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              void act(async () => {
                try {
                  await api.addAttachmentData({ draftId, field, name: file.name, base64: await fileToBase64(file) });
                  await reload();
                  return t('exchange.attach.added', { name: file.name });
                } finally {
                  input.value = '';
                }
              });
            }}
          />
        </div>
      )}
      <p role="status" className="x-status">
        {status}
      </p>
      <ErrorText error={error} />
    </section>
  );
}
