/** The participant form, one for adding a participant to a workshop and for editing one in place. */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTICIPANT_KINDS, type ParticipantKind } from '../../../shared/contract';
import { ErrorText } from '../ui/ErrorText';

export interface ParticipantValues {
  name: string;
  organisation: string;
  kind: ParticipantKind;
  consent: boolean;
}

export function ParticipantForm(props: {
  initial: ParticipantValues;
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  /** Adding needs a name; editing may leave it empty (the name is then withheld). */
  nameRequired: boolean;
  /** Saves the values; a throw is shown under the form and keeps what was typed. */
  onSubmit: (v: ParticipantValues) => Promise<void>;
  /** Shown as a Cancel button when given (editing). */
  onCancel?: () => void;
  /** After a save, empty the form again and put the cursor back in the first field (adding one after another). */
  clearAfterSave?: boolean;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [v, setV] = useState(props.initial);
  const [err, setErr] = useState<unknown>(null);
  const first = useRef<HTMLInputElement>(null);
  return (
    <form
      className="cons-inline-form"
      aria-label={props.label}
      onSubmit={async (e) => {
        e.preventDefault();
        setErr(null);
        try {
          await props.onSubmit(v);
          if (props.clearAfterSave) {
            setV(props.initial);
            first.current?.focus();
          }
        } catch (x) {
          setErr(x);
        }
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('cons.participants.name')}</label>
        <input id={`${id}-name`} ref={first} dir="auto" required={props.nameRequired} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-org`}>{t('cons.participants.organisation')}</label>
        <input id={`${id}-org`} dir="auto" required value={v.organisation} onChange={(e) => setV({ ...v, organisation: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('cons.participants.kind')}</label>
        <select id={`${id}-kind`} value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as ParticipantKind })}>
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
      {props.initial.consent && !v.consent && <p className="notice small">{t('consolidate.participant.withdrawHint')}</p>}
      <button type="submit" className={props.primary ? 'primary' : undefined}>
        {props.submitLabel}
      </button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <ErrorText error={err} />
    </form>
  );
}
