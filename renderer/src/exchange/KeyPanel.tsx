/** The installation's signing key on the identity screen: fingerprint (copy) and public key (download). */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { saveDownload } from './bytes';
import { useLoad } from './useLoad';

export function KeyPanel() {
  const { t } = useTranslation();
  const { data: key, error } = useLoad(() => getApi().ensureSigningKey({}), []);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const fingerprintRef = useRef<HTMLElement>(null);
  /** When the clipboard refuses, the fingerprint is selected so that Ctrl+C (or the Edit menu) copies it. */
  const selectFingerprint = () => {
    const el = fingerprintRef.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
  };
  return (
    <section className="card x-key" aria-labelledby="x-key-title">
      <h2 id="x-key-title">{t('exchange.key.title')}</h2>
      <p className="lead">{t('exchange.key.intro')}</p>
      <ErrorText error={error} />
      {key && (
        <>
          <p className="x-label" id="x-fp-label">
            {t('exchange.key.fingerprint')}
          </p>
          <code ref={fingerprintRef} className="x-fingerprint" dir="ltr" aria-labelledby="x-fp-label" data-testid="fingerprint">
            {key.fingerprint}
          </code>
          <div className="row x-actions">
            <button
              type="button"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(key.fingerprint);
                  setCopied('yes');
                } catch {
                  setCopied('no');
                  selectFingerprint();
                }
              }}
            >
              {t('exchange.key.copy')}
            </button>
            <button type="button" onClick={() => saveDownload(`${key.name.replace(/[^\p{L}\p{N}]+/gu, '-')}.pub.pem`, 'application/x-pem-file', key.publicKeyPem, false)}>
              {t('exchange.key.downloadPem')}
            </button>
            <span role="status">{copied === 'yes' ? t('exchange.key.copied') : copied === 'no' ? t('desktop.copySelected') : ''}</span>
          </div>
          <details>
            <summary>{t('exchange.key.showPem')}</summary>
            <pre className="x-pem" dir="ltr">{key.publicKeyPem}</pre>
          </details>
        </>
      )}
    </section>
  );
}
