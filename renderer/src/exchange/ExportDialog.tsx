/** Export a draft (all sections or some) as a signed bundle into the outbox, optionally encrypted. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AgeRecipient, type ExportResult } from '../../../shared/contract/bundles';
import type { Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { Dialog } from '../ui/Dialog';
import { OutboxDownload } from './OutboxDownload';
import { useAction } from '../ui/useAction';

/** The recipients typed one per line (or separated by spaces/commas), and those that are not age1… keys. */
export function parseRecipients(text: string): { ok: string[]; bad: string[] } {
  const all = text.split(/[\s,]+/).filter(Boolean);
  return { ok: all.filter((r) => AgeRecipient.safeParse(r).success), bad: all.filter((r) => !AgeRecipient.safeParse(r).success) };
}

export function ExportDialog({ draftId, title, template, onClose, onExported }: { draftId: string; title: string; template: Template; onClose: () => void; onExported?: () => void }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [recipients, setRecipients] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<z.infer<typeof ExportResult> | null>(null);
  const recipientsId = useId();
  const recipientsHelp = useId();
  const parsed = parseRecipients(recipients);
  const invalid = parsed.bad.length > 0 || (scope === 'some' && chosen.length === 0);

  return (
    <Dialog title={t('exchange.export.title', { title })} onClose={onClose}>
      {done ? (
        <div className="x-export-done" role="status">
          <p>{t('exchange.export.done')}</p>
          <dl className="x-facts">
            <dt>{t('exchange.export.file')}</dt>
            <dd><code dir="ltr" data-testid="export-path">{done.file}</code></dd>
            <dt>{t('exchange.sha256')}</dt>
            <dd><code dir="ltr">{done.sha256}</code></dd>
            <dt>{t('exchange.export.encryptedFor')}</dt>
            <dd>{done.recipients.length ? done.recipients.map((r) => <code key={r} dir="ltr" className="x-block">{r}</code>) : t('exchange.export.notEncrypted')}</dd>
          </dl>
          <div className="row">
            <OutboxDownload bundleId={done.bundleId} />
            <button type="button" className="primary" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (invalid) return;
            await run(async () => {
              setDone(await getApi().exportBundleToOutbox({ draftId, sections: scope === 'some' ? chosen : undefined, recipients: parsed.ok.length ? parsed.ok : undefined }));
              onExported?.();
            });
          }}
        >
          <fieldset className="x-fieldset">
            <legend>{t('exchange.export.sections')}</legend>
            <label className="x-check">
              <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('exchange.export.allSections')}
            </label>
            <label className="x-check">
              <input type="radio" name="scope" checked={scope === 'some'} onChange={() => setScope('some')} /> {t('exchange.export.someSections')}
            </label>
            {scope === 'some' && (
              <div className="x-sections">
                {template.sections.map((s) => (
                  <label key={s.id} className="x-check">
                    <input
                      type="checkbox"
                      checked={chosen.includes(s.id)}
                      onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s.id] : c.filter((x) => x !== s.id)))}
                    />{' '}
                    <bdi dir="ltr">{s.id}</bdi> · <bdi lang="en">{s.title}</bdi>
                  </label>
                ))}
                {chosen.length === 0 && <p className="error">{t('exchange.export.chooseOne')}</p>}
              </div>
            )}
          </fieldset>
          <label className="field" htmlFor={recipientsId}>
            <span>{t('exchange.export.recipients')}</span>
          </label>
          <textarea id={recipientsId} rows={3} dir="ltr" aria-describedby={recipientsHelp} aria-invalid={parsed.bad.length > 0} value={recipients} onChange={(e) => setRecipients(e.target.value)} placeholder="age1…" />
          <p id={recipientsHelp} className="x-muted">
            {t('exchange.export.recipientsHelp')}
          </p>
          {parsed.bad.length > 0 && (
            <p className="error" role="alert">
              {t('exchange.export.badRecipient', { value: parsed.bad[0] })}
            </p>
          )}
          <ErrorText error={error} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy || invalid}>
              {busy ? t('exchange.working') : t('exchange.export.submit')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
