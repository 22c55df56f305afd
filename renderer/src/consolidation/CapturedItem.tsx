/**
 * One captured contribution on the workshop page: when it was said, and, while no decision was
 * taken on it, edit or delete (after an export, only once confirmed); its earlier texts on demand.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contribution, ContributionChange } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract/client';
import type { Language } from '../../../shared/i18n';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { getApi } from '../api';
import { formatTime } from '../format';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorText } from '../ui/ErrorText';
import { TargetPicker } from './TargetPicker';
import { useTargetLabel, type TargetOption } from './targets';

type Change = { kind: 'edit'; text: string; targets: string[] } | { kind: 'delete' };

export function CapturedItem({ c, options, onChanged }: { c: Contribution; options: TargetOption[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const targetLabel = useTargetLabel();
  const lang = i18n.language as Language;
  const id = useId();
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [text, setText] = useState(() => docToText(c.content));
  const [targets, setTargets] = useState(c.targets);
  const [afterExport, setAfterExport] = useState<string | null>(null);
  const [history, setHistory] = useState<ContributionChange[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const changeable = !c.provenance.bundle && c.decisions.length === 0;

  /** Saves the change; a refusal because the contribution already travelled asks again (afterExport); other failures throw. */
  const apply = async (change: Change, confirmAfterExport = false) => {
    setErr(null);
    try {
      if (change.kind === 'edit') await getApi().updateContribution({ contributionId: c.id, content: textToDoc(change.text), targets: change.targets, confirmAfterExport });
      else await getApi().deleteContribution({ contributionId: c.id, confirmAfterExport });
      setAfterExport(null);
      setMode('view');
      setHistory(null);
      onChanged();
    } catch (e) {
      const bundle = e instanceof ApiError && e.details && typeof e.details === 'object' && 'afterExport' in e.details ? String((e.details as { afterExport: unknown }).afterExport) : null;
      if (bundle) setAfterExport(bundle);
      else throw e;
    }
  };
  const pending: Change = mode === 'delete' ? { kind: 'delete' } : { kind: 'edit', text, targets };

  return (
    <li className="card captured-item" aria-labelledby={`${id}-m`}>
      <p className="meta" id={`${id}-m`}>
        <bdi dir="auto">{c.provenance.source}</bdi> · {c.targets.map((f) => <bdi key={f} className="tag" dir="auto">{targetLabel(f)}</bdi>)} ·{' '}
        <span className={`status status-${c.status}`}>{t(`cons.status.${c.status}`)}</span> · <time dateTime={c.createdAt}>{formatTime(c.createdAt, lang)}</time>
        {c.updatedAt && (
          <>
            {' · '}
            {t('consolidate.captured.edited', { time: formatTime(c.updatedAt, lang) })}
          </>
        )}
      </p>
      {mode !== 'edit' && (
        <p dir="auto" className="contribution-text">
          {c.text}
        </p>
      )}
      {mode === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply(pending).catch(setErr);
          }}
        >
          <label htmlFor={`${id}-t`}>{t('consolidate.captured.editLabel')}</label>
          <textarea id={`${id}-t`} dir="auto" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          <TargetPicker options={options} value={targets} onChange={setTargets} />
          <div className="actions">
            <button type="submit" className="primary" disabled={!text.trim() || !targets.length}>
              {t('consolidate.captured.save')}
            </button>
            <button type="button" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {mode !== 'edit' && (
        <div className="actions">
          {changeable && (
            <>
              <button type="button" onClick={() => setMode('edit')}>
                {t('consolidate.captured.edit')}
              </button>
              <button type="button" aria-haspopup="dialog" onClick={() => setMode('delete')}>
                {t('consolidate.captured.delete')}
              </button>
            </>
          )}
          {c.updatedAt && (
            <button
              type="button"
              aria-expanded={history !== null}
              onClick={async () => {
                if (history) return setHistory(null);
                try {
                  setHistory(await getApi().contributionHistory({ contributionId: c.id }));
                } catch (e) {
                  setErr(e);
                }
              }}
            >
              {t('consolidate.captured.history')}
            </button>
          )}
        </div>
      )}
      {mode === 'delete' && !afterExport && (
        <ConfirmDialog
          title={t('confirm.deleteTitle')}
          message={t('consolidate.captured.deleteAsk')}
          confirmLabel={t('consolidate.captured.deleteConfirm')}
          tone="danger"
          onConfirm={() => apply(pending)}
          onCancel={() => setMode('view')}
        />
      )}
      {afterExport && (
        <ConfirmDialog
          title={t('confirm.afterExportTitle')}
          message={t('consolidate.captured.afterExport', { bundle: afterExport })}
          confirmLabel={mode === 'delete' ? t('consolidate.captured.deleteAnyway') : t('consolidate.captured.changeAnyway')}
          onConfirm={() => apply(pending, true)}
          onCancel={() => setAfterExport(null)}
        />
      )}
      {history && (
        <ol className="contribution-history">
          {history.map((h) => (
            <li key={h.id}>
              <p className="meta">
                {t(`consolidate.captured.was.${h.action}`, { who: h.byName, time: formatTime(h.at, lang) })}
                {h.afterBundleId && <> · {t('consolidate.captured.afterBundle', { bundle: h.afterBundleId })}</>}
              </p>
              <p dir="auto">{h.oldText}</p>
            </li>
          ))}
        </ol>
      )}
      <ErrorText error={err} />
    </li>
  );
}
