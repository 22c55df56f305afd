import { forwardRef, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchTargets, useTargetLabel, type TargetOption } from './targets';

/**
 * Multi-select of questions and objectives by type-ahead (a combobox with a listbox): type "II.c",
 * "Obj 7" or words, arrows to move, Enter to add; Backspace in the empty box removes the last one.
 */
export const TargetPicker = forwardRef<HTMLInputElement, { options: TargetOption[]; value: string[]; onChange: (v: string[]) => void }>(function TargetPicker({ options, value, onChange }, ref) {
  const { t } = useTranslation();
  const targetLabel = useTargetLabel();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matchTargets(options, query).filter((o) => !value.includes(o.field)), [options, query, value]);
  const open = matches.length > 0;
  const add = (o: TargetOption) => {
    onChange([...value, o.field]);
    setQuery('');
    setActive(0);
  };
  return (
    <div className="target-picker">
      <label htmlFor={`${id}-in`}>{t('cons.capture.targets')}</label>
      <ul className="chips" aria-label={t('cons.capture.selected')}>
        {value.map((f) => (
          <li key={f}>
            <button type="button" className="chip" onClick={() => onChange(value.filter((x) => x !== f))} aria-label={t('cons.capture.removeTarget', { target: targetLabel(f) })}>
              <bdi dir="auto">{targetLabel(f)}</bdi> <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <input
        id={`${id}-in`}
        ref={ref}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open ? `${id}-o${active}` : undefined}
        aria-describedby={`${id}-hint`}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.ctrlKey || e.metaKey || e.altKey) return;
          if (e.key === 'ArrowDown' && open) {
            e.preventDefault();
            setActive((a) => (a + 1) % matches.length);
          } else if (e.key === 'ArrowUp' && open) {
            e.preventDefault();
            setActive((a) => (a - 1 + matches.length) % matches.length);
          } else if (e.key === 'Enter' && open) {
            e.preventDefault();
            add(matches[Math.min(active, matches.length - 1)]!);
          } else if (e.key === 'Escape' && query) {
            e.preventDefault();
            setQuery('');
          } else if (e.key === 'Backspace' && !query && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
      />
      <p id={`${id}-hint`} className="muted small">
        {t('cons.capture.targetsHint')}
      </p>
      {open && (
        <ul id={`${id}-list`} role="listbox" className="target-options" aria-label={t('cons.capture.targets')}>
          {matches.map((o, i) => (
            <li
              key={o.field}
              id={`${id}-o${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                add(o);
              }}
            >
              <bdi className="q-id" dir="ltr">{o.label}</bdi> <span lang={o.lang} dir={o.dir}>{o.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
