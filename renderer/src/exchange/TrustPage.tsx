/** The trust register: whose keys this installation accepts bundles from; add, list, revoke. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustEntry } from '../../../shared/contract/trust';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { CodedText } from '../ui/Stored';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { useLoad } from './useLoad';
import { useAction } from '../ui/useAction';
import { FileInput } from '../ui/FileInput';

export function TrustPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const api = getApi();
  const list = useLoad(() => api.trustList({}), [api]);
  const [revoking, setRevoking] = useState<TrustEntry | null>(null);
  const [status, setStatus] = useState('');
  return (
    <section aria-labelledby="x-trust-title">
      <h1 id="x-trust-title">{t('exchange.trust.title')}</h1>
      <p className="lead">{t('exchange.trust.intro')}</p>
      <AddSigner
        onAdded={(e) => {
          setStatus(t('exchange.trust.added', { name: e.name }));
          void list.reload();
        }}
      />
      <p role="status" className="x-status">{status}</p>
      <h2>{t('exchange.trust.listTitle')}</h2>
      <ErrorText error={list.error} />
      {list.data && list.data.length === 0 && <p className="x-muted">{t('exchange.trust.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="x-table">
          <thead>
            <tr>
              <th scope="col">{t('exchange.trust.name')}</th>
              <th scope="col">{t('exchange.verify.fingerprint')}</th>
              <th scope="col">{t('exchange.trust.statusCol')}</th>
              <th scope="col"><span className="visually-hidden">{t('exchange.outbox.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((e) => (
              <tr key={e.fingerprint} data-testid="trust-entry">
                {/* in the interface's direction, under its heading, the name and organisation each in their own */}
                <td>
                  <bdi dir="auto">{e.name}</bdi>
                  <span className="x-block x-muted">
                    <bdi dir="auto">{e.organisation}</bdi>
                  </span>
                </td>
                <td><code dir="ltr" className="x-wrap">{e.fingerprint}</code></td>
                <td>
                  {/* the decision a bundle signed by this key gets now (the import's and the consolidation panel's), not a rule of its own */}
                  {e.revokedAt ? (
                    <span className="badge x-trust-revoked">{t('exchange.trust.revokedOn', { date: formatTime(e.revokedAt, lang) })}</span>
                  ) : e.trust.status === 'expired' ? (
                    <>
                      <span className="badge x-trust-expired" data-testid="entry-trust">{t('exchange.trust.status.expired')}</span>
                      <span className="x-block x-muted">
                        <CodedText coded={e.trust.reasonRef} text={e.trust.reason} />
                      </span>
                    </>
                  ) : (
                    <span className="badge x-trust-trusted" data-testid="entry-trust">{t('exchange.trust.status.trusted')}</span>
                  )}
                  {e.revokedReason && <span className="x-block x-muted" dir="auto">{e.revokedReason}</span>}
                </td>
                <td>
                  {!e.revokedAt && (
                    <button type="button" className="danger" aria-haspopup="dialog" aria-label={t('exchange.trust.revokeNamed', { name: e.name })} onClick={() => setRevoking(e)}>
                      {t('exchange.trust.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <RevokeDialog
          entry={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setStatus(t('exchange.trust.revokedDone', { name: revoking.name }));
            setRevoking(null);
            void list.reload();
          }}
        />
      )}
    </section>
  );
}

function AddSigner({ onAdded }: { onAdded: (e: TrustEntry) => void }) {
  const { t } = useTranslation();
  const [pem, setPem] = useState('');
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const { busy, error, run } = useAction();
  const fileId = useId();
  const pemId = useId();
  return (
    <form
      className="card x-form"
      aria-labelledby="x-trust-add"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        await run(async () => {
          onAdded(await getApi().trustAdd({ publicKeyPem: pem, name, organisation }));
          form.querySelector<HTMLInputElement>('input[type="file"]')!.value = ''; // the key is in the register: no file chosen any more
          setPem('');
          setName('');
          setOrganisation('');
        });
      }}
    >
      <h2 id="x-trust-add">{t('exchange.trust.addTitle')}</h2>
      <label className="field" htmlFor={fileId}>
        <span>{t('exchange.trust.pemFile')}</span>
      </label>
      <FileInput
        id={fileId}
        accept=".pem,.pub,.txt"
        onChange={async (e) => {
          const input = e.currentTarget;
          const f = input.files?.[0];
          if (!f) return;
          await run(async () => {
            if (f.size > 4096) {
              input.value = ''; // refused: not the chosen file
              throw new Error(t('exchange.trust.pemTooLarge'));
            }
            setPem(await f.text());
          });
        }}
      />
      <label className="field" htmlFor={pemId}>
        <span>{t('exchange.trust.pem')}</span>
      </label>
      <textarea id={pemId} rows={4} dir="ltr" spellCheck={false} required value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN PUBLIC KEY-----" />
      <div className="row">
        <label className="field grow">
          <span>{t('exchange.trust.name')}</span>
          <input required dir="auto" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field grow">
          <span>{t('identity.organisation')}</span>
          <input required dir="auto" value={organisation} onChange={(e) => setOrganisation(e.target.value)} />
        </label>
      </div>
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('exchange.trust.add')}
      </button>
    </form>
  );
}

function RevokeDialog({ entry, onClose, onRevoked }: { entry: TrustEntry; onClose: () => void; onRevoked: () => void }) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t('exchange.trust.revokeTitle', { name: entry.name })}
      message={t('exchange.trust.revokeExplain')}
      confirmLabel={t('exchange.trust.revokeConfirm')}
      tone="danger"
      field={{ label: t('exchange.trust.reason') }}
      onConfirm={async (reason) => {
        await getApi().trustRevoke({ fingerprint: entry.fingerprint, reason: reason.trim() || undefined });
        onRevoked();
      }}
      onCancel={onClose}
    >
      <p>
        <code dir="ltr" className="x-wrap">
          {entry.fingerprint}
        </code>
      </p>
    </ConfirmDialog>
  );
}
