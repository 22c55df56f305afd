/**
 * Pieces of an imported file that no question took, into a draft's unplaced tray (the user places
 * or dismisses them later: main/services/interchange.ts). One writer for the Word and text imports
 * (a new draft) and for a Word file brought back into its draft (./word-return.ts), which passes
 * `once`: a text already in the tray is not added again however often the file comes back.
 */
import type { UnplacedPiece } from '../interchange/assemble';
import { newId, nowIso, type Store } from '../store/store';

/** Adds `pieces` to `draftId`'s tray (inside the caller's transaction); the rows it added. */
export function addUnplaced(store: Store, draftId: string, pieces: readonly UnplacedPiece[], opts: { once?: boolean } = {}): Array<{ id: string; piece: UnplacedPiece }> {
  const known = store.sql('SELECT 1 FROM unplaced WHERE draft_id = ? AND text = ?');
  const insert = store.sql('INSERT INTO unplaced (id, draft_id, source, reason, content, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const added: Array<{ id: string; piece: UnplacedPiece }> = [];
  for (const piece of pieces) {
    if (opts.once && known.get(draftId, piece.text)) continue;
    const id = newId();
    insert.run(id, draftId, piece.source, piece.reason, JSON.stringify(piece.doc), piece.text, nowIso());
    added.push({ id, piece });
  }
  return added;
}
