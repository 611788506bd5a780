// The CMS data layer in one include: the store, its repositories, and the CMS table definitions.
//
//   vellum::database db{"cms.db"};
//   vellum::cms::store store{db};
//   store.content().create(vellum::cms::actor::user(uid), {.collection_id = cid, .title = "Hello"});
#pragma once

#include "vellum/cms/actor.hpp"
#include "vellum/cms/api_token_repository.hpp"
#include "vellum/cms/autosave_repository.hpp"
#include "vellum/cms/collection_definition.hpp"
#include "vellum/cms/collection_sync.hpp"
#include "vellum/cms/collections_repository.hpp"
#include "vellum/cms/cache_tier.hpp"
#include "vellum/cms/comment_repository.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/content_statistics.hpp"
#include "vellum/cms/log_repository.hpp"
#include "vellum/cms/log_retention.hpp"
#include "vellum/cms/media_repository.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/plugin_registry.hpp"
#include "vellum/cms/schedule_repository.hpp"
#include "vellum/cms/schema.hpp"
#include "vellum/cms/query_cache.hpp"
#include "vellum/cms/search_repository.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/cms/users_repository.hpp"
#include "vellum/cms/version_repository.hpp"
#include "vellum/cms/workflow_repository.hpp"
