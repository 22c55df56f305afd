import { useEffect, useRef } from 'react';
import type { CaptureState } from '../../../shared/contract';
import { getApi } from '../api';
import { register } from '../autosave/registry';
import { FieldSaver } from '../autosave/saver';
import { classifySaveError, useSaveStatus } from '../autosave/useFieldSaver';

/**
 * The capture box's autosave: the same saver as the answers (debounce, retries, flush when the
 * window hides or closes), storing the box's content for the workshop.
 */
export function useCaptureSaver(workshopId: string, saved: CaptureState) {
  const ref = useRef<FieldSaver<CaptureState> | null>(null);
  if (!ref.current) {
    ref.current = new FieldSaver<CaptureState>({
      base: null,
      saved,
      debounceMs: 300,
      save: async (state) => {
        const r = await getApi().saveCaptureDraft({ workshopId, state });
        return { revisionId: workshopId, savedAt: r.updatedAt ?? new Date().toISOString() };
      },
      classify: classifySaveError,
    });
  }
  useEffect(() => {
    const s = ref.current!;
    const unregister = register(s as FieldSaver<unknown>, `capture/${workshopId}`);
    return () => {
      void s.flush().then(() => {
        if (!s.hasUnsaved) {
          unregister();
          s.dispose();
        }
      });
    };
  }, [workshopId]);
  // the capture box re-renders for its status only when the status changes visibly
  const status = useSaveStatus(ref.current as FieldSaver<unknown>);
  return { saver: ref.current, status };
}
