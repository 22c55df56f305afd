import { z } from 'zod';
import { Sha256Hex } from '../bundle-format';
import { FieldId } from '../template/schema';
import { IsoTime, Uuid, call } from './common';

export const AttachmentInfo = z.object({
  id: Uuid,
  draftId: Uuid,
  field: z.string(),
  sha256: Sha256Hex,
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  addedAt: IsoTime,
  authorName: z.string(),
  authorOrganisation: z.string(),
  removedAt: IsoTime.nullable(),
  sourceBundleId: Uuid.nullable(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

const FilePath = z.string().min(1).max(4096);

export const attachmentCalls = {
  /** Copies a local file into the store (streamed, hashed; stored once per content). */
  addAttachment: call(z.object({ draftId: Uuid, field: FieldId, filePath: FilePath, name: z.string().trim().min(1).max(500).optional() }).strict(), AttachmentInfo),
  listAttachments: call(z.object({ draftId: Uuid, field: FieldId.optional(), includeRemoved: z.boolean().optional() }).strict(), z.array(AttachmentInfo)),
  /** Soft removal: the attachment is hidden and no longer exported; its bytes and record stay. */
  removeAttachment: call(z.object({ attachmentId: Uuid }).strict(), AttachmentInfo),
  /** Where the attachment's bytes are, to open with the system viewer. */
  openAttachment: call(z.object({ attachmentId: Uuid }).strict(), z.object({ path: z.string(), name: z.string(), mediaType: z.string(), size: z.number().int() })),
};
