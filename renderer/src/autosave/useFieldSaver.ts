import { useEffect, useRef, useSyncExternalStore } from 'react';
import { ApiError } from '../../../shared/contract/client';
import type { FieldValue } from '../../../shared/contract';
import { getApi } from '../api';
import { i18n } from '../i18n';
import { errorMessage } from '../ui/ErrorText';
import { register } from './registry';
import { FieldSaver, type ErrorKind, type SaveStatus } from './saver';

export type OnSaved = (field: string, revisionId: string, value: FieldValue, savedAt: string) => void;

export function classifySaveError(err: unknown): ErrorKind {
  if (err instanceof ApiError && err.code === 'conflict' && err.details && typeof err.details === 'object' && 'currentRevisionId' in err.details) {
    const current = (err.details as { currentRevisionId: unknown }).currentRevisionId;
    return { kind: 'conflict', currentRevisionId: typeof current === 'string' ? current : null, reason: err.message };
  }
  return { kind: 'error', reason: errorMessage(err, i18n.t.bind(i18n) as typeof i18n.t) };
}

/**
 * A saver's status as the user sees it (FieldSaver.shown): the component re-renders when the
 * status changes visibly, never at a keystroke that only keeps the field "saving".
 */
export function useSaveStatus(saver: FieldSaver<unknown>): SaveStatus {
  return useSyncExternalStore(saver.subscribe, () => saver.shown);
}

/**
 * One autosaving field, alive while its component is mounted (and after, until its text is
 * stored). It holds no React state: what shows the status reads it with useSaveStatus, so typing
 * re-renders nothing.
 */
export function useFieldSaver<V extends FieldValue>(o: { draftId: string; field: string; base: string | null; saved?: V; onSaved: OnSaved }): FieldSaver<V> {
  const onSaved = useRef(o.onSaved);
  onSaved.current = o.onSaved;
  const ref = useRef<FieldSaver<V> | null>(null);
  if (!ref.current) {
    ref.current = new FieldSaver<V>({
      base: o.base,
      saved: o.saved,
      save: (value, base) => getApi().saveField({ draftId: o.draftId, field: o.field, value, baseRevisionId: base }),
      classify: classifySaveError,
      onSaved: (value, out) => onSaved.current(o.field, out.revisionId, value, out.savedAt),
    });
  }
  useEffect(() => {
    const s = ref.current!;
    const unregister = register(s as FieldSaver<unknown>, `${o.draftId}/${o.field}`);
    return () => {
      // Leaving the question saves it; a saver whose text is not yet stored stays registered and keeps retrying.
      void s.flush().then(() => {
        if (!s.hasUnsaved) {
          unregister();
          s.dispose();
        }
      });
    };
  }, []);
  return ref.current;
}
