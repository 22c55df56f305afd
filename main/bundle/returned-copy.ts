/**
 * A returned draft imported as a NEW draft (by mistake) knows the master it came back from.
 *
 * At that import (import.ts), when the bundle's `derivedFrom` names an export of a draft of this
 * store, the import record's details keep that draft (`returnedFrom`: the export, the draft's id
 * and its title then). The draft's page reads it back (the `returnedCopy` call): the master, whether
 * it is still here, in the trash or gone, and whether the merge (the bundle file imported again into
 * the master: moved-import.ts) would first want this draft in the trash. Imports recorded before
 * `returnedFrom` was kept name no master: nothing is guessed for them.
 */
import path from 'node:path';
import type { ReturnedCopy } from '../../shared/contract/bundles';
import type { Store } from '../store/store';
import { exportRecord } from './export-record';
import { changedSinceImport } from './moved-import';

/** What an import as a new draft keeps of the master a returned draft came back from. */
export interface ReturnedFrom {
  derivedFrom: string;
  draftId: string;
  title: string;
}

/** The master of a returned draft taken from our export `derivedFrom`, to record at its import; null when that is no export of a draft here. */
export function returnedFrom(store: Store, derivedFrom: string | null | undefined): ReturnedFrom | null {
  const exported = exportRecord(store, derivedFrom);
  return derivedFrom && exported?.draftId && exported.title !== null ? { derivedFrom, draftId: exported.draftId, title: exported.title } : null;
}

/** The master draft `draftId` is a returned copy of, while the import that made it is its own (not yet merged elsewhere). */
export function returnedCopy(store: Store, draftId: string): ReturnedCopy | null {
  const row = store
    .sql(
      `SELECT b.id, b.file_name, json_extract(b.details, '$.returnedFrom') AS returned_from, d.deleted_at
       FROM drafts d JOIN bundles b ON b.id = d.origin_bundle_id AND b.direction = 'import' AND b.draft_id = d.id
       WHERE d.id = ?`,
    )
    .get(draftId) as { id: string; file_name: string; returned_from: string | null; deleted_at: string | null } | undefined;
  if (!row?.returned_from) return null;
  const from = JSON.parse(row.returned_from) as ReturnedFrom;
  const master = store.sql('SELECT title, deleted_at FROM drafts WHERE id = ?').get(from.draftId) as { title: string; deleted_at: string | null } | undefined;
  return {
    master: { draftId: from.draftId, title: master?.title ?? from.title, state: !master ? 'gone' : master.deleted_at ? 'trash' : 'here' },
    fileName: path.win32.basename(row.file_name),
    trashFirst: row.deleted_at === null && changedSinceImport(store, draftId, row.id),
  };
}
