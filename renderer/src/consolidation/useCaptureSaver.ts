import type { CaptureState } from '../../../shared/contract';
import { getApi } from '../api';
import { FieldSaver } from '../autosave/saver';
import { classifySaveError, useHeldSaver, useSaveStatus } from '../autosave/useFieldSaver';

/**
 * The capture box's autosave: the same saver as the answers (debounce, retries, flush when the
 * window hides or closes), storing the box's content for the workshop. A box reopened while its
 * last save is on its way takes that saver over and opens on its text (`start`).
 */
export function useCaptureSaver(workshopId: string, stored: CaptureState) {
  const { saver, adopted } = useHeldSaver<CaptureState>(
    `capture/${workshopId}`,
    () =>
      new FieldSaver<CaptureState>({
        base: null,
        saved: stored,
        debounceMs: 300,
        save: async (state) => {
          const r = await getApi().saveCaptureDraft({ workshopId, state });
          return { revisionId: workshopId, savedAt: r.updatedAt ?? new Date().toISOString() };
        },
        classify: classifySaveError,
      }),
    true,
  );
  // the capture box re-renders for its status only when the status changes visibly
  const status = useSaveStatus(saver as FieldSaver<unknown>);
  return { saver, status, start: (adopted && saver.latest) || stored };
}
