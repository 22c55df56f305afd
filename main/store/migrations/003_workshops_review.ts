import type { Migration } from './types';

/**
 * Field workshops, contributions with provenance, the review workflow and merge conflicts.
 * - workshops / participants / contributions: captured on a facilitator's laptop and carried in
 *   contribution bundles with their ids, so re-importing the same contributions adds nothing.
 *   A participant's name travels only with their consent (otherwise organisation and kind only).
 * - contribution_sources: which revision of which answer took in an accepted contribution
 *   (the "sources" of an answer).
 * - drafts.version + draft_versions: every approval freezes a snapshot (field -> revision id), so
 *   the final version stays intact when the draft is edited again (it reopens as version N+1).
 * - draft_status_history: every review transition (submit, return, approve, reopen) with its comment.
 * - comments: per field, threaded (parent_id), resolvable.
 * - merge_conflicts: a returned draft whose answer changed on both sides keeps ours current and
 *   theirs as a revision; the conflict names base, ours and theirs until resolved.
 */
export const m003: Migration = {
  version: 3,
  name: 'workshops_review',
  up: `
CREATE TABLE workshops (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT REFERENCES drafts(id) ON DELETE SET NULL,
  template_id TEXT NOT NULL,
  template_version TEXT NOT NULL,
  title TEXT NOT NULL,
  date TEXT NOT NULL,
  place TEXT NOT NULL,
  authority TEXT NOT NULL,
  facilitator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_by_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  source_bundle_id TEXT
);
CREATE INDEX workshops_by_draft ON workshops (draft_id);

CREATE TABLE participants (
  id TEXT PRIMARY KEY NOT NULL,
  workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
  -- NULL when the participant came in a bundle without consent to be named
  name TEXT,
  organisation TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('region', 'prefecture', 'province', 'municipality', 'civil_society', 'migrant_association',
    'private_sector', 'union', 'academia', 'un_agency', 'government', 'other')),
  consent_to_name INTEGER NOT NULL DEFAULT 0 CHECK (consent_to_name IN (0, 1)),
  created_at TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  source_bundle_id TEXT
);
CREATE INDEX participants_by_workshop ON participants (workshop_id);

CREATE TABLE contributions (
  id TEXT PRIMARY KEY NOT NULL,
  workshop_id TEXT REFERENCES workshops(id) ON DELETE SET NULL,
  -- the draft it is queued for (NULL while it is only captured in a workshop without a draft)
  draft_id TEXT REFERENCES drafts(id) ON DELETE CASCADE,
  participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
  organisation TEXT NOT NULL DEFAULT '',
  -- field ids it speaks to, e.g. ["II.a","III.a/objective/7"]
  targets TEXT NOT NULL CHECK (json_valid(targets) AND json_type(targets) = 'array' AND json_array_length(targets) > 0),
  content TEXT NOT NULL CHECK (json_valid(content)),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  source_bundle_id TEXT,
  imported_at TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
  decided_at TEXT,
  decided_by TEXT,
  dismiss_reason TEXT,
  accepted_revision_id TEXT REFERENCES revisions(id),
  CHECK (status <> 'dismissed' OR (dismiss_reason IS NOT NULL AND length(trim(dismiss_reason)) > 0))
);
CREATE INDEX contributions_by_draft ON contributions (draft_id, status);
CREATE INDEX contributions_by_workshop ON contributions (workshop_id);

CREATE TABLE contribution_sources (
  contribution_id TEXT NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  revision_id TEXT NOT NULL REFERENCES revisions(id),
  accepted_at TEXT NOT NULL,
  accepted_by TEXT NOT NULL,
  mode TEXT NOT NULL,
  PRIMARY KEY (contribution_id, field)
);
CREATE INDEX contribution_sources_by_field ON contribution_sources (draft_id, field);

ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE draft_versions (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  -- field -> revision id at approval
  fields TEXT NOT NULL CHECK (json_valid(fields)),
  approved_at TEXT NOT NULL,
  approved_by_name TEXT NOT NULL,
  approved_by_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  comment TEXT,
  UNIQUE (draft_id, version)
);

CREATE TABLE draft_status_history (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  action TEXT NOT NULL,
  at TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  actor_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  comment TEXT
);
CREATE INDEX draft_status_history_by_draft ON draft_status_history (draft_id, at);

CREATE TABLE comments (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  parent_id TEXT REFERENCES comments(id),
  body TEXT NOT NULL CHECK (length(trim(body)) > 0),
  author_name TEXT NOT NULL,
  author_org TEXT NOT NULL,
  installation_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT
);
CREATE INDEX comments_by_draft ON comments (draft_id, field, created_at);

CREATE TABLE merge_conflicts (
  id TEXT PRIMARY KEY NOT NULL,
  draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  base_revision_id TEXT REFERENCES revisions(id),
  ours_revision_id TEXT REFERENCES revisions(id),
  theirs_revision_id TEXT NOT NULL REFERENCES revisions(id),
  source_bundle_id TEXT,
  reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  resolved_revision_id TEXT REFERENCES revisions(id)
);
CREATE INDEX merge_conflicts_by_draft ON merge_conflicts (draft_id, resolved_at);
`,
};
