-- 003_seed (PostgreSQL): the rows every CMS database starts with, the same rows as
-- migrations/003_seed.sql with BOOLEAN and TIMESTAMPTZ values. Fixed ids and a fixed timestamp
-- (2025-01-01T00:00:00Z) keep the migration deterministic: two databases
-- migrated at different times hold identical seed rows. No user is seeded: the host creates
-- the first admin (SonicJS ships a default admin with a published password; we do not).

-- Workflow states (the seed's names, descriptions and colours). Unlike the seed, rejected and
-- archived are not final: both have an exit back to draft (WR-13), and WR-1 allows dead ends
-- only in final states.
INSERT INTO workflow_states (id, name, description, color, is_initial, is_final, effect, created_at) VALUES
  ('draft',          'Draft',          'Content is being worked on',    '#F59E0B', true,  false, NULL,      timestamptz '2025-01-01 00:00:00+00'),
  ('pending-review', 'Pending Review', 'Content is waiting for review', '#3B82F6', false, false, NULL,      timestamptz '2025-01-01 00:00:00+00'),
  ('approved',       'Approved',       'Content has been approved',     '#10B981', false, false, NULL,      timestamptz '2025-01-01 00:00:00+00'),
  ('published',      'Published',      'Content is live',               '#059669', false, true,  'publish', timestamptz '2025-01-01 00:00:00+00'),
  ('rejected',       'Rejected',       'Content was rejected',          '#EF4444', false, false, NULL,      timestamptz '2025-01-01 00:00:00+00'),
  ('archived',       'Archived',       'Content has been archived',     '#6B7280', false, false, 'archive', timestamptz '2025-01-01 00:00:00+00');

-- Permissions, spelled resource.action. "Own" is modelled as separate permissions
-- (content.update_own, content.delete_own): can(actor, 'content.update', item) holds when the
-- actor has content.update, or has content.update_own and is the item's author.
INSERT INTO permissions (id, name, description, category, created_at) VALUES
  ('perm_content_create',     'content.create',     'Create content',                               'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_read',       'content.read',       'Read content, including drafts',               'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_update',     'content.update',     'Edit any content item',                        'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_update_own', 'content.update_own', 'Edit content items one authored',              'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_delete',     'content.delete',     'Delete any content item',                      'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_delete_own', 'content.delete_own', 'Delete content items one authored',            'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_publish',    'content.publish',    'Publish, unpublish, archive and schedule',     'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_submit',     'content.submit',     'Submit content for review',                    'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_content_approve',    'content.approve',    'Approve or reject submitted content',          'content',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_collections_create', 'collections.create', 'Create collections',                           'collections', timestamptz '2025-01-01 00:00:00+00'),
  ('perm_collections_read',   'collections.read',   'Read collections and their schemas',           'collections', timestamptz '2025-01-01 00:00:00+00'),
  ('perm_collections_update', 'collections.update', 'Edit collections and their schemas',           'collections', timestamptz '2025-01-01 00:00:00+00'),
  ('perm_collections_delete', 'collections.delete', 'Delete collections',                           'collections', timestamptz '2025-01-01 00:00:00+00'),
  ('perm_media_create',       'media.create',       'Upload media',                                 'media',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_media_read',         'media.read',         'Read media',                                   'media',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_media_update',       'media.update',       'Edit media metadata',                          'media',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_media_delete',       'media.delete',       'Delete media',                                 'media',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_users_create',       'users.create',       'Create and invite users',                      'users',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_users_read',         'users.read',         'Read user profiles',                           'users',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_users_update',       'users.update',       'Edit users and their roles',                   'users',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_users_delete',       'users.delete',       'Deactivate users',                             'users',       timestamptz '2025-01-01 00:00:00+00'),
  ('perm_settings_read',      'settings.read',      'Read settings and logs',                       'settings',    timestamptz '2025-01-01 00:00:00+00'),
  ('perm_settings_update',    'settings.update',    'Change settings and log configuration',        'settings',    timestamptz '2025-01-01 00:00:00+00'),
  ('perm_plugins_read',       'plugins.read',       'Read installed plugins',                       'plugins',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_plugins_manage',     'plugins.manage',     'Install, activate, deactivate, configure',     'plugins',     timestamptz '2025-01-01 00:00:00+00'),
  ('perm_workflow_assign',    'workflow.assign',    'Assign content items to users',                'workflow',    timestamptz '2025-01-01 00:00:00+00'),
  ('perm_workflow_manage',    'workflow.manage',    'Define workflows and bind them to collections', 'workflow',   timestamptz '2025-01-01 00:00:00+00');

-- Roles. Every role holds viewer's *.read set, so admin >= editor >= author >= viewer.
-- Role-permission ids are 'rp_<role>_<permission with . as _>'.

-- admin: everything.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_admin_' || replace(name, '.', '_'), 'admin', id, timestamptz '2025-01-01 00:00:00+00'
FROM permissions ORDER BY name;

-- editor: all of content and media, workflow.assign, and every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_editor_' || replace(name, '.', '_'), 'editor', id, timestamptz '2025-01-01 00:00:00+00'
FROM permissions
WHERE category IN ('content', 'media') OR name = 'workflow.assign' OR name LIKE '%.read'
ORDER BY name;

-- author: create, read, edit own and submit content; upload and read media; every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_author_' || replace(name, '.', '_'), 'author', id, timestamptz '2025-01-01 00:00:00+00'
FROM permissions
WHERE name IN ('content.create', 'content.update_own', 'content.submit', 'media.create')
   OR name LIKE '%.read'
ORDER BY name;

-- viewer: every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_viewer_' || replace(name, '.', '_'), 'viewer', id, timestamptz '2025-01-01 00:00:00+00'
FROM permissions
WHERE name LIKE '%.read'
ORDER BY name;

-- The default workflow (WR-13), used by every collection whose workflow_id is NULL (WR-3).
INSERT INTO workflows (id, name, description, collection_id, is_active, auto_publish,
                       require_approval, approval_levels, created_at, updated_at) VALUES
  ('default', 'Default Workflow', 'Draft, review, approval, publication and archive',
   NULL, true, false, true, 1, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00');

-- Its edges. The approval edge is four-eyes (WR-9): the head's author cannot approve it.
-- Leaving a state in the other direction needs the permission of the act that reverses it:
-- rejected -> draft and archived -> draft are edits (content.update, or update_own via can()).
INSERT INTO workflow_transitions (id, workflow_id, from_state_id, to_state_id, required_permission,
                                  auto_transition, transition_conditions, independent_review,
                                  created_at) VALUES
  ('wt_default_draft_pending_review',    'default', 'draft',          'pending-review', 'content.submit',  false, NULL, false, timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_pending_review_approved', 'default', 'pending-review', 'approved',       'content.approve', false, NULL, true,  timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_approved_published',      'default', 'approved',       'published',      'content.publish', false, NULL, false, timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_pending_review_rejected', 'default', 'pending-review', 'rejected',       'content.approve', false, NULL, false, timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_rejected_draft',          'default', 'rejected',       'draft',          'content.update',  false, NULL, false, timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_published_archived',      'default', 'published',      'archived',       'content.publish', false, NULL, false, timestamptz '2025-01-01 00:00:00+00'),
  ('wt_default_archived_draft',          'default', 'archived',       'draft',          'content.update',  false, NULL, false, timestamptz '2025-01-01 00:00:00+00');

-- Log configuration per category: DOMAIN's retention days, the seed's levels and size caps.
INSERT INTO log_config (id, category, enabled, level, retention_days, max_size_mb, created_at, updated_at) VALUES
  ('log-config-auth',     'auth',     true, 'info',  90,  50,  timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-api',      'api',      true, 'info',  30,  100, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-workflow', 'workflow', true, 'info',  60,  50,  timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-plugin',   'plugin',   true, 'warn',  30,  25,  timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-media',    'media',    true, 'info',  30,  50,  timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-system',   'system',   true, 'info',  90,  100, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-security', 'security', true, 'warn',  180, 100, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00'),
  ('log-config-error',    'error',    true, 'error', 90,  200, timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:00+00');
