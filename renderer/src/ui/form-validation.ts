/**
 * Form validation in the interface language, never the browser's own bubbles (which follow the
 * browser's language): the `invalid` event of every form field is cancelled (no bubble) and our
 * message is shown under the field, announced, tied to it with aria-describedby (and the field
 * marked aria-invalid), and the first invalid field in document order gets focus. The message is
 * inserted in the flow right after the field's label (or the field itself), so it takes its own
 * space and pushes the next label and the submit button down instead of covering them; it goes
 * away as soon as the field is edited, when its form is sent, or when the form is tried again and
 * the field has become valid meanwhile (filled by code: a chosen file's text, a reset), or when
 * another action is taken outside its form (a button or link clicked); a message still shown
 * follows the interface language when it changes.
 */
import type { i18n as I18n } from 'i18next';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
/** The messages shown, by field. */
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

/** Fields no longer in the page, or valid now without an edit event (a value set by code): their messages go. */
function sweep() {
  for (const f of [...shown.keys()]) if (!f.isConnected || f.validity.valid) clear(f);
}

export function installFormValidation(i18n: I18n): void {
  const word = (el: Field, box: HTMLElement) => {
    box.dir = i18n.dir(i18n.language);
    box.textContent = message(el, i18n.t.bind(i18n));
  };
  document.addEventListener(
    'invalid',
    (e) => {
      const el = e.target as Field;
      e.preventDefault(); // no browser bubble
      sweep();
      clear(el);
      const box = document.createElement('div');
      box.className = 'field-error';
      box.id = `field-error-${++seq}`;
      box.setAttribute('role', 'alert');
      word(el, box);
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
  const onEdit = (e: Event) => {
    if (e.target instanceof HTMLElement && shown.has(e.target as Field)) clear(e.target as Field);
    sweep();
  };
  document.addEventListener('input', onEdit, true);
  document.addEventListener('change', onEdit, true);
  // a field filled by code (a chosen file read into it) has its message gone once the user moves on
  document.addEventListener('focusin', sweep, true);
  window.addEventListener('hashchange', () => [...shown.keys()].forEach(clear));
  // another action taken (a button or link outside the form): the form was left, its messages go
  // (a language chosen, a field of another form focused, keep them: the user is still at it)
  document.addEventListener(
    'click',
    (e) => {
      const action = e.target instanceof Element ? e.target.closest('button, a[href]') : null;
      if (action) [...shown.keys()].filter((f) => f.form && !f.form.contains(action)).forEach(clear);
    },
    true,
  );
  // a form is only sent when all its fields are valid: none of its messages stands
  document.addEventListener('submit', (e) => [...shown.keys()].filter((f) => f.form === e.target).forEach(clear), true);
  i18n.on('languageChanged', () => {
    sweep();
    for (const [el, box] of shown) word(el, box);
  });
}
