/**
 * One participant of a workshop: details edited in place, consent to be named given or withdrawn.
 * After a withdrawal the name no longer travels; the bundles that already carried it are listed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { fileName, formatTime } from '../format';
import { ParticipantForm } from './ParticipantForm';

export function ParticipantItem({ p, onChanged }: { p: Participant; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const [editing, setEditing] = useState(false);
  return (
    <li className="participant">
      {!editing ? (
        <>
          <bdi dir="auto">{p.name ?? t('cons.participants.withheld')}</bdi> — <bdi dir="auto">{p.organisation}</bdi> <span className="badge">{t(`cons.kinds.${p.kind}`)}</span>
          {!p.consentToName && <span className="badge">{t('cons.participants.noConsent')}</span>}{' '}
          <button type="button" className="link-button" onClick={() => setEditing(true)} aria-label={t('consolidate.participant.editWho', { who: p.name ?? p.organisation })}>
            {t('consolidate.participant.edit')}
          </button>
          {p.consentWithdrawnAt && (
            <p className="notice small">
              {t('consolidate.participant.withdrawn', { time: formatTime(p.consentWithdrawnAt, lang) })}{' '}
              {p.nameCarriedIn.length ? t('consolidate.participant.carried', { count: p.nameCarriedIn.length }) : t('consolidate.participant.carriedNone')}
            </p>
          )}
          {p.consentWithdrawnAt && p.nameCarriedIn.length > 0 && (
            <ul className="carried">
              {p.nameCarriedIn.map((b) => (
                <li key={b.bundleId}>
                  <time dateTime={b.createdAt}>{formatTime(b.createdAt, lang)}</time> · <bdi dir="ltr">{fileName(b.file)}</bdi> · <code>{b.bundleId}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <ParticipantForm
          initial={{ name: p.name ?? '', organisation: p.organisation, kind: p.kind, consent: p.consentToName }}
          label={t('consolidate.participant.editWho', { who: p.name ?? p.organisation })}
          submitLabel={t('consolidate.participant.save')}
          nameRequired={false}
          primary
          onSubmit={async (v) => {
            await getApi().updateParticipant({ participantId: p.id, name: v.name.trim() ? v.name : undefined, organisation: v.organisation, kind: v.kind, consentToName: v.consent });
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  );
}
