/**
 * Form validation in the interface language, never the browser's own bubbles (which follow the
 * browser's language): the `invalid` event of every form field is cancelled (no bubble) and our
 * message is shown under the field, announced, tied to it with aria-describedby, and the first
 * invalid field gets focus. The message sits in <body>, outside React's tree, positioned under
 * the field, and goes away as soon as the field is edited.
 */
import type { i18n as I18n } from 'i18next';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const shown = new Map<Field, HTMLElement>();
let seq = 0;

function message(el: Field, t: I18n['t']): string {
  const v = el.validity;
  if (v.valueMissing) return t('msg.form.required');
  if (v.typeMismatch) return el.type === 'url' ? t('msg.form.url') : el.type === 'email' ? t('msg.form.email') : t('msg.form.invalid');
  if (v.tooLong) return t('msg.form.tooLong', { max: (el as HTMLInputElement).maxLength });
  if (v.tooShort) return t('msg.form.tooShort', { min: (el as HTMLInputElement).minLength });
  if (v.rangeUnderflow || v.rangeOverflow) return t('msg.form.range');
  return t('msg.form.invalid');
}

function clear(el: Field) {
  const box = shown.get(el);
  if (!box) return;
  box.remove();
  shown.delete(el);
  el.removeAttribute('aria-invalid');
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== box.id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

function place(el: Field, box: HTMLElement) {
  const r = el.getBoundingClientRect();
  box.style.top = `${r.bottom + window.scrollY + 2}px`;
  box.style.left = `${r.left + window.scrollX}px`;
  box.style.minWidth = `${Math.min(r.width, 320)}px`;
}

export function installFormValidation(i18n: I18n): void {
  let firstInBatch = true;
  document.addEventListener(
    'invalid',
    (e) => {
      const el = e.target as Field;
      e.preventDefault(); // no browser bubble
      clear(el);
      const box = document.createElement('div');
      box.className = 'field-error';
      box.id = `field-error-${++seq}`;
      box.setAttribute('role', 'alert');
      box.dir = document.documentElement.dir;
      box.textContent = message(el, i18n.t.bind(i18n));
      document.body.append(box);
      place(el, box);
      shown.set(el, box);
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), box.id].filter(Boolean).join(' '));
      if (firstInBatch) {
        el.focus();
        firstInBatch = false;
        queueMicrotask(() => (firstInBatch = true));
      }
    },
    true,
  );
  const onEdit = (e: Event) => e.target instanceof HTMLElement && shown.has(e.target as Field) && clear(e.target as Field);
  document.addEventListener('input', onEdit, true);
  document.addEventListener('change', onEdit, true);
  window.addEventListener('hashchange', () => [...shown.keys()].forEach(clear));
  window.addEventListener('resize', () => shown.forEach((box, el) => place(el, box)));
}
