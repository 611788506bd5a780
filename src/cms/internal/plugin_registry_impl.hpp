// The members of basic_plugin_registry<Conn>, a template over the connection: instantiated for SQLite in
// src/cms/plugin_registry.cpp and for PostgreSQL in src/cms/pg_plugin_registry.cpp.
#pragma once

#include "vellum/cms/plugin_registry.hpp"

#include <algorithm>
#include <utility>

#include "cms_backend.hpp"
#include "content_writes_impl.hpp"
#include "repository_checks.hpp"
#include "unique_conflict.hpp"
#include "vellum/cms/audit_log.hpp"
#include "vellum/cms/permission_service.hpp"
#include "vellum/cms/store.hpp"
#include "vellum/core/enum_names.hpp"

namespace vellum::cms {

template <class Conn>
basic_plugin_registry<Conn> basic_store<Conn>::plugins() { return basic_plugin_registry<Conn>(*this); }

namespace {

using field_errors = validation_error::field_errors;
using internal::check_text;
using internal::text_rule;

constexpr std::string_view manage_permission = "plugins.manage";

bool is_plugin_name(std::string_view name) {
  return !name.empty() && name.size() <= max_plugin_name_length && name.front() >= 'a' && name.front() <= 'z' &&
         std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; });
}

void check_name(std::string_view name, const std::string& field, field_errors& errors) {
  if (!is_plugin_name(name))
    errors[field].push_back("must be 1 to " + std::to_string(max_plugin_name_length) +
                            " of a-z, 0-9, '_' and '-', starting with a letter");
}

template <class Conn>
plugin load_plugin(basic_store<Conn>& s, std::string_view id) {
  auto row = s.db().template select<plugin>().where(col<&plugin::id> == id).one();
  if (!row) throw not_found("plugin '" + std::string(id) + "' not found");
  return std::move(*row);
}

std::string describe(const plugin& p) { return "plugin '" + p.name + "'"; }

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

template <class Conn>
void write_status(basic_store<Conn>& s, const plugin& p) {
  s.db()
      .template update<plugin>()
      .set(col<&plugin::status> = p.status, col<&plugin::activated_at> = p.activated_at,
           col<&plugin::error_message> = p.error_message, col<&plugin::updated_at> = p.updated_at)
      .where(col<&plugin::id> == p.id)
      .run();
}

