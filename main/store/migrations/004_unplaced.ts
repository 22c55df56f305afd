import type { Migration } from './types';

/**
 * The "unplaced" tray: text from an imported file (DOCX, text) that could not be placed under a
 * question with confidence. Never dropped: the user moves it to a question (`placed_*`, the
 * answer gets a new revision) or dismisses it (`dismissed_at`); the row stays as a record.
 */
export const m004: Migration = {
  version: 4,
  name: 'unplaced',
  up: `
CREATE TABLE unplaced (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  content TEXT NOT NULL CHECK (json_valid(content)),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  placed_at TEXT,
  placed_field TEXT,
  placed_revision_id TEXT REFERENCES revisions(id),
  dismissed_at TEXT,
  CHECK (placed_at IS NULL OR dismissed_at IS NULL),
  CHECK ((placed_at IS NULL) = (placed_field IS NULL))
);
CREATE INDEX unplaced_by_draft ON unplaced (draft_id, created_at);
`,
};
