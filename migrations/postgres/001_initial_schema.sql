-- 001_initial_schema (PostgreSQL): every table of the CMS model, the PostgreSQL twin of
-- migrations/001_initial_schema.sql (docs/cms-schema.md explains each column; docs/postgres.md,
-- "The CMS schema on PostgreSQL", the differences).
--
-- The text is what the C++ table<> definitions render for PostgreSQL
-- (create_table_sql<Row, false, dialect::postgres>()), and tests/postgres/cms_schema_test.cpp
-- keeps the two equal. Conventions, as on SQLite but in PostgreSQL's types:
--   * ids are TEXT PRIMARY KEY NOT NULL.
--   * timestamps are TIMESTAMPTZ (the C++ side's unix_millis; microsecond precision).
--     Creation/update stamps default to now() as a safety net for hand-written SQL;
--     repositories always pass the value from their injected clock (GX-2).
--   * booleans are BOOLEAN NOT NULL with a default: the type is the check.
--   * JSON is JSONB (valid by its type), with CHECK (jsonb_typeof(x) = ...) where the shape is
--     fixed.
--   * counters and versions are BIGINT; enumerations are TEXT with CHECK (x IN (...)).
--   * the name patterns SQLite checks with GLOB are regular expressions (~).
--   * foreign keys name their ON DELETE action. collections and workflows reference each other:
--     collections.workflow_id's key is added once workflows exists.
--   * the append-only rules are plpgsql trigger functions raising SQLSTATE 23000
--     (integrity_constraint_violation), which vellum reports as a constraint_error.
-- Indexes live in 002_indexes.sql, seeded rows in 003_seed.sql, search in 004_content_search.sql.

-- Users: the seed's columns in the seed's order (base table, then its profile ALTERs).
-- The *_token columns hold SHA-256 hex digests of the tokens, never the tokens themselves.
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL UNIQUE,
  first_name TEXT,
  last_name TEXT,
  password_hash TEXT,  -- NULL until an invited user sets one
  role TEXT NOT NULL DEFAULT 'viewer' CHECK (role IN ('admin', 'editor', 'author', 'viewer')),
  avatar TEXT,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  last_login_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  phone TEXT,
  bio TEXT,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  language TEXT NOT NULL DEFAULT 'en',
  email_notifications BOOLEAN NOT NULL DEFAULT TRUE,
  theme TEXT NOT NULL DEFAULT 'dark',
  two_factor_enabled BOOLEAN NOT NULL DEFAULT FALSE,
  two_factor_secret TEXT,
  password_reset_token TEXT,
  password_reset_expires TIMESTAMPTZ,
  email_verification_token TEXT,
  email_verified BOOLEAN NOT NULL DEFAULT FALSE,
  invitation_token TEXT,
  invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
  invited_at TIMESTAMPTZ,
  accepted_invitation_at TIMESTAMPTZ
);

-- Collections: a named JSON schema for content. The name pattern is CS-2's, kept here too so
-- no write path can store a name the validator would refuse.
CREATE TABLE collections (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]*$'),
  display_name TEXT NOT NULL,
  description TEXT,
  schema JSONB NOT NULL CHECK (jsonb_typeof(schema) = 'object'),
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  managed BOOLEAN NOT NULL DEFAULT FALSE,  -- CS-6: owned by sync
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  schema_version BIGINT NOT NULL DEFAULT 1 CHECK (schema_version >= 1),  -- CS-4
  schema_hash TEXT,  -- CS-3: SHA-256 of the canonical schema
  max_versions BIGINT NOT NULL DEFAULT 100 CHECK (max_versions >= 0),  -- VR-10: 0 = unlimited
  workflow_id TEXT  -- WR-3: NULL = default
);

-- Media metadata (the bytes live wherever the host stores them). Soft delete via deleted_at.
CREATE TABLE media (
  id TEXT PRIMARY KEY NOT NULL,
  filename TEXT NOT NULL,
  original_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  width BIGINT CHECK (width > 0),
  height BIGINT CHECK (height > 0),
  folder TEXT NOT NULL DEFAULT 'uploads',
  r2_key TEXT NOT NULL UNIQUE,  -- storage key; two rows never share a blob
  public_url TEXT NOT NULL,
  thumbnail_url TEXT,
  alt TEXT,
  caption TEXT,
  tags JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tags) = 'array'),
  uploaded_by TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ,
  scheduled_at TIMESTAMPTZ,
  archived_at TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ
);

