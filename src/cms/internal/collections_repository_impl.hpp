// The members of basic_collections_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/collections_repository.cpp and for PostgreSQL in src/cms/pg_collections_repository.cpp.
#pragma once

#include "vellum/cms/collections_repository.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/canonical_json.hpp"
#include "vellum/cms/collection_schema.hpp"
#include "vellum/cms/store.hpp"

namespace vellum::cms {

template <class Conn>
basic_collections_repository<Conn> basic_store<Conn>::collections() {
  return basic_collections_repository<Conn>(*this);
}

namespace {

using field_errors = validation_error::field_errors;
using internal::load_collection;
using internal::null_if_empty;
using internal::throw_if_any;

template <class Conn>
std::optional<collection> find_collection(basic_store<Conn>& s, std::string_view id) {
  return s.db().template select<collection>().where(col<&collection::id> == id).one();
}

template <class Conn>
bool collection_name_exists(basic_store<Conn>& s, std::string_view name) {
  return s.db()
      .select(col<&collection::id>)
      .template from<collection>()
      .where(col<&collection::name> == name)
      .one()
      .has_value();
}

/// CS-2 for the whole definition, plus what the table adds: the schema's text must be UTF-8
/// (it is stored as JSON text), retention is not negative, the description is bounded.
/// A reference target exists in the database or, during a sync, is one `also_known` accepts.
template <class Conn>
void check_definition(basic_store<Conn>& s, const collection& c, const collection_lookup& also_known,
                      field_errors& errors) {
  const auto target_exists = [&](std::string_view name) {
    return (also_known && also_known(name)) || collection_name_exists(s, name);
  };
  for (auto& [path, messages] : validate_collection_definition(c.name, c.display_name, c.schema, target_exists)) {
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
template <class Conn>
void check_workflow(basic_store<Conn>& s, const collection& c, field_errors& errors) {
  if (!c.workflow_id) return;
  const auto w = s.db().template select<workflow>().where(col<&workflow::id> == *c.workflow_id).one();
  if (!w) errors["workflow_id"].push_back("no workflow has this id");
  else if (!w->is_active) errors["workflow_id"].push_back("the workflow is inactive");
  else if (w->collection_id && *w->collection_id != c.id)
    errors["workflow_id"].push_back("the workflow belongs to another collection");
}

/// Runs `write` in a transaction; the UNIQUE violation of collections.name becomes conflict{"name"}.
template <class Conn, class F>
collection write_collection(basic_store<Conn>& s, std::string_view operation, const std::string& name, F&& write) {
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

template <class Conn>
void update_row(basic_store<Conn>& s, const collection& c) {
  s.db()
      .template update<collection>()
      .set(col<&collection::display_name> = c.display_name, col<&collection::description> = c.description,
           col<&collection::schema> = c.schema, col<&collection::is_active> = c.is_active,
           col<&collection::managed> = c.managed, col<&collection::updated_at> = c.updated_at,
           col<&collection::schema_version> = c.schema_version, col<&collection::schema_hash> = c.schema_hash,
           col<&collection::max_versions> = c.max_versions, col<&collection::workflow_id> = c.workflow_id)
      .where(col<&collection::id> == c.id)
      .run();
}

/// The row `input` describes, before it has an id and timestamps.
collection row_of(const new_collection& input) {
  collection c;
  c.name = input.name;
  c.display_name = input.display_name;
  c.description = null_if_empty(input.description);
  c.schema = input.schema;
  c.managed = input.managed;
  c.max_versions = input.max_versions;
  c.workflow_id = null_if_empty(input.workflow_id);
  return c;
}

/// create(): validated whole inside the transaction; `also_known` as for check_definition.
template <class Conn>
collection insert_collection(basic_store<Conn>& s, const actor& who, const new_collection& input,
                             const collection_lookup& also_known) {
  collection c = row_of(input);
  return write_collection(s, "create collection", c.name, [&] {
    // Checked inside the transaction: reference targets and the workflow are read under the
    // write lock, so what was checked is what the row is written against.
    field_errors errors;
    internal::check_actor(who, errors);
    check_definition(s, c, also_known, errors);
    check_workflow(s, c, errors);
    throw_if_any(errors, "create collection");

    const auto now = s.now();
    c.id = s.new_id();
    c.created_at = now;
    c.updated_at = now;
    c.schema_version = 1;
    c.schema_hash = canonical_hash(c.schema);
    s.db().insert(c);
    append_audit(
        s, who, "collection.create", "collection", c.id,
        nlohmann::json{{"name", c.name}, {"schema_version", c.schema_version}, {"schema_hash", *c.schema_hash}});
    return c;
  });
}

/// What update() wrote: the row, and the names of the members it changed (none: nothing written).
struct changed_collection {
  collection row;
  std::vector<std::string> fields;
};

template <class Conn>
changed_collection change_collection(basic_store<Conn>& s, const actor& who, std::string_view id,
                                     const collection_changes& changes, const collection_lookup& also_known) {
  return s.db().transaction([&] {
    field_errors errors;
    internal::check_actor(who, errors);
    throw_if_any(errors, "update collection");

    const collection before = load_collection(s, id);
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
    if (changed.empty()) return changed_collection{before, {}};  // nothing to write, nothing to audit

    check_definition(s, after, also_known, errors);
    if (changes.workflow_id) check_workflow(s, after, errors);
    throw_if_any(errors, "update collection");

    after.updated_at = s.now();
    if (schema_changed) {
      after.schema_version = before.schema_version + 1;
      after.schema_hash = canonical_hash(after.schema);
    } else {
      after.schema = before.schema;
    }
    update_row(s, after);
    append_audit(s, who, "collection.update", "collection", after.id,
                 nlohmann::json{{"fields", changed}, {"schema_version", after.schema_version}});
    return changed_collection{after, std::move(changed)};
  });
}

template <class Conn>
collection set_active(basic_store<Conn>& s, const actor& who, std::string_view id, bool active) {
  const std::string operation = active ? "reactivate collection" : "deactivate collection";
  field_errors errors;
  internal::check_actor(who, errors);
  throw_if_any(errors, operation);
  return s.db().transaction([&] {
    collection c = load_collection(s, id);
    if (c.is_active == active)
      throw invalid_state(operation + ": collection '" + c.name + "' is already " + (active ? "active" : "inactive"));
    c.is_active = active;
    c.updated_at = s.now();
    update_row(s, c);
    append_audit(s, who, active ? "collection.reactivate" : "collection.deactivate", "collection", c.id,
                 nlohmann::json{{"name", c.name}});
    return c;
  });
}

// --- sync ------------------------------------------------------------------------------------

/// One collection sync was given: a definition, or a file that could not be read as one.
struct sync_input {
  std::string name;
  const collection_definition* definition = nullptr;  // null: `unusable` says why
  std::string unusable;
};

/// A definition is the whole desired state: an absent description or workflow clears it.
collection_changes changes_to(const collection_definition& d) {
  return {.display_name = d.display_name,
          .description = d.description.value_or(""),
          .schema = d.schema,
          .managed = true,
          .max_versions = d.max_versions,
          .workflow_id = d.workflow_id.value_or("")};
}

new_collection creation_of(const collection_definition& d) {
  return {.name = d.name,
          .display_name = d.display_name,
          .description = d.description,
          .schema = d.schema,
          .managed = true,
          .max_versions = d.max_versions,
          .workflow_id = d.workflow_id};
}

/// CS-3: equal canonical JSON of everything a definition carries; a managed, active collection.
bool already_synced(const collection& stored, const collection_definition& d) {
  return stored.managed && stored.is_active &&
         canonical_hash(to_json(definition_of(stored))) == canonical_hash(to_json(d));
}

/// Writes one valid definition in one transaction (CS-9) and says what it did.
template <class Conn>
collection_sync_result sync_one(basic_store<Conn>& s, const actor& who, const collection_definition& d,
                                const collection_lookup& also_known) {
  const auto find = [&] { return s.db().template select<collection>().where(col<&collection::name> == d.name).one(); };
  // Unchanged is decided before taking the write lock, so application instances that all sync
  // the same definitions at start-up do not queue behind each other for nothing.
  if (const auto stored = find(); stored && already_synced(*stored, d))
    return collection_sync_result{.name = d.name, .collection = stored};
  return s.db().transaction([&] {
    collection_sync_result r{.name = d.name};
    internal::lock_for_write(s, internal::cms_backend<Conn>::lock_collection_name, d.name);
    const auto stored = find();  // again, under the write lock
    if (!stored) {
      r.action = sync_action::created;
      r.collection = insert_collection(s, who, creation_of(d), also_known);
      return r;
    }
    if (already_synced(*stored, d)) {
      r.collection = stored;
      return r;  // unchanged: nothing written (CS-3)
    }
    auto changed = change_collection(s, who, stored->id, changes_to(d), also_known);
    if (!changed.row.is_active) {  // a definition that reappears brings its collection back
      changed.row = set_active(s, who, stored->id, true);
      changed.fields.emplace_back("is_active");
    }
    r.action = changed.fields.empty() ? sync_action::unchanged : sync_action::updated;
    r.changed = std::move(changed.fields);
    r.collection = std::move(changed.row);
    return r;
  });
}

collection_sync_result refused_sync(std::string name, const std::string& message, field_errors errors = {}) {
  return {.name = std::move(name), .action = sync_action::error, .message = message, .errors = std::move(errors)};
}

template <class Conn>
collection_sync_report sync_inputs(basic_store<Conn>& s, const actor& who, const std::vector<sync_input>& inputs) {
  {
    field_errors errors;
    internal::check_actor(who, errors);
    throw_if_any(errors, "sync collections");
  }
  std::map<std::string, int, std::less<>> occurrences;
  for (const auto& in : inputs) ++occurrences[in.name];

  // Reference targets of the batch: the names given once whose definitions are valid. A
  // definition refused drops its name, which may refuse one that refers to it, and so on, so
  // a write never points at a collection the batch fails to create (cycles are fine).
  std::set<std::string, std::less<>> targets;
  for (const auto& in : inputs)
    if (in.definition && occurrences[in.name] == 1) targets.insert(in.name);
  const collection_lookup in_batch = [&](std::string_view name) { return targets.contains(name); };
  std::vector<field_errors> problems(inputs.size());
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!targets.contains(inputs[i].name)) continue;
      problems[i].clear();
      check_definition(s, row_of(creation_of(*inputs[i].definition)), in_batch, problems[i]);
      if (problems[i].empty()) continue;
      targets.erase(inputs[i].name);
      dropped = true;
    }
  }

  collection_sync_report report;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    const std::string operation = "sync collection '" + in.name + "'";
    if (!in.definition) {
      report.results.push_back(refused_sync(in.name, in.unusable));
    } else if (occurrences[in.name] > 1) {
      report.results.push_back(refused_sync(in.name, operation + ": the input defines it more than once",
                                            {{"name", {"is defined more than once in the input"}}}));
    } else {
      try {
        throw_if_any(problems[i], operation);
        report.results.push_back(sync_one(s, who, *in.definition, in_batch));
      } catch (const validation_error& e) {
        report.results.push_back(refused_sync(in.name, e.what(), e.fields()));
      } catch (const error& e) {
        // A constraint this collection's row breaks is its own error too; busy or I/O stops the sync.
        if (!internal::is_refusal(e) && !dynamic_cast<const constraint_error*>(&e)) throw;
        report.results.push_back(refused_sync(in.name, e.what()));
      }
    }
  }

