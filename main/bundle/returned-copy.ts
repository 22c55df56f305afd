/**
 * A returned draft imported as a NEW draft (by mistake) knows the master it came back from.
 *
 * At that import (import.ts), when the bundle's `derivedFrom` names an export of a draft of this
 * store, the import record's details keep that draft (`returnedFrom`: the export, the draft's id
 * and its title then). The draft's page reads it back (the `returnedCopy` call): the master, whether
 * it is still here, in the trash or gone, and whether the merge (the bundle file imported again into
 * the master: moved-import.ts) would first want this draft in the trash, and whether the file that
 * import read is still there to merge at once (mergeReturnedCopy: the same merge, without asking for
 * the file again). Imports recorded before `returnedFrom` was kept name no master: nothing is
 * guessed for them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReturnedCopy } from '../../shared/contract/bundles';
import { AppError } from '../../shared/contract/common';
import { copyFileGone } from './refusals';
import { within } from '../within';
import type { Store } from '../store/store';
import { exportRecord } from './export-record';
import { fileSha256 } from './file-sha256';
import { TrustRegister } from '../keys/trust';
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

/** What the import that made a draft recorded: its file, the master it came back from, its signer. */
interface CopyImport {
  id: string;
  file_name: string;
  file_sha256: string;
  returned_from: string | null;
  encrypted: number | null;
  signer_name: string;
  signer_org: string;
  signer_fingerprint: string;
  deleted_at: string | null;
}

/** The import that made draft `draftId` (while it is that draft's own), with what it recorded of a returned draft's master. */
function copyImport(store: Store, draftId: string): CopyImport | undefined {
  return store
    .sql(
      `SELECT b.id, b.file_name, b.file_sha256, json_extract(b.details, '$.returnedFrom') AS returned_from, json_extract(b.details, '$.encrypted') AS encrypted,
              b.signer_name, b.signer_org, b.signer_fingerprint, d.deleted_at
       FROM drafts d JOIN bundles b ON b.id = d.origin_bundle_id AND b.direction = 'import' AND b.draft_id = d.id
       WHERE d.id = ?`,
    )
    .get(draftId) as CopyImport | undefined;
}

/**
 * The file an import read, when a merge can read it again without asking the user for it: a full
 * path (the desktop app's and the CLI's imports record one; browser mode's uploads are gone once
 * imported) to a file still there, not encrypted (its identity would be asked again).
 */
async function fileStillThere(row: CopyImport): Promise<boolean> {
  if (row.encrypted || !path.isAbsolute(row.file_name)) return false;
  // off the event loop, and not waited for long: a path on a network share that is gone (a UNC
  // path, a drive mapped to one) can take the system tens of seconds to give up on
  return within(fs.promises.stat(row.file_name).then((st) => st.isFile(), () => false), STAT_WAIT_MS, false);
}

/** How long the copy's page waits to learn whether its file is still there (else: not offered at once). */
const STAT_WAIT_MS = 2_000;

/** The master draft `draftId` is a returned copy of, while the import that made it is its own (not yet merged elsewhere). */
export async function returnedCopy(store: Store, draftId: string): Promise<ReturnedCopy | null> {
  const row = copyImport(store, draftId);
  if (!row?.returned_from) return null;
  const from = JSON.parse(row.returned_from) as ReturnedFrom;
  const master = store.sql('SELECT title, deleted_at FROM drafts WHERE id = ?').get(from.draftId) as { title: string; deleted_at: string | null } | undefined;
  return {
    master: { draftId: from.draftId, title: master?.title ?? from.title, state: !master ? 'gone' : master.deleted_at ? 'trash' : 'here' },
    fileName: path.win32.basename(row.file_name),
    trashFirst: row.deleted_at === null && changedSinceImport(store, draftId, row.id),
    fileHere: await fileStillThere(row),
    // trusted by the register now (its key may have expired since the import, or been added since): else the merge asks for the confirmation
    signer: { name: row.signer_name, organisation: row.signer_org, fingerprint: row.signer_fingerprint, trust: new TrustRegister(store).decide(row.signer_fingerprint) },
  };
}

/**
 * What merging returned copy `draftId` into its master takes: the file its import read, and the
 * master. The merge itself is importBundleInto's (the file verified again, the copy moved to the
 * trash: moved-import.ts), so it is the same as importing that file into the master by hand. The
 * file at that path must still be the one imported (its SHA-256): another bundle saved there since
 * (a later one from the same sender, or anyone's) is not merged in its place, nor its signer taken
 * as the one the user confirmed on the copy's page.
 */
export async function copyMergeSource(store: Store, draftId: string): Promise<{ file: string; masterId: string }> {
  const row = copyImport(store, draftId);
  if (!row?.returned_from) throw new AppError('invalid_input', `draft ${draftId} is not a returned draft imported as a new draft: there is no master to merge it into`);
  const from = JSON.parse(row.returned_from) as ReturnedFrom;
  const why = !(await fileStillThere(row))
    ? row.encrypted
      ? 'it is encrypted, and its identity is asked for on the import page'
      : `it is no longer at ${row.file_name}`
    : (await fileSha256(row.file_name)) !== row.file_sha256
      ? `another file is at ${row.file_name} now`
      : null;
  if (why) throw copyFileGone(`the bundle file this draft was imported from cannot be read again (${why}): import it into the master from the import page; nothing was merged`, path.win32.basename(row.file_name));
  return { file: row.file_name, masterId: from.draftId };
}
