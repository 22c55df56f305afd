import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi } from '../api';
import { ErrorText } from '../ui/ErrorText';
import { useLoad } from './useLoad';

/** Settings: this store's review rule (the approver must not be the person who last submitted). */
export function ReviewRuleSetting() {
  const { t } = useTranslation();
  const id = useId();
  const { data, error, reload } = useLoad(() => getApi().getReviewRules({}), []);
  const [err, setErr] = useState<unknown>(null);
  return (
    <section className="card review-rule" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('consolidate.rule.title')}</h2>
      {data && (
        <label className="check-label">
          <input
            type="checkbox"
            checked={data.approverNotSubmitter}
            onChange={async (e) => {
              setErr(null);
              try {
                await getApi().setReviewRules({ approverNotSubmitter: e.target.checked });
                await reload();
              } catch (x) {
                setErr(x);
              }
            }}
          />{' '}
          {t('consolidate.rule.label')}
        </label>
      )}
      <p className="muted small">{t('consolidate.rule.hint')}</p>
      <ErrorText error={err ?? error} />
    </section>
  );
}
