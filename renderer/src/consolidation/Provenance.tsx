import { useTranslation } from 'react-i18next';
import type { Provenance as P } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { formatTime } from '../format';
import { CodedText } from '../ui/Stored';
import { Sentence } from '../ui/Sentence';
import { WorkshopSentence } from '../ui/WorkshopSentence';

/**
 * Who said it, for which organisation, at which workshop or from which bundle (signer and trust).
 * The signer's trust is the service's decision (provenance.bundle.signerTrust, decided as an import
 * decides it); a revoked key or one outside its validity (expired or not yet valid) says why.
 */
export function ProvenanceLine({ p, at }: { p: P; at: string }) {
  const { t, i18n } = useTranslation();
  const w = p.workshop;
  const b = p.bundle;
  const trust = b?.signerTrust ?? null;
  return (
    <p className="provenance meta">
      <strong>
        <bdi dir="auto">{p.source}</bdi>
      </strong>
      {p.participantKind && <span className="badge">{t(`cons.kinds.${p.participantKind}`)}</span>}
      {w && (
        <>
          {' · '}
          <WorkshopSentence w={w} />
        </>
      )}
      {' · '}
      <time dateTime={at}>{formatTime(at, i18n.language as Language)}</time>
      {b && (
        <>
          {' · '}
          {/* the organisation in parentheses after the name; none given: the name alone (it ran into the name, or left a space) */}
          {b.signerOrganisation ? (
            <Sentence k="cons.provenance.bundle" values={{ signer: b.signerName ?? t('cons.provenance.unsigned'), organisation: b.signerOrganisation }} />
          ) : (
            <Sentence k="cons.provenance.bundleNoOrganisation" values={{ signer: b.signerName ?? t('cons.provenance.unsigned') }} />
          )}
          {trust && (
            <span className={`badge trust-${trust.status}`} data-testid="signer-trust" data-reason={trust.reasonRef.messageKey}>
              {t(`cons.trust.${trust.status}`)}
            </span>
          )}
          {trust && (trust.status === 'revoked' || trust.status === 'expired') && (
            <span className="trust-reason">
              {' '}
              <CodedText coded={trust.reasonRef} text={trust.reason} />
            </span>
          )}
        </>
      )}
    </p>
  );
}
