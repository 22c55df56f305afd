/**
 * Later upload in the outbox: the delivery target (intake address and its pinned key) and, per
 * exported bundle, Send and its state: queued, sending with percentage, delivered with the
 * receipt's time (checked by the app against the pinned key), or refused with the intake's reason.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IntoSummary } from './IntoSummary';
import type { Delivery, DeliveryTarget, PullItem } from '../../../shared/contract/delivery';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { fileName, folderOf, formatDuration, formatTime } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { Sentence } from '../ui/Sentence';
import { CodedText } from '../ui/Stored';
import { useAction } from '../ui/useAction';
import { saveDownload } from './bytes';

/** The delivery queue, polled every second while something is queued or sending. */
export function useDeliveries(): { byId: Map<string, Delivery>; reload: () => Promise<void>; error: unknown } {
  const [list, setList] = useState<Delivery[]>([]);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => getApi().listDeliveries({}).then((l) => (setList(l), setError(null)), setError), []);
  useEffect(() => void reload(), [reload]);
  const active = list.some((d) => d.state === 'queued' || d.state === 'sending');
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => void reload(), 1000);
    return () => clearInterval(t);
  }, [active, reload]);
  return { byId: new Map(list.map((d) => [d.bundleId, d])), reload, error };
}

export function DeliveryTargetForm({ target, onSaved }: { target: DeliveryTarget | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(target?.url ?? '');
  const [pem, setPem] = useState(target?.intakeKeyPem ?? '');
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const urlId = useId();
  const pemId = useId();
  useEffect(() => {
    setUrl(target?.url ?? '');
    setPem(target?.intakeKeyPem ?? '');
  }, [target]);
  const open = editing || !target;
  return (
    <section className="card" aria-labelledby="x-delivery-title" data-testid="delivery-target">
      <h2 id="x-delivery-title">{t('delivery.title')}</h2>
      <p>{t('delivery.intro')}</p>
      {target && !editing && (
        <p>
          {t('delivery.target')} <code dir="ltr">{target.url}</code>
          <span className="x-block x-muted">
            {t('delivery.keyFingerprint')}: <code dir="ltr" className="x-wrap">{target.intakeFingerprint}</code>
          </span>
          <button type="button" onClick={() => setEditing(true)}>{t('delivery.change')}</button>
        </p>
      )}
      {!target && <p className="x-muted">{t('delivery.none')}</p>}
      {open && (
        <form
          className="x-form"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              await getApi().deliveryConnect({ url, intakeKeyPem: pem });
              setEditing(false);
              setStatus(t('delivery.saved'));
              onSaved();
            } catch (err) {
              setError(err);
            }
          }}
        >
          <label className="field" htmlFor={urlId}>
            <span>{t('delivery.url')}</span>
          </label>
          <input id={urlId} type="url" dir="ltr" className="ltr-value" required value={url} placeholder={t('delivery.urlHint')} onChange={(e) => setUrl(e.target.value)} />
          <label className="field" htmlFor={pemId}>
            <span>{t('delivery.key')}</span>
          </label>
          <textarea id={pemId} rows={4} dir="ltr" spellCheck={false} required value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN PUBLIC KEY-----" />
          <ErrorText error={error} />
          <button type="submit">{t('delivery.save')}</button>
        </form>
      )}
      <p role="status" className="x-status">{status}</p>
      {target && !editing && <DeliveryPull />}
    </section>
  );
}

/**
 * This computer's clock is more than a minute off the intake's (deliveries report it: the sender
 * signs with the intake's time): said once above the bundles, so the user sets the clock right.
 */
export function ClockNotice({ deliveries }: { deliveries: Iterable<Delivery> }) {
  const { t, i18n } = useTranslation();
  const offset = [...deliveries].find((d) => d.clockOffsetMs !== null)?.clockOffsetMs;
  if (offset === undefined || offset === null) return null;
  const duration = formatDuration(offset, i18n.language as Language);
  // the intake's clock minus this computer's: negative when this computer is ahead
  return (
    <p role="status" className="notice" data-testid="clock-notice">
      {t(offset < 0 ? 'delivery.clockAhead' : 'delivery.clockBehind', { duration })}
    </p>
  );
}

