/**
 * The one confirm dialog: a question as its title, what will happen, and the button that does
 * it, optionally with a text the action needs (a reason, a comment). Built on Dialog: modal,
 * labelled by the question and described by the message, Esc or Cancel closes it without acting,
 * and focus returns to the button that opened it. Focus starts in the text box, or, for a plain
 * question, on Cancel (the safe choice). While the action runs its button is disabled; if the
 * action fails the dialog stays open and says why.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { useAction } from './useAction';

export interface ConfirmField {
  label: string;
  /** The action cannot be confirmed while it is empty. */
  required?: boolean;
  multiline?: boolean;
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  tone = 'primary',
  field,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** `danger` for what cannot be undone from here (delete, revoke). */
  tone?: 'primary' | 'danger' | 'plain';
  field?: ConfirmField;
  /** Receives the text of `field` ('' without one). */
  onConfirm: (text: string) => unknown;
  onCancel: () => void;
  /** Anything to show between the message and the field (e.g. the fingerprint of a key). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const { busy, error: err, run } = useAction();
  const input = {
    id: `${id}-text`,
    dir: 'auto',
    required: field?.required,
    value: text,
    'data-autofocus': true,
    onChange: (e: { target: { value: string } }) => setText(e.target.value),
  } as const;
  return (
    <Dialog title={title} onClose={onCancel} describedBy={`${id}-message`}>
      <form
        className="confirm"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => onConfirm(text));
        }}
      >
        <div id={`${id}-message`}>{typeof message === 'string' ? <p>{message}</p> : message}</div>
        {children}
        {field && (
          <div className="field">
            <label htmlFor={input.id}>{field.label}</label>
            {field.multiline ? <textarea rows={3} {...input} /> : <input {...input} />}
          </div>
        )}
        <ErrorText error={err} />
        <div className="confirm-actions">
          <button type="submit" className={tone === 'plain' ? undefined : tone} disabled={busy || (!!field?.required && !text.trim())}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onCancel} data-autofocus={field ? undefined : true}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
