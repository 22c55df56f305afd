/**
 * A file field in the interface language. The browser draws its own file field in ITS language
 * ("Choose File", "No file chosen" on an Arabic screen): here the real input is visually hidden
 * (still focusable, still the labelled control, still what tests and drops fill), and beside it a
 * button-like face in the interface language opens it, with the chosen file's name. A file dropped
 * on it is chosen as a dropped file was on the browser's own field.
 */
import { useReducer, useRef, type DragEvent, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

export function FileInput({ onChange, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  // the name is read from the field itself at each render, never kept apart: a field its owner
  // empties (input.value = '' after an upload, a refused file, a form reset) shows no name at the
  // owner's next render (a copy kept in state went on naming a file no longer chosen)
  const [, chosen] = useReducer((n: number) => n + 1, 0);
  const name = input.current?.files?.[0]?.name ?? null;
  /** A file dropped on the field: chosen as if picked (the hidden input is no drop target of its own any more). */
  const dropped = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    const el = input.current;
    const files = e.dataTransfer.files;
    if (!el || props.disabled || !files.length) return;
    const one = new DataTransfer();
    for (const f of props.multiple ? [...files] : [files[0]!]) one.items.add(f);
    el.files = one.files;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  return (
    <span className="file-input" onDragOver={(e) => e.preventDefault()} onDrop={dropped}>
      <input
        {...props}
        ref={input}
        type="file"
        className="visually-hidden"
        onChange={(e) => {
          chosen();
          onChange?.(e);
        }}
      />
      {/* the face: a mouse target only (the input itself is what the keyboard and screen readers reach) */}
      <span className="button-link" aria-hidden="true" data-disabled={props.disabled || undefined} onClick={() => !props.disabled && input.current?.click()}>
        {t('common.chooseFile')}
      </span>
      <bdi className="file-name" aria-hidden="true">
        {name ?? t('common.noFile')}
      </bdi>
    </span>
  );
}
