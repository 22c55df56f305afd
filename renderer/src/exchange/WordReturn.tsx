/**
 * Under a draft's tools: a Word file exported from this draft and edited in Word since, brought
 * back into it (mergeDocx, main/services/word-return.ts), and what that did, in the interface
 * language: answers taken, merged, in conflict, unchanged; what was not emptied, not placed, not
 * brought in.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_DOCX_BYTES, type WordReturnReport } from '../../../shared/contract/interchange';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatIds } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { FileInput } from '../ui/FileInput';
import { Sentence } from '../ui/Sentence';
import { useAction } from '../ui/useAction';
import { fileToBase64 } from './bytes';

export function WordReturn({ draftId, readOnly, onMerged }: { draftId: string; readOnly: boolean; onMerged: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<WordReturnReport | null>(null);
  const { busy, error, run } = useAction();
  const fileId = useId();
  const headingId = useId();
  return (
    <form
      className="card x-form x-word-return"
      aria-labelledby={headingId}
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return;
        void run(async () => {
          setReport(null);
          const r = await getApi().mergeDocx({ draftId, dataBase64: await fileToBase64(file, MAX_DOCX_BYTES), fileName: file.name });
          setReport(r);
          onMerged();
        });
      }}
    >
      <h2 id={headingId}>{t('exchange.wordReturn.title')}</h2>
      <p className="x-muted">{t('exchange.wordReturn.intro')}</p>
      <label className="field" htmlFor={fileId}>
        <span>{t('exchange.wordReturn.file')}</span>
      </label>
      <FileInput id={fileId} accept=".docx" required disabled={readOnly} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy || readOnly}>
        {busy ? t('exchange.working') : t('exchange.wordReturn.button')}
      </button>
      <div role="status">{report && <WordReturnSummary report={report} />}</div>
    </form>
  );
}

function WordReturnSummary({ report: r }: { report: WordReturnReport }) {
  const { i18n } = useTranslation();
  const ids = (list: string[]) => formatIds(list, i18n.language as Language);
  if (r.already) return <p><Sentence k="exchange.wordReturn.already" values={{ file: r.fileName }} /></p>;
  const count = (...outcomes: string[]) => r.fields.filter((f) => outcomes.includes(f.outcome)).length;
  const conflicts = r.fields.filter((f) => f.outcome === 'conflict').map((f) => f.field);
  const lines: Array<[string, Record<string, string | number>]> = [
    ['done', { file: r.fileName, taken: count('new', 'fast-forward'), merged: count('merged'), conflicts: conflicts.length, unchanged: r.unchanged + count('up-to-date', 'kept-ours') }],
  ];
  if (r.fields.length) lines.push(['changed', { ids: ids(r.fields.map((f) => f.field)) }]);
  if (conflicts.length) lines.push(['conflicts', { ids: ids(conflicts) }]);
  if (r.emptied.length) lines.push(['emptied', { ids: ids(r.emptied) }]);
  if (r.unplaced) lines.push(['unplaced', { count: r.unplaced }]);
  if (r.commentsAdded) lines.push(['comments', { count: r.commentsAdded }]);
  if (r.picturesAdded) lines.push(['pictures', { count: r.picturesAdded }]);
  if (r.picturesNotPlaced) lines.push(['notPlaced', { count: r.picturesNotPlaced }]);
  return (
    <>
      {lines.map(([k, values]) => (
        <p key={k} data-testid={`word-return-${k}`}>
          <Sentence k={`exchange.wordReturn.${k}`} values={values} />
        </p>
      ))}
    </>
  );
}
