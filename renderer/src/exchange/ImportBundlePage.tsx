/**
 * Import a bundle: upload, verify first and show what it is, then import — after an explicit
 * confirmation when the signer is not in the trust register, never when the key is revoked.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyReport } from '../../../shared/contract/bundles';
import type { ContributionsSummary, MergeSummary } from '../../../shared/contract/import-into';
import type { Language } from '../../../shared/i18n';
import { MAX_TRANSFER_MB } from '../../../shared/contract/transfer';
import { getApi } from '../api';
import { formatIds, formatSize, formatTime } from '../format';
import { WorkshopSentence } from '../ui/WorkshopSentence';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { fileToBase64 } from './bytes';
import { useAction } from '../ui/useAction';
import { Sentence } from '../ui/Sentence';
import { CodedText } from '../ui/Stored';
import { IntoSummary } from './IntoSummary';
import { FileInput } from '../ui/FileInput';

interface Upload {
  fileName: string;
  base64: string;
  identity?: string;
}

/** `into`: the draft chosen at first as the target (a returned copy's page opens this for its master: ReturnedCopyNotice), while it is in the list. */
export function ImportBundlePage({ into }: { into: string | null }) {
  const { t } = useTranslation();
  const api = getApi();
  const [file, setFile] = useState<File | null>(null);
  const [identity, setIdentity] = useState('');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [imported, setImported] = useState<string | null>(null);
  const [target, setTarget] = useState(''); // '' = a new draft; else the id of an existing draft
  const [drafts, setDrafts] = useState<Array<{ id: string; title: string }>>([]);
  const [intoMessage, setIntoMessage] = useState<string | null>(null);
  const [merged, setMerged] = useState<MergeSummary | null>(null);
  const [contributions, setContributions] = useState<ContributionsSummary | null>(null);
  const [movedFrom, setMovedFrom] = useState<string | null>(null);
  useEffect(
    () =>
      void api
        .listDrafts({})
        .then((l) => {
          setDrafts(l.map((d) => ({ id: d.id, title: d.title })));
          if (into && l.some((d) => d.id === into)) setTarget(into);
        })
        .catch(() => undefined),
    [api, into],
  );
  const targetId = useId();
  const { busy, error, run } = useAction();
  // imported, the button that did it is gone and the focus with it: it goes to the link that opens the draft
  const openLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (imported && (!document.activeElement || document.activeElement === document.body)) openLink.current?.focus();
  }, [imported]);
  // verified, the focus goes to the result's heading: what the check found is read out from there
  // (it appeared below the Verify button unannounced) and the next Tab reaches its import controls
  const resultHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (report) resultHeading.current?.focus();
  }, [report]);
  const fileId = useId();
  const idId = useId();
  const idHelp = useId();
  // a returned draft imported as a new draft by mistake: it may still be merged into another draft (the master), once
  const mergeOnly = !!report && report.alreadyImported && !report.otherImported && report.importedAsNew && report.trust.status !== 'revoked';
  const needsTarget = report?.kind === 'contributions' || mergeOnly;
  const already = report && (
    <>
      {report.importedAsTitle !== null ? t('exchange.import.alreadyAs', { title: report.importedAsTitle }) : t('exchange.import.already')} {report.importedAs && <a href={href.draft(report.importedAs)}>{t('exchange.import.openExisting')}</a>}
    </>
  );


  return (
    <section aria-labelledby="x-import-title">
      <h1 id="x-import-title">{t('exchange.import.title')}</h1>
      <p className="lead">{t('exchange.import.intro')}</p>
      <form
        className="card x-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          void run(async () => {
            setReport(null);
            setImported(null);
            setIntoMessage(null);
            setMerged(null);
            setContributions(null);
            setMovedFrom(null);
            setConfirmed(false);
            const u: Upload = { fileName: file.name, base64: await fileToBase64(file), identity: identity.trim() || undefined };
            setReport(await api.verifyBundleData(u));
            setUpload(u);
          });
        }}
      >
        <label className="field" htmlFor={fileId}>
          <span>{t('exchange.import.file', { max: MAX_TRANSFER_MB })}</span>
        </label>
        <FileInput id={fileId} accept=".gcmr,.age" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setReport(null), setImported(null))} />
        <label className="field" htmlFor={idId}>
          <span>{t('exchange.import.identity')}</span>
        </label>
        <textarea id={idId} rows={2} dir="ltr" spellCheck={false} autoComplete="off" aria-describedby={idHelp} value={identity} onChange={(e) => setIdentity(e.target.value)} placeholder="AGE-SECRET-KEY-1…" />
        <p id={idHelp} className="x-muted">{t('exchange.import.identityHelp')}</p>
        <div className="row">
          <button type="submit" className="primary" disabled={!file || busy}>
            {busy && !report ? t('exchange.working') : t('exchange.import.verify')}
          </button>
        </div>
      </form>
      <ErrorText error={error} />
      {report && upload && (
        <VerifyResult report={report} headingRef={resultHeading}>
          {imported ? (
            <p role="status" className="x-ok">
              {intoMessage ? (
                <>
                  {t('exchange.importInto.done')} <IntoSummary merged={merged} contributions={contributions} message={intoMessage} />{' '}
                  {movedFrom !== null && <>{t('exchange.importInto.movedFrom', { title: movedFrom })}{' '}</>}
                  <a ref={openLink} href={href.draft(imported)}>{t('exchange.importInto.open')}</a>
                </>
              ) : (
                <>
                  {t('exchange.import.done')} <a ref={openLink} href={href.draft(imported)}>{t('exchange.import.open')}</a>
                </>
              )}
            </p>
          ) : report.otherImported ? (
            <p className="notice x-danger" role="alert">
              {t('exchange.import.otherImported')} {report.importedAs && <a href={href.draft(report.importedAs)}>{t('exchange.import.openExisting')}</a>}
            </p>
          ) : report.alreadyImported && !mergeOnly ? (
            <p className="notice" role="status">{already}</p>
          ) : report.trust.status === 'revoked' ? (
            <p className="notice x-danger" role="alert">{t('exchange.import.revoked')}</p>
          ) : (
            <div className="x-confirm">
              {mergeOnly && (
                <>
                  <p className="notice" role="status">{already}</p>
                  <p data-testid="merge-elsewhere">{t('exchange.import.mergeElsewhere', { title: report.importedAsTitle ?? '' })}</p>
                </>
              )}
              <label className="field" htmlFor={targetId}>
                <span>{t('exchange.importInto.label')}</span>
              </label>
              <select id={targetId} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">{needsTarget ? '—' : t('exchange.importInto.newDraft')}</option>
                {drafts.filter((d) => !mergeOnly || d.id !== report.importedAs).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.title}
                  </option>
                ))}
              </select>
              {report.kind === 'contributions' && !target && <p className="x-muted">{t('exchange.importInto.needTarget')}</p>}
              {report.trust.status !== 'trusted' && (
                <label className="x-check">
                  <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> {t('exchange.import.confirmUnknown', { fingerprint: report.signer.fingerprint })}
                </label>
              )}
              <button
                type="button"
                className="primary"
                disabled={busy || (report.trust.status !== 'trusted' && !confirmed) || (needsTarget && !target)}
                onClick={() =>
                  run(async () => {
                    const acceptUnknownSigner = report.trust.status !== 'trusted' ? confirmed : undefined;
                    if (target) {
                      const r = await api.importBundleDataInto({ ...upload, draftId: target, acceptUnknownSigner });
                      setIntoMessage(r.message);
                      setMerged(r.merged ?? null);
                      setContributions(r.contributions ?? null);
                      setMovedFrom(r.movedFrom?.title ?? null);
                      setImported(target);
                      return;
                    }
                    const r = await api.importBundleData({ ...upload, acceptUnknownSigner });
                    setImported(r.draftId);
                    setReport(r.report);
                  })
                }
              >
                {mergeOnly ? t('exchange.import.mergeButton') : target ? t('exchange.importInto.button') : t('exchange.import.import')}
              </button>
            </div>
          )}
        </VerifyResult>
      )}
    </section>
  );
}