/// Loads the plugin a mutation changes, after the permission check (a forbidden actor learns
/// nothing about which plugins exist).
template <class Conn>
plugin load_for_change(basic_store<Conn>& s, const actor& who, std::string_view id) {
  s.permissions().require(who, manage_permission);
  return load_plugin(s, id);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Reads

template <class Conn>
plugin basic_plugin_registry<Conn>::get(std::string_view id) const { return load_plugin(*store_, id); }

template <class Conn>
std::optional<plugin> basic_plugin_registry<Conn>::find_by_name(std::string_view name) const {
  return store_->db().template select<plugin>().where(col<&plugin::name> == name).one();
}

template <class Conn>
std::vector<plugin> basic_plugin_registry<Conn>::list() const {
  return store_->db().template select<plugin>().order_by(col<&plugin::name>).all();
}

template <class Conn>
std::vector<plugin_hook> basic_plugin_registry<Conn>::hooks_for(std::string_view hook_name) const {
  const auto active_plugins =
      select(col<&plugin::id>).template from<plugin>().where(col<&plugin::status> == plugin_status::active);
  return store_->db()
      .template select<plugin_hook>()
      .where(col<&plugin_hook::hook_name> == hook_name && col<&plugin_hook::is_active> == true &&
             in(col<&plugin_hook::plugin_id>, active_plugins))
      // Equal priorities run in the order the hooks were added: rowid order (ids may be random).
      .order_by(col<&plugin_hook::priority>, raw<std::int64_t, R"("plugin_hooks"."rowid")">())
      .all();
}

template <class Conn>
std::vector<plugin_hook> basic_plugin_registry<Conn>::hooks_of(std::string_view plugin_id) const {
  return store_->db()
      .template select<plugin_hook>()
      .where(col<&plugin_hook::plugin_id> == plugin_id)
      .order_by(col<&plugin_hook::hook_name>, col<&plugin_hook::priority>, col<&plugin_hook::handler_name>)
      .all();
}

template <class Conn>
std::vector<plugin_route> basic_plugin_registry<Conn>::routes_of(std::string_view plugin_id) const {
  return store_->db()
      .template select<plugin_route>()
      .where(col<&plugin_route::plugin_id> == plugin_id)
      .order_by(col<&plugin_route::path>, col<&plugin_route::method>)
      .all();
}

template <class Conn>
std::vector<plugin_route> basic_plugin_registry<Conn>::active_routes() const {
  const auto active_plugins =
      select(col<&plugin::id>).template from<plugin>().where(col<&plugin::status> == plugin_status::active);
  return store_->db()
      .template select<plugin_route>()
      .where(col<&plugin_route::is_active> == true && in(col<&plugin_route::plugin_id>, active_plugins))
      .order_by(col<&plugin_route::path>, col<&plugin_route::method>, col<&plugin_route::plugin_id>)
      .all();
}

// ---------------------------------------------------------------------------------------------
// Mutations

template <class Conn>
plugin basic_plugin_registry<Conn>::install(const actor& who, const new_plugin& in) {
  auto& s = *store_;
  internal::require_valid_actor(who, "install plugin");
  const auto taken = "install plugin: a plugin named '" + in.name + "' is already installed";
  return internal::write_unique(s, "plugins", "name", taken, [&] {
    s.permissions().require(who, manage_permission);
    field_errors errors;
    check_name(in.name, "name", errors);
    check_text(in.display_name, "display_name", max_plugin_text_length, text_rule::required, errors);
    if (in.description)
      check_text(*in.description, "description", max_plugin_error_length, text_rule::optional, errors);
    check_text(in.version, "version", max_plugin_text_length, text_rule::required, errors);
    check_text(in.author, "author", max_plugin_text_length, text_rule::required, errors);
    check_text(in.category, "category", max_plugin_text_length, text_rule::required, errors);
    if (in.icon) check_text(*in.icon, "icon", max_plugin_text_length, text_rule::optional, errors);
    if (!in.settings.is_object()) errors["settings"].push_back("must be a JSON object");
    plugin p;
    p.permissions =
        internal::text_set(in.permissions, "permissions", max_plugin_list_entries, max_plugin_text_length, errors);
    p.dependencies =
        internal::text_set(in.dependencies, "dependencies", max_plugin_list_entries, max_plugin_name_length, errors);
    if (p.dependencies.is_array())
      for (const auto& dependency : p.dependencies) {
        const auto& name = dependency.get_ref<const std::string&>();
        if (!is_plugin_name(name)) errors["dependencies"].push_back("'" + name + "' is not a plugin name");
        else if (name == in.name) errors["dependencies"].push_back("a plugin cannot depend on itself");
      }
    internal::throw_if_any(errors, "install plugin");

    p.id = s.new_id();
    p.name = in.name;
    p.display_name = in.display_name;
    p.description = internal::null_if_empty(in.description);
    p.version = in.version;
    p.author = in.author;
    p.category = in.category;
    p.icon = internal::null_if_empty(in.icon);
    p.is_core = in.is_core;
    p.settings = in.settings;
    p.installed_at = p.last_updated = p.created_at = p.updated_at = s.now();
    s.db().insert(p);
    append_audit(s, who, "plugin.install", "plugin", p.id,
                 nlohmann::json{{"name", p.name}, {"version", p.version}, {"dependencies", p.dependencies}});
    return p;
  });
}

template <class Conn>
plugin basic_plugin_registry<Conn>::activate(const actor& who, std::string_view id) {
  auto& s = *store_;
  internal::require_valid_actor(who, "activate plugin");
  return s.db().transaction([&] {
    plugin p = load_for_change(s, who, id);
    if (p.status == plugin_status::active)
      throw invalid_state("activate plugin: " + describe(p) + " is already active");

    // Every dependency must be installed and active: one query for all of them.
    const auto names = p.dependencies.get<std::vector<std::string>>();
    const auto installed = s.db()
                               .select(col<&plugin::name>, col<&plugin::status>)
                               .template from<plugin>()
                               .where(in(col<&plugin::name>, names))
                               .all();
    std::vector<std::string> missing;
    std::vector<std::string> inactive;
    for (const auto& name : names) {
      const auto it = std::find_if(installed.begin(), installed.end(),
                                   [&](const auto& row) { return std::get<0>(row) == name; });
      if (it == installed.end()) missing.push_back(name);
      else if (std::get<1>(*it) != plugin_status::active) inactive.push_back(name);
    }
    if (!missing.empty() || !inactive.empty()) {
      std::string why;
      if (!missing.empty()) why += "not installed: " + joined(missing);
      if (!inactive.empty()) why += std::string(why.empty() ? "" : "; ") + "not active: " + joined(inactive);
      throw invalid_state("activate plugin: " + describe(p) + " has dependencies " + why);
    }

    const auto from = p.status;
    p.status = plugin_status::active;
    p.error_message.reset();
    p.activated_at = p.updated_at = s.now();
    write_status(s, p);
    append_audit(s, who, "plugin.activate", "plugin", p.id,
                 nlohmann::json{{"name", p.name}, {"from", std::string(enum_to_name(from))}});
    return p;
  });
}

template <class Conn>
plugin basic_plugin_registry<Conn>::deactivate(const actor& who, std::string_view id) {
  auto& s = *store_;
  internal::require_valid_actor(who, "deactivate plugin");
  return s.db().transaction([&] {
    plugin p = load_for_change(s, who, id);
    if (p.status == plugin_status::inactive)
      throw invalid_state("deactivate plugin: " + describe(p) + " is already inactive");
    const auto dependents =
        s.db()
            .select(col<&plugin::name>)
            .template from<plugin>()
            .where(col<&plugin::status> == plugin_status::active &&
                   raw<bool, internal::cms_backend<Conn>::plugin_depends_on>(p.name))
            .order_by(col<&plugin::name>)
            .all();
    if (!dependents.empty())
      throw invalid_state("deactivate plugin: active plugins depend on " + describe(p) + ": " + joined(dependents));

    const auto from = p.status;
    p.status = plugin_status::inactive;
    p.updated_at = s.now();
    write_status(s, p);
    append_audit(s, who, "plugin.deactivate", "plugin", p.id,
                 nlohmann::json{{"name", p.name}, {"from", std::string(enum_to_name(from))}});
    return p;
  });
}

template <class Conn>
plugin basic_plugin_registry<Conn>::record_error(const actor& who, std::string_view id, std::string_view message) {
  auto& s = *store_;
  internal::require_valid_actor(who, "record plugin error");
  return s.db().transaction([&] {
    plugin p = load_for_change(s, who, id);
    field_errors errors;
    check_text(message, "message", max_plugin_error_length, text_rule::required, errors);
    internal::throw_if_any(errors, "record plugin error");
    p.status = plugin_status::error;
    p.error_message = std::string(message);
    p.updated_at = s.now();
    write_status(s, p);
    append_audit(s, who, "plugin.error", "plugin", p.id, nlohmann::json{{"name", p.name}, {"message", message}});
    return p;
  });
}

template <class Conn>
plugin_hook basic_plugin_registry<Conn>::add_hook(const actor& who, std::string_view plugin_id,
                                                  const new_plugin_hook& in) {
  auto& s = *store_;
  internal::require_valid_actor(who, "add plugin hook");
  return internal::write_unique(
      s, "plugin_hooks", "hook",
      "add plugin hook: the plugin already has handler '" + in.handler_name + "' on hook '" + in.hook_name + "'",
      [&] {
        const plugin p = load_for_change(s, who, plugin_id);
        field_errors errors;
        check_text(in.hook_name, "hook_name", max_plugin_text_length, text_rule::required, errors);
        check_text(in.handler_name, "handler_name", max_plugin_text_length, text_rule::required, errors);
        internal::throw_if_any(errors, "add plugin hook");
        plugin_hook h{s.new_id(), p.id, in.hook_name, in.handler_name, in.priority, true, s.now()};
        s.db().insert(h);
        append_audit(s, who, "plugin.hook.add", "plugin", p.id,
                     nlohmann::json{{"hook_id", h.id}, {"hook_name", h.hook_name}, {"handler_name", h.handler_name},
                                    {"priority", h.priority}});
        return h;
      });
}

template <class Conn>
plugin_route basic_plugin_registry<Conn>::add_route(const actor& who, std::string_view plugin_id,
                                                    const new_plugin_route& in) {
  auto& s = *store_;
  internal::require_valid_actor(who, "add plugin route");
  const std::string method(enum_to_name(in.method));
  return internal::write_unique(
      s, "plugin_routes", "route", "add plugin route: the plugin already serves " + method + " " + in.path, [&] {
        const plugin p = load_for_change(s, who, plugin_id);
        field_errors errors;
        check_text(in.path, "path", max_plugin_error_length, text_rule::required, errors);
        if (!in.path.starts_with('/') ||
            std::any_of(in.path.begin(), in.path.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; }))
          errors["path"].push_back("must start with '/' and hold no spaces or control characters");
        check_text(in.handler_name, "handler_name", max_plugin_text_length, text_rule::required, errors);
        internal::throw_if_any(errors, "add plugin route");
        plugin_route r{s.new_id(), p.id, in.path, in.method, in.handler_name, in.middleware, true, s.now()};
        s.db().insert(r);
        append_audit(s, who, "plugin.route.add", "plugin", p.id,
                     nlohmann::json{{"route_id", r.id}, {"path", r.path}, {"method", method}});
        return r;
      });
}

}  // namespace vellum::cms