/** One bundle's delivery: its state and the action that fits it. */
export function DeliveryCell({ bundleId, name, delivery, canSend, onChanged }: { bundleId: string; name: string; delivery: Delivery | undefined; canSend: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [error, setError] = useState<unknown>(null);
  // Send takes itself away (the bundle is queued): the focus, which Chromium then leaves on <body>,
  // goes to the bundle's state instead of the top of the page
  const cell = useRef<HTMLDivElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (!sent.current || (document.activeElement && document.activeElement !== document.body)) return;
    sent.current = false;
    cell.current?.focus();
  }, [delivery?.state]);
  const send = async () => {
    sent.current = true;
    setError(null);
    try {
      await getApi().deliverySend({ bundleId });
      onChanged();
    } catch (e) {
      sent.current = false;
      setError(e);
    }
  };
  const download = async (what: 'receipt' | 'signature') => {
    setError(null);
    try {
      const r = await getApi().deliveryReceipt({ bundleId });
      if (what === 'receipt') saveDownload(r.fileName, 'application/json', r.receipt, false);
      else saveDownload(`${r.fileName}.sig`, 'application/octet-stream', r.signatureBase64);
    } catch (e) {
      setError(e);
    }
  };
  const d = delivery;
  return (
    <div data-testid="delivery-state" data-state={d?.state ?? 'none'} ref={cell} tabIndex={-1}>
      {!d && <span className="x-muted">{t('delivery.notSent')}</span>}
      {d?.state === 'queued' && <span>{t('delivery.queued')}</span>}
      {d?.state === 'sending' && !d.awaitingReceipt && (
        <>
          <span>{t('delivery.sending', { percent: d.percent })}</span>
          <progress max={100} value={d.percent} aria-label={t('delivery.sending', { percent: d.percent })} className="x-block" />
        </>
      )}
      {d?.state === 'sending' && d.awaitingReceipt && (
        <>
          <span>{t('delivery.awaitingReceipt')}</span>
          {/* no value: still under way, for as long as the line takes */}
          <progress aria-label={t('delivery.awaitingReceipt')} className="x-block" />
        </>
      )}
      {d && (d.state === 'queued' || d.state === 'sending') && d.lastError && d.nextAttemptAt && (
        <span className="x-block x-muted" dir="auto"><Sentence k="delivery.retrying" values={{ error: <CodedText coded={d.lastErrorRef} text={d.lastError} />, time: formatTime(d.nextAttemptAt, lang) }} /></span>
      )}
      {d?.state === 'delivered' && d.receivedAt && (
        <>
          <span className="x-trust-trusted x-state-note">{t('delivery.delivered', { time: formatTime(d.receivedAt, lang) })}</span>
          <span className="x-receipt-actions">
            <button type="button" aria-label={t('delivery.receiptNamed', { name })} onClick={() => void download('receipt')}>{t('delivery.receipt')}</button>
            <button type="button" aria-label={t('delivery.signatureNamed', { name })} onClick={() => void download('signature')}>{t('delivery.signature')}</button>
          </span>
        </>
      )}
      {/* the worker's and the intake's reasons in the interface language (names and fingerprints isolated); an older intake's as it wrote them */}
      {d?.state === 'refused' && (
        <span className="x-trust-revoked x-state-note" dir="auto" data-testid="refused-reason" data-reason={d.refusedReasonRef?.messageKey ?? ''}>
          <Sentence k="delivery.refused" values={{ reason: <CodedText coded={d.refusedReasonRef} text={d.refusedReason ?? ''} /> }} />
        </span>
      )}
      {canSend && (!d || d.state === 'refused') && (
        <button type="button" className="x-block" aria-label={t('delivery.sendNamed', { name })} onClick={() => void send()}>
          {d ? t('delivery.sendAgain') : t('delivery.send')}
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}

/** The ministry's side: fetch what the intake received, verify and import it. */
export function DeliveryPull({ onPulled }: { onPulled?: () => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<PullItem[] | null>(null);
  const { busy, error, run } = useAction();
  return (
    <div data-testid="delivery-pull">
      <p className="x-muted">{t('delivery.pullHint')}</p>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          run(async () => {
            setItems(await getApi().deliveryPull({}));
            onPulled?.();
          })
        }
      >
        {t('delivery.pull')}
      </button>
      <ErrorText error={error} />
      <div role="status">{items && (items.length ? t('delivery.pullDone', { count: items.length }) : t('delivery.pullNothing'))}</div>
      {items && items.length > 0 && (
        <ul>
          {items.map((i) => (
            <li key={i.bundleId} data-testid="pull-item" data-outcome={i.outcome}>
              <strong>{t(`delivery.outcome.${i.outcome}`)}</strong> <code dir="ltr">{i.bundleId}</code>{' '}
              {i.draftId && (i.outcome === 'imported' || i.outcome === 'merged') ? (
                <a href={href.draft(i.draftId)}>
                  <IntoSummary merged={i.merged} contributions={i.contributions} title={i.title} message={i.message} />
                </a>
              ) : (
                <span title={i.message}>
                  <CodedText coded={i.messageRef ?? null} text={i.message} />
                </span>
              )}
              {(i.outcome === 'kept' || i.outcome === 'other') && <InboxPlace file={i.file} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Where a bundle left in the inbox is: the folder and the file's name, each read left to right inside the sentence. */
function InboxPlace({ file }: { file: string }) {
  return (
    <span className="x-block" data-testid="pull-where">
      <Sentence k="delivery.pullWhere" values={{ folder: <code dir="ltr">{folderOf(file)}</code>, name: <code dir="ltr">{fileName(file)}</code> }} />
    </span>
  );
}
