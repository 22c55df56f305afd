/** Text an import could not place: move an item to a question (appended to its answer) or dismiss it. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnplacedItem } from '../../../shared/contract/interchange';
import { questions, type Template } from '../../../shared/template/schema';
import { getApi } from '../api';
import { flushAll } from '../autosave/registry';
import { DocView } from '../editor/DocView';
import { ErrorText } from '../ui/ErrorText';
import { useStoredWords } from '../ui/Stored';

export function UnplacedTray({ draftId, template, items, onChanged, readOnly }: { draftId: string; template: Template; items: UnplacedItem[]; onChanged: (placedField?: string) => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const headingId = useId();
  if (items.length === 0 && !status) return null;
  return (
    <section className="x-tray card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('exchange.tray.title')} <span className="badge">{items.length}</span>
      </h2>
      <p className="x-muted">{t('exchange.tray.intro')}</p>
      <ol className="x-tray-items">
        {items.map((it, i) => (
          <TrayItem key={it.id} n={i + 1} item={it} template={template} readOnly={readOnly}
            onPlace={async (field) => {
              setError(null);
              try {
                await flushAll();
                await getApi().placeUnplaced({ draftId, itemId: it.id, field });
                setStatus(t('exchange.tray.moved', { id: field }));
                onChanged(field);
              } catch (e) {
                setError(e);
              }
            }}
            onDismiss={async () => {
              setError(null);
              try {
                await getApi().dismissUnplaced({ draftId, itemId: it.id });
                setStatus(t('exchange.tray.dismissed'));
                onChanged();
              } catch (e) {
                setError(e);
              }
            }}
          />
        ))}
      </ol>
      <p role="status" className="x-status">{status}</p>
      <ErrorText error={error} />
    </section>
  );
}

function TrayItem({ n, item, template, readOnly, onPlace, onDismiss }: { n: number; item: UnplacedItem; template: Template; readOnly: boolean; onPlace: (field: string) => void; onDismiss: () => void }) {
  const { t } = useTranslation();
  const storedWords = useStoredWords();
  const [field, setField] = useState('');
  const selectId = useId();
  return (
    <li className="x-tray-item" aria-label={t('exchange.tray.item', { n })}>
      <div className="x-tray-text">
        <DocView doc={item.doc} />
      </div>
      <p className="x-muted">{t('exchange.tray.reason', { reason: storedWords(item.reason) })}</p>
      {!readOnly && (
        <div className="row">
          <label htmlFor={selectId}>{t('exchange.tray.moveTo')}</label>
          <select id={selectId} value={field} onChange={(e) => setField(e.target.value)}>
            <option value="">{t('exchange.tray.chooseQuestion')}</option>
            {questions(template).map((q) => (
              <option key={q.id} value={q.id}>
                {q.id} — {q.text.length > 70 ? `${q.text.slice(0, 70)}…` : q.text}
              </option>
            ))}
          </select>
          <button type="button" className="primary" disabled={!field} onClick={() => onPlace(field)}>
            {t('exchange.tray.move')}
          </button>
          <button type="button" onClick={onDismiss}>
            {t('exchange.tray.dismiss')}
          </button>
        </div>
      )}
    </li>
  );
}
