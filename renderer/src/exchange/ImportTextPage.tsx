/** Import a review written in Word (DOCX) or as plain text (upload or paste) as a new draft, with its report. */
import { decodeTextBytes } from '../../../shared/text-bytes';
import { fileKind, forWordImport, KIND_HEAD_BYTES } from '../../../shared/file-kind';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_DOCX_BYTES, MAX_IMPORT_TEXT, type ImportResult } from '../../../shared/contract/interchange';
import { getApi } from '../api';
import { href } from '../router';
import { formatIds } from '../format';
import type { Language } from '../../../shared/i18n';
import { ErrorText } from '../ui/ErrorText';
import { fileToBase64, TooLarge } from './bytes';
import { useAction } from '../ui/useAction';
import { StoredText } from '../ui/Stored';
import { Sentence } from '../ui/Sentence';
import { FileInput } from '../ui/FileInput';

export function ImportTextPage() {
  const { t } = useTranslation();
  const api = getApi();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const { busy, error, run } = useAction();
  const fileId = useId();
  const textId = useId();

  const submit = () =>
    run(async () => {
      setResult(null);
      const o = { title: title.trim() || undefined };
      // by its bytes, whatever its name: a .doc, a PDF or an empty file goes to the Word import, which says what it is and what to do
      const word = file && (/\.docx$/i.test(file.name) || forWordImport(fileKind(new Uint8Array(await file.slice(0, KIND_HEAD_BYTES).arrayBuffer()))));
      if (file && word) setResult(await api.importDocx({ dataBase64: await fileToBase64(file, MAX_DOCX_BYTES), fileName: file.name, ...o }));
      else if (file) {
        // UTF-16 or legacy code pages can take up to 4 bytes per character of the text cap
        if (file.size > MAX_IMPORT_TEXT * 4) throw new TooLarge(file.size, MAX_IMPORT_TEXT * 4);
        setResult(await api.importText({ ...decodeTextBytes(new Uint8Array(await file.arrayBuffer()), file.name), fileName: file.name, ...o }));
      } else setResult(await api.importText({ text, ...o }));
    });

  return (
    <section aria-labelledby="x-text-title">
      <h1 id="x-text-title">{t('exchange.text.title')}</h1>
      <p className="lead">{t('exchange.text.intro')}</p>
      <form
        className="card x-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>{t('exchange.text.draftTitle')}</span>
          <input dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field" htmlFor={fileId}>
          <span>{t('exchange.text.file')}</span>
        </label>
        <FileInput id={fileId} accept=".docx,.docm,.dotx,.doc,.txt,.text,.md" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <label className="field" htmlFor={textId}>
          <span>{t('exchange.text.paste')}</span>
        </label>
        <textarea id={textId} rows={8} dir="auto" value={text} disabled={!!file} onChange={(e) => setText(e.target.value)} />
        {file && <p className="x-muted">{t('exchange.text.fileChosen', { name: file.name })}</p>}
        <ErrorText error={error} />
        <button type="submit" className="primary" disabled={busy || (!file && !text.trim())}>
          {busy ? t('exchange.working') : t('exchange.text.import')}
        </button>
      </form>
      {result && <ImportReportView result={result} />}
    </section>
  );
}

/** What the draft took from the Word file itself (its title, country, authority, language), where the user gave nothing. */
function FromFile({ taken }: { taken: ImportResult['report']['fromFile'] }) {
  const { t } = useTranslation();
  const rows = [
    ['title', t('word.report.fromFileTitle'), taken.title],
    ['country', t('word.report.fromFileCountry'), taken.country],
    ['authority', t('word.report.fromFileAuthority'), taken.authority],
    ['language', t('word.report.fromFileLanguage'), taken.language && t(`language.names.${taken.language}`)],
  ].filter((r): r is [string, string, string] => !!r[2]);
  if (!rows.length) return null;
  return (
    <>
      <p>{t('word.report.fromFile')}</p>
      <ul className="x-list" data-testid="import-from-file">
        {rows.map(([k, label, value]) => (
          <li key={k}>
            {label} <span dir="auto">{value}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What the Word import reports besides placements: what it took from the file, low-confidence placements, pictures, footnotes. */
function WordImportDetails({ report }: { report: ImportResult['report'] }) {
  const { t } = useTranslation();
  return (
    <>
      <FromFile taken={report.fromFile} />
      {report.lowConfidence.length > 0 && (
        <>
          <p>{t('word.report.lowConfidence', { count: report.lowConfidence.length })}</p>
          <ul className="x-list" data-testid="low-confidence">
            {report.lowConfidence.map((l) => (
              <li key={`${l.question}-${l.source}`}>
                <span dir="ltr">{l.question}</span> — {t(`word.report.via.${l.via}`)} ({t('word.report.confidence', { value: Math.round(l.confidence * 100) })})
              </li>
            ))}
          </ul>
        </>
      )}
      {report.pictures.length > 0 && (
        <>
          <p>{t('word.report.pictures', { count: report.pictures.length })}</p>
          <ul className="x-list" data-testid="import-pictures">
            {report.pictures.map((p, i) => (
              <li key={i}>
                <span dir="auto">{p.name}</span> — {p.question ? <span dir="ltr">{p.question}</span> : t('word.report.pictureNotPlaced')}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.footnotesKept > 0 && <p>{t('word.report.footnotes', { count: report.footnotesKept })}</p>}
      {report.comments.some((c) => c.question) && <p>{t('word.report.comments', { count: report.comments.filter((c) => c.question).length })}</p>}
    </>
  );
}

/**
 * Shown, the report has the focus on its heading, as a verified bundle's result has: it is read out
 * from there (it appeared below the Import button, the focus left on that button), and the next Tab
 * reaches the link that opens the new draft.
 */
function ImportReportView({ result: { draft, report } }: { result: ImportResult }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card x-report" aria-labelledby="x-report-title" data-testid="import-report" role="status">
      <h2 id="x-report-title" ref={heading} tabIndex={-1}>
        {t('exchange.text.reportTitle')}
      </h2>
      {report.encoding && <p data-testid="import-encoding">{t('exchange.text.readAs', { encoding: t(`exchange.text.encodings.${report.encoding}`) })}</p>}
      <p>
        {t('exchange.text.filled', { n: report.questionsFilled.length, total: report.questionsTotal })}{' '}
        <span dir="ltr" className="x-muted">{formatIds(report.questionsFilled, i18n.language as Language)}</span>
      </p>
      <p>{t('exchange.text.unplacedCount', { n: report.unplaced.length })}</p>
      {report.unplaced.length > 0 && (
        <ul className="x-list">
          {report.unplaced.map((u) => (
            <li key={u.id}>
              <q dir="auto">{u.preview}</q> <span className="x-muted">
                (<StoredText text={u.reason} />)
              </span>
            </li>
          ))}
        </ul>
      )}
      {report.ignoredFragments > 0 && <p className="x-muted">{t('exchange.text.ignored', { n: report.ignoredFragments })}</p>}
      <WordImportDetails report={report} />
      <p>
        <a href={href.draft(draft.id)} className="button-link primary"><Sentence k="exchange.text.open" values={{ title: draft.title }} /></a>
      </p>
    </section>
  );
}
