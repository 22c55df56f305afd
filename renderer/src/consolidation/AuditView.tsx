import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { useLoad } from './useLoad';
import { saveDownload } from '../exchange/bytes';
import { useAction } from '../ui/useAction';
import { StoredText, useActionLabel, useStoredWords } from '../ui/Stored';
import { auditMatcher, sortedByLabel } from './audit-filter';
import { AuditTargetText, AuditValueText, useAuditTargetWords, useAuditValueWords } from './AuditTarget';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Who changed what, when, from what to what, and why; filterable; CSV and Excel export. */
export function AuditView({ draftId }: { draftId: string }) {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const id = useId();
  const { data, error } = useLoad(() => api.auditLog({ draftId }), [api, draftId]);
  const [q, setQ] = useState('');
  const [action, setAction] = useState('');
  const actionLabel = useActionLabel();
  const storedWords = useStoredWords();
  const targetWords = useAuditTargetWords();
  const valueWords = useAuditValueWords();
  const lang = i18n.language as Language;
  const { error: err, run: download } = useAction();
  const actions = useMemo(() => sortedByLabel((data ?? []).map((e) => e.action), actionLabel, lang), [data, lang]);
  // the filter looks at the words the table shows, in the interface language (the code too, for support)
  const matching = useMemo(
    () => auditMatcher((data ?? []).filter((e) => !action || e.action === action), (e) => [e.who, e.organisation, actionLabel(e.action), e.action, targetWords(e), e.target, valueWords(e.action, e.old), valueWords(e.action, e.new), storedWords(e.why)]),
    [data, action, lang],
  );
  const rows = useMemo(() => matching(q), [matching, q]);
  return (
    <div className="audit">
      <div className="row filters">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('cons.audit.filter')}</label>
          <input id={`${id}-q`} type="search" dir="auto" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-a`}>{t('cons.audit.action')}</label>
          <select id={`${id}-a`} value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('cons.audit.allActions')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => download(async () => saveDownload(`audit-${draftId}.csv`, 'text/csv;charset=utf-8', (await api.auditCsv({ draftId })).csv, false))}>
          {t('cons.audit.csv')}
        </button>
        {/* for Excel: a CSV opens in one column in a French or Arabic Excel */}
        <button type="button" onClick={() => download(async () => saveDownload(`audit-${draftId}.xlsx`, XLSX, (await api.auditWorkbook({ draftId, language: i18n.language as Language })).base64))}>
          {t('cons.audit.xlsx')}
        </button>
      </div>
      <ErrorText error={err ?? error} />
      <p className="muted" role="status">
        {t('cons.audit.count', { count: rows.length })}
      </p>
      <table className="cons-table audit-table">
        <thead>
          <tr>
            <th scope="col">{t('cons.audit.when')}</th>
            <th scope="col">{t('cons.audit.who')}</th>
            <th scope="col">{t('cons.audit.what')}</th>
            <th scope="col">{t('cons.audit.old')}</th>
            <th scope="col">{t('cons.audit.new')}</th>
            <th scope="col">{t('cons.audit.why')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e, i) => (
            <tr key={i}>
              <td>
                <time dateTime={e.at}>{formatTime(e.at, i18n.language as Language)}</time>
              </td>
              <td>
                <bdi dir="auto">{`${e.who} (${e.organisation})`}</bdi>
              </td>
              <td>
                <span title={e.action}>{actionLabel(e.action)}</span> <AuditTargetText entry={e} />
              </td>
              <td dir="auto" className="clip">
                <AuditValueText action={e.action} value={e.old} />
              </td>
              <td dir="auto" className="clip">
                <AuditValueText action={e.action} value={e.new} />
              </td>
              <td dir="auto">
                <StoredText text={e.why} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
