-- 001_initial_schema: every table of the CMS model (docs/cms-schema.md explains each column).
--
-- Conventions, kept by every table below so the C++ table<> definitions can mirror them:
--   * STRICT tables: a value of the wrong type is rejected instead of silently stored, so a
--     timestamp column can never hold '2025-01-01' text (SonicJS mixes ms, s and text).
--   * ids are TEXT PRIMARY KEY NOT NULL (NOT NULL written out so PRAGMA table_info says so).
--   * timestamps are INTEGER UTC milliseconds. Creation/update stamps default to
--     (unixepoch() * 1000) as a safety net for hand-written SQL; repositories always pass
--     the value from their injected clock (GX-2).
--   * booleans are INTEGER NOT NULL with a default and CHECK (x IN (0, 1)).
--   * JSON is TEXT with CHECK (json_valid(x)), plus json_type() where the shape is fixed.
--     A nullable JSON column says `x IS NULL OR json_valid(x)`: SQLite 3.40's json_valid(NULL)
--     is 0, not NULL, so the bare check would reject NULL.
--   * enumerations are TEXT with CHECK (x IN (...)): never a free string.
--   * foreign keys name their ON DELETE action; users are deactivated, not deleted, so most
--     references to users are RESTRICT or SET NULL.
-- Indexes live in 002_indexes.sql, seeded rows in 003_seed.sql.

-- Users: the seed's columns in the seed's order (base table, then its profile ALTERs).
-- The *_token columns hold SHA-256 hex digests of the tokens, never the tokens themselves.
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL UNIQUE,
  first_name TEXT,
  last_name TEXT,
  password_hash TEXT,                               -- NULL until an invited user sets one
  role TEXT NOT NULL DEFAULT 'viewer' CHECK (role IN ('admin', 'editor', 'author', 'viewer')),
  avatar TEXT,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  last_login_at INTEGER,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  phone TEXT,
  bio TEXT,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  language TEXT NOT NULL DEFAULT 'en',
  email_notifications INTEGER NOT NULL DEFAULT 1 CHECK (email_notifications IN (0, 1)),
  theme TEXT NOT NULL DEFAULT 'dark',
  two_factor_enabled INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_enabled IN (0, 1)),
  two_factor_secret TEXT,
  password_reset_token TEXT,
  password_reset_expires INTEGER,
  email_verification_token TEXT,
  email_verified INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  invitation_token TEXT,
  invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  invited_at INTEGER,
  accepted_invitation_at INTEGER
) STRICT;

-- Collections: a named JSON schema for content. The name pattern is CS-2's, kept here too so
-- no write path can store a name the validator would refuse.
CREATE TABLE collections (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE
    CHECK (name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9_]*'),
  display_name TEXT NOT NULL,
  description TEXT,
  schema TEXT NOT NULL CHECK (json_valid(schema) AND json_type(schema) = 'object'),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  managed INTEGER NOT NULL DEFAULT 0 CHECK (managed IN (0, 1)),          -- CS-6: owned by sync
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  schema_version INTEGER NOT NULL DEFAULT 1 CHECK (schema_version >= 1), -- CS-4
  schema_hash TEXT,                                 -- CS-3: SHA-256 of the canonical schema
  max_versions INTEGER NOT NULL DEFAULT 100 CHECK (max_versions >= 0),   -- VR-10: 0 = unlimited
  workflow_id TEXT REFERENCES workflows (id) ON DELETE SET NULL         -- WR-3: NULL = default
) STRICT;

-- Media metadata (the bytes live wherever the host stores them). Soft delete via deleted_at.
CREATE TABLE media (
  id TEXT PRIMARY KEY NOT NULL,
  filename TEXT NOT NULL,
  original_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  width INTEGER CHECK (width > 0),
  height INTEGER CHECK (height > 0),
  folder TEXT NOT NULL DEFAULT 'uploads',
  r2_key TEXT NOT NULL UNIQUE,                      -- storage key; two rows never share a blob
  public_url TEXT NOT NULL,
  thumbnail_url TEXT,
  alt TEXT,
  caption TEXT,
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  uploaded_by TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  uploaded_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  published_at INTEGER,
  scheduled_at INTEGER,
  archived_at INTEGER,
  deleted_at INTEGER
) STRICT;

