import type { Migration } from './types';

/**
 * The initial schema. Everything that travels between installations (drafts, revisions,
 * attachments, bundles, audit entries) has a UUIDv7 id; every revision records its parent(s),
 * author and installation, so a returned draft can be merged three ways (base = common ancestor).
 */
export const m001: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE installation (
  id TEXT PRIMARY KEY NOT NULL,
  created_at TEXT NOT NULL,
  singleton INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1)
);
CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE templates (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  imported_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
) WITHOUT ROWID;

CREATE TABLE drafts (
  id TEXT PRIMARY KEY NOT NULL,
  title TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT '',
  template_id TEXT NOT NULL,
  template_version TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'in_progress',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  created_by_name TEXT NOT NULL,
  created_by_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  origin_bundle_id TEXT
);

CREATE TABLE revisions (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  parent_id TEXT REFERENCES revisions(id),
  merge_parent_id TEXT REFERENCES revisions(id),
  value TEXT NOT NULL CHECK (json_valid(value)),
  text TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  note TEXT,
  source_bundle_id TEXT
);
CREATE INDEX revisions_by_field ON revisions (draft_id, field, created_at);

-- The current state of each field: a pointer to a revision.
CREATE TABLE answers (
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  revision_id TEXT NOT NULL REFERENCES revisions(id),
  updated_at TEXT NOT NULL,
  -- the revision whose text is in answers_fts; differs from revision_id until the index catches up
  indexed_revision_id TEXT,
  PRIMARY KEY (draft_id, field)
);
-- Full-text index over current answers (normalised text); rowid = answers.rowid. Derived data:
-- kept up to date after saves, off the save's critical path, and before every search.
CREATE VIRTUAL TABLE answers_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');

-- Attachments are addressed by SHA-256: the same file twice is stored once.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE attachments (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  added_at TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  removed_at TEXT,
  source_bundle_id TEXT
);
CREATE INDEX attachments_by_draft ON attachments (draft_id, field);

-- Every bundle a draft was exported to or imported from.
CREATE TABLE bundles (
  id TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
  draft_id TEXT REFERENCES drafts(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  signer_fingerprint TEXT NOT NULL,
  signer_name TEXT NOT NULL,
  signer_org TEXT NOT NULL,
  recipients TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
  created_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  PRIMARY KEY (id, direction)
);

-- Draft-level changes (create, rename, delete, restore, import...). Field edits live in revisions.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT,
  at TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  old_value TEXT,
  new_value TEXT,
  reason TEXT
);
CREATE INDEX audit_by_draft ON audit_log (draft_id, at);
`,
};
