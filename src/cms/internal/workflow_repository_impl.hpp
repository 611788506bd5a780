// The members of basic_workflow_repository<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/workflow_repository.cpp and for PostgreSQL in src/cms/pg_workflow_repository.cpp.
#pragma once

#include "vellum/cms/workflow_repository.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "workflow_moves.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/collections_repository.hpp"
#include "vellum/cms/content_repository.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms {

template <class Conn>
basic_workflow_repository<Conn> basic_store<Conn>::workflows() { return basic_workflow_repository<Conn>(*this); }

namespace {

using field_errors = validation_error::field_errors;

constexpr std::string_view approve_permission = "content.approve";
constexpr std::size_t max_workflow_name_length = 200;
constexpr std::size_t max_state_name_length = 100;
constexpr std::size_t max_id_length = 64;

bool valid_state_id(std::string_view id) {
  // lower-case letters and digits in runs joined by single dashes: `pending-review`
  if (id.empty() || id.size() > max_id_length || id.front() == '-' || id.back() == '-') return false;
  char previous = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && previous != '-');
    if (!ok) return false;
    previous = c;
  }
  return true;
}

bool valid_workflow_id(std::string_view id) {
  return !id.empty() && id.size() <= max_id_length && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool valid_color(std::string_view color) {
  return color.size() == 7 && color[0] == '#' && std::all_of(color.begin() + 1, color.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string effect_name(const std::optional<state_effect>& effect) {
  return effect ? std::string(enum_to_name(*effect)) : std::string("none");
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

template <class Conn>
workflow load_workflow(basic_store<Conn>& s, std::string_view id) {
  auto w = s.db().template select<workflow>().where(col<&workflow::id> == id).one();
  if (!w) throw not_found("workflow '" + std::string(id) + "' not found");
  return std::move(*w);
}

/// One workflow loaded for a decision: its edges, every state (shared), its initial state.
struct workflow_graph {
  workflow wf;
  std::vector<workflow_transition> edges;
  std::map<std::string, workflow_state> states;  // all states, by id
  std::string initial;

  [[nodiscard]] const workflow_state& state(const std::string& id) const {
    const auto it = states.find(id);
    if (it == states.end()) throw not_found("workflow state '" + id + "' not found");
    return it->second;
  }
  [[nodiscard]] const workflow_transition* edge(std::string_view from, std::string_view to) const {
    for (const auto& e : edges)
      if (e.from_state_id == from && e.to_state_id == to) return &e;
    return nullptr;
  }

  /// WR-8: an edge is an approval when it needs content.approve and leads on to publication:
  /// from its target a state with the publish effect is reachable without going back through
  /// the initial state. (pending-review → approved is one; → rejected, whose only exit is draft,
  /// is not.)
  [[nodiscard]] bool is_approval(const workflow_transition& e) const {
    if (e.required_permission != approve_permission) return false;
    std::set<std::string> seen{e.to_state_id};
    std::deque<std::string> queue{e.to_state_id};
    while (!queue.empty()) {
      const std::string at = queue.front();
      queue.pop_front();
      if (state(at).effect == state_effect::publish) return true;
      for (const auto& next : edges)
        if (next.from_state_id == at && next.to_state_id != initial && seen.insert(next.to_state_id).second)
          queue.push_back(next.to_state_id);
    }
    return false;
  }
};

template <class Conn>
workflow_graph load_graph(basic_store<Conn>& s, const std::string& workflow_id) {
  auto& db = s.db();
  workflow_graph g{load_workflow(s, workflow_id), {}, {}, {}};
  g.edges = db.template select<workflow_transition>()
                .where(col<&workflow_transition::workflow_id> == workflow_id)
                .order_by(vellum::asc(col<&workflow_transition::id>))
                .all();
  for (auto& st : db.template select<workflow_state>().all()) g.states.emplace(st.id, std::move(st));
  std::set<std::string> initial;
  for (const auto& e : g.edges)
    for (const auto* id : {&e.from_state_id, &e.to_state_id})
      if (g.state(*id).is_initial) initial.insert(*id);
  if (initial.size() != 1)
    throw invalid_state("workflow '" + workflow_id + "' must have exactly one initial state, it has " +
                        std::to_string(initial.size()));
  g.initial = *initial.begin();
  return g;
}

template <class Conn>
std::string bound_workflow_id(basic_store<Conn>& s, const content& item) {
  return internal::load_collection(s, item.collection_id).workflow_id.value_or("default");
}

/// The item's row for its collection's workflow, or (rebound since its last transition) a row
/// at that workflow's initial state that is not stored yet (`id` empty).
template <class Conn>
content_workflow_status position_of(basic_store<Conn>& s, const content& item, const workflow_graph& g) {
  auto row = s.db()
                 .template select<content_workflow_status>()
                 .where(col<&content_workflow_status::content_id> == item.id &&
                        col<&content_workflow_status::workflow_id> == g.wf.id)
                 .one();
  if (row) return std::move(*row);
  content_workflow_status fresh;
  fresh.content_id = item.id;
  fresh.workflow_id = g.wf.id;
  fresh.current_state_id = g.initial;
  return fresh;
}

/// The version a publish effect publishes (WR-8): the given one (a scheduled publish's), else
/// the head when the edge is itself an approval, else the approved one, else the head.
std::int64_t version_to_publish(const content& item, const content_workflow_status& pos, bool approval,
                                std::optional<std::int64_t> publish_version) {
  if (publish_version) return *publish_version;
  if (!approval && pos.approved_version) return *pos.approved_version;
  return item.head_version;
}

/// Throws what transition() would throw for taking `e` now, short of writing: forbidden (the
/// edge's permission, WR-9), not_found / validation_error / invalid_state from the effect.
template <class Conn>
void check_edge(basic_store<Conn>& s, const actor& who, const content& item, const workflow_graph& g,
                const content_workflow_status& pos, const workflow_transition& e,
                std::optional<std::int64_t> publish_version) {
  if (e.required_permission) s.permissions().require(who, *e.required_permission, &item);
  if (e.independent_review && !who.user_id.empty()) {
    const content_version head = internal::load_version(s, item.id, item.head_version);
    if (head.author_id == who.user_id)
      throw forbidden("the edge " + e.from_state_id + " -> " + e.to_state_id +
                      " needs an independent reviewer: " + who.label() + " wrote the head version " +
                      std::to_string(item.head_version));
  }
  const workflow_state& target = g.state(e.to_state_id);
  if (target.effect == state_effect::publish) {
    const bool unarchives = item.status == content_status::archived &&
                            g.state(e.from_state_id).effect == state_effect::archive;
    if (item.status == content_status::archived && !unarchives)
      throw invalid_state("publish: content item '" + item.id + "' is archived and read-only until it is unarchived");
    const std::int64_t number = version_to_publish(item, pos, g.is_approval(e), publish_version);
    const content_version v = internal::load_version(s, item.id, number);
    field_errors errors;
    internal::validate_against_schema(internal::load_collection(s, item.collection_id), v.data, true, errors);
    internal::throw_if_any(errors, "publish");
  }
}

/// Writes the item's workflow_state_id and revision + 1 (and updated_at when `touch`), guarded
/// by `item.revision`; returns the item after.
template <class Conn>
content bump_item(basic_store<Conn>& s, content item, const std::string& state, unix_millis now, bool touch) {
  const std::int64_t before = item.revision;
  item.workflow_state_id = state;
  item.revision = before + 1;
  if (touch) item.updated_at = now;
  const int changed = s.db()
                          .template update<content>()
                          .set(col<&content::workflow_state_id> = item.workflow_state_id,
                               col<&content::revision> = item.revision, col<&content::updated_at> = item.updated_at)
                          .where(col<&content::id> == item.id && col<&content::revision> == before)
                          .run();
  if (changed == 0) internal::check_revision(internal::load_item(s, item.id, true), before);
  return item;
}

/// Stores `pos` (insert when new) stamped `now`.
template <class Conn>
content_workflow_status store_position(basic_store<Conn>& s, content_workflow_status pos, unix_millis now) {
  pos.updated_at = now;
  if (pos.id.empty()) {
    pos.id = s.new_id();
    pos.created_at = now;
    s.db().insert(pos);
    return pos;
  }
  s.db()
      .template update<content_workflow_status>()
      .set(col<&content_workflow_status::current_state_id> = pos.current_state_id,
           col<&content_workflow_status::approved_version> = pos.approved_version,
           col<&content_workflow_status::assigned_to> = pos.assigned_to,
           col<&content_workflow_status::due_date> = pos.due_date,
           col<&content_workflow_status::updated_at> = now)
      .where(col<&content_workflow_status::id> == pos.id)
      .run();
  return pos;
}

void check_comment(const std::optional<std::string>& comment, field_errors& errors) {
  if (comment)
    internal::check_text(*comment, "comment", max_workflow_comment_length, internal::text_rule::optional, errors);
}

/// The entry of a rebound item into its new workflow (WR-3), written before its first move there.
template <class Conn>
void record_entry(basic_store<Conn>& s, const content& item, const content_workflow_status& pos,
                  const std::string& user_id, unix_millis now) {
  s.db().insert(workflow_history{s.new_id(), item.id, pos.workflow_id, std::nullopt, pos.current_state_id, user_id,
                                 std::nullopt, nlohmann::json{{"rebound", true}}, now, item.head_version,
                                 history_action::enter});
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Moving items (shared with the scheduler)

namespace internal {

template <class Conn>
transition_result move_item(basic_store<Conn>& s, const actor& who, std::string_view content_id,
                            std::string_view to_state, std::optional<std::string> comment,
                            std::optional<std::int64_t> publish_version,
                            std::optional<std::int64_t> expected_revision) {
  field_errors errors;
  internal::check_actor(who, errors);
  check_comment(comment, errors);
  internal::throw_if_any(errors, "transition");

  const content item = internal::load_for_write(s, content_id, expected_revision);
  const workflow_graph g = load_graph(s, bound_workflow_id(s, item));
  if (!g.wf.is_active) throw invalid_state("workflow '" + g.wf.id + "' is not active");
  content_workflow_status pos = position_of(s, item, g);
  const std::string from = pos.current_state_id;
  const workflow_transition* e = g.edge(from, to_state);
  if (!e)
    throw invalid_transition("workflow '" + g.wf.id + "' has no edge " + from + " -> " + std::string(to_state),
                             from, std::string(to_state));
  check_edge(s, who, item, g, pos, *e, publish_version);

  const unix_millis now = s.now();
  const std::string user_id = internal::responsible_user(s, who, item.author_id);
  const workflow_state& source = g.state(from);
  const workflow_state& target = g.state(e->to_state_id);
  const bool approval = g.is_approval(*e);
  auto repo = s.content();
  content current = item;

  // Effects, through the content repository's own paths (CR-8, CR-9, CR-10, CR-13), each
  // inside this transaction: a failure rolls the whole transition back (WR-4).
  if (source.effect == state_effect::archive && current.status == content_status::archived &&
      target.effect != state_effect::archive)
    current = repo.unarchive(who, item.id);
  nlohmann::json metadata = {{"edge", e->id}};
  if (approval) {
    pos.approved_version = current.head_version;  // WR-8: the approval covers the head
    metadata["approved_version"] = current.head_version;
  } else if (e->to_state_id == g.initial) {
    pos.approved_version.reset();  // back to the start: the approval no longer stands
  }
  if (target.effect == state_effect::publish) {
    const std::int64_t number = version_to_publish(current, pos, approval, publish_version);
    current = repo.publish(who, item.id, number);
    metadata["published_version"] = number;
  } else if (target.effect == state_effect::unpublish) {
    if (current.published_version) {
      metadata["unpublished_version"] = *current.published_version;
      current = repo.unpublish(who, item.id);
    }
  } else if (target.effect == state_effect::archive) {
    if (current.status != content_status::archived) current = repo.archive(who, item.id);
  }

  if (pos.id.empty()) record_entry(s, current, pos, user_id, now);
  pos.current_state_id = e->to_state_id;
  pos = store_position(s, pos, now);
  current = bump_item(s, current, e->to_state_id, now, true);

  workflow_history entry{s.new_id(), item.id, g.wf.id, from, e->to_state_id, user_id, comment, metadata, now,
                         current.head_version, history_action::transition};
  s.db().insert(entry);
  nlohmann::json audit = {{"workflow_id", g.wf.id}, {"from", from}, {"to", e->to_state_id},
                          {"version", current.head_version}, {"revision", current.revision}};
  if (pos.approved_version) audit["approved_version"] = *pos.approved_version;
  if (metadata.contains("published_version")) audit["published_version"] = metadata["published_version"];
  append_audit(s, who, "workflow.transition", "content", item.id, std::move(audit));
  return {std::move(current), std::move(pos), std::move(entry)};
}

template <class Conn>
std::optional<std::string> edge_target_with_effect(basic_store<Conn>& s, const content& item, state_effect effect) {
  const workflow_graph g = load_graph(s, bound_workflow_id(s, item));
  const content_workflow_status pos = position_of(s, item, g);
  for (const auto& e : g.edges)
    if (e.from_state_id == pos.current_state_id && g.state(e.to_state_id).effect == effect) return e.to_state_id;
  return std::nullopt;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------------
// Definitions

template <class Conn>
field_errors basic_workflow_repository<Conn>::validate(const workflow_definition& d) const {
  auto& db = store_->db();
  field_errors errors;
  if (!d.id.empty() && !valid_workflow_id(d.id))
    errors["id"].push_back("must be lower-case letters, digits, `-` or `_`, at most 64");
  internal::check_text(d.name, "name", max_workflow_name_length, internal::text_rule::required, errors);
  if (d.description)
    internal::check_text(*d.description, "description", max_collection_description_length,
                         internal::text_rule::optional, errors);
  if (d.collection_id && !db.select(col<&collection::id>)
                              .template from<collection>()
                              .where(col<&collection::id> == *d.collection_id)
                              .one())
    errors["collection_id"].push_back("no collection has this id");

  // The states: the stored ones, with the definition's new ones over them.
  std::map<std::string, workflow_state> known;
  for (auto& st : db.template select<workflow_state>().all()) known.emplace(st.id, std::move(st));
  std::set<std::string> defined;
  for (std::size_t i = 0; i < d.states.size(); ++i) {
    const auto& st = d.states[i];
    const std::string at = "states[" + std::to_string(i) + "]";
    if (!valid_state_id(st.id)) {
      errors[at + ".id"].push_back("must be lower-case letters and digits joined by single dashes, at most 64");
      continue;
    }
    if (!defined.insert(st.id).second) errors[at + ".id"].push_back("state '" + st.id + "' is listed twice");
    internal::check_text(st.name, at + ".name", max_state_name_length, internal::text_rule::required, errors);
    if (!valid_color(st.color)) errors[at + ".color"].push_back("must be #RRGGBB");
    if (const auto it = known.find(st.id); it != known.end()) {
      const auto& stored = it->second;
      if (stored.is_initial != st.is_initial || stored.is_final != st.is_final || stored.effect != st.effect)
        errors[at].push_back("differs from the stored state '" + st.id + "' (initial " +
                             std::to_string(stored.is_initial) + ", final " + std::to_string(stored.is_final) +
                             ", effect " + effect_name(stored.effect) +
                             "): states are shared by all workflows, so a stored one cannot change");
    } else {
      workflow_state row;
      row.id = st.id;
      row.name = st.name;
      row.is_initial = st.is_initial;
      row.is_final = st.is_final;
      row.effect = st.effect;
      known.emplace(st.id, std::move(row));
    }
  }

  // The edges.
  if (d.transitions.empty()) errors["transitions"].push_back("a workflow needs at least one edge");
  std::set<std::pair<std::string, std::string>> seen;
  std::set<std::string> used;
  std::map<std::string, std::set<std::string>> out;
  for (std::size_t i = 0; i < d.transitions.size(); ++i) {
    const auto& e = d.transitions[i];
    const std::string at = "transitions[" + std::to_string(i) + "]";
    bool ok = true;
    for (const auto& [end, field] : {std::pair{&e.from, ".from"}, std::pair{&e.to, ".to"}})
      if (!known.contains(*end)) {
        errors[at + field].push_back("no state '" + *end + "': define it in `states`");
        ok = false;
      }
    if (e.from == e.to) {
      errors[at].push_back("an edge must join two different states");
      ok = false;
    }
    if (!seen.insert({e.from, e.to}).second) {
      errors[at].push_back("the edge " + e.from + " -> " + e.to + " is listed twice");
      ok = false;
    }
    if (e.required_permission && !db.select(col<&permission::id>)
                                      .template from<permission>()
                                      .where(col<&permission::name> == *e.required_permission)
                                      .one())
      errors[at + ".required_permission"].push_back("no permission '" + *e.required_permission + "'");
    if (!ok) continue;
    used.insert(e.from);
    used.insert(e.to);
    out[e.from].insert(e.to);
  }
  for (const auto& id : defined)
    if (known.contains(id) && !used.contains(id))
      errors["reachable"].push_back("state '" + id + "' is defined but no edge names it");
  if (used.empty()) return errors;

  // WR-1 on the graph: one initial state, all reachable from it, no dead end but final states.
  std::set<std::string> initial;
  std::set<std::string> dead_ends;
  for (const auto& id : used) {
    if (known.at(id).is_initial) initial.insert(id);
    if (!known.at(id).is_final && !out.contains(id)) dead_ends.insert(id);
  }
  if (initial.size() != 1)
    errors["initial"].push_back("exactly one initial state is required, found " + std::to_string(initial.size()) +
                                (initial.empty() ? std::string() : " (" + joined(initial) + ")"));
  if (!dead_ends.empty())
    errors["dead_ends"].push_back("state(s) " + joined(dead_ends) + " have no exit and are not final");
  if (initial.size() == 1) {
    std::set<std::string> reached{*initial.begin()};
    std::deque<std::string> queue{*initial.begin()};
    while (!queue.empty()) {
      const std::string at = queue.front();
      queue.pop_front();
      for (const auto& next : out[at])
        if (reached.insert(next).second) queue.push_back(next);
    }
    std::set<std::string> unreachable;
    std::set_difference(used.begin(), used.end(), reached.begin(), reached.end(),
                        std::inserter(unreachable, unreachable.end()));
    if (!unreachable.empty())
      errors["reachable"].push_back("state(s) " + joined(unreachable) + " cannot be reached from " +
                                    *initial.begin());
  }
  return errors;
}

template <class Conn>
workflow basic_workflow_repository<Conn>::define(const actor& who, const workflow_definition& d) {
  auto& s = *store_;
  return s.db().transaction([&] {
    field_errors errors;
    internal::check_actor(who, errors);
    internal::throw_if_any(errors, "define");
    s.permissions().require(who, "workflow.manage");
    errors = validate(d);
    internal::throw_if_any(errors, "define workflow");

    const unix_millis now = s.now();
    workflow w;
    w.id = d.id.empty() ? s.new_id() : d.id;
    if (s.db().select(col<&workflow::id>).template from<workflow>().where(col<&workflow::id> == w.id).one())
      throw conflict("a workflow with id '" + w.id + "' exists", "id");
    w.name = std::string(internal::trim(d.name));
    w.description = internal::null_if_empty(d.description);
    w.collection_id = d.collection_id;
    w.created_at = now;
    w.updated_at = now;
    s.db().insert(w);

    nlohmann::json created = nlohmann::json::array();
    for (const auto& st : d.states) {
      if (s.db()
              .select(col<&workflow_state::id>)
              .template from<workflow_state>()
              .where(col<&workflow_state::id> == st.id)
              .one())
        continue;
      s.db().insert(workflow_state{st.id, st.name, internal::null_if_empty(st.description), st.color, st.is_initial,
                                   st.is_final, st.effect, now});
      created.push_back(st.id);
    }
    for (const auto& e : d.transitions)
      s.db().insert(workflow_transition{s.new_id(), w.id, e.from, e.to, e.required_permission, false, std::nullopt,
                                        e.independent_review, now});
    append_audit(s, who, "workflow.define", "workflow", w.id,
                 nlohmann::json{{"edges", d.transitions.size()}, {"created_states", std::move(created)}});
    return w;
  });
}

template <class Conn>
workflow_definition basic_workflow_repository<Conn>::definition(std::string_view workflow_id) const {
  auto& s = *store_;
  const workflow w = load_workflow(s, workflow_id);
  workflow_definition d;
  d.id = w.id;
  d.name = w.name;
  d.description = w.description;
  d.collection_id = w.collection_id;
  const auto edges = s.db()
                         .template select<workflow_transition>()
                         .where(col<&workflow_transition::workflow_id> == w.id)
                         .order_by(vellum::asc(col<&workflow_transition::id>))
                         .all();
  std::set<std::string> named;
  for (const auto& e : edges) {
    d.transitions.push_back({e.from_state_id, e.to_state_id, e.required_permission, e.independent_review});
    named.insert(e.from_state_id);
    named.insert(e.to_state_id);
  }
  for (const auto& st : s.db().template select<workflow_state>().order_by(vellum::asc(col<&workflow_state::id>)).all())
    if (named.contains(st.id))
      d.states.push_back({st.id, st.name, st.description, st.color, st.is_initial, st.is_final, st.effect});
  return d;
}

template <class Conn>
workflow basic_workflow_repository<Conn>::get(std::string_view workflow_id) const {
  return load_workflow(*store_, workflow_id);
}

template <class Conn>
workflow basic_workflow_repository<Conn>::for_collection(std::string_view collection_id) const {
  return load_workflow(*store_, internal::load_collection(*store_, collection_id).workflow_id.value_or("default"));
}

template <class Conn>
collection basic_workflow_repository<Conn>::bind(const actor& who, std::string_view collection_id,
                                     std::optional<std::string> workflow_id) {
  auto& s = *store_;
  return s.db().transaction([&] {
    field_errors errors;
    internal::check_actor(who, errors);
    internal::throw_if_any(errors, "bind");
    s.permissions().require(who, "workflow.manage");
    const std::string target = workflow_id.value_or("default");
    if (const auto problems = validate(definition(target)); !problems.empty())
      throw validation_error("bind: workflow '" + target + "' is not a valid workflow (WR-1)", problems);
    return s.collections().update(who, collection_id, {.workflow_id = workflow_id.value_or("")});
  });
}

// ---------------------------------------------------------------------------------------------
// Items

template <class Conn>
content_workflow_status basic_workflow_repository<Conn>::status(std::string_view content_id) const {
  auto& s = *store_;
  const content item = internal::load_item(s, content_id, true);
  return position_of(s, item, load_graph(s, bound_workflow_id(s, item)));
}

template <class Conn>
std::vector<workflow_history> basic_workflow_repository<Conn>::history(std::string_view content_id) const {
  return store_->db()
      .template select<workflow_history>()
      .where(col<&workflow_history::content_id> == content_id)
      .order_by(vellum::asc(col<&workflow_history::created_at>),
                vellum::asc(raw<std::int64_t, R"("workflow_history"."rowid")">()))
      .all();
}

template <class Conn>
std::vector<workflow_transition> basic_workflow_repository<Conn>::available_transitions(const actor& who,
                                                                            std::string_view content_id) const {
  auto& s = *store_;
  return internal::read_snapshot(s.db(),
      [&] {
        std::vector<workflow_transition> out;
        const content item = internal::load_item(s, content_id, false);
        const workflow_graph g = load_graph(s, bound_workflow_id(s, item));
        if (!g.wf.is_active || who.id.empty()) return out;
        const content_workflow_status pos = position_of(s, item, g);
        for (const auto& e : g.edges) {
          if (e.from_state_id != pos.current_state_id) continue;
          try {
            check_edge(s, who, item, g, pos, e, std::nullopt);
          } catch (const forbidden&) {
            continue;
          } catch (const validation_error&) {
            continue;
          } catch (const invalid_state&) {
            continue;
          } catch (const not_found&) {
            continue;
          }
          out.push_back(e);
        }
        return out;
      });
}

template <class Conn>
transition_result basic_workflow_repository<Conn>::transition(const actor& who, std::string_view content_id,
                                                  std::string_view to_state, std::optional<std::string> comment,
                                                  std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    return internal::move_item(s, who, content_id, to_state, std::move(comment), std::nullopt, expected_revision);
  });
}

template <class Conn>
transition_result basic_workflow_repository<Conn>::assign(const actor& who, std::string_view content_id,
                                              std::optional<std::string> user_id, std::optional<unix_millis> due,
                                              std::optional<std::int64_t> expected_revision) {
  auto& s = *store_;
  return s.db().transaction([&] {
    field_errors errors;
    internal::check_actor(who, errors);
    internal::throw_if_any(errors, "assign");
    const content item = internal::load_for_write(s, content_id, expected_revision);
    s.permissions().require(who, "workflow.assign", &item);
    if (user_id) {
      const auto assignee =
          s.db().select(col<&user::is_active>).template from<user>().where(col<&user::id> == *user_id).one();
      if (!assignee) throw not_found("assign: user '" + *user_id + "' not found");
      if (!*assignee)
        throw validation_error("assign: user '" + *user_id + "' is deactivated",
                               {{"user_id", {"must be an active user"}}});
    } else if (due) {
      throw validation_error("assign: a due date needs an assignee", {{"due", {"needs a user to be due from"}}});
    }

    const workflow_graph g = load_graph(s, bound_workflow_id(s, item));
    content_workflow_status pos = position_of(s, item, g);
    const unix_millis now = s.now();
    const std::string responsible = internal::responsible_user(s, who, item.author_id);
    if (pos.id.empty()) record_entry(s, item, pos, responsible, now);
    pos.assigned_to = user_id;
    pos.due_date = user_id ? due : std::nullopt;
    pos = store_position(s, pos, now);
    const content after = bump_item(s, item, pos.current_state_id, now, false);

    nlohmann::json metadata = {{"assigned_to", user_id ? nlohmann::json(*user_id) : nlohmann::json(nullptr)}};
    if (pos.due_date) metadata["due"] = pos.due_date->time_since_epoch().count();
    workflow_history entry{s.new_id(), item.id, g.wf.id, pos.current_state_id, pos.current_state_id, responsible,
                           std::nullopt, metadata, now, after.head_version, history_action::assigned};
    s.db().insert(entry);
    metadata["revision"] = after.revision;
    append_audit(s, who, "workflow.assign", "content", item.id, std::move(metadata));
    return transition_result{after, pos, entry};
  });
}

}  // namespace vellum::cms