-- Workflow states are shared by all workflows; a workflow's states are those its transitions
-- name. effect (WR-2) is what entering the state does to the item's status.
CREATE TABLE workflow_states (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  color TEXT NOT NULL DEFAULT '#6B7280'
    CHECK (length(color) = 7 AND color GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
  is_initial INTEGER NOT NULL DEFAULT 0 CHECK (is_initial IN (0, 1)),
  is_final INTEGER NOT NULL DEFAULT 0 CHECK (is_final IN (0, 1)),
  effect TEXT CHECK (effect IN ('publish', 'unpublish', 'archive')),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

-- A workflow definition. collection_id is the seed's "owning collection" (NULL = shared);
-- which workflow a collection uses is collections.workflow_id (NULL = the row 'default').
CREATE TABLE workflows (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  collection_id TEXT REFERENCES collections (id) ON DELETE CASCADE,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  auto_publish INTEGER NOT NULL DEFAULT 0 CHECK (auto_publish IN (0, 1)),
  require_approval INTEGER NOT NULL DEFAULT 1 CHECK (require_approval IN (0, 1)),
  approval_levels INTEGER NOT NULL DEFAULT 1 CHECK (approval_levels >= 1),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

-- Permissions are spelled `resource.action` only (lower-case, one dot): the CHECK makes the
-- SonicJS `content:publish` spelling impossible to store.
CREATE TABLE permissions (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE
    CHECK (name GLOB '[a-z]*.[a-z]*' AND name NOT GLOB '*[^a-z_.]*' AND name NOT GLOB '*.*.*'),
  description TEXT,
  category TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

CREATE TABLE role_permissions (
  id TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'viewer')),
  permission_id TEXT NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  UNIQUE (role, permission_id)
) STRICT;

-- Edges of a workflow (WR-1: unique per (workflow, from, to), no self-loops).
-- required_permission references permissions(name), so a misspelt permission cannot be stored.
-- independent_review (WR-9): the head version's author may not take this edge.
CREATE TABLE workflow_transitions (
  id TEXT PRIMARY KEY NOT NULL,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  from_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  to_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  required_permission TEXT REFERENCES permissions (name) ON DELETE RESTRICT,
  auto_transition INTEGER NOT NULL DEFAULT 0 CHECK (auto_transition IN (0, 1)),
  transition_conditions TEXT CHECK (transition_conditions IS NULL OR json_valid(transition_conditions)),
  independent_review INTEGER NOT NULL DEFAULT 0 CHECK (independent_review IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  UNIQUE (workflow_id, from_state_id, to_state_id),
  CHECK (from_state_id <> to_state_id)
) STRICT;

-- Content items. data is the head version's data (content_versions holds every snapshot);
-- what get_published returns is content_versions row (id, published_version) (CR-7).
-- Slug uniqueness per (collection, locale) among non-deleted rows is a partial unique index
-- (002_indexes.sql), so a soft delete frees the slug (CR-3, CR-14).
CREATE TABLE content (
  id TEXT PRIMARY KEY NOT NULL,
  collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE RESTRICT,   -- CR-18
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'published', 'changed', 'archived', 'scheduled')),
  published_at INTEGER,
  author_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  -- the seed's scheduling, review, SEO and workflow columns
  scheduled_publish_at INTEGER,
  scheduled_unpublish_at INTEGER,
  review_status TEXT NOT NULL DEFAULT 'none'
    CHECK (review_status IN ('none', 'pending', 'approved', 'rejected')),
  reviewer_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at INTEGER,
  review_notes TEXT,
  meta_title TEXT,
  meta_description TEXT,
  featured_image_id TEXT REFERENCES media (id) ON DELETE SET NULL,
  content_type TEXT NOT NULL DEFAULT 'standard'
    CHECK (content_type IN ('standard', 'template', 'component')),
  workflow_state_id TEXT REFERENCES workflow_states (id) ON DELETE RESTRICT,
  embargo_until INTEGER,
  expires_at INTEGER,
  version_locked INTEGER NOT NULL DEFAULT 0 CHECK (version_locked IN (0, 1)),
  is_auto_saved INTEGER NOT NULL DEFAULT 0 CHECK (is_auto_saved IN (0, 1)),
  -- DOMAIN's additions
  locale TEXT NOT NULL DEFAULT 'en',
  translation_group TEXT,
  revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),               -- GX-3
  head_version INTEGER NOT NULL DEFAULT 1 CHECK (head_version >= 1),       -- VR-1 counter
  published_version INTEGER
    CHECK (published_version >= 1 AND published_version <= head_version),  -- CR-9
  first_published_at INTEGER,
  publish_from INTEGER,                                                     -- CR-11 window
  publish_until INTEGER,
  archived_at INTEGER,                                                      -- CR-13
  deleted_at INTEGER,                                                       -- CR-14
  -- published and changed are exactly the statuses with a published version (CR-7, CR-10, CR-13)
  CHECK ((status IN ('published', 'changed')) = (published_version IS NOT NULL)),
  CHECK (published_version IS NULL OR (published_at IS NOT NULL AND first_published_at IS NOT NULL)),
  CHECK ((status = 'archived') = (archived_at IS NOT NULL)),
  CHECK (publish_from IS NULL OR publish_until IS NULL OR publish_from < publish_until)
) STRICT;

