import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Revision } from '../../../shared/contract';
import type { Doc } from '../../../shared/doc';
import type { Language } from '../../../shared/i18n';
import { docToText } from '../../../shared/plaintext';
import { valueDoc } from '../../../shared/note';
import { getApi } from '../api';
import { DocView } from '../editor/DocView';
import { formatTime } from '../format';
import { ErrorText } from '../ui/ErrorText';
import { DiffView } from './DiffView';
import { Sentence } from '../ui/Sentence';

/**
 * The answer changed elsewhere since this edit began. Nothing is overwritten: the user's text stays
 * in the editor, the current stored version is shown beside it, and the user chooses.
 */
export function ConflictPanel(props: {
  currentRevisionId: string | null;
  mine: () => Doc;
  onKeepMine: (currentRevisionId: string | null) => void;
  onTakeTheirs: (rev: Revision) => void;
  onInsertTheirs: (doc: Doc) => void;
}) {
  const { t, i18n } = useTranslation();
  const [theirs, setTheirs] = useState<Revision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [showDiff, setShowDiff] = useState(false);
  useEffect(() => {
    if (props.currentRevisionId) getApi().getRevision({ revisionId: props.currentRevisionId }).then(setTheirs, setError);
  }, [props.currentRevisionId]);
  const theirDoc: Doc = theirs ? valueDoc(theirs.value) : { type: 'doc', content: [] };
  const headingId = useId();
  return (
    <section className="conflict card" role="alert" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('conflict.title')}</h3>
      <p>
        {theirs
          ? <Sentence k="conflict.explainWho" values={{ name: theirs.authorName, time: formatTime(theirs.createdAt, i18n.language as Language) }} />
          : t('conflict.explain')}{' '}
        {t('conflict.kept')}
      </p>
      <ErrorText error={error} />
      <div className="conflict-columns">
        <div>
          <h4>{t('conflict.theirs')}</h4>
          <DocView doc={theirDoc} label={t('conflict.theirs')} />
        </div>
        <div>
          <h4>{t('conflict.mine')}</h4>
          <DocView doc={props.mine()} label={t('conflict.mine')} />
        </div>
      </div>
      {showDiff && <DiffView before={docToText(theirDoc)} after={docToText(props.mine())} />}
      <div className="actions">
        <button type="button" className="primary" onClick={() => props.onKeepMine(props.currentRevisionId)}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" disabled={!theirs} onClick={() => theirs && props.onTakeTheirs(theirs)}>
          {t('conflict.takeTheirs')}
        </button>
        <button type="button" disabled={!theirs} onClick={() => props.onInsertTheirs(theirDoc)}>
          {t('conflict.insertTheirs')}
        </button>
        <button type="button" aria-expanded={showDiff} onClick={() => setShowDiff((s) => !s)}>
          {t('conflict.compare')}
        </button>
      </div>
      <p className="muted">{t('conflict.mergeHint')}</p>
    </section>
  );
}