-- Workflow states are shared by all workflows; a workflow's states are those its transitions
-- name. effect (WR-2) is what entering the state does to the item's status.
CREATE TABLE workflow_states (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  color TEXT NOT NULL DEFAULT '#6B7280' CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
  is_initial BOOLEAN NOT NULL DEFAULT FALSE,
  is_final BOOLEAN NOT NULL DEFAULT FALSE,
  effect TEXT CHECK (effect IN ('publish', 'unpublish', 'archive')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A workflow definition. collection_id is the seed's "owning collection" (NULL = shared);
-- which workflow a collection uses is collections.workflow_id (NULL = the row 'default').
CREATE TABLE workflows (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  collection_id TEXT REFERENCES collections (id) ON DELETE CASCADE,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  auto_publish BOOLEAN NOT NULL DEFAULT FALSE,
  require_approval BOOLEAN NOT NULL DEFAULT TRUE,
  approval_levels BIGINT NOT NULL DEFAULT 1 CHECK (approval_levels >= 1),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE collections ADD FOREIGN KEY (workflow_id) REFERENCES workflows (id) ON DELETE SET NULL;

-- Permissions are spelled `resource.action` only (lower-case, one dot): the CHECK makes the
-- SonicJS `content:publish` spelling impossible to store.
CREATE TABLE permissions (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z_]*[.][a-z][a-z_]*$'),
  description TEXT,
  category TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE role_permissions (
  id TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'viewer')),
  permission_id TEXT NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (role, permission_id)
);

-- Edges of a workflow (WR-1: unique per (workflow, from, to), no self-loops).
-- required_permission references permissions(name), so a misspelt permission cannot be stored.
-- independent_review (WR-9): the head version's author may not take this edge.
CREATE TABLE workflow_transitions (
  id TEXT PRIMARY KEY NOT NULL,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  from_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  to_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  required_permission TEXT REFERENCES permissions (name) ON DELETE RESTRICT,
  auto_transition BOOLEAN NOT NULL DEFAULT FALSE,
  transition_conditions JSONB,
  independent_review BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, from_state_id, to_state_id),
  CHECK (from_state_id <> to_state_id)
);

-- Content items. data is the head version's data (content_versions holds every snapshot);
-- what get_published returns is content_versions row (id, published_version) (CR-7).
-- Slug uniqueness per (collection, locale) among non-deleted rows is a partial unique index
-- (002_indexes.sql), so a soft delete frees the slug (CR-3, CR-14).
CREATE TABLE content (
  id TEXT PRIMARY KEY NOT NULL,
  collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE RESTRICT,  -- CR-18
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  data JSONB NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'changed', 'archived', 'scheduled')),
  published_at TIMESTAMPTZ,
  author_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- the seed's scheduling, review, SEO and workflow columns
  scheduled_publish_at TIMESTAMPTZ,
  scheduled_unpublish_at TIMESTAMPTZ,
  review_status TEXT NOT NULL DEFAULT 'none' CHECK (review_status IN ('none', 'pending', 'approved', 'rejected')),
  reviewer_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at TIMESTAMPTZ,
  review_notes TEXT,
  meta_title TEXT,
  meta_description TEXT,
  featured_image_id TEXT REFERENCES media (id) ON DELETE SET NULL,
  content_type TEXT NOT NULL DEFAULT 'standard' CHECK (content_type IN ('standard', 'template', 'component')),
  workflow_state_id TEXT REFERENCES workflow_states (id) ON DELETE RESTRICT,
  embargo_until TIMESTAMPTZ,
  expires_at TIMESTAMPTZ,
  version_locked BOOLEAN NOT NULL DEFAULT FALSE,
  is_auto_saved BOOLEAN NOT NULL DEFAULT FALSE,
  locale TEXT NOT NULL DEFAULT 'en',
  translation_group TEXT,
  revision BIGINT NOT NULL DEFAULT 1 CHECK (revision >= 1),  -- GX-3
  head_version BIGINT NOT NULL DEFAULT 1 CHECK (head_version >= 1),  -- VR-1 counter
  published_version BIGINT CHECK (published_version >= 1 AND published_version <= head_version),
  first_published_at TIMESTAMPTZ,
  publish_from TIMESTAMPTZ,  -- CR-11 window
  publish_until TIMESTAMPTZ,
  archived_at TIMESTAMPTZ,  -- CR-13
  deleted_at TIMESTAMPTZ,  -- CR-14
  -- published and changed are exactly the statuses with a published version (CR-7, CR-10, CR-13)
  CHECK ((status IN ('published', 'changed')) = (published_version IS NOT NULL)),
  CHECK (published_version IS NULL OR (published_at IS NOT NULL AND first_published_at IS NOT NULL)),
  CHECK ((status = 'archived') = (archived_at IS NOT NULL)),
  CHECK (publish_from IS NULL OR publish_until IS NULL OR publish_from < publish_until)
);

