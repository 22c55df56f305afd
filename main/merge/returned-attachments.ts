/**
 * The files a returned draft attaches to its questions (pictures, laws, reports). One the draft
 * does not hold yet arrives on the same question, with its author, time and the bundle it came
 * in. A file the draft already holds on that question (the same bytes: the master's own file that
 * went out and came back, under another id) is not added again, and one the draft removed since
 * stays removed: the other side did not add it, it only kept it.
 */
import type { AttachmentRecord } from '../../shared/bundle-format';
import { insertTravelledAttachment } from '../bundle/travelled-attachment';
import type { Store } from '../store/store';

/** Takes in the new attachments (inside the merge's transaction); returns how many it added. */
export function takeReturnedAttachments(store: Store, draftId: string, attachments: readonly AttachmentRecord[], bundleId: string): number {
  const held = new Set(
    (store.sql('SELECT field, sha256 FROM attachments WHERE draft_id = ?').all(draftId) as Array<{ field: string; sha256: string }>).map((a) => `${a.field} ${a.sha256}`),
  );
  let added = 0;
  for (const a of attachments) {
    if (held.has(`${a.field} ${a.sha256}`)) continue;
    held.add(`${a.field} ${a.sha256}`);
    insertTravelledAttachment(store, a, { draftId, bundleId });
    added++;
  }
  return added;
}
