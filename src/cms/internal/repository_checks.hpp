// Input checks the users and collections repositories share: the actor (GX-4) and bounded
// text fields. Each adds its messages to a field_errors map under the field's name, so a
// repository reports every bad field at once. Private to the library.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "vellum/cms/actor.hpp"
#include "vellum/core/error.hpp"

namespace vellum::cms::internal {

/// "actor": the actor must name a user, token or job (GX-4 records it on every mutation).
void check_actor(const actor& who, validation_error::field_errors& errors);

/// check_actor alone: validation_error{"actor"} ("<operation>: …") for an actor that names no
/// one. Mutations call it before their transaction, so a bad actor never opens one.
void require_valid_actor(const actor& who, std::string_view operation);

enum class text_rule { optional, required };
/// Valid UTF-8, at most `max_chars` characters; with text_rule::required, not blank either.
void check_text(std::string_view text, const std::string& field, std::size_t max_chars, text_rule rule,
                validation_error::field_errors& errors);

/// The set a JSON array of texts names (tags, dependencies…), sorted, each once, or null after
/// adding the errors: `field` when `value` is no array or holds more than `max_items`
/// elements, `field[i]` for an element that is not a non-blank text of at most `max_chars`.
[[nodiscard]] nlohmann::json text_set(const nlohmann::json& value, const std::string& field, std::size_t max_items,
                                      std::size_t max_chars, validation_error::field_errors& errors);

/// validation_error "<operation>: invalid <fields>" carrying `errors`, unless it is empty.
void throw_if_any(const validation_error::field_errors& errors, std::string_view operation);

/// Whether `e` refuses what was asked (validation_error, invalid_state, forbidden, not_found,
/// conflict), as opposed to the database failing (busy, I/O…). Jobs that go on past one refused
/// item — the scheduler, collection sync — record a refusal and let a failure propagate.
[[nodiscard]] bool is_refusal(const error& e) noexcept;

/// An empty text as absent: what nullable text columns store for "".
[[nodiscard]] std::optional<std::string> null_if_empty(const std::optional<std::string>& text);

/// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
[[nodiscard]] std::string ascii_lower(std::string_view text);
/// Without leading and trailing spaces, tabs and line breaks.
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

}  // namespace vellum::cms::internal
