/**
 * Why a bundle is refused, as errors the renderer words in the interface language (msg.bundle.*
 * in shared/i18n/messages.*.json). The English message stays the CLI's and the log's; a refusal
 * whose key names only its kind (damaged, unsafe, inconsistent) keeps that message as the
 * technical detail shown folded under the translated sentence (`detail: true`).
 */
import { AppError, type ErrorCode } from '../../shared/contract/common';
import { coded } from '../../shared/messages';

type Params = Record<string, string | number>;
const refusal = (code: ErrorCode, key: string, message: string, params?: Params, detail = false) =>
  new AppError(code, message, coded(`bundle.${key}`, params, detail ? { detail: true } : undefined));

/** Not a bundle we can read at all: not a zip, truncated, empty, no or unreadable bundle.json. */
export const unreadable = (message: string) => refusal('bad_file', 'unreadable', message, undefined, true);
/** The archive holds what a bundle never does (links, folders, zip encryption, bombs, too many or too large entries). */
export const unsafeArchive = (message: string) => refusal('bad_file', 'unsafe', message, undefined, true);
/** The signed parts disagree with each other (listing, sizes, hashes, payload against manifest). */
export const inconsistent = (message: string) => refusal('bad_file', 'inconsistent', message, undefined, true);
/** A validly signed bundle that claims what belongs to another source in this store, or replays an older export. */
export const clash = (message: string) => refusal('conflict', 'clash', message, undefined, true);
/** Another bundle under the id of one already imported here (its signed SHA256SUMS differs; already.ts). */
export const otherBundle = (message: string) => refusal('conflict', 'otherBundle', message, undefined, true);
/** A returned draft merged into another draft than the one it was taken from. */
export const otherDraft = (message: string) => refusal('conflict', 'otherDraft', message, undefined, true);
/** A signed file's bytes are not those that were signed. */
export const altered = (file: string) => refusal('bad_file', 'altered', `${file} was changed after signing (its SHA-256 does not match SHA256SUMS)`, { file });
/** The signature or the signer's key in the bundle does not hold. */
export const badSignature = (message: string) => refusal('bad_file', 'badSignature', message, undefined, true);
/** A format version this app does not read: "update the app" when it is newer, else unreadable. */
export function formatRefused(version: unknown, ours: number): AppError {
  const message = `unsupported bundle format version ${JSON.stringify(version)} (this app reads version ${ours})`;
  return typeof version === 'number' && version > ours ? refusal('bad_file', 'newerFormat', message, { version }) : unreadable(message);
}
export const unknownTemplate = (id: string, version: string) =>
  refusal('bad_file', 'unknownTemplate', `unknown template ${id} version ${version}: import that template first`, { id, version });

export const needsIdentity = () => refusal('invalid_input', 'needsIdentity', 'this bundle is encrypted (age); give the identity to open it with (--identity AGE_KEY_FILE)');
export const wrongIdentity = () => refusal('bad_file', 'wrongIdentity', 'cannot decrypt: the given age identity is not a recipient of this bundle');
export const noIdentity = (message: string) => refusal('bad_file', 'noIdentity', message, undefined, true);
export const undecryptable = (message: string) => refusal('bad_file', 'undecryptable', message, undefined, true);

export const contributionsNeedDraft = (title: string | undefined) =>
  refusal(
    'invalid_input',
    'contributionsNeedDraft',
    `this is a bundle of workshop contributions${title ? ` ("${title}")` : ''}: it does not make a new draft; queue it into a draft with: bundle import FILE --into DRAFT; nothing was imported`,
  );
/** The same bundle again: named by the draft it went to when that draft is still here (`movable`: a returned draft imported as a new one, which may still be merged into the master). */
export const alreadyImported = (message: string, title: string | null = null, movable = false) =>
  title === null ? refusal('conflict', 'alreadyImported', message) : refusal('conflict', movable ? 'alreadyImportedAsNew' : 'alreadyImportedAs', message, { title });
/** A returned draft imported as a new draft, to be merged elsewhere now, but that draft was changed since its import (./moved-import.ts). */
export const importedDraftChanged = (message: string, title: string) => refusal('conflict', 'importedDraftChanged', message, { title });

/** The one judgement of a bundle's signer at import: a revoked key never, an unknown or expired one only when confirmed. */
export function assertSignerAccepted(
  trust: { status: string; reason?: string | null },
  signer: { name: string; organisation: string; fingerprint: string },
  acceptUnknownSigner: boolean | undefined,
): void {
  if (trust.status === 'revoked') {
    throw refusal('forbidden', 'signerRevoked', `refused: ${trust.reason ?? 'the key was revoked'}; bundles signed by a revoked key are never imported`, undefined, true);
  }
  if (trust.status === 'trusted' || acceptUnknownSigner) return;
  const expired = trust.status === 'expired';
  throw refusal('forbidden', expired ? 'signerExpired' : 'signerUnknown',
    `the signer ${signer.name} (${signer.organisation}, ${signer.fingerprint}) is ${expired ? 'outside its validity in' : 'not in'} your trust register: check the fingerprint with them, then add their key (trust add) or confirm this import explicitly (--accept-unknown-signer)`,
    { name: signer.name, organisation: signer.organisation, fingerprint: signer.fingerprint },
  );
}
/** The file a returned copy was imported from, asked for again to merge it, is no longer there (or is encrypted: its identity is asked on the import page). */
export const copyFileGone = (message: string, file: string) => refusal('not_found', 'copyFileGone', message, { file });