export function VerifyResult({ report: r, headingRef, children }: { report: VerifyReport; headingRef?: Ref<HTMLHeadingElement>; children?: ReactNode }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card x-verify" aria-labelledby="x-verify-title" data-testid="verify-result">
      <h2 id="x-verify-title" ref={headingRef} tabIndex={-1}>
        {t('exchange.verify.title')} <span className={`badge x-trust-${r.trust.status}`} data-testid="trust-status">{t(`exchange.trust.status.${r.trust.status}`)}</span>
      </h2>
      <p className="x-ok">{r.encrypted ? t('exchange.verify.intactDecrypted') : t('exchange.verify.intact')}</p>
      {/* the host's coded reason in the interface language: its days as the language writes them, a revocation's note isolated */}
      <p data-testid="trust-reason" data-reason={r.trust.reasonRef.messageKey}>
        <Sentence k="exchange.verify.trustReason" values={{ reason: <CodedText coded={r.trust.reasonRef} text={r.trust.reason} /> }} />
      </p>
      <dl className="x-facts">
        <dt>{t('exchange.verify.signer')}</dt>
        {/* values in the page's direction, beside their labels; a name, title or id in another script isolated in it */}
        <dd>
          <bdi>{r.signer.name} ({r.signer.organisation})</bdi>
          {r.trust.knownAs && <span className="x-block x-muted"><Sentence k="exchange.verify.knownAs" values={{ name: r.trust.knownAs.name, organisation: r.trust.knownAs.organisation }} /></span>}
        </dd>
        <dt>{t('exchange.verify.fingerprint')}</dt>
        <dd><code dir="ltr">{r.signer.fingerprint}</code></dd>
        <dt>{t('exchange.verify.draft')}</dt>
        <dd>{r.draft ? <bdi>{r.draft.title}</bdi> : r.workshop ? <WorkshopSentence w={r.workshop} /> : ''}{r.sections ? ` — ${t('exchange.outbox.sectionsList', { list: formatIds(r.sections, i18n.language as Language) })}` : ''}</dd>
        <dt>{t('exchange.verify.template')}</dt>
        <dd><bdi dir="ltr">{r.template.id} {r.template.version}</bdi></dd>
        <dt>{t('exchange.verify.counts')}</dt>
        <dd>{t('exchange.verify.countsText', { answers: r.counts.answers, objectives: r.counts.objectives, principles: r.counts.principles, revisions: r.counts.revisions, attachments: r.counts.attachments, size: formatSize(r.counts.attachmentBytes, i18n.language as Language) })}</dd>
        <dt>{t('exchange.verify.createdAt')}</dt>
        <dd>{formatTime(r.createdAt, i18n.language as Language)} <span className="x-muted">{t('exchange.verify.claim')}</span></dd>
      </dl>
      {children}
    </section>
  );
}
