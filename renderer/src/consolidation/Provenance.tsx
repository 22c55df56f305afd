import { useTranslation } from 'react-i18next';
import type { Provenance as P } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { formatTime } from '../format';
import { Sentence } from '../ui/Sentence';
import { WorkshopSentence } from '../ui/WorkshopSentence';

/** Who said it, for which organisation, at which workshop or from which bundle (signer and trust). */
export function ProvenanceLine({ p, at, trust }: { p: P; at: string; trust?: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const w = p.workshop;
  const b = p.bundle;
  const status = b?.signerFingerprint ? (trust?.get(b.signerFingerprint) ?? 'unknown') : null;
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
          <Sentence k="cons.provenance.bundle" values={{ signer: b.signerName ?? t('cons.provenance.unsigned'), organisation: b.signerOrganisation ?? '' }} />
          {status && <span className={`badge trust-${status}`}>{t(`cons.trust.${status}`)}</span>}
        </>
      )}
    </p>
  );
}
