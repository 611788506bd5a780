#include "vellum/cms/collections_repository.hpp"

#include <algorithm>
#include <utility>

#include "internal/content_writes.hpp"
#include "internal/repository_checks.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/canonical_json.hpp"
#include "vellum/cms/collection_schema.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

collections_repository store::collections() { return collections_repository(*this); }

namespace {

using field_errors = validation_error::field_errors;
using internal::load_collection;
using internal::null_if_empty;
using internal::throw_if_any;

std::optional<collection> find_collection(store& s, std::string_view id) {
  return s.db().select<collection>().where(col<&collection::id> == id).one();
}

bool collection_name_exists(store& s, std::string_view name) {
  return s.db().select(col<&collection::id>).from<collection>().where(col<&collection::name> == name).one().has_value();
}

/// CS-2 for the whole definition, plus what the table adds: the schema's text must be UTF-8
/// (it is stored as JSON text), retention is not negative, the description is bounded.
void check_definition(store& s, const collection& c, field_errors& errors) {
  for (auto& [path, messages] : validate_collection_definition(
           c.name, c.display_name, c.schema, [&](std::string_view name) { return collection_name_exists(s, name); })) {
    auto& into = errors[path];
    into.insert(into.end(), messages.begin(), messages.end());
  }
  if (c.description)
    internal::check_text(*c.description, "description", max_collection_description_length,
                         internal::text_rule::optional, errors);
  if (c.max_versions < 0) errors["max_versions"].push_back("must be 0 (unlimited) or more");
  try {
    (void)canonical_json(c.schema);
  } catch (const nlohmann::json::exception&) {
    errors["schema"].push_back("holds text that is not valid UTF-8");
  }
}

/// WR-3: a collection is bound to an active workflow that is shared or its own; NULL = the default.
void check_workflow(store& s, const collection& c, field_errors& errors) {
  if (!c.workflow_id) return;
  const auto w = s.db().select<workflow>().where(col<&workflow::id> == *c.workflow_id).one();
  if (!w) errors["workflow_id"].push_back("no workflow has this id");
  else if (!w->is_active) errors["workflow_id"].push_back("the workflow is inactive");
  else if (w->collection_id && *w->collection_id != c.id)
    errors["workflow_id"].push_back("the workflow belongs to another collection");
}

/// Runs `write` in a transaction; the UNIQUE violation of collections.name becomes conflict{"name"}.
template <class F>
collection write_collection(store& s, std::string_view operation, const std::string& name, F&& write) {
  try {
    return s.db().transaction(std::forward<F>(write));
  } catch (const constraint_error& e) {
    const auto& columns = e.columns();
    if (e.kind() == constraint_kind::unique && e.table() == "collections" &&
        std::find(columns.begin(), columns.end(), "name") != columns.end())
      throw conflict(std::string(operation) + ": a collection named '" + name + "' exists", "name");
    throw;
  }
}

void update_row(store& s, const collection& c) {
  s.db()
      .update<collection>()
      .set(col<&collection::display_name> = c.display_name, col<&collection::description> = c.description,
           col<&collection::schema> = c.schema, col<&collection::is_active> = c.is_active,
           col<&collection::managed> = c.managed, col<&collection::updated_at> = c.updated_at,
           col<&collection::schema_version> = c.schema_version, col<&collection::schema_hash> = c.schema_hash,
           col<&collection::max_versions> = c.max_versions, col<&collection::workflow_id> = c.workflow_id)
      .where(col<&collection::id> == c.id)
      .run();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

collection collections_repository::get(std::string_view id) const { return load_collection(*store_, id); }

std::optional<collection> collections_repository::find(std::string_view id) const {
  return find_collection(*store_, id);
}

std::optional<collection> collections_repository::find_by_name(std::string_view name) const {
  return store_->db().select<collection>().where(col<&collection::name> == name).one();
}

std::vector<collection> collections_repository::list(bool include_inactive) const {
  return store_->db()
      .select<collection>()
      .where(vellum::dynamic(!include_inactive, col<&collection::is_active> == true))
      .order_by(vellum::asc(col<&collection::name>))
      .all();
}

// ---------------------------------------------------------------------------------------------
// Mutations

collection collections_repository::create(const actor& who, const new_collection& input) {
  collection c;
  c.name = input.name;
  c.display_name = input.display_name;
  c.description = null_if_empty(input.description);
  c.schema = input.schema;
  c.managed = input.managed;
  c.max_versions = input.max_versions;
  c.workflow_id = null_if_empty(input.workflow_id);

  return write_collection(*store_, "create collection", c.name, [&] {
    // Checked inside the transaction: reference targets and the workflow are read under the
    // write lock, so what was checked is what the row is written against.
    field_errors errors;
    internal::check_actor(who, errors);
    check_definition(*store_, c, errors);
    check_workflow(*store_, c, errors);
    throw_if_any(errors, "create collection");

    const auto now = store_->now();
    c.id = store_->new_id();
    c.created_at = now;
    c.updated_at = now;
    c.schema_version = 1;
    c.schema_hash = canonical_hash(c.schema);
    store_->db().insert(c);
    append_audit(*store_, who, "collection.create", "collection", c.id,
                 nlohmann::json{{"name", c.name}, {"schema_version", c.schema_version}, {"schema_hash", *c.schema_hash}});
    return c;
  });
}

collection collections_repository::update(const actor& who, std::string_view id, const collection_changes& changes) {
  return write_collection(*store_, "update collection", std::string(id), [&] {
    field_errors errors;
    internal::check_actor(who, errors);
    throw_if_any(errors, "update collection");

    const collection before = load_collection(*store_, id);
    collection after = before;
    std::vector<std::string> changed;
    const auto apply = [&](const char* name, auto& member, const auto& value) {
      if (member == value) return;
      member = value;
      changed.emplace_back(name);
    };
    if (changes.display_name) apply("display_name", after.display_name, *changes.display_name);
    if (changes.description) apply("description", after.description, null_if_empty(changes.description));
    if (changes.managed) apply("managed", after.managed, *changes.managed);
    if (changes.max_versions) apply("max_versions", after.max_versions, *changes.max_versions);
    if (changes.workflow_id) apply("workflow_id", after.workflow_id, null_if_empty(changes.workflow_id));
    bool schema_changed = false;
    if (changes.schema) {
      after.schema = *changes.schema;
      // CS-4 / GX-6: the canonical hash decides, never the JSON's key order or formatting.
      try {
        schema_changed = canonical_hash(after.schema) != canonical_hash(before.schema);
      } catch (const nlohmann::json::exception&) {
        schema_changed = true;  // invalid UTF-8: check_definition reports it below
      }
      if (schema_changed) changed.emplace_back("schema");
    }
    if (changed.empty()) return before;  // nothing to write, nothing to audit

    check_definition(*store_, after, errors);
    if (changes.workflow_id) check_workflow(*store_, after, errors);
    throw_if_any(errors, "update collection");

    after.updated_at = store_->now();
    if (schema_changed) {
      after.schema_version = before.schema_version + 1;
      after.schema_hash = canonical_hash(after.schema);
    } else {
      after.schema = before.schema;
    }
    update_row(*store_, after);
    append_audit(*store_, who, "collection.update", "collection", after.id,
                 nlohmann::json{{"fields", changed}, {"schema_version", after.schema_version}});
    return after;
  });
}

collection collections_repository::deactivate(const actor& who, std::string_view id) {
  return set_active(who, id, false);
}

collection collections_repository::reactivate(const actor& who, std::string_view id) {
  return set_active(who, id, true);
}

collection collections_repository::set_active(const actor& who, std::string_view id, bool active) {
  const std::string operation = active ? "reactivate collection" : "deactivate collection";
  field_errors errors;
  internal::check_actor(who, errors);
  throw_if_any(errors, operation);
  return store_->db().transaction([&] {
    collection c = load_collection(*store_, id);
    if (c.is_active == active)
      throw invalid_state(operation + ": collection '" + c.name + "' is already " + (active ? "active" : "inactive"));
    c.is_active = active;
    c.updated_at = store_->now();
    update_row(*store_, c);
    append_audit(*store_, who, active ? "collection.reactivate" : "collection.deactivate", "collection", c.id,
                 nlohmann::json{{"name", c.name}});
    return c;
  });
}

}  // namespace vellum::cms