-- Immutable snapshots (VR-3). Numbers come from content.head_version + 1; the UNIQUE makes a
-- racing duplicate fail instead of silently doubling a number (VR-2).
CREATE TABLE content_versions (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,  -- VR-15
  version BIGINT NOT NULL CHECK (version >= 1),
  data JSONB NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  author_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  title TEXT NOT NULL,
  slug TEXT NOT NULL,
  meta JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(meta) = 'object'),
  kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'patch', 'restore', 'import', 'duplicate')),
  source_version BIGINT CHECK (source_version >= 1 AND source_version < version),  -- VR-7
  schema_version BIGINT NOT NULL CHECK (schema_version >= 1),
  label TEXT,  -- VR-13
  pinned BOOLEAN NOT NULL DEFAULT FALSE,  -- VR-11, VR-13
  UNIQUE (content_id, version)
);

-- Only label and pinned may change after insert (VR-13); the snapshot itself is immutable.
CREATE FUNCTION content_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'content_versions rows are immutable; only label and pinned may change'
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER content_versions_immutable
BEFORE UPDATE OF id, content_id, version, data, author_id, created_at, title, slug, meta, kind,
                 source_version, schema_version ON content_versions
FOR EACH ROW EXECUTE FUNCTION content_versions_immutable();

-- Append-only history (WR-6). action says what the row records: 'enter' (WR-3, initial state
-- on create), 'transition' (WR-4), 'version_restored' (VR-7), 'assigned' (WR-10).
-- version is the head version number at the time; user_id the responsible user. rowid, which
-- no definition names, is SQLite's implicit one: the history is read in insertion order.
CREATE TABLE workflow_history (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE RESTRICT,
  from_state_id TEXT REFERENCES workflow_states (id) ON DELETE RESTRICT,
  to_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  comment TEXT,
  metadata JSONB,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  version BIGINT NOT NULL CHECK (version >= 1),
  action TEXT NOT NULL DEFAULT 'transition' CHECK (action IN ('enter', 'transition', 'version_restored', 'assigned')),
  rowid BIGINT GENERATED ALWAYS AS IDENTITY
);

-- Refuses an update of an append-only table (workflow_history, audit_events).
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- History rows never change; they disappear only with their item (purge, CR-16).
CREATE TRIGGER workflow_history_append_only BEFORE UPDATE ON workflow_history
FOR EACH ROW EXECUTE FUNCTION append_only();

-- Where an item stands in its workflow. approved_version (WR-8) is the version an approval
-- covered; the publish effect publishes exactly that version.
CREATE TABLE content_workflow_status (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE RESTRICT,
  current_state_id TEXT NOT NULL REFERENCES workflow_states (id) ON DELETE RESTRICT,
  approved_version BIGINT CHECK (approved_version >= 1),
  assigned_to TEXT REFERENCES users (id) ON DELETE SET NULL,
  due_date TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (content_id, workflow_id)
);

