/**
 * Form validation in the interface language, never the browser's own bubbles (which follow the
 * browser's language): the `invalid` event of every form field is cancelled (no bubble) and our
 * message is shown under the field, announced, tied to it with aria-describedby (and the field
 * marked aria-invalid), and the first invalid field in document order gets focus. The message is
 * inserted in the flow right after the field's label (or the field itself), so it takes its own
 * space and pushes the next label and the submit button down instead of covering them; it goes
 * away as soon as the field is edited.
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

/** The form's first field that fails validation, in document order (the browser fires `invalid` in that order, one event at a time). */
function firstInvalid(el: Field): Element {
  const fields = el.form ? [...el.form.elements] : [el];
  return fields.find((f) => (f as Field).willValidate && !(f as Field).validity.valid) ?? el;
}

export function installFormValidation(i18n: I18n): void {
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
      // after the wrapping label, not inside it: the label's text is the field's name
      (el.closest('label') ?? el).after(box);
      shown.set(el, box);
      el.setAttribute('aria-invalid', 'true');
      el.setAttribute('aria-describedby', [el.getAttribute('aria-describedby'), box.id].filter(Boolean).join(' '));
      // (a flag reset in a microtask would not do: the microtask checkpoint runs after each
      // event's listener, so every invalid field took focus in turn and the last one kept it)
      if (firstInvalid(el) === el) el.focus();
    },
    true,
  );
  const onEdit = (e: Event) => e.target instanceof HTMLElement && shown.has(e.target as Field) && clear(e.target as Field);
  document.addEventListener('input', onEdit, true);
  document.addEventListener('change', onEdit, true);
  window.addEventListener('hashchange', () => [...shown.keys()].forEach(clear));
}
