/** Evidence attachments on a question: add (streamed), list, remove (soft), open. */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/contract/common';
import type { AttachmentInfo } from '../../shared/contract/attachments';
import { fieldKind, questions } from '../../shared/template';
import type { Drafts } from '../services/drafts';
import { newId, nowIso, type Store } from '../store/store';
import { blobPath, placeStaged, recordBlob, stageStream } from './blobs';
import { cleanAttachmentName, cleanMediaType } from './clean-name';
import { mediaTypeOf } from './media-type';
import { cannotRead } from '../file-errors';

export interface AttachmentRow {
  id: string;
  draft_id: string;
  field: string;
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  added_at: string;
  author_name: string;
  author_org: string;
  installation_id: string;
  removed_at: string | null;
  source_bundle_id: string | null;
}

/** The name and media type as shown and saved: clean even for a row stored before the rule (clean-name.ts). */
export function shownName(r: Pick<AttachmentRow, 'name' | 'media_type'>): { name: string; mediaType: string } {
  const name = cleanAttachmentName(r.name);
  return { name, mediaType: cleanMediaType(r.media_type, name) };
}

export const toAttachmentInfo = (r: AttachmentRow): AttachmentInfo => ({
  id: r.id,
  draftId: r.draft_id,
  field: r.field,
  sha256: r.sha256,
  ...shownName(r),
  size: r.size,
  addedAt: r.added_at,
  authorName: r.author_name,
  authorOrganisation: r.author_org,
  removedAt: r.removed_at,
  sourceBundleId: r.source_bundle_id,
});

export function insertAttachment(store: Store, r: AttachmentRow): void {
  store
    .sql(
      `INSERT INTO attachments (id, draft_id, field, sha256, name, media_type, size, added_at, author_name, author_org, installation_id, removed_at, source_bundle_id)
       VALUES (@id, @draft_id, @field, @sha256, @name, @media_type, @size, @added_at, @author_name, @author_org, @installation_id, @removed_at, @source_bundle_id)`,
    )
    .run(r);
}

export function listAttachmentRows(store: Store, draftId: string, includeRemoved = false): AttachmentRow[] {
  return store.sql(`SELECT * FROM attachments WHERE draft_id = ? ${includeRemoved ? '' : 'AND removed_at IS NULL'} ORDER BY added_at, id`).all(draftId) as AttachmentRow[];
}

export class Attachments {
  constructor(
    private store: Store,
    private drafts: Drafts,
  ) {}

  private row(id: string): AttachmentRow {
    const r = this.store.sql('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
    if (!r) throw new AppError('not_found', `no attachment with id ${id}`);
    return r;
  }

  async add(draftId: string, field: string, filePath: string, name?: string): Promise<AttachmentInfo> {
    const draft = this.drafts.row(draftId);
    const t = this.drafts.template(draft);
    if (fieldKind(field) !== 'answer' || !questions(t).some((q) => q.id === field)) throw new AppError('not_found', `unknown question ${field}; attach files to a question such as II.a`);
    let st: fs.Stats;
    try {
      st = fs.statSync(filePath);
    } catch (e) {
      throw new AppError('bad_file', cannotRead(filePath, e));
    }
    if (!st.isFile()) throw new AppError('bad_file', `${filePath} is not a file`);
    const fileName = cleanAttachmentName(name ?? path.basename(filePath));
    const staged = await stageStream(this.store, fs.createReadStream(filePath));
    let created = false;
    try {
      created = placeStaged(this.store, staged.tmp, staged.sha256);
      const a = this.store.author();
      const id = newId();
      this.store.tx(() => {
        recordBlob(this.store, staged.sha256, staged.size);
        insertAttachment(this.store, {
          id,
          draft_id: draftId,
          field,
          sha256: staged.sha256,
          name: fileName,
          media_type: mediaTypeOf(fileName),
          size: staged.size,
          added_at: nowIso(),
          author_name: a.name,
          author_org: a.organisation,
          installation_id: a.installationId,
          removed_at: null,
          source_bundle_id: null,
        });
        this.store.sql('UPDATE drafts SET updated_at = ? WHERE id = ?').run(nowIso(), draftId);
        this.store.audit(draftId, 'attachment.add', { target: field, newValue: `${fileName} (${staged.sha256})` });
      });
      return toAttachmentInfo(this.row(id));
    } catch (e) {
      if (created && !this.store.sql('SELECT 1 FROM blobs WHERE sha256 = ?').get(staged.sha256)) fs.rmSync(blobPath(this.store, staged.sha256), { force: true });
      throw e;
    }
  }

  list(draftId: string, field?: string, includeRemoved = false): AttachmentInfo[] {
    this.drafts.row(draftId, { allowDeleted: true });
    return listAttachmentRows(this.store, draftId, includeRemoved)
      .filter((r) => !field || r.field === field)
      .map(toAttachmentInfo);
  }

  remove(attachmentId: string): AttachmentInfo {
    const r = this.row(attachmentId);
    this.drafts.row(r.draft_id);
    if (r.removed_at) return toAttachmentInfo(r);
    this.store.tx(() => {
      const at = nowIso();
      this.store.sql('UPDATE attachments SET removed_at = ? WHERE id = ?').run(at, attachmentId);
      this.store.sql('UPDATE drafts SET updated_at = ? WHERE id = ?').run(at, r.draft_id);
      this.store.audit(r.draft_id, 'attachment.remove', { target: r.field, oldValue: `${r.name} (${r.sha256})` });
    });
    return toAttachmentInfo(this.row(attachmentId));
  }

  open(attachmentId: string): { path: string; name: string; mediaType: string; size: number } {
    const r = this.row(attachmentId);
    const p = blobPath(this.store, r.sha256);
    const shown = shownName(r);
    if (!fs.existsSync(p)) throw new AppError('not_found', `the bytes of ${shown.name} are missing from the store (${r.sha256})`);
    return { path: p, ...shown, size: r.size };
  }
}