-- Immutable snapshots (VR-3). Numbers come from content.head_version + 1; the UNIQUE makes a
-- racing duplicate fail instead of silently doubling a number (VR-2).
CREATE TABLE content_versions (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,       -- VR-15
  version INTEGER NOT NULL CHECK (version >= 1),
  data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  author_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta) AND json_type(meta) = 'object'),
  kind TEXT NOT NULL
    CHECK (kind IN ('create', 'update', 'patch', 'restore', 'import', 'duplicate')),
  source_version INTEGER CHECK (source_version >= 1 AND source_version < version),  -- VR-7
  schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
  label TEXT,                                                               -- VR-13
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),               -- VR-11, VR-13
  UNIQUE (content_id, version)
) STRICT;

-- Only label and pinned may change after insert (VR-13); the snapshot itself is immutable.
CREATE TRIGGER content_versions_immutable
BEFORE UPDATE OF id, content_id, version, data, author_id, created_at, title, slug, meta, kind,
                 source_version, schema_version ON content_versions
BEGIN
  SELECT RAISE(ABORT, 'content_versions rows are immutable; only label and pinned may change');
END;

-- Append-only history (WR-6). action says what the row records: 'enter' (WR-3, initial state
-- on create), 'transition' (WR-4), 'version_restored' (VR-7), 'assigned' (WR-10).
-- version is the head version number at the time; user_id the responsible user.
CREATE TABLE workflow_history (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE RESTRICT,
  from_state_id TEXT REFERENCES workflow_states (id) ON DELETE RESTRICT,
  to_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  comment TEXT,
  metadata TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  version INTEGER NOT NULL CHECK (version >= 1),
  action TEXT NOT NULL DEFAULT 'transition'
    CHECK (action IN ('enter', 'transition', 'version_restored', 'assigned'))
) STRICT;

-- History rows never change; they disappear only with their item (purge, CR-16).
CREATE TRIGGER workflow_history_append_only
BEFORE UPDATE ON workflow_history
BEGIN
  SELECT RAISE(ABORT, 'workflow_history is append-only');
END;

-- Where an item stands in its workflow. approved_version (WR-8) is the version an approval
-- covered; the publish effect publishes exactly that version.
CREATE TABLE content_workflow_status (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE RESTRICT,
  current_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  approved_version INTEGER CHECK (approved_version >= 1),
  assigned_to TEXT REFERENCES users (id) ON DELETE SET NULL,
  due_date INTEGER,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  UNIQUE (content_id, workflow_id)
) STRICT;

-- Scheduled actions (SC-*). scheduled_at is UTC ms; timezone is only what the user saw.
-- A runner claims a row (pending -> running, claimed_by, lease_until) in one UPDATE (SC-5).
-- version: the version a scheduled publish pins (SC-2); NULL = the head at execution time.
CREATE TABLE scheduled_content (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('publish', 'unpublish', 'archive')),
  scheduled_at INTEGER NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  executed_at INTEGER,
  error_message TEXT,
  version INTEGER CHECK (version >= 1),
  claimed_by TEXT,
  lease_until INTEGER,
  late_ms INTEGER CHECK (late_ms >= 0),
  CHECK (version IS NULL OR action = 'publish'),
  CHECK (status <> 'running' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
) STRICT;

