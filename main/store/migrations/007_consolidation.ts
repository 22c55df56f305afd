import type { Migration } from './types';

/**
 * Issue 12: consolidation the ministry can trust.
 * - merge_conflicts.merged_revision_id: the revision the merge wrote with every change only one
 *   side made applied (ours kept at the places in conflict); merge_conflict_places: the decision
 *   taken for each place (ours, theirs, both, or edited text), until the last one resolves it.
 * - contribution_decisions: a contribution with several targets is accepted or dismissed per
 *   target (earlier decisions applied to every target, and are carried over as such).
 * - capture_drafts: what is typed in a workshop's capture box, saved as it is typed.
 * - contributions.updated_at / deleted_at + contribution_history: captured contributions can be
 *   edited or deleted, the text before each change is kept.
 * - participants.consent_withdrawn_at / updated_at: consent withdrawn stops the name travelling.
 * - settings review.approver_not_submitter: on for a new store (no drafts yet), off otherwise.
 */
export const m007: Migration = {
  version: 7,
  name: 'consolidation',
  up: `
ALTER TABLE merge_conflicts ADD COLUMN merged_revision_id TEXT REFERENCES revisions(id);

CREATE TABLE merge_conflict_places (
  conflict_id TEXT NOT NULL REFERENCES merge_conflicts(id) ON DELETE CASCADE,
  place INTEGER NOT NULL CHECK (place >= 0),
  choice TEXT NOT NULL CHECK (choice IN ('ours', 'theirs', 'both', 'edit')),
  edited TEXT CHECK (edited IS NULL OR json_valid(edited)),
  decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  CHECK ((choice = 'edit') = (edited IS NOT NULL)),
  PRIMARY KEY (conflict_id, place)
) WITHOUT ROWID;

CREATE TABLE contribution_decisions (
  contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'dismissed')),
  decided_at TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  reason TEXT,
  revision_id TEXT REFERENCES revisions(id),
  CHECK (status <> 'dismissed' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
  PRIMARY KEY (contribution_id, field)
) WITHOUT ROWID;
INSERT INTO contribution_decisions (contribution_id, field, status, decided_at, decided_by, reason, revision_id)
  SELECT c.id, t.value, c.status, COALESCE(c.decided_at, c.created_at), COALESCE(c.decided_by, ''), c.dismiss_reason,
         (SELECT s.revision_id FROM contribution_sources s WHERE s.contribution_id = c.id AND s.field = t.value)
  FROM contributions c, json_each(c.targets) t WHERE c.status <> 'pending';

CREATE TABLE capture_drafts (
  workshop_id TEXT PRIMARY KEY NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (json_valid(state)),
  updated_at TEXT NOT NULL
);

ALTER TABLE contributions ADD COLUMN updated_at TEXT;
ALTER TABLE contributions ADD COLUMN deleted_at TEXT;
CREATE TABLE contribution_history (
  id TEXT PRIMARY KEY NOT NULL,
  contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('edit', 'delete')),
  old_content TEXT NOT NULL CHECK (json_valid(old_content)),
  old_targets TEXT NOT NULL CHECK (json_valid(old_targets)),
  old_participant_id TEXT,
  old_organisation TEXT NOT NULL,
  at TEXT NOT NULL,
  by_name TEXT NOT NULL,
  by_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  -- the bundle this contribution had already travelled in, when changed after an export
  after_bundle_id TEXT
);
CREATE INDEX contribution_history_by_contribution ON contribution_history (contribution_id, at);

ALTER TABLE participants ADD COLUMN consent_withdrawn_at TEXT;
ALTER TABLE participants ADD COLUMN updated_at TEXT;

INSERT INTO settings (key, value)
  SELECT 'review.approver_not_submitter', CASE WHEN EXISTS (SELECT 1 FROM drafts) THEN '0' ELSE '1' END
  WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'review.approver_not_submitter');
`,
};
