import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../shared/contract';
import type { Language } from '../../../shared/i18n';
import { textToDoc } from '../../../shared/plaintext';
import { getApi } from '../api';
import { formatDay, formatTime } from '../format';
import { href } from '../router';
import { ErrorText } from '../ui/ErrorText';
import { consHref } from './routes';
import { TargetPicker } from './TargetPicker';
import { targetOptions, useObjectiveWord } from './targets';
import { useLoad } from './useLoad';
import './consolidation.css';
import { WorkshopExport } from '../exchange/WorkshopExport';
import type { CaptureState } from '../../../shared/contract';
import { SaveStatusText } from '../autosave/SaveStatusText';
import { useCaptureSaver } from './useCaptureSaver';
import { CapturedItem } from './CapturedItem';
import { ParticipantItem } from './ParticipantItem';
import { ParticipantForm, type ParticipantValues } from './ParticipantForm';

/** One workshop: who is in the room, and fast capture of what they say. */
export function WorkshopPage({ workshopId }: { workshopId: string }) {
  const { t, i18n } = useTranslation();
  const api = getApi();
  const { data, error, reload } = useLoad(async () => {
    const [w, capture] = await Promise.all([api.getWorkshop({ workshopId }), api.getCaptureDraft({ workshopId })]);
    const template = await api.getTemplate({ id: w.workshop.templateId, version: w.workshop.templateVersion });
    return { ...w, capture, template };
  }, [api, workshopId]);
  // the questions and objectives to tag, in the interface language
  const objective = useObjectiveWord();
  const options = useMemo(() => (data ? targetOptions(data.template, objective, i18n.language) : []), [data, objective, i18n.language]);
  if (error) return <ErrorText error={error} />;
  if (!data) return <p aria-busy="true">{t('app.loading')}</p>;
  const w = data.workshop;
  return (
    <section className="workshop" aria-labelledby="workshop-title">
      <a href={consHref.workshops()}>{t('cons.workshops.back')}</a>
      <h1 id="workshop-title" dir="auto">
        {w.title}
      </h1>
      <p className="meta">
        <bdi>{formatDay(w.date, i18n.language as Language)}</bdi> · <bdi dir="auto">{w.place}</bdi> · <bdi dir="auto">{w.authority}</bdi>
        {w.draftId && (
          <>
            {' · '}
            <a href={href.draft(w.draftId)}>{t('cons.workshop.openDraft')}</a>
          </>
        )}
      </p>
      {!w.draftId && <p className="notice">{t('cons.workshop.unlinked')}</p>}
      <Participants workshopId={workshopId} participants={data.participants} onAdded={reload} />
      <Capture workshopId={workshopId} initial={data.capture?.state ?? null} participants={data.participants} options={options} onSaved={reload} />
      <WorkshopExport workshopId={workshopId} />
      <section aria-labelledby="captured-h">
        <h2 id="captured-h">{t('cons.capture.captured', { count: data.contributions.length })}</h2>
        <ol className="captured" reversed>
          {[...data.contributions].reverse().map((c) => (
            <CapturedItem key={`${c.id}/${c.updatedAt ?? ''}`} c={c} options={options} onChanged={reload} />
          ))}
        </ol>
      </section>
    </section>
  );
}

const EMPTY_PARTICIPANT: ParticipantValues = { name: '', organisation: '', kind: 'civil_society', consent: false };

function Participants({ workshopId, participants, onAdded }: { workshopId: string; participants: Participant[]; onAdded: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('cons.participants.title', { count: participants.length })}</h2>
      <ul className="participants">
        {participants.map((x) => (
          <ParticipantItem key={`${x.id}/${x.consentWithdrawnAt ?? ''}/${x.name ?? ''}/${x.organisation}/${x.kind}/${x.consentToName}`} p={x} onChanged={onAdded} />
        ))}
      </ul>
      <ParticipantForm
        initial={EMPTY_PARTICIPANT}
        label={t('cons.participants.add')}
        submitLabel={t('cons.participants.add')}
        nameRequired
        clearAfterSave
        onSubmit={async (v) => {
          await getApi().addParticipant({ workshopId, name: v.name, organisation: v.organisation, kind: v.kind, consentToName: v.consent });
          onAdded();
        }}
      />
    </section>
  );
}

