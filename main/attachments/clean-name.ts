/**
 * The media type half of the one rule for an attachment's file name and media type (the name's
 * rule, pure, is shared/attachment-name.ts; re-exported here for main's callers).
 *
 * A media type is kept only as a plain `type/subtype` token (RFC 6838 characters, lowercased);
 * anything else (parameters, spaces, controls, no slash) is replaced by the type the clean name's
 * extension gives, application/octet-stream when none: normalised, not refused, so a bundle or a
 * Word file is not lost over a label the app never relies on.
 */
import { mediaTypeOf } from './media-type';

export { attachmentNameFromText, cleanAttachmentName, MAX_NAME_BYTES, NEUTRAL_NAME } from '../../shared/attachment-name';

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** `raw` when it is a plain type/subtype token (lowercased), else the type `cleanName`'s extension gives. */
export function cleanMediaType(raw: string | null | undefined, cleanName: string): string {
  const t = (raw ?? '').trim().toLowerCase();
  return TOKEN.test(t) ? t : mediaTypeOf(cleanName);
}
