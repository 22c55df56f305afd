/** The index's tables (the same SQL for SQLite and PostgreSQL) and how rows become objects. */
import type { ReceivedBundle, Signer, SignerRole } from './index-store';

export const INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS signers (
  fingerprint TEXT PRIMARY KEY,
  public_key_pem TEXT NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('device', 'receiver')),
  quota_bytes BIGINT NOT NULL,
  added_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_reason TEXT
);
CREATE TABLE IF NOT EXISTS uploads (
  upload_id TEXT PRIMARY KEY,
  uploader TEXT NOT NULL,
  bundle_id TEXT NOT NULL,
  size BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_by_uploader ON uploads (uploader);
CREATE TABLE IF NOT EXISTS received (
  seq BIGSERIAL PRIMARY KEY,
  bundle_id TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  signer TEXT NOT NULL,
  uploader TEXT NOT NULL,
  received_at TEXT NOT NULL,
  location TEXT NOT NULL,
  receipt TEXT NOT NULL,
  receipt_signature TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS received_by_uploader ON received (uploader);
CREATE TABLE IF NOT EXISTS request_nonces (
  signer TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_ms BIGINT NOT NULL,
  PRIMARY KEY (signer, nonce)
);
CREATE INDEX IF NOT EXISTS request_nonces_by_expiry ON request_nonces (expires_ms);
CREATE TABLE IF NOT EXISTS refusals (
  upload_id TEXT PRIMARY KEY,
  bundle_id TEXT NOT NULL,
  uploader TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
`;

export interface SignerRow {
  fingerprint: string;
  public_key_pem: string;
  name: string;
  organisation: string;
  role: string;
  quota_bytes: number | string;
  added_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface ReceivedRow {
  seq: number | string;
  bundle_id: string;
  sha256: string;
  size: number | string;
  signer: string;
  uploader: string;
  received_at: string;
  location: string;
  receipt: string;
  receipt_signature: string;
}

export const rowToSigner = (r: SignerRow): Signer => ({
  fingerprint: r.fingerprint,
  publicKeyPem: r.public_key_pem,
  name: r.name,
  organisation: r.organisation,
  role: r.role as SignerRole,
  quotaBytes: Number(r.quota_bytes),
  addedAt: r.added_at,
  revokedAt: r.revoked_at,
  revokedReason: r.revoked_reason,
});

export const rowToReceived = (r: ReceivedRow): ReceivedBundle => ({
  seq: Number(r.seq),
  bundleId: r.bundle_id,
  sha256: r.sha256,
  size: Number(r.size),
  signer: r.signer,
  uploader: r.uploader,
  receivedAt: r.received_at,
  location: r.location,
  receipt: r.receipt,
  receiptSignature: r.receipt_signature,
});
