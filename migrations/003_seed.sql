-- 003_seed: the rows every CMS database starts with. Fixed ids and a fixed timestamp
-- (1735689600000 = 2025-01-01T00:00:00Z) keep the migration deterministic: two databases
-- migrated at different times hold identical seed rows. No user is seeded: the host creates
-- the first admin (SonicJS ships a default admin with a published password; we do not).

-- Workflow states (the seed's names, descriptions and colours). Unlike the seed, rejected and
-- archived are not final: both have an exit back to draft (WR-13), and WR-1 allows dead ends
-- only in final states.
INSERT INTO workflow_states (id, name, description, color, is_initial, is_final, effect, created_at) VALUES
  ('draft',          'Draft',          'Content is being worked on',    '#F59E0B', 1, 0, NULL,      1735689600000),
  ('pending-review', 'Pending Review', 'Content is waiting for review', '#3B82F6', 0, 0, NULL,      1735689600000),
  ('approved',       'Approved',       'Content has been approved',     '#10B981', 0, 0, NULL,      1735689600000),
  ('published',      'Published',      'Content is live',               '#059669', 0, 1, 'publish', 1735689600000),
  ('rejected',       'Rejected',       'Content was rejected',          '#EF4444', 0, 0, NULL,      1735689600000),
  ('archived',       'Archived',       'Content has been archived',     '#6B7280', 0, 0, 'archive', 1735689600000);

-- Permissions, spelled resource.action. "Own" is modelled as separate permissions
-- (content.update_own, content.delete_own): can(actor, 'content.update', item) holds when the
-- actor has content.update, or has content.update_own and is the item's author.
INSERT INTO permissions (id, name, description, category, created_at) VALUES
  ('perm_content_create',     'content.create',     'Create content',                               'content',     1735689600000),
  ('perm_content_read',       'content.read',       'Read content, including drafts',               'content',     1735689600000),
  ('perm_content_update',     'content.update',     'Edit any content item',                        'content',     1735689600000),
  ('perm_content_update_own', 'content.update_own', 'Edit content items one authored',              'content',     1735689600000),
  ('perm_content_delete',     'content.delete',     'Delete any content item',                      'content',     1735689600000),
  ('perm_content_delete_own', 'content.delete_own', 'Delete content items one authored',            'content',     1735689600000),
  ('perm_content_publish',    'content.publish',    'Publish, unpublish, archive and schedule',     'content',     1735689600000),
  ('perm_content_submit',     'content.submit',     'Submit content for review',                    'content',     1735689600000),
  ('perm_content_approve',    'content.approve',    'Approve or reject submitted content',          'content',     1735689600000),
  ('perm_collections_create', 'collections.create', 'Create collections',                           'collections', 1735689600000),
  ('perm_collections_read',   'collections.read',   'Read collections and their schemas',           'collections', 1735689600000),
  ('perm_collections_update', 'collections.update', 'Edit collections and their schemas',           'collections', 1735689600000),
  ('perm_collections_delete', 'collections.delete', 'Delete collections',                           'collections', 1735689600000),
  ('perm_media_create',       'media.create',       'Upload media',                                 'media',       1735689600000),
  ('perm_media_read',         'media.read',         'Read media',                                   'media',       1735689600000),
  ('perm_media_update',       'media.update',       'Edit media metadata',                          'media',       1735689600000),
  ('perm_media_delete',       'media.delete',       'Delete media',                                 'media',       1735689600000),
  ('perm_users_create',       'users.create',       'Create and invite users',                      'users',       1735689600000),
  ('perm_users_read',         'users.read',         'Read user profiles',                           'users',       1735689600000),
  ('perm_users_update',       'users.update',       'Edit users and their roles',                   'users',       1735689600000),
  ('perm_users_delete',       'users.delete',       'Deactivate users',                             'users',       1735689600000),
  ('perm_settings_read',      'settings.read',      'Read settings and logs',                       'settings',    1735689600000),
  ('perm_settings_update',    'settings.update',    'Change settings and log configuration',        'settings',    1735689600000),
  ('perm_plugins_read',       'plugins.read',       'Read installed plugins',                       'plugins',     1735689600000),
  ('perm_plugins_manage',     'plugins.manage',     'Install, activate, deactivate, configure',     'plugins',     1735689600000),
  ('perm_workflow_assign',    'workflow.assign',    'Assign content items to users',                'workflow',    1735689600000),
  ('perm_workflow_manage',    'workflow.manage',    'Define workflows and bind them to collections', 'workflow',   1735689600000);

-- Roles. Every role holds viewer's *.read set, so admin >= editor >= author >= viewer.
-- Role-permission ids are 'rp_<role>_<permission with . as _>'.

-- admin: everything.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_admin_' || replace(name, '.', '_'), 'admin', id, 1735689600000
FROM permissions ORDER BY name;

-- editor: all of content and media, workflow.assign, and every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_editor_' || replace(name, '.', '_'), 'editor', id, 1735689600000
FROM permissions
WHERE category IN ('content', 'media') OR name = 'workflow.assign' OR name GLOB '*.read'
ORDER BY name;

-- author: create, read, edit own and submit content; upload and read media; every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_author_' || replace(name, '.', '_'), 'author', id, 1735689600000
FROM permissions
WHERE name IN ('content.create', 'content.update_own', 'content.submit', 'media.create')
   OR name GLOB '*.read'
ORDER BY name;

-- viewer: every *.read.
INSERT INTO role_permissions (id, role, permission_id, created_at)
SELECT 'rp_viewer_' || replace(name, '.', '_'), 'viewer', id, 1735689600000
FROM permissions
WHERE name GLOB '*.read'
ORDER BY name;

-- The default workflow (WR-13), used by every collection whose workflow_id is NULL (WR-3).
INSERT INTO workflows (id, name, description, collection_id, is_active, auto_publish,
                       require_approval, approval_levels, created_at, updated_at) VALUES
  ('default', 'Default Workflow', 'Draft, review, approval, publication and archive',
   NULL, 1, 0, 1, 1, 1735689600000, 1735689600000);

-- Its edges. The approval edge is four-eyes (WR-9): the head's author cannot approve it.
-- Leaving a state in the other direction needs the permission of the act that reverses it:
-- rejected -> draft and archived -> draft are edits (content.update, or update_own via can()).
INSERT INTO workflow_transitions (id, workflow_id, from_state_id, to_state_id, required_permission,
                                  auto_transition, transition_conditions, independent_review,
                                  created_at) VALUES
  ('wt_default_draft_pending_review',    'default', 'draft',          'pending-review', 'content.submit',  0, NULL, 0, 1735689600000),
  ('wt_default_pending_review_approved', 'default', 'pending-review', 'approved',       'content.approve', 0, NULL, 1, 1735689600000),
  ('wt_default_approved_published',      'default', 'approved',       'published',      'content.publish', 0, NULL, 0, 1735689600000),
  ('wt_default_pending_review_rejected', 'default', 'pending-review', 'rejected',       'content.approve', 0, NULL, 0, 1735689600000),
  ('wt_default_rejected_draft',          'default', 'rejected',       'draft',          'content.update',  0, NULL, 0, 1735689600000),
  ('wt_default_published_archived',      'default', 'published',      'archived',       'content.publish', 0, NULL, 0, 1735689600000),
  ('wt_default_archived_draft',          'default', 'archived',       'draft',          'content.update',  0, NULL, 0, 1735689600000);

-- Log configuration per category: DOMAIN's retention days, the seed's levels and size caps.
INSERT INTO log_config (id, category, enabled, level, retention_days, max_size_mb, created_at, updated_at) VALUES
  ('log-config-auth',     'auth',     1, 'info',  90,  50,  1735689600000, 1735689600000),
  ('log-config-api',      'api',      1, 'info',  30,  100, 1735689600000, 1735689600000),
  ('log-config-workflow', 'workflow', 1, 'info',  60,  50,  1735689600000, 1735689600000),
  ('log-config-plugin',   'plugin',   1, 'warn',  30,  25,  1735689600000, 1735689600000),
  ('log-config-media',    'media',    1, 'info',  30,  50,  1735689600000, 1735689600000),
  ('log-config-system',   'system',   1, 'info',  90,  100, 1735689600000, 1735689600000),
  ('log-config-security', 'security', 1, 'warn',  180, 100, 1735689600000, 1735689600000),
  ('log-config-error',    'error',    1, 'error', 90,  200, 1735689600000, 1735689600000);
