-- 002_indexes (PostgreSQL): every secondary index of the CMS schema, the same statements as
-- migrations/002_indexes.sql (their text is valid in both dialects).
--
-- Naming: idx_<table>_<what> for plain indexes, ux_<table>_<what> for the named (partial)
-- unique indexes. UNIQUE column and table constraints in 001 already create indexes
-- (<table>_<column>_key: users_email_key, collections_name_key, ...); they are not repeated here.
-- Foreign-key child columns are indexed where the parent row is deleted in normal operation
-- (content, media, comments, plugins) or where a query reads by them; users are deactivated,
-- not deleted, so a reference to users is indexed only when a query needs it.

-- users: role filter (seed); token look-ups (the columns hold SHA-256 digests).
CREATE INDEX idx_users_role ON users (role);
CREATE INDEX idx_users_password_reset_token ON users (password_reset_token);
CREATE INDEX idx_users_email_verification_token ON users (email_verification_token);
CREATE INDEX idx_users_invitation_token ON users (invitation_token);

-- collections
CREATE INDEX idx_collections_active ON collections (is_active);

-- content
-- CR-3: a slug is unique per (collection, locale) among non-deleted items; soft delete frees it.
CREATE UNIQUE INDEX ux_content_slug ON content (collection_id, locale, slug)
  WHERE deleted_at IS NULL;
-- CR-12: keyset pagination, one index seek per page whatever the page number. Its leading
-- column also serves the seed's idx_content_collection and the collection_id foreign key.
CREATE INDEX idx_content_collection_updated ON content (collection_id, updated_at DESC, id DESC);
-- CR-12 across all collections.
CREATE INDEX idx_content_updated ON content (updated_at DESC, id DESC);
CREATE INDEX idx_content_status ON content (status);
CREATE INDEX idx_content_author ON content (author_id);
CREATE INDEX idx_content_published ON content (published_at);
CREATE INDEX idx_content_workflow_state ON content (workflow_state_id);
CREATE INDEX idx_content_featured_image ON content (featured_image_id);
CREATE INDEX idx_content_translation_group ON content (translation_group);

-- content_versions: UNIQUE (content_id, version) serves look-ups and newest-first lists (VR-5).
-- author_id is indexed for "versions by this user" and the users foreign key.
CREATE INDEX idx_content_versions_author ON content_versions (author_id);

-- media (seed's indexes; uploaded_at carries id for keyset pagination)
CREATE INDEX idx_media_folder ON media (folder);
CREATE INDEX idx_media_type ON media (mime_type);
CREATE INDEX idx_media_uploaded_by ON media (uploaded_by);
CREATE INDEX idx_media_uploaded_at ON media (uploaded_at DESC, id DESC);
CREATE INDEX idx_media_deleted ON media (deleted_at);

-- workflows
CREATE INDEX idx_workflows_collection ON workflows (collection_id);

-- workflow_history: an item's history in order (WR-6), and by user (seed).
CREATE INDEX idx_workflow_history_content ON workflow_history (content_id, created_at, id);
CREATE INDEX idx_workflow_history_user ON workflow_history (user_id);

-- content_workflow_status: UNIQUE (content_id, workflow_id) serves per-item look-ups.
CREATE INDEX idx_content_workflow_status_workflow_state
  ON content_workflow_status (workflow_id, current_state_id);
CREATE INDEX idx_content_workflow_status_assigned ON content_workflow_status (assigned_to);

-- scheduled_content
-- SC-3: at most one live action per (item, action). 'running' counts as live so a new
-- schedule cannot be queued beside one that a runner holds (or will reclaim, SC-5).
CREATE UNIQUE INDEX ux_scheduled_content_live ON scheduled_content (content_id, action)
  WHERE status IN ('pending', 'running');
-- SC-4 due(now, limit): status = 'pending' AND scheduled_at <= now ORDER BY scheduled_at, id;
-- SC-5 lease reclaim: status = 'running' AND lease_until < now reads the same prefix.
CREATE INDEX idx_scheduled_content_due ON scheduled_content (status, scheduled_at, id);
CREATE INDEX idx_scheduled_content_content ON scheduled_content (content_id);

-- plugins
CREATE INDEX idx_plugins_status ON plugins (status);
CREATE INDEX idx_plugins_category ON plugins (category);
-- hooks for one hook name in priority order (issue 12); UNIQUE covers plugin_id look-ups.
CREATE INDEX idx_plugin_hooks_hook ON plugin_hooks (hook_name, priority);

-- role_permissions: UNIQUE (role, permission_id) serves role look-ups; this one serves the
-- permissions foreign key (ON DELETE CASCADE).
CREATE INDEX idx_role_permissions_permission ON role_permissions (permission_id);

-- api_tokens: token_hash UNIQUE serves verify (TK-2).
CREATE INDEX idx_api_tokens_user ON api_tokens (user_id);

-- system_logs: retention deletes per category by age (GX-8); level and time filters (seed).
CREATE INDEX idx_system_logs_category_created ON system_logs (category, created_at);
CREATE INDEX idx_system_logs_level_created ON system_logs (level, created_at);
CREATE INDEX idx_system_logs_created_at ON system_logs (created_at);
CREATE INDEX idx_system_logs_user ON system_logs (user_id);

-- comments: a thread in display order (keyset), moderation queues, replies, authors.
CREATE INDEX idx_comments_content ON comments (content_id, created_at, id);
CREATE INDEX idx_comments_status ON comments (status, created_at);
CREATE INDEX idx_comments_parent ON comments (parent_id);
CREATE INDEX idx_comments_user ON comments (user_id);

-- audit_events: an entity's trail in order; retention by age; what an actor did.
CREATE INDEX idx_audit_events_entity ON audit_events (entity_type, entity_id, at);
CREATE INDEX idx_audit_events_at ON audit_events (at);
CREATE INDEX idx_audit_events_actor ON audit_events (actor, at);

-- content_locks: locks a user holds.
CREATE INDEX idx_content_locks_user ON content_locks (user_id);

-- autosaves (VR-14): one row per (item, user) and one per (draft key, user).
CREATE UNIQUE INDEX ux_autosaves_content_user ON autosaves (content_id, user_id)
  WHERE content_id IS NOT NULL;
CREATE UNIQUE INDEX ux_autosaves_draft_user ON autosaves (draft_key, user_id)
  WHERE draft_key IS NOT NULL;
CREATE INDEX idx_autosaves_user ON autosaves (user_id);