-- Plugin registry (issue 12). Activity goes to audit_events, so the seed's plugin_assets and
-- plugin_activity_log tables are not created.
CREATE TABLE plugins (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  description TEXT,
  version TEXT NOT NULL,
  author TEXT NOT NULL,
  category TEXT NOT NULL,
  icon TEXT,
  status TEXT NOT NULL DEFAULT 'inactive' CHECK (status IN ('active', 'inactive', 'error')),
  is_core INTEGER NOT NULL DEFAULT 0 CHECK (is_core IN (0, 1)),
  settings TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(settings) AND json_type(settings) = 'object'),
  permissions TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
  dependencies TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(dependencies) AND json_type(dependencies) = 'array'),
  download_count INTEGER NOT NULL DEFAULT 0 CHECK (download_count >= 0),
  rating REAL NOT NULL DEFAULT 0,
  installed_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  activated_at INTEGER,
  last_updated INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  error_message TEXT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

CREATE TABLE plugin_hooks (
  id TEXT PRIMARY KEY NOT NULL,
  plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
  hook_name TEXT NOT NULL,
  handler_name TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 10,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  UNIQUE (plugin_id, hook_name, handler_name)
) STRICT;

CREATE TABLE plugin_routes (
  id TEXT PRIMARY KEY NOT NULL,
  plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  method TEXT NOT NULL
    CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
  handler_name TEXT NOT NULL,
  middleware TEXT CHECK (middleware IS NULL OR json_valid(middleware)),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  UNIQUE (plugin_id, path, method)
) STRICT;

-- API tokens (TK-1): only the SHA-256 of the token is stored (64 lower-case hex digits, so a
-- plaintext token cannot be written here by mistake); prefix is for display.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE
    CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),
  prefix TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

CREATE TABLE system_logs (
  id TEXT PRIMARY KEY NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error', 'fatal')),
  category TEXT NOT NULL
    CHECK (category IN ('auth', 'api', 'workflow', 'plugin', 'media', 'system', 'security', 'error')),
  message TEXT NOT NULL,
  data TEXT CHECK (data IS NULL OR json_valid(data)),
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  session_id TEXT,
  request_id TEXT,
  ip_address TEXT,
  user_agent TEXT,
  method TEXT,
  url TEXT,
  status_code INTEGER,
  duration INTEGER,                                 -- milliseconds
  stack_trace TEXT,
  tags TEXT CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')),
  source TEXT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

-- Per-category log settings. retention_days is deliberately unchecked: GX-8 says a zero or
-- negative value (like a missing row) deletes nothing. 'audit' configures audit_events
-- retention; it has no seeded row, so audit events are kept until someone sets one.
CREATE TABLE log_config (
  id TEXT PRIMARY KEY NOT NULL,
  category TEXT NOT NULL UNIQUE
    CHECK (category IN ('auth', 'api', 'workflow', 'plugin', 'media', 'system', 'security', 'error',
                        'audit')),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  level TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warn', 'error', 'fatal')),
  retention_days INTEGER NOT NULL DEFAULT 30,
  max_size_mb INTEGER NOT NULL DEFAULT 100,
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000)
) STRICT;

-- Comments on content (the seed's example migration), threaded through parent_id. A comment
-- has a user or, for anonymous comments, at least an author name.
CREATE TABLE comments (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  parent_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
  author_name TEXT,
  author_email TEXT,
  content TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'spam', 'deleted')),
  created_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  CHECK (user_id IS NOT NULL OR author_name IS NOT NULL),
  CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;

-- The audit trail (GX-7). actor is 'user:<id>', 'token:<id>' or 'system:<job>' (GX-4), so it is
-- not a foreign key. entity_id is not a foreign key either: a purged item keeps its tombstone
-- (CR-16). data is NULL for data-free events such as that tombstone.
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  data TEXT CHECK (data IS NULL OR json_valid(data))
) STRICT;

-- Append-only: no UPDATE, ever. DELETE stays possible because retention (GX-8, category
-- 'audit' in log_config) removes old rows in batches; nothing else deletes audit rows.
CREATE TRIGGER audit_events_append_only
BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

-- Advisory edit locks, one per item; an expired lock may be taken over.
CREATE TABLE content_locks (
  content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  acquired_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CHECK (expires_at > acquired_at)
) STRICT;

-- Autosaves are not versions (VR-14): one row per (item, user) or, for an item not yet
-- created, per (draft_key, user). Exactly one of content_id / draft_key is set; the two
-- partial unique indexes in 002_indexes.sql make the pair unique.
CREATE TABLE autosaves (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT REFERENCES content (id) ON DELETE CASCADE,
  draft_key TEXT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  title TEXT,
  updated_at INTEGER NOT NULL DEFAULT (unixepoch() * 1000),
  CHECK ((content_id IS NULL) <> (draft_key IS NULL))
) STRICT;
