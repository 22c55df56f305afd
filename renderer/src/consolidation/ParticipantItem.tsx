/**
 * One participant of a workshop: details edited in place, consent to be named given or withdrawn.
 * After a withdrawal the name no longer travels; the bundles that already carried it are listed.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTICIPANT_KINDS, type Participant, type ParticipantKind } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { getApi } from '../api';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';

export function ParticipantItem({ p, onChanged }: { p: Participant; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [v, setV] = useState({ name: p.name ?? '', organisation: p.organisation, kind: p.kind, consent: p.consentToName });
  const [err, setErr] = useState<unknown>(null);
  const save = async () => {
    setErr(null);
    try {
      await getApi().updateParticipant({ participantId: p.id, name: v.name.trim() ? v.name : undefined, organisation: v.organisation, kind: v.kind, consentToName: v.consent });
      setEditing(false);
      onChanged();
    } catch (e) {
      setErr(e);
    }
  };
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
                  <time dateTime={b.createdAt}>{formatTime(b.createdAt, lang)}</time> · <bdi dir="ltr">{b.file.split(/[\\/]/).pop()}</bdi> · <code>{b.bundleId}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <form
          className="cons-inline-form"
          aria-label={t('consolidate.participant.editWho', { who: p.name ?? p.organisation })}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-n`}>{t('cons.participants.name')}</label>
            <input id={`${id}-n`} dir="auto" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-o`}>{t('cons.participants.organisation')}</label>
            <input id={`${id}-o`} dir="auto" required value={v.organisation} onChange={(e) => setV({ ...v, organisation: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-k`}>{t('cons.participants.kind')}</label>
            <select id={`${id}-k`} value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as ParticipantKind })}>
              {PARTICIPANT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`cons.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <label className="check-label">
            <input type="checkbox" checked={v.consent} onChange={(e) => setV({ ...v, consent: e.target.checked })} /> {t('cons.participants.consent')}
          </label>
          {p.consentToName && !v.consent && <p className="notice small">{t('consolidate.participant.withdrawHint')}</p>}
          <button type="submit" className="primary">
            {t('consolidate.participant.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
          <ErrorText error={err} />
        </form>
      )}
    </li>
  );
}
