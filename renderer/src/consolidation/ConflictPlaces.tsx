/**
 * A conflict place by place: the answer as merged (both sides' changes that did not overlap),
 * with each place both sides changed shown in its position, base / ours / theirs side by side,
 * decided on its own: keep ours, take theirs, keep both (ours first), or edit.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictPlace, MergeConflict, PlaceChoice } from '../../../shared/contract';
import type { Doc } from '../../../shared/doc';
import { docToText, textToDoc } from '../../../shared/plaintext';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { DiffView } from '../history/DiffView';
import { useAction } from '../ui/useAction';
import { ErrorText } from '../ui/ErrorText';

export function ConflictPlaces({ c, onChange }: { c: MergeConflict; onChange: (resolved: boolean) => Promise<void> }) {
  const { t } = useTranslation();
  const open = c.places.filter((p) => !p.choice).length;
  return (
    <section className="merged-answer" aria-label={t('consolidate.places.merged')}>
      <h3>{t('consolidate.places.merged')}</h3>
      {/* every place decided but not saved (the decisions carried over from a conflict a newer text answered): say so, not "0 of 2 places still to decide" */}
      <p className="muted small" data-testid="places-left">
        {c.resolvedAt ? t('consolidate.places.allDecided') : open === 0 ? t('consolidate.places.decidedUnsaved') : t('consolidate.places.left', { count: open, total: c.places.length })}
      </p>
      {(c.segments ?? []).map((s, i) =>
        'doc' in s ? (
          <div key={i} className="merged-settled">
            <DocView doc={s.doc} />
          </div>
        ) : (
          <PlaceCard key={i} c={c} p={c.places[s.place]!} onChange={onChange} />
        ),
      )}
    </section>
  );
}

const sideText = (d: Doc) => docToText(d);

function PlaceCard({ c, p, onChange }: { c: MergeConflict; p: ConflictPlace; onChange: (resolved: boolean) => Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() => sideText(p.edited ?? p.ours));
  const { busy, error: err, run } = useAction();
  const decide = (choice: PlaceChoice, edited?: Doc) =>
    run(async () => {
      const r = await getApi().decideConflictPlace({ conflictId: c.id, place: p.index, choice, edited });
      setEditing(false);
      await onChange(r.revisionId !== null);
    });
  const kind = t(`consolidate.places.kind.${p.kind === 'list item' ? 'item' : p.kind}`);
  const title = t('consolidate.places.title', { n: p.index + 1, kind });
  const who = (side: MergeConflict['ours']) => (side ? `${side.authorName} (${side.authorOrganisation})` : null);
  const column = (label: string, doc: Doc, cls: string, by?: string | null) => (
    <div className={`conflict-side ${cls}`}>
      <h5>{label}</h5>
      {by && (
        <p className="meta">
          <bdi dir="auto">{by}</bdi>
        </p>
      )}
      {doc.content.length ? <DocView doc={doc} /> : <p className="muted">{t('consolidate.places.nothing')}</p>}
      {cls !== 'base' && (
        <div className="place-changes">
          <h6>{t('consolidate.places.changes')}</h6>
          <DiffView before={sideText(p.base)} after={sideText(doc)} />
        </div>
      )}
    </div>
  );
  return (
    <article className={`conflict-place${p.choice ? ' decided' : ''}`} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>
        {title}
        {p.choice && <span className="badge">{t(`consolidate.places.decided.${p.choice}`)}</span>}
      </h4>
      <div className="three-columns">
        {column(t('cons.conflicts.base'), p.base, 'base')}
        {column(t('cons.conflicts.ours'), p.ours, 'ours', who(c.ours))}
        {column(t('cons.conflicts.theirs'), p.theirs, 'theirs', who(c.theirs))}
      </div>
      {p.choice === 'edit' && p.edited && (
        <div className="conflict-side edited">
          <h5>{t('consolidate.places.editedText')}</h5>
          <DocView doc={p.edited} />
        </div>
      )}
      {!c.resolvedAt && (
        <div className="actions" role="group" aria-label={t('consolidate.places.decide', { title })}>
          {(['ours', 'theirs', 'both'] as const).map((choice) => (
            <button key={choice} type="button" disabled={busy} aria-pressed={p.choice === choice} onClick={() => void decide(choice)}>
              {t(`consolidate.places.choose.${choice}`)}
            </button>
          ))}
          <button type="button" disabled={busy} aria-expanded={editing} aria-pressed={p.choice === 'edit'} onClick={() => setEditing((x) => !x)}>
            {t('consolidate.places.choose.edit')}
          </button>
        </div>
      )}
      {editing && !c.resolvedAt && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decide('edit', textToDoc(text));
          }}
        >
          <label htmlFor={`${id}-t`}>{t('consolidate.places.editLabel', { title })}</label>
          <textarea id={`${id}-t`} dir="auto" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
          <p className="muted small">{t('cons.conflicts.combineHint')}</p>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('consolidate.places.saveEdit')}
          </button>
        </form>
      )}
      <ErrorText error={err} />
    </article>
  );
}
