#include "vellum/cms/json_diff.hpp"

#include <map>
#include <set>
#include <utility>

namespace vellum::cms {

const char* to_string(change_kind kind) noexcept {
  switch (kind) {
    case change_kind::added: return "added";
    case change_kind::removed: return "removed";
    case change_kind::changed: break;
  }
  return "changed";
}

json_change inverse(json_change change) {
  if (change.kind == change_kind::added) change.kind = change_kind::removed;
  else if (change.kind == change_kind::removed) change.kind = change_kind::added;
  std::swap(change.before, change.after);
  return change;
}

namespace {

bool plain_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return true;
}

std::string member_path(std::string_view root, const std::string& name) {
  if (plain_name(name)) return root.empty() ? name : std::string(root) + "." + name;
  return std::string(root) + "[" + nlohmann::json(name).dump() + "]";
}

/// The elements of `array` by id (the id's JSON text), or nothing when the array cannot be
/// matched by id: an element is not an object, lacks a string or number `id`, or repeats one.
bool index_by_id(const nlohmann::json& array, std::map<std::string, const nlohmann::json*>& out,
                 std::vector<std::string>& order) {
  for (const auto& element : array) {
    if (!element.is_object()) return false;
    const auto id = element.find("id");
    if (id == element.end() || !(id->is_string() || id->is_number())) return false;
    std::string key = id->dump();
    if (!out.emplace(key, &element).second) return false;
    order.push_back(std::move(key));
  }
  return true;
}

std::string id_label(const std::string& id_json) {
  const auto id = nlohmann::json::parse(id_json);
  return id.is_string() ? id.get<std::string>() : id_json;
}

void diff_into(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
               std::vector<json_change>& out);

void diff_arrays(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
                 std::vector<json_change>& out) {
  std::map<std::string, const nlohmann::json*> by_id_a;
  std::map<std::string, const nlohmann::json*> by_id_b;
  std::vector<std::string> order_a;
  std::vector<std::string> order_b;
  const bool matched = !a.empty() && !b.empty() && index_by_id(a, by_id_a, order_a) && index_by_id(b, by_id_b, order_b);
  if (!matched) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) diff_into(a[i], b[i], path + "[" + std::to_string(i) + "]", out);
    for (std::size_t i = common; i < b.size(); ++i)
      out.push_back({path + "[" + std::to_string(i) + "]", change_kind::added, nullptr, b[i]});
    for (std::size_t i = common; i < a.size(); ++i)
      out.push_back({path + "[" + std::to_string(i) + "]", change_kind::removed, a[i], nullptr});
    return;
  }
  // The order of the ids both sides share, in each side's order: a difference is a move.
  std::vector<std::string> shared_a;
  std::vector<std::string> shared_b;
  for (const auto& id : order_a)
    if (by_id_b.contains(id)) shared_a.push_back(id);
  for (const auto& id : order_b)
    if (by_id_a.contains(id)) shared_b.push_back(id);
  if (shared_a != shared_b) {
    auto ids = [](const std::vector<std::string>& order) {
      auto list = nlohmann::json::array();
      for (const auto& id : order) list.push_back(nlohmann::json::parse(id));
      return list;
    };
    out.push_back({path, change_kind::changed, ids(order_a), ids(order_b)});
  }
  std::set<std::string> all_ids;
  for (const auto& [id, element] : by_id_a) all_ids.insert(id);
  for (const auto& [id, element] : by_id_b) all_ids.insert(id);
  for (const auto& id : all_ids) {
    const std::string element_path = path + "[id=" + id_label(id) + "]";
    const auto in_a = by_id_a.find(id);
    const auto in_b = by_id_b.find(id);
    if (in_a == by_id_a.end()) out.push_back({element_path, change_kind::added, nullptr, *in_b->second});
    else if (in_b == by_id_b.end()) out.push_back({element_path, change_kind::removed, *in_a->second, nullptr});
    else diff_into(*in_a->second, *in_b->second, element_path, out);
  }
}

void diff_into(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
               std::vector<json_change>& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    std::set<std::string> names;
    for (const auto& [name, value] : a.items()) names.insert(name);
    for (const auto& [name, value] : b.items()) names.insert(name);
    for (const auto& name : names) {
      const auto in_a = a.find(name);
      const auto in_b = b.find(name);
      const std::string member = member_path(path, name);
      if (in_a == a.end()) out.push_back({member, change_kind::added, nullptr, *in_b});
      else if (in_b == b.end()) out.push_back({member, change_kind::removed, *in_a, nullptr});
      else diff_into(*in_a, *in_b, member, out);
    }
    return;
  }
  if (a.is_array() && b.is_array()) {
    diff_arrays(a, b, path, out);
    return;
  }
  out.push_back({path, change_kind::changed, a, b});
}

}  // namespace

std::vector<json_change> json_diff(const nlohmann::json& before, const nlohmann::json& after, std::string_view root) {
  std::vector<json_change> out;
  diff_into(before, after, std::string(root), out);
  return out;
}

}  // namespace vellum::cms
