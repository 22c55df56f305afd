import { useEffect, useRef, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import { ApiError } from '../../../shared/contract/client';
import type { FieldValue } from '../../../shared/contract';
import { getApi } from '../api';
import { i18n } from '../i18n';
import { errorMessage } from '../ui/ErrorText';
import { hold, release } from './registry';
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
 * A saver held by a component for `key` while it is mounted (registry `hold`/`release`): leaving
 * saves what is pending, and a saver whose text is not yet stored stays registered and keeps retrying.
 */
export function useHeldSaver<V>(key: string, create: () => FieldSaver<V>, adopt: boolean): { saver: FieldSaver<V>; adopted: boolean } {
  const ref = useRef<{ saver: FieldSaver<V>; adopted: boolean } | null>(null);
  const holding = useRef(false);
  if (!ref.current) {
    ref.current = hold(key, create, adopt);
    holding.current = true;
  }
  useEffect(() => {
    const s = ref.current!.saver;
    // held again if these effects run once more on the same component (a development refresh)
    if (!holding.current) hold(key, () => s, false);
    holding.current = true;
    return () => {
      holding.current = false;
      void release(s as FieldSaver<unknown>);
    };
  }, []);
  return ref.current;
}

/** Where a field saver reports its saves: the editor holding it now (an editor may take over the saver of the one before). */
const reportTo = new WeakMap<FieldSaver<unknown>, { current: OnSaved }>();

/**
 * One autosaving field, alive while its editor is mounted (and after, until its text is stored;
 * the field's next editor takes it over if it opens before that: `adopted`, and `latest` is the
 * text to open on). It holds no React state: what shows the status reads it with useSaveStatus, so
 * typing re-renders nothing. `saved` (the stored value as the editor produces it) is read only
 * when a new saver is made.
 */
export function useFieldSaver<V extends FieldValue>(o: { draftId: string; field: string; base: string | null; saved: () => V | undefined; onSaved: OnSaved }): { saver: FieldSaver<V>; adopted: boolean } {
  const held = useHeldSaver<V>(
    `${o.draftId}/${o.field}`,
    () => {
      const sink = { current: o.onSaved };
      const s: FieldSaver<V> = new FieldSaver<V>({
        base: o.base,
        saved: o.saved(),
        save: (value, base) => getApi().saveField({ draftId: o.draftId, field: o.field, value, baseRevisionId: base }),
        classify: classifySaveError,
        // Committed at once (flushSync): a question reopened right after this save, by a key
        // pressed before React's next task, must find the new revision in the draft's fields
        // (the saver is let go as soon as the save is over, and a new one starts from those fields).
        onSaved: (value, out) => flushSync(() => sink.current(o.field, out.revisionId, value, out.savedAt)),
      });
      reportTo.set(s as FieldSaver<unknown>, sink);
      return s;
    },
    true,
  );
  const sink = reportTo.get(held.saver as FieldSaver<unknown>);
  if (sink) sink.current = o.onSaved;
  return held;
}