const EMPTY_CAPTURE: CaptureState = { text: '', targets: [], participantId: null, organisation: '' };

function Capture(props: { workshopId: string; initial: CaptureState | null; participants: Array<{ id: string; name: string | null; organisation: string }>; options: ReturnType<typeof targetOptions>; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { saver, status, start } = useCaptureSaver(props.workshopId, props.initial ?? EMPTY_CAPTURE);
  const [who, setWho] = useState(start.participantId ?? '');
  const [organisation, setOrganisation] = useState(start.organisation);
  const [targets, setTargets] = useState<string[]>(start.targets);
  const [text, setText] = useState(start.text);
  // Everything in the box is kept in the store as it is typed.
  const state: CaptureState = { text, targets, participantId: who || null, organisation };
  const keep = (next: Partial<CaptureState>) => saver.change({ ...state, ...next });
  const [err, setErr] = useState<unknown>(null);
  const [last, setLast] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const saving = useRef(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const lang = i18n.language as Language;
  const people = useMemo(() => props.participants, [props.participants]);

  const save = async () => {
    if (saving.current) return;
    saving.current = true;
    setErr(null);
    try {
      await saver.flush();
      await getApi().addContribution({
        workshopId: props.workshopId,
        targets,
        content: textToDoc(text),
        participantId: who || undefined,
        organisation: who ? undefined : organisation,
        clearCapture: true,
      });
      saver.rebase(null, { ...state, text: '' });
      setText('');
      setLast(formatTime(new Date().toISOString(), lang));
      props.onSaved();
    } catch (x) {
      setErr(x);
    } finally {
      saving.current = false;
      box.current?.focus();
    }
  };

  return (
    <form
      className="card capture"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <h2 id={`${id}-h`}>{t('cons.capture.title')}</h2>
      <div className="cons-grid">
        <div className="field">
          <label htmlFor={`${id}-who`}>{t('cons.capture.who')}</label>
          <select
            id={`${id}-who`}
            value={who}
            onChange={(e) => {
              setWho(e.target.value);
              keep({ participantId: e.target.value || null });
            }}
          >
            <option value="">{t('cons.capture.organisationOnly')}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name ? `${p.name} (${p.organisation})` : p.organisation}
              </option>
            ))}
          </select>
        </div>
        {!who && (
          <div className="field">
            <label htmlFor={`${id}-org`}>{t('cons.capture.organisation')}</label>
            <input
              id={`${id}-org`}
              dir="auto"
              value={organisation}
              onChange={(e) => {
                setOrganisation(e.target.value);
                keep({ organisation: e.target.value });
              }}
              list={`${id}-orgs`}
            />
            <datalist id={`${id}-orgs`}>
              {[...new Set(people.map((p) => p.organisation))].map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          </div>
        )}
      </div>
      <TargetPicker
        ref={pickerRef}
        options={props.options}
        value={targets}
        onChange={(v) => {
          setTargets(v);
          keep({ targets: v });
        }}
      />
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('cons.capture.text')}</label>
        <textarea
          id={`${id}-text`}
          ref={box}
          dir="auto"
          rows={5}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            keep({ text: e.target.value });
          }}
          onBlur={() => void saver.flush()}
          aria-describedby={`${id}-keys`}
          aria-keyshortcuts="Control+Enter"
        />
        <p id={`${id}-keys`} className="muted small">
          {t('cons.capture.keys')} {t('consolidate.capture.kept')} <SaveStatusText status={status} compact />
        </p>
      </div>
      <ErrorText error={err} />
      <div className="row">
        <button type="submit" className="primary">
          {t('cons.capture.save')}
        </button>
        <p role="status" className="muted">
          {last ? t('cons.capture.savedAt', { time: last }) : ''}
        </p>
      </div>
    </form>
  );
}
