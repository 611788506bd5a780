// `plugin_registry`: the installed plugins (`plugins`), the hooks they register
// (`plugin_hooks`) and the routes they serve (`plugin_routes`). A plugin is installed inactive;
// activation needs every dependency installed and active, and a plugin an active plugin depends
// on cannot be deactivated. Every mutation needs plugins.manage, runs in one transaction (GX-1)
// and appends an audit event (GX-7). docs/repositories.md, "Plugins", has the details.
//
//   auto seo = store.plugins().install(who, {.name = "seo", .display_name = "SEO", .version = "1.2.0",
//                                            .author = "Acme", .category = "content"});
//   store.plugins().add_hook(who, seo.id, {.hook_name = "content:save", .handler_name = "addMeta"});
//   store.plugins().activate(who, seo.id);
//   for (const auto& h : store.plugins().hooks_for("content:save")) run(h.handler_name);  // priority order
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/cms/actor.hpp"
#include "vellum/cms/schema/plugins.hpp"

namespace vellum {
class connection;
}

namespace vellum::cms {

template <class Conn>
class basic_store;

inline constexpr std::size_t max_plugin_name_length = 100;
/// display_name, author, category, version, icon, hook and handler names.
inline constexpr std::size_t max_plugin_text_length = 100;
inline constexpr std::size_t max_plugin_error_length = 2000;
inline constexpr std::size_t max_plugin_list_entries = 100;  // permissions, dependencies

/// What install() needs.
struct new_plugin {
  std::string name{};  // unique; a letter, then [a-z0-9_-]
  std::string display_name{};
  std::optional<std::string> description{};
  std::string version{};
  std::string author{};
  std::string category{};
  std::optional<std::string> icon{};
  bool is_core = false;
  nlohmann::json settings = nlohmann::json::object();     // a JSON object
  nlohmann::json permissions = nlohmann::json::array();   // texts; stored sorted, once each
  nlohmann::json dependencies = nlohmann::json::array();  // plugin names; stored sorted, once each
};

/// What add_hook() needs. Hooks of one name run in ascending priority.
struct new_plugin_hook {
  std::string hook_name{};
  std::string handler_name{};
  std::int64_t priority = 10;
};

/// What add_route() needs.
struct new_plugin_route {
  std::string path{};  // starts with '/', no spaces
  route_method method = route_method::get;
  std::string handler_name{};
  std::optional<nlohmann::json> middleware{};
};

template <class Conn>
class basic_plugin_registry {
 public:
  explicit basic_plugin_registry(basic_store<Conn>& s) noexcept : store_(&s) {}

  // --- reads (one statement each) ---------------------------------------------------------------
  /// The plugin, or not_found.
  [[nodiscard]] plugin get(std::string_view id) const;
  [[nodiscard]] std::optional<plugin> find_by_name(std::string_view name) const;
  /// Every installed plugin, by name.
  [[nodiscard]] std::vector<plugin> list() const;
  /// The active hooks named `hook_name` of active plugins: ascending priority, then in the
  /// order they were added.
  [[nodiscard]] std::vector<plugin_hook> hooks_for(std::string_view hook_name) const;
  /// A plugin's hooks (by hook name, priority) and routes (by path, method), active or not.
  [[nodiscard]] std::vector<plugin_hook> hooks_of(std::string_view plugin_id) const;
  [[nodiscard]] std::vector<plugin_route> routes_of(std::string_view plugin_id) const;
  /// The active routes of active plugins, by path and method.
  [[nodiscard]] std::vector<plugin_route> active_routes() const;

  // --- mutations (each needs plugins.manage: one transaction with an audit event) -------------
  /// Installs inactive. validation_error (every bad field at once), conflict{"name"}, forbidden.
  plugin install(const actor& who, const new_plugin& input);
  /// Activates (from inactive or error; clears error_message). invalid_state when already
  /// active, or while a dependency is not installed or not active (the message names each).
  plugin activate(const actor& who, std::string_view id);
  /// Deactivates (from active or error). invalid_state when already inactive, or while an
  /// active plugin depends on it (the message names each).
  plugin deactivate(const actor& who, std::string_view id);
  /// Sets status error with `message` (1–2000 characters); hooks and routes of a plugin in
  /// error are not served. validation_error, not_found.
  plugin record_error(const actor& who, std::string_view id, std::string_view message);
  /// conflict{"hook"} when the plugin already has this (hook, handler); not_found, validation_error.
  plugin_hook add_hook(const actor& who, std::string_view plugin_id, const new_plugin_hook& input);
  /// conflict{"route"} when the plugin already has this (path, method); not_found, validation_error.
  plugin_route add_route(const actor& who, std::string_view plugin_id, const new_plugin_route& input);

 private:
  basic_store<Conn>* store_;
};

extern template class basic_plugin_registry<connection>;
using plugin_registry = basic_plugin_registry<connection>;

}  // namespace vellum::cms
