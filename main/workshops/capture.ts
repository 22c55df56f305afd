/**
 * The capture box of a workshop, saved into the store as it is typed (one row per workshop), so a
 * reload or a crash mid-sentence loses nothing. Taking the text in as a contribution clears it in
 * the same transaction (addContribution with clearCapture).
 */
import type { CaptureState } from '../../shared/contract/capture';
import { nowIso, type Store } from '../store/store';
import type { Workshops } from './workshops';

export class CaptureDrafts {
  constructor(
    private store: Store,
    private workshops: Workshops,
  ) {}

  get(workshopId: string): { state: CaptureState; updatedAt: string } | null {
    this.workshops.row(workshopId);
    const r = this.store.sql('SELECT state, updated_at FROM capture_drafts WHERE workshop_id = ?').get(workshopId) as { state: string; updated_at: string } | undefined;
    return r ? { state: JSON.parse(r.state) as CaptureState, updatedAt: r.updated_at } : null;
  }

  save(workshopId: string, state: CaptureState): { updatedAt: string | null } {
    this.workshops.row(workshopId);
    if (!state.text.trim() && !state.targets.length) {
      this.store.sql('DELETE FROM capture_drafts WHERE workshop_id = ?').run(workshopId);
      return { updatedAt: null };
    }
    const at = nowIso();
    this.store
      .sql('INSERT INTO capture_drafts (workshop_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (workshop_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at')
      .run(workshopId, JSON.stringify(state), at);
    return { updatedAt: at };
  }
}
