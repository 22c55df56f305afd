/** The history calls of the contract: pages of saves, editing sessions, named versions. */
import type { Handlers } from '../../shared/contract';
import type { Drafts } from '../services/drafts';
import { listRevisionMeta, type RevisionMetaRow } from '../store/revisions';
import type { Store } from '../store/store';
import { fieldSessions } from './field-sessions';
import { diffVersions, listNamedVersions, nameVersion } from './named-versions';

type HistoryHandlers = Pick<Handlers, 'fieldHistoryPage' | 'fieldSessions' | 'createVersion' | 'listVersions' | 'diffVersions'>;

export const saveMeta = (r: RevisionMetaRow) => ({
  id: r.id,
  parentId: r.parent_id,
  mergeParentId: r.merge_parent_id,
  authorName: r.author_name,
  authorOrganisation: r.author_org,
  installationId: r.installation_id,
  createdAt: r.created_at,
  note: r.note,
  size: r.size,
});

export function historyHandlers(store: Store, drafts: Drafts): HistoryHandlers {
  return {
    fieldHistoryPage: ({ draftId, field, before, atOrBefore, limit }) => {
      drafts.row(draftId, { allowDeleted: true });
      const n = limit ?? 100;
      const rows = listRevisionMeta(store, draftId, field, { before, atOrBefore, limit: n + 1 });
      const page = rows.slice(0, n);
      const last = page.at(-1);
      return { saves: page.map(saveMeta), next: rows.length > n && last ? { createdAt: last.created_at, id: last.id } : null };
    },
    fieldSessions: ({ draftId, field, before, limit }) => {
      drafts.row(draftId, { allowDeleted: true });
      return fieldSessions(store, draftId, field, { before, limit });
    },
    createVersion: ({ draftId, label }) => {
      drafts.row(draftId);
      return store.tx(() => {
        const v = nameVersion(store, draftId, 'manual', label);
        store.audit(draftId, 'version.create', { target: v.id, newValue: v.label });
        return v;
      });
    },
    listVersions: ({ draftId }) => {
      drafts.row(draftId, { allowDeleted: true });
      return listNamedVersions(store, draftId);
    },
    diffVersions: ({ draftId, from, to }) => {
      drafts.row(draftId, { allowDeleted: true });
      return diffVersions(store, draftId, from, to);
    },
  };
}
