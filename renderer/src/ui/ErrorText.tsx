import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/contract/client';
import { AppError } from '../../../shared/contract/common';

/** A user-facing message for a failed call. */
export function errorMessage(err: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (err instanceof ApiError || err instanceof AppError) {
    // data-safety refusals carry a code the interface words in the user's language
    const d = err.details as { key?: unknown; params?: Record<string, unknown> } | undefined;
    if (typeof d?.key === 'string' && d.key.startsWith('safety.')) return t(d.key, d.params ?? {});
    return err.message;
  }
  if (err instanceof TypeError) return t('errors.noConnection');
  return err instanceof Error ? err.message : String(err);
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error, t)}
    </p>
  );
}