-- Scheduled actions (SC-*). scheduled_at is UTC ms; timezone is only what the user saw.
-- A runner claims a row (pending -> running, claimed_by, lease_until) in one UPDATE (SC-5).
-- version: the version a scheduled publish pins (SC-2); NULL = the head at execution time.
CREATE TABLE scheduled_content (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('publish', 'unpublish', 'archive')),
  scheduled_at TIMESTAMPTZ NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  executed_at TIMESTAMPTZ,
  error_message TEXT,
  version BIGINT CHECK (version >= 1),
  claimed_by TEXT,
  lease_until TIMESTAMPTZ,
  late_ms BIGINT CHECK (late_ms >= 0),
  CHECK (version IS NULL OR action = 'publish'),
  CHECK (status <> 'running' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
);

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
  is_core BOOLEAN NOT NULL DEFAULT FALSE,
  settings JSONB NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  permissions JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(permissions) = 'array'),
  dependencies JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(dependencies) = 'array'),
  download_count BIGINT NOT NULL DEFAULT 0 CHECK (download_count >= 0),
  rating DOUBLE PRECISION NOT NULL DEFAULT 0,
  installed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  activated_at TIMESTAMPTZ,
  last_updated TIMESTAMPTZ NOT NULL DEFAULT now(),
  error_message TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- rowid (SQLite's implicit one, no definition names it): hooks of equal priority run in the
-- order they were added.
CREATE TABLE plugin_hooks (
  id TEXT PRIMARY KEY NOT NULL,
  plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
  hook_name TEXT NOT NULL,
  handler_name TEXT NOT NULL,
  priority BIGINT NOT NULL DEFAULT 10,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (plugin_id, hook_name, handler_name),
  rowid BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE TABLE plugin_routes (
  id TEXT PRIMARY KEY NOT NULL,
  plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
  handler_name TEXT NOT NULL,
  middleware JSONB,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (plugin_id, path, method)
);

-- API tokens (TK-1): only the SHA-256 of the token is stored (64 lower-case hex digits, so a
-- plaintext token cannot be written here by mistake); prefix is for display.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  prefix TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  scopes JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(scopes) = 'array'),
  expires_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE system_logs (
  id TEXT PRIMARY KEY NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error', 'fatal')),
  category TEXT NOT NULL CHECK (category IN ('auth', 'api', 'workflow', 'plugin', 'media', 'system', 'security', 'error')),
  message TEXT NOT NULL,
  data JSONB,
  user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  session_id TEXT,
  request_id TEXT,
  ip_address TEXT,
  user_agent TEXT,
  method TEXT,
  url TEXT,
  status_code BIGINT,
  duration BIGINT,  -- milliseconds
  stack_trace TEXT,
  tags JSONB CHECK (jsonb_typeof(tags) = 'array'),
  source TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Per-category log settings. retention_days is deliberately unchecked: GX-8 says a zero or
-- negative value (like a missing row) deletes nothing. 'audit' configures audit_events
-- retention; it has no seeded row, so audit events are kept until someone sets one.
CREATE TABLE log_config (
  id TEXT PRIMARY KEY NOT NULL,
  category TEXT NOT NULL UNIQUE CHECK (category IN ('auth', 'api', 'workflow', 'plugin', 'media', 'system', 'security', 'error', 'audit')),
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  level TEXT NOT NULL DEFAULT 'info' CHECK (level IN ('debug', 'info', 'warn', 'error', 'fatal')),
  retention_days BIGINT NOT NULL DEFAULT 30,
  max_size_mb BIGINT NOT NULL DEFAULT 100,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

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
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'spam', 'deleted')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR author_name IS NOT NULL),
  CHECK (parent_id IS NULL OR parent_id <> id)
);

-- The audit trail (GX-7). actor is 'user:<id>', 'token:<id>' or 'system:<job>' (GX-4), so it is
-- not a foreign key. entity_id is not a foreign key either: a purged item keeps its tombstone
-- (CR-16). data is NULL for data-free events such as that tombstone.
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  data JSONB
);

-- Append-only: no UPDATE, ever. DELETE stays possible because retention (GX-8, category
-- 'audit' in log_config) removes old rows in batches; nothing else deletes audit rows.
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION append_only();

-- Advisory edit locks, one per item; an expired lock may be taken over.
CREATE TABLE content_locks (
  content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  acquired_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  CHECK (expires_at > acquired_at)
);

-- Autosaves are not versions (VR-14): one row per (item, user) or, for an item not yet
-- created, per (draft_key, user). Exactly one of content_id / draft_key is set; the two
-- partial unique indexes in 002_indexes.sql make the pair unique.
CREATE TABLE autosaves (
  id TEXT PRIMARY KEY NOT NULL,
  content_id TEXT REFERENCES content (id) ON DELETE CASCADE,
  draft_key TEXT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  data JSONB NOT NULL CHECK (jsonb_typeof(data) = 'object'),
  title TEXT,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK ((content_id IS NULL) <> (draft_key IS NULL))
);