  // CS-6: a managed collection the input no longer names is deactivated, never deleted. One
  // named by an unusable or refused definition is left as it is.
  for (const auto& c : s.db().template select<collection>().where(col<&collection::managed> == true &&
                                                         col<&collection::is_active> == true)
                           .order_by(vellum::asc(col<&collection::name>))
                           .all()) {
    if (occurrences.contains(c.name)) continue;
    try {
      report.results.push_back({.name = c.name, .action = sync_action::deactivated,
                                .collection = set_active(s, who, c.id, false)});
    } catch (const invalid_state&) {
      // deactivated by someone else since the query: already as the input wants it
    }
  }
  return report;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
collection basic_collections_repository<Conn>::get(std::string_view id) const { return load_collection(*store_, id); }

template <class Conn>
std::optional<collection> basic_collections_repository<Conn>::find(std::string_view id) const {
  return find_collection(*store_, id);
}

template <class Conn>
std::optional<collection> basic_collections_repository<Conn>::find_by_name(std::string_view name) const {
  return store_->db().template select<collection>().where(col<&collection::name> == name).one();
}

template <class Conn>
std::vector<collection> basic_collections_repository<Conn>::list(bool include_inactive) const {
  return store_->db()
      .template select<collection>()
      .where(vellum::dynamic(!include_inactive, col<&collection::is_active> == true))
      .order_by(vellum::asc(col<&collection::name>))
      .all();
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
collection basic_collections_repository<Conn>::create(const actor& who, const new_collection& input) {
  return insert_collection(*store_, who, input, {});
}

template <class Conn>
collection basic_collections_repository<Conn>::update(const actor& who, std::string_view id,
                                                      const collection_changes& changes) {
  return change_collection(*store_, who, id, changes, {}).row;
}

template <class Conn>
collection basic_collections_repository<Conn>::deactivate(const actor& who, std::string_view id) {
  return set_active(*store_, who, id, false);
}

template <class Conn>
collection basic_collections_repository<Conn>::reactivate(const actor& who, std::string_view id) {
  return set_active(*store_, who, id, true);
}

// ---------------------------------------------------------------------------------------------
// Sync (CS-1…CS-9)

template <class Conn>
collection_sync_report basic_collections_repository<Conn>::sync(const actor& who,
                                                                std::span<const collection_definition> definitions) {
  std::vector<sync_input> inputs;
  inputs.reserve(definitions.size());
  for (const auto& d : definitions) inputs.push_back({d.name, &d, {}});
  return sync_inputs(*store_, who, inputs);
}

template <class Conn>
collection_sync_report basic_collections_repository<Conn>::sync(const actor& who,
                                                                const collection_definition_folder& folder) {
  std::vector<sync_input> inputs;
  inputs.reserve(folder.definitions.size() + folder.unusable.size());
  for (const auto& d : folder.definitions) inputs.push_back({d.name, &d, {}});
  for (const auto& f : folder.unusable) inputs.push_back({f.name, nullptr, f.file + " " + f.message});
  std::stable_sort(inputs.begin(), inputs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return sync_inputs(*store_, who, inputs);
}

}  // namespace vellum::cms
