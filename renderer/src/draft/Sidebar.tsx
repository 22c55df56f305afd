import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftDetail } from '../../../shared/contract';
import type { Template } from '../../../shared/template/schema';
import { Progress } from '../home/Progress';
import { href } from '../router';
import { sectionProgress } from './progress';
import { CountBadge, useQuestionCounts } from '../consolidation/QuestionCounts';

/** Navigation by section, with progress, and every question as a link. */
export function Sidebar({ draft, template, textLang, answered, currentId }: { draft: DraftDetail; template: Template; textLang: string; answered: Set<string>; currentId: string }) {
  const { t } = useTranslation();
  const progress = sectionProgress(template, answered);
  const total = progress.reduce((n, p) => n + p.total, 0);
  const ref = useRef<HTMLElement>(null);
  const comments = useQuestionCounts(draft.id, 'comments');
  const waiting = useQuestionCounts(draft.id, 'waiting');
  useEffect(() => {
    ref.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [currentId]);
  return (
    <nav className="sidebar" aria-label={t('draft.navigation')} ref={ref}>
      <a className="back" href={href.home()}>
        {t('draft.backHome')}
      </a>
      <h1 className="draft-title" dir="auto">
        {draft.title}
      </h1>
      {draft.country && (
        <p className="meta" dir="auto">
          {draft.country}
        </p>
      )}
      <Progress answered={answered.size} total={total} label={t('progress.overall')} />
      <ol className="sections">
        {template.sections.map((s, i) => (
          <li key={s.id}>
            <div className="section-head">
              <span className="section-title">
                <bdi className="section-id" dir="ltr">
                  {s.id}.
                </bdi> <bdi className="section-name" lang={textLang}>{s.title}</bdi>
                {s.provisionalTitle && <span className="badge provisional">{t('draft.provisional')}</span>}
              </span>
              <Progress answered={progress[i]!.answered} total={progress[i]!.total} />
            </div>
            <ol className="questions">
              {s.questions.map((q) => (
                <li key={q.id}>
                  <a href={href.draft(draft.id, q.id)} aria-current={q.id === currentId ? 'page' : undefined} className={answered.has(q.id) ? 'answered' : undefined}>
                    <bdi className="q-id" dir="ltr">{q.id}</bdi>
                    <bdi className="q-text" lang={textLang}>{q.text}</bdi>
                    {answered.has(q.id) && <span className="check" aria-label={t('draft.answered')}>✓</span>}
                    <CountBadge kind="waiting" count={waiting.get(q.id)} />
                    <CountBadge kind="comments" count={comments.get(q.id)} />
                  </a>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      <p className="shortcuts muted">{t('draft.shortcutsHint')}</p>
    </nav>
  );
}
