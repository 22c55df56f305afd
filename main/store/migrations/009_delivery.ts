import type { Migration } from './types';

/**
 * Issue 14: later upload. One row per exported bundle queued for delivery to an intake:
 * its state (queued → sending → delivered | refused), the tus upload it resumes (upload_url) and
 * the offset the intake last acknowledged, attempts and the time of the next one (backoff), the
 * last error or the intake's reason for refusing, and the receipt (its exact text and the
 * intake's signature, checked against the pinned intake key before it is stored).
 * The delivery target (intake URL and pinned key) lives in settings (delivery.*).
 */
export const m009: Migration = {
  version: 9,
  name: 'delivery',
  up: `
CREATE TABLE deliveries (
  bundle_id TEXT PRIMARY KEY NOT NULL,
  target_url TEXT NOT NULL,
  intake_fingerprint TEXT NOT NULL CHECK (intake_fingerprint GLOB 'sha256:*'),
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'refused')),
  upload_url TEXT,
  acked_offset INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  refused_reason TEXT,
  receipt TEXT,
  receipt_signature TEXT,
  received_at TEXT,
  queued_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((state = 'delivered') = (receipt IS NOT NULL AND receipt_signature IS NOT NULL AND received_at IS NOT NULL))
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
`,
};
