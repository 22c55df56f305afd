import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, NoConnection } from '../../../shared/contract/client';
import { AppError } from '../../../shared/contract/errors';
import { messageRef, type MessageRef } from '../../../shared/messages';
import { tooLargeKey } from '../desktop-app';
import { TooLarge } from '../exchange/bytes';
import { formatSize } from '../format';
import { i18n } from '../i18n';
import { CodedText } from './Stored';
import type { Language } from '../../../shared/i18n';

/** A coded message in the interface language (field names inside it translated too), or null when there is no wording for it. */
export function wordMessage(ref: MessageRef, t: TFunction): string | null {
  const key = `msg.${ref.messageKey}`;
  const params: Record<string, unknown> = { ...ref.messageParams };
  if (typeof params.field === 'string') params.field = t(`msg.fields.${params.field}`, { defaultValue: params.field });
  const out = t(key, { ...params, defaultValue: '' });
  return out ? out : null;
}

/**
 * A user-facing message for a failed call, in the interface language: the service's coded message
 * when it has one, else a sentence for the error's kind. `technical`: the service's English
 * message when the words shown do not already say it (for support), else null.
 */
export function describeError(err: unknown, t: TFunction): { text: string; technical: string | null; advice?: MessageRef } {
  if (err instanceof ApiError || err instanceof AppError) {
    // data-safety refusals carry a key of shared/i18n/safety.*.json and its parameters
    const d = err.details as { key?: unknown; params?: Record<string, unknown> } | undefined;
    if (typeof d?.key === 'string' && d.key.startsWith('safety.')) return { text: t(d.key, d.params ?? {}), technical: null };
    // the store upgrading at start-up (main/store-gate.ts): worded, the reason of a failure folded beneath
    if (typeof d?.key === 'string' && d.key.startsWith('startup.')) return { text: t(d.key, d.params ?? {}), technical: d.key === 'startup.failed' ? err.message : null };
    const ref = messageRef(err.details);
    const worded = ref ? wordMessage(ref, t) : null;
    // a coded message that names only the kind of problem keeps the English specifics folded beneath (`detail`)
    const detail = (err.details as { detail?: unknown } | undefined)?.detail === true;
    // what to do, when the service says it (another coded message: an intake that cannot be reached names its address to check)
    const advice = messageRef((err.details as { advice?: unknown } | undefined)?.advice);
    // a reason written to follow "Retrying: …" (a delivery's: `clause`) starts the sentence here
    const clause = (err.details as { clause?: unknown } | undefined)?.clause === true;
    return worded ? { text: clause ? sentenceStart(worded) : worded, technical: detail ? err.message : null, ...(advice ? { advice } : {}) } : { text: t(`msg.codes.${err.code}`), technical: err.message };
  }
  // a file refused before it was read: its size, the screen's cap, and where larger files go
  if (err instanceof TooLarge) return { text: t(tooLargeKey(), { size: formatSize(err.size, i18n.language as Language), max: Math.round(err.max / 1024 / 1024) }), technical: null };
  // the request never reached the host: the browser's own words and the call, folded beneath
  if (err instanceof NoConnection) return { text: t('errors.noConnection'), technical: err.message };
  return { text: t('msg.codes.internal'), technical: err instanceof Error ? err.message : String(err) };
}

/** A clause as a sentence of its own: its first letter capital. */
const sentenceStart = (text: string) => text.charAt(0).toLocaleUpperCase(i18n.language) + text.slice(1);

/** The message as one line (e.g. for a save status). */
export function errorMessage(err: unknown, t: TFunction): string {
  return describeError(err, t).text;
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const d = describeError(error, t);
  return (
    <div className="error" role="alert">
      <p>{d.text}</p>
      {d.advice && (
        <p>
          <CodedText coded={d.advice} text="" />
        </p>
      )}
      {d.technical && (
        <details className="technical">
          <summary>{t('msg.technical')}</summary>
          <bdi lang="en" dir="ltr">
            {d.technical}
          </bdi>
        </details>
      )}
    </div>
  );
}
