import type { Migration } from './types';

/**
 * Signing keys and the trust register (signed bundles).
 * - signing_keys: this installation's Ed25519 key pairs. The private key is never in the database:
 *   `private_key_ref` names where the sealed PKCS8 bytes are kept and `vault_kind` how they were
 *   sealed (a file readable only by the user, or the OS keychain through Electron's safeStorage).
 * - trust_register: other people's public keys this installation accepts bundles from, with
 *   validity dates and revocation. A key inside a bundle is never trusted on its own.
 * - revisions.origin_revision_id: when an imported revision's id already exists in this store
 *   (the bundle shares history with a draft already here), the copy gets a new id and keeps the
 *   id it was made under here, so a later three-way merge still finds the common ancestor.
 * Exports and imports are recorded in `bundles` (001); a confirmed import from an unknown signer
 * is recorded in `audit_log`.
 */
export const m002: Migration = {
  version: 2,
  name: 'keys_trust',
  up: `
CREATE TABLE signing_keys (
  fingerprint TEXT PRIMARY KEY NOT NULL CHECK (fingerprint GLOB 'sha256:*' AND length(fingerprint) = 71),
  algorithm TEXT NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
  public_key_pem TEXT NOT NULL,
  private_key_ref TEXT NOT NULL,
  vault_kind TEXT NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (algorithm) WHERE retired_at IS NULL;

CREATE TABLE trust_register (
  fingerprint TEXT PRIMARY KEY NOT NULL CHECK (fingerprint GLOB 'sha256:*' AND length(fingerprint) = 71),
  public_key_pem TEXT NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  valid_from TEXT,
  valid_until TEXT,
  revoked_at TEXT,
  revoked_reason TEXT,
  added_at TEXT NOT NULL,
  added_by_name TEXT NOT NULL,
  added_by_org TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE revisions ADD COLUMN origin_revision_id TEXT;
CREATE INDEX revisions_by_origin ON revisions (origin_revision_id) WHERE origin_revision_id IS NOT NULL;
CREATE INDEX attachments_by_sha ON attachments (sha256);
CREATE INDEX bundles_by_draft ON bundles (draft_id, direction, recorded_at);
`,
};
