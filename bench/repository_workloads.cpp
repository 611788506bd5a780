// R1–R4 of issue 7: the CMS repositories against the same SQL statements written by hand with
// the raw sqlite3 C API. The raw side runs exactly the statements the repository runs (checked at
// start: when a repository's statements change, the run says the baseline is stale), reads rows
// into the same cms structs and writes the same values, but does none of the repository's checks
// (validation, canonical-JSON comparison, slug rules): the ratio is what those cost on top of the
// data access, so R ratios are not held to W's 1.10.
//
//   R1 create an item: item, version 1, workflow entry and history, audit, in one transaction
//   R2 save an edit of an item's data: a new version
//   R3 list one page of the 20 newest published items of a collection (also at 10k and 1M rows)
//   R4 restore an older version: a new head version, history, audit
//   R5 read one published item as delivered (get_published); R5c the same through the store's
//      query cache (docs/operations.md, "Query cache"), against the same raw reads
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <vellum/cms/bundled_migrations.hpp>
#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/cms/store.hpp>
#include <vellum/cms/version_repository.hpp>
#include <vellum/vellum.hpp>

#include "workload.hpp"

namespace bench {
namespace {

namespace v = vellum;
namespace cms = vellum::cms;
using json = nlohmann::json;

constexpr int cms_collections = 10;
constexpr int editable_items = 2000;  // R2 and R4 edit these in turn, well below 100 versions each
constexpr std::int64_t page_limit = 20;
constexpr std::int64_t time_base = 1'700'000'000'000;
const std::string editor_id = "u-editor";

std::string collection_id(int c) { return "coll-" + std::to_string(c); }

/// Item data of about 200 bytes; `n` makes each edit differ from the last.
json item_data(std::int64_t n) {
  return {{"body", "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"},
          {"tags", {"news", "tech"}},
          {"views", n},
          {"featured", n % 2 == 0},
          {"layout", "standard"}};
}

/// Deterministic time and ids, the same scheme on both sides.
struct sequence {
  std::string prefix;
  std::int64_t ticks = 0;
  std::int64_t ids = 0;
  v::unix_millis now() { return v::unix_millis{std::chrono::milliseconds{time_base + 10'000'000'000 + ++ticks}}; }
  std::string new_id() { return prefix + std::to_string(++ids); }
};

template <class T>
void keep(T& value) {
  benchmark::DoNotOptimize(value);
}

// ---------------------------------------------------------------------------------------------
// The template database: the CMS schema, an editor, 10 collections, `rows` items (a third
// published) and 2000 editable items with two versions each. Built once per size with vellum,
// then copied page by page (SQLite's backup API) into each side's own database.

void bulk_items(sqlite3* db, std::size_t rows) {
  sqlite3_stmt* s = prepare_raw(
      db,
      "INSERT INTO content (id, collection_id, slug, title, data, status, published_at, author_id, created_at, "
      "updated_at, published_version, first_published_at, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const std::string data = item_data(0).dump();
  exec_raw(db, "BEGIN");
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string id = "item-" + std::to_string(i);
    const std::string coll = collection_id(static_cast<int>(i % cms_collections));
    const std::string title = "Item " + std::to_string(i);
    const int state = static_cast<int>(i % 3);  // draft, published, archived
    const std::int64_t created = time_base + static_cast<std::int64_t>(i) * 1000;
    const std::int64_t updated = created + static_cast<std::int64_t>((i * 7919) % 1'000'000);
    sqlite3_bind_text(s, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, coll.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, id.c_str(), -1, SQLITE_TRANSIENT);  // slug = id
    sqlite3_bind_text(s, 4, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, data.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, state == 0 ? "draft" : state == 1 ? "published" : "archived", -1, SQLITE_STATIC);
    if (state == 1) sqlite3_bind_int64(s, 7, created);
    else sqlite3_bind_null(s, 7);
    sqlite3_bind_text(s, 8, editor_id.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, created);
    sqlite3_bind_int64(s, 10, updated);
    if (state == 1) {
      sqlite3_bind_int64(s, 11, 1);
      sqlite3_bind_int64(s, 12, created);
    } else {
      sqlite3_bind_null(s, 11);
      sqlite3_bind_null(s, 12);
    }
    if (state == 2) sqlite3_bind_int64(s, 13, updated);
    else sqlite3_bind_null(s, 13);
    check_raw(db, sqlite3_step(s), SQLITE_DONE, "bulk item");
    sqlite3_reset(s);
  }
  exec_raw(db, "COMMIT");
  sqlite3_finalize(s);
}

struct cms_template {
  v::database db{":memory:"};
  std::vector<std::string> editable;  // items with versions 1 and 2
};

std::unique_ptr<cms_template> build_template(std::size_t rows) {
  auto t = std::make_unique<cms_template>();
  sequence seq{"t-"};
  cms::store store{t->db, {.clock = [&] { return seq.now(); }, .new_id = [&] { return seq.new_id(); }}};
  cms::user editor;
  editor.id = editor_id;
  editor.email = "editor@example.com";
  editor.username = "editor";
  editor.role = cms::user_role::editor;
  t->db.insert(editor);
  for (int c = 0; c < cms_collections; ++c) {
    cms::collection coll;
    coll.id = collection_id(c);
    coll.name = "collection_" + std::to_string(c);
    coll.display_name = "Collection " + std::to_string(c);
    coll.schema = {{"properties", json::object()}, {"additionalProperties", true}};
    t->db.insert(coll);
  }
  bulk_items(t->db.native_handle(), rows);
  const auto who = cms::actor::user(editor_id);
  t->db.transaction([&] {
    for (int i = 0; i < editable_items; ++i) {
      const auto item = store.content().create(who, {.collection_id = collection_id(i % cms_collections),
                                                     .title = "Editable " + std::to_string(i),
                                                     .data = item_data(1)});
      (void)store.content().update(who, item.id, {.data = item_data(2)});
      t->editable.push_back(item.id);
    }
  });
  return t;
}

std::map<std::size_t, std::unique_ptr<cms_template>>& templates() {
  static std::map<std::size_t, std::unique_ptr<cms_template>> all;
  return all;
}

cms_template& template_for(std::size_t rows) {
  auto& slot = templates()[rows];
  if (!slot) slot = build_template(rows);
  return *slot;
}

void copy_database(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to));
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  check_raw(to, rc, SQLITE_DONE, "backup");
}

/// One side's copy of the template, shared by that side's R workloads.
struct cms_database {
  sequence seq{"n-"};
  std::vector<std::string> editable;
  std::unique_ptr<v::database> vellum_db;
  std::unique_ptr<cms::store> store;
  sqlite3* raw_db = nullptr;
  cms_database() = default;
  cms_database(const cms_database&) = delete;
  cms_database& operator=(const cms_database&) = delete;
  ~cms_database() {
    store.reset();
    vellum_db.reset();
    sqlite3_close_v2(raw_db);
  }
};

std::map<std::string, std::unique_ptr<cms_database>>& cms_databases() {
  static std::map<std::string, std::unique_ptr<cms_database>> all;
  return all;
}

// R1, R2 and R4 write into the database they share; R3 reads its own (`purpose` "read"), so what
// the writers added in earlier repetitions (a different amount on each side) never changes it.
cms_database& cms_database_for(std::size_t rows, storage where, side who, std::string_view purpose = "write") {
  const std::string key = "cms-" + std::string(purpose) + "-" + std::to_string(rows) + "-" +
                          std::string(name_of(where)) + "-" + std::string(name_of(who));
  auto& slot = cms_databases()[key];
  if (slot) return *slot;
  cms_template& t = template_for(rows);
  slot = std::make_unique<cms_database>();
  const bool is_file = where == storage::wal;
  const std::string path = is_file ? (scratch_dir() / (key + ".db")).string() : ":memory:";
  if (who == side::vellum) {
    slot->vellum_db = std::make_unique<v::database>(path);
    copy_database(t.db.native_handle(), slot->vellum_db->native_handle());
    cms_database* d = slot.get();
    slot->store = std::make_unique<cms::store>(
        *slot->vellum_db, cms::store_options{.clock = [d] { return d->seq.now(); }, .new_id = [d] { return d->seq.new_id(); }});
  } else {
    slot->raw_db = open_raw(path, is_file);
    copy_database(t.db.native_handle(), slot->raw_db);
  }
  if (purpose == "delivery") {
    // R5 reads the editable items published at their head (version 2): the same rows each side.
    exec_raw(who == side::vellum ? slot->vellum_db->native_handle() : slot->raw_db,
             "UPDATE content SET status = 'published', published_version = head_version, published_at = created_at, "
             "first_published_at = created_at WHERE title LIKE 'Editable %'");
  }
  slot->editable = t.editable;
  return *slot;
}

// ---------------------------------------------------------------------------------------------
// The statements, as the repositories render them (the raw side prepares these texts).

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string select_sql(std::string_view table, const std::vector<std::string_view>& columns) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i)
    sql += (i > 0 ? ", " : "") + quoted(table) + "." + quoted(columns[i]);
  return sql + " FROM " + quoted(table);
}

std::string insert_sql(std::string_view table, const std::vector<std::string_view>& columns) {
  std::string sql = "INSERT INTO " + quoted(table) + " (";
  std::string values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i > 0 ? ", " : "") + quoted(columns[i]);
    values += i > 0 ? ", ?" : "?";
  }
  return sql + ") VALUES (" + values + ")";
}

const std::vector<std::string_view> content_columns = {
    "id", "collection_id", "slug", "title", "data", "status", "published_at", "author_id", "created_at",
    "updated_at", "scheduled_publish_at", "scheduled_unpublish_at", "review_status", "reviewer_id", "reviewed_at",
    "review_notes", "meta_title", "meta_description", "featured_image_id", "content_type", "workflow_state_id",
    "embargo_until", "expires_at", "version_locked", "is_auto_saved", "locale", "translation_group", "revision",
    "head_version", "published_version", "first_published_at", "publish_from", "publish_until", "archived_at",
    "deleted_at"};
const std::vector<std::string_view> version_columns = {"id", "content_id", "version", "data", "author_id",
                                                       "created_at", "title", "slug", "meta", "kind",
                                                       "source_version", "schema_version", "label", "pinned"};
const std::vector<std::string_view> collection_columns = {
    "id", "name", "display_name", "description", "schema", "is_active", "managed", "created_at", "updated_at",
    "schema_version", "schema_hash", "max_versions", "workflow_id"};
const std::vector<std::string_view> workflow_columns = {"id", "name", "description", "collection_id",
                                                        "is_active", "auto_publish", "require_approval",
                                                        "approval_levels", "created_at", "updated_at"};
const std::vector<std::string_view> workflow_status_columns = {"id", "content_id", "workflow_id",
                                                               "current_state_id", "approved_version", "assigned_to",
                                                               "due_date", "created_at", "updated_at"};
const std::vector<std::string_view> history_columns = {"id", "content_id", "workflow_id", "from_state_id",
                                                       "to_state_id", "user_id", "comment", "metadata",
                                                       "created_at", "version", "action"};
const std::vector<std::string_view> audit_columns = {"id", "at", "actor", "action", "entity_type", "entity_id", "data"};

struct cms_sql {
  std::string begin = "BEGIN IMMEDIATE";
  std::string commit = "COMMIT";
  std::string begin_deferred = "BEGIN DEFERRED";
  std::string collection_by_id = select_sql("collections", collection_columns) + " WHERE \"collections\".\"id\" = ?";
  std::string user_exists = R"(SELECT "users"."id" FROM "users" WHERE "users"."id" = ?)";
  std::string workflow_by_id = select_sql("workflows", workflow_columns) + " WHERE \"workflows\".\"id\" = ?";
  std::string initial_state =
      R"(SELECT "workflow_states"."id" FROM "workflow_states" WHERE ("workflow_states"."is_initial" = ? AND )"
      R"(("workflow_states"."id" IN (SELECT "workflow_transitions"."from_state_id" FROM "workflow_transitions" )"
      R"(WHERE "workflow_transitions"."workflow_id" = ?) OR "workflow_states"."id" IN (SELECT )"
      R"("workflow_transitions"."to_state_id" FROM "workflow_transitions" WHERE )"
      R"("workflow_transitions"."workflow_id" = ?))))";
  std::string insert_content = insert_sql("content", content_columns);
  std::string insert_version = insert_sql("content_versions", version_columns);
  std::string insert_workflow_status = insert_sql("content_workflow_status", workflow_status_columns);
  std::string insert_history = insert_sql("workflow_history", history_columns);
  std::string insert_audit = insert_sql("audit_events", audit_columns);
  std::string content_by_id = select_sql("content", content_columns) + " WHERE \"content\".\"id\" = ?";
  std::string update_content =
      R"(UPDATE "content" SET "title" = ?, "slug" = ?, "data" = ?, "meta_title" = ?, "meta_description" = ?, )"
      R"("featured_image_id" = ?, "status" = ?, "head_version" = ?, "revision" = ?, "updated_at" = ? WHERE )"
      R"(("content"."id" = ? AND "content"."revision" = ?))";
  std::string count_versions =
      R"(SELECT COUNT(*) FROM "content_versions" WHERE "content_versions"."content_id" = ?)";
  std::string delete_autosave =
      R"(DELETE FROM "autosaves" WHERE ("autosaves"."content_id" = ? AND "autosaves"."user_id" = ?))";
  std::string version_by_number = select_sql("content_versions", version_columns) +
                                  R"( WHERE ("content_versions"."content_id" = ? AND "content_versions"."version" = ?))";
  std::string workflow_status_of =
      select_sql("content_workflow_status", workflow_status_columns) +
      R"( WHERE "content_workflow_status"."content_id" = ?)";
  std::string list_page = select_sql("content", content_columns) +
                          R"( WHERE (("content"."collection_id" = ? AND "content"."status" = ?) AND )"
                          R"("content"."deleted_at" IS NULL) ORDER BY "content"."updated_at" DESC, )"
                          R"("content"."id" DESC LIMIT ?)";

  /// The statements each workload runs, in order, as the repository's logger must see them.
  [[nodiscard]] std::vector<std::string> sequence_of(std::string_view id) const {
    if (id == "R1")
      return {begin, collection_by_id, user_exists, workflow_by_id, initial_state, user_exists, insert_content,
              insert_version, insert_workflow_status, insert_history, insert_audit, commit};
    const std::vector<std::string> save = {update_content, insert_version, count_versions, delete_autosave,
                                           insert_audit};
    if (id == "R2") {
      std::vector<std::string> all = {begin, content_by_id, collection_by_id, user_exists};
      all.insert(all.end(), save.begin(), save.end());
      all.push_back(commit);
      return all;
    }
    if (id == "R3") return {list_page};
    if (id == "R5") return {begin_deferred, content_by_id, collection_by_id, version_by_number, commit};
    std::vector<std::string> all = {begin, content_by_id, version_by_number, collection_by_id, user_exists};
    all.insert(all.end(), save.begin(), save.end());
    all.insert(all.end(), {workflow_status_of, user_exists, insert_history, commit});
    return all;
  }
};

const cms_sql& statements() {
  static const cms_sql sql;
  return sql;
}

/// Runs `op` once with a logger and says when the repository no longer runs the statements the
/// raw baseline hand-writes (the baseline then needs updating; its ratio means nothing until then).
template <class Op>
void check_statements(v::database& db, std::string_view id, Op&& op) {
  std::vector<std::string> seen;
  db.set_logger([&](const v::query_event& e) { seen.emplace_back(e.sql); });
  op();
  db.set_logger(nullptr);
  const auto expected = statements().sequence_of(id);
  if (seen == expected) return;
  std::fprintf(stderr, "%.*s: STALE BASELINE: the repository ran %zu statements, the raw baseline runs %zu:\n",
               static_cast<int>(id.size()), id.data(), seen.size(), expected.size());
  for (const auto& sql : seen) std::fprintf(stderr, "  repository: %s\n", sql.c_str());
}

// ---------------------------------------------------------------------------------------------
// Raw reading and binding of the cms structs

template <class E, std::size_t N>
E enum_named(std::string_view name, const std::array<std::pair<std::string_view, E>, N>& names) {
  for (const auto& [text, value] : names)
    if (text == name) return value;
  throw std::runtime_error("unknown enum name " + std::string(name));
}

template <class E, std::size_t N>
const char* name_of_enum(E value, const std::array<std::pair<std::string_view, E>, N>& names) {
  for (const auto& [text, e] : names)
    if (e == value) return text.data();
  throw std::runtime_error("enum value without a name");
}

constexpr std::array<std::pair<std::string_view, cms::content_status>, 5> status_names{{
    {"draft", cms::content_status::draft},
    {"published", cms::content_status::published},
    {"changed", cms::content_status::changed},
    {"archived", cms::content_status::archived},
    {"scheduled", cms::content_status::scheduled},
}};
constexpr std::array<std::pair<std::string_view, cms::review_status>, 4> review_names{{
    {"none", cms::review_status::none},
    {"pending", cms::review_status::pending},
    {"approved", cms::review_status::approved},
    {"rejected", cms::review_status::rejected},
}};
constexpr std::array<std::pair<std::string_view, cms::content_type>, 3> type_names{{
    {"standard", cms::content_type::standard},
    {"template", cms::content_type::template_},
    {"component", cms::content_type::component},
}};
constexpr std::array<std::pair<std::string_view, cms::version_kind>, 6> kind_names{{
    {"create", cms::version_kind::create},
    {"update", cms::version_kind::update},
    {"patch", cms::version_kind::patch},
    {"restore", cms::version_kind::restore},
    {"import", cms::version_kind::import},
    {"duplicate", cms::version_kind::duplicate},
}};

class row_reader {
 public:
  explicit row_reader(sqlite3_stmt* s) : s_(s) {}
  std::string text() {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i_));
    std::string out(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i_)));
    ++i_;
    return out;
  }
  std::optional<std::string> optional_text() {
    if (sqlite3_column_type(s_, i_) == SQLITE_NULL) return skip<std::string>();
    return text();
  }
  std::int64_t integer() { return sqlite3_column_int64(s_, i_++); }
  std::optional<std::int64_t> optional_integer() {
    if (sqlite3_column_type(s_, i_) == SQLITE_NULL) return skip<std::int64_t>();
    return integer();
  }
  bool boolean() { return integer() != 0; }
  v::unix_millis millis() { return v::unix_millis{std::chrono::milliseconds{integer()}}; }
  std::optional<v::unix_millis> optional_millis() {
    if (sqlite3_column_type(s_, i_) == SQLITE_NULL) return skip<v::unix_millis>();
    return millis();
  }
  json json_value() {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i_));
    const std::string_view text(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i_)));
    ++i_;
    return json::parse(text);
  }
  template <class E, std::size_t N>
  E enumerated(const std::array<std::pair<std::string_view, E>, N>& names) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i_));
    const std::string_view name(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, i_)));
    ++i_;
    return enum_named(name, names);
  }

 private:
  template <class T>
  std::optional<T> skip() {
    ++i_;
    return std::nullopt;
  }
  sqlite3_stmt* s_;
  int i_ = 0;
};

cms::content read_content(sqlite3_stmt* s) {
  row_reader r(s);
  cms::content c;
  c.id = r.text();
  c.collection_id = r.text();
  c.slug = r.text();
  c.title = r.text();
  c.data = r.json_value();
  c.status = r.enumerated(status_names);
  c.published_at = r.optional_millis();
  c.author_id = r.text();
  c.created_at = r.millis();
  c.updated_at = r.millis();
  c.scheduled_publish_at = r.optional_millis();
  c.scheduled_unpublish_at = r.optional_millis();
  c.review_status = r.enumerated(review_names);
  c.reviewer_id = r.optional_text();
  c.reviewed_at = r.optional_millis();
  c.review_notes = r.optional_text();
  c.meta_title = r.optional_text();
  c.meta_description = r.optional_text();
  c.featured_image_id = r.optional_text();
  c.content_type = r.enumerated(type_names);
  c.workflow_state_id = r.optional_text();
  c.embargo_until = r.optional_millis();
  c.expires_at = r.optional_millis();
  c.version_locked = r.boolean();
  c.is_auto_saved = r.boolean();
  c.locale = r.text();
  c.translation_group = r.optional_text();
  c.revision = r.integer();
  c.head_version = r.integer();
  c.published_version = r.optional_integer();
  c.first_published_at = r.optional_millis();
  c.publish_from = r.optional_millis();
  c.publish_until = r.optional_millis();
  c.archived_at = r.optional_millis();
  c.deleted_at = r.optional_millis();
  return c;
}

cms::collection read_collection(sqlite3_stmt* s) {
  row_reader r(s);
  cms::collection c;
  c.id = r.text();
  c.name = r.text();
  c.display_name = r.text();
  c.description = r.optional_text();
  c.schema = r.json_value();
  c.is_active = r.boolean();
  c.managed = r.boolean();
  c.created_at = r.millis();
  c.updated_at = r.millis();
  c.schema_version = r.integer();
  c.schema_hash = r.optional_text();
  c.max_versions = r.integer();
  c.workflow_id = r.optional_text();
  return c;
}

cms::workflow read_workflow(sqlite3_stmt* s) {
  row_reader r(s);
  cms::workflow w;
  w.id = r.text();
  w.name = r.text();
  w.description = r.optional_text();
  w.collection_id = r.optional_text();
  w.is_active = r.boolean();
  w.auto_publish = r.boolean();
  w.require_approval = r.boolean();
  w.approval_levels = r.integer();
  w.created_at = r.millis();
  w.updated_at = r.millis();
  return w;
}

cms::content_version read_version(sqlite3_stmt* s) {
  row_reader r(s);
  cms::content_version ver;
  ver.id = r.text();
  ver.content_id = r.text();
  ver.version = r.integer();
  ver.data = r.json_value();
  ver.author_id = r.text();
  ver.created_at = r.millis();
  ver.title = r.text();
  ver.slug = r.text();
  ver.meta = r.json_value();
  ver.kind = r.enumerated(kind_names);
  ver.source_version = r.optional_integer();
  ver.schema_version = r.integer();
  ver.label = r.optional_text();
  ver.pinned = r.boolean();
  return ver;
}

cms::content_workflow_status read_workflow_status(sqlite3_stmt* s) {
  row_reader r(s);
  cms::content_workflow_status w;
  w.id = r.text();
  w.content_id = r.text();
  w.workflow_id = r.text();
  w.current_state_id = r.text();
  w.approved_version = r.optional_integer();
  w.assigned_to = r.optional_text();
  w.due_date = r.optional_millis();
  w.created_at = r.millis();
  w.updated_at = r.millis();
  return w;
}

/// Binds parameters 1, 2, … in order; text is copied (SQLITE_TRANSIENT), as a careful user does.
class binder {
 public:
  explicit binder(sqlite3_stmt* s) : s_(s) {}
  binder& text(const std::string& value) {
    sqlite3_bind_text(s_, ++i_, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  binder& literal(const char* value) {
    sqlite3_bind_text(s_, ++i_, value, -1, SQLITE_STATIC);
    return *this;
  }
  binder& text(const std::optional<std::string>& value) { return value ? text(*value) : null(); }
  binder& integer(std::int64_t value) {
    sqlite3_bind_int64(s_, ++i_, value);
    return *this;
  }
  binder& integer(const std::optional<std::int64_t>& value) { return value ? integer(*value) : null(); }
  binder& millis(v::unix_millis value) { return integer(value.time_since_epoch().count()); }
  binder& millis(const std::optional<v::unix_millis>& value) { return value ? millis(*value) : null(); }
  binder& null() {
    sqlite3_bind_null(s_, ++i_);
    return *this;
  }

 private:
  sqlite3_stmt* s_;
  int i_ = 0;
};

/// The raw side's statements for one database, each prepared once.
class raw_cms {
 public:
  explicit raw_cms(sqlite3* db) : db_(db) {
    const cms_sql& sql = statements();
    for (const std::string* text :
         {&sql.collection_by_id, &sql.user_exists, &sql.workflow_by_id, &sql.initial_state, &sql.insert_content,
          &sql.insert_version, &sql.insert_workflow_status, &sql.insert_history, &sql.insert_audit,
          &sql.content_by_id, &sql.update_content, &sql.count_versions, &sql.delete_autosave,
          &sql.version_by_number, &sql.workflow_status_of, &sql.list_page})
      prepared_[text] = prepare_raw(db_, *text);
  }
  raw_cms(const raw_cms&) = delete;
  raw_cms& operator=(const raw_cms&) = delete;
  ~raw_cms() {
    for (auto& [text, stmt] : prepared_) sqlite3_finalize(stmt);
  }

  sqlite3* db() const noexcept { return db_; }
  sqlite3_stmt* get(const std::string& text) const { return prepared_.at(&text); }
  void done(sqlite3_stmt* s) const {
    check_raw(db_, sqlite3_step(s), SQLITE_DONE, "write");
    sqlite3_reset(s);
  }

  /// SELECT … WHERE id = ? into T through `read`, with the statement reset afterwards.
  template <class Read>
  auto one_row(const std::string& text, const std::string& key, Read read) const {
    sqlite3_stmt* s = get(text);
    binder(s).text(key);
    using row_type = decltype(read(s));
    std::optional<row_type> row;
    if (sqlite3_step(s) == SQLITE_ROW) row = read(s);
    sqlite3_reset(s);
    if (!row) throw std::runtime_error("raw: no row for " + key);
    return std::move(*row);
  }
  void require_user(const std::string& id) const {
    (void)one_row(statements().user_exists, id, [](sqlite3_stmt* s) { return row_reader(s).text(); });
  }

 private:
  sqlite3* db_;
  std::map<const std::string*, sqlite3_stmt*> prepared_;  // looked up once per statement per call
};

// A careful user would keep each statement in its own member; the map lookup above costs a few
// dozen instructions per statement, well under 1% of these workloads.

// ---------------------------------------------------------------------------------------------
// R1: create

void insert_audit(const raw_cms& raw, sequence& seq, const std::string& action, const std::string& entity_id,
                  const json& data) {
  sqlite3_stmt* s = raw.get(statements().insert_audit);
  binder(s).text(seq.new_id()).millis(seq.now()).text("user:" + editor_id).text(action).literal("content")
      .text(entity_id).text(data.dump());
  raw.done(s);
}

class r1_vellum final : public runner {
 public:
  explicit r1_vellum(storage where) : db_(cms_database_for(100'000, where, side::vellum)) {
    check_statements(*db_.vellum_db, "R1", [&] { iterate(); });
  }
  void iterate() override {
    const std::int64_t n = ++n_;
    auto item = db_.store->content().create(who_, {.collection_id = collection_id(static_cast<int>(n % cms_collections)),
                                                   .title = "Created " + std::to_string(n),
                                                   .data = data_});
    keep(item);
  }

 private:
  cms_database& db_;
  cms::actor who_ = cms::actor::user(editor_id);
  json data_ = item_data(0);
  std::int64_t n_ = 0;
};

class r1_raw final : public runner {
 public:
  explicit r1_raw(storage where) : db_(cms_database_for(100'000, where, side::raw)), raw_(db_.raw_db) {
    iterate();  // as the vellum side's statement check did
  }
  void iterate() override {
    const cms_sql& sql = statements();
    const std::int64_t n = ++n_;
    sequence& seq = db_.seq;
    exec_raw(raw_.db(), sql.begin.c_str());
    const cms::collection c =
        raw_.one_row(sql.collection_by_id, collection_id(static_cast<int>(n % cms_collections)), read_collection);
    raw_.require_user(editor_id);
    const cms::workflow wf = raw_.one_row(sql.workflow_by_id, c.workflow_id.value_or("default"), read_workflow);
    sqlite3_stmt* s = raw_.get(sql.initial_state);
    binder(s).integer(1).text(wf.id).text(wf.id);
    std::vector<std::string> states;
    while (sqlite3_step(s) == SQLITE_ROW) states.push_back(row_reader(s).text());
    sqlite3_reset(s);
    raw_.require_user(editor_id);

    const v::unix_millis now = seq.now();
    cms::content item;
    item.id = seq.new_id();
    item.collection_id = c.id;
    item.slug = "created-" + std::to_string(n);
    item.title = "Created " + std::to_string(n);
    item.data = data_;
    item.author_id = editor_id;
    item.created_at = now;
    item.updated_at = now;
    item.workflow_state_id = states.at(0);
    const std::string data_text = item.data.dump();
    s = raw_.get(sql.insert_content);
    binder(s).text(item.id).text(item.collection_id).text(item.slug).text(item.title).text(data_text)
        .literal(name_of_enum(item.status, status_names)).millis(item.published_at).text(item.author_id)
        .millis(item.created_at).millis(item.updated_at).millis(item.scheduled_publish_at)
        .millis(item.scheduled_unpublish_at).literal(name_of_enum(item.review_status, review_names))
        .text(item.reviewer_id).millis(item.reviewed_at).text(item.review_notes).text(item.meta_title)
        .text(item.meta_description).text(item.featured_image_id).literal(name_of_enum(item.content_type, type_names))
        .text(item.workflow_state_id).millis(item.embargo_until).millis(item.expires_at)
        .integer(item.version_locked ? 1 : 0).integer(item.is_auto_saved ? 1 : 0).text(item.locale)
        .text(item.translation_group).integer(item.revision).integer(item.head_version)
        .integer(item.published_version).millis(item.first_published_at).millis(item.publish_from)
        .millis(item.publish_until).millis(item.archived_at).millis(item.deleted_at);
    raw_.done(s);
    s = raw_.get(sql.insert_version);
    binder(s).text(seq.new_id()).text(item.id).integer(1).text(data_text).text(editor_id).millis(now)
        .text(item.title).text(item.slug).literal("{}").literal("create").null().integer(c.schema_version).null()
        .integer(0);
    raw_.done(s);
    s = raw_.get(sql.insert_workflow_status);
    binder(s).text(seq.new_id()).text(item.id).text(wf.id).text(states[0]).null().null().null().millis(now)
        .millis(now);
    raw_.done(s);
    s = raw_.get(sql.insert_history);
    binder(s).text(seq.new_id()).text(item.id).text(wf.id).null().text(states[0]).text(editor_id).null().null()
        .millis(now).integer(1).literal("enter");
    raw_.done(s);
    insert_audit(raw_, seq, "content.create", item.id, {{"version", 1}, {"revision", 1}, {"collection_id", c.id}});
    exec_raw(raw_.db(), sql.commit.c_str());
    keep(item);
  }

 private:
  cms_database& db_;
  raw_cms raw_;
  json data_ = item_data(0);
  std::int64_t n_ = 0;
};

// ---------------------------------------------------------------------------------------------
// R2 and R4: saving a new version

/// The save path R2 and R4 share (UPDATE, new version, retention count, autosave, audit); returns
/// the item after.
cms::content save_raw(const raw_cms& raw, sequence& seq, const cms::content& item, const cms::collection& c,
                      const std::string& title, const std::string& slug, const json& data, const json& meta,
                      const char* kind, std::optional<std::int64_t> source, v::unix_millis now) {
  const cms_sql& sql = statements();
  cms::content after = item;
  after.title = title;
  after.slug = slug;
  after.data = data;
  after.meta_title = meta.contains("meta_title") ? std::optional(meta["meta_title"].get<std::string>()) : std::nullopt;
  after.meta_description =
      meta.contains("meta_description") ? std::optional(meta["meta_description"].get<std::string>()) : std::nullopt;
  after.featured_image_id =
      meta.contains("featured_image_id") ? std::optional(meta["featured_image_id"].get<std::string>()) : std::nullopt;
  after.head_version = item.head_version + 1;
  after.revision = item.revision + 1;
  after.updated_at = now;
  if (item.status == cms::content_status::published) after.status = cms::content_status::changed;
  const std::string data_text = data.dump();
  sqlite3_stmt* s = raw.get(sql.update_content);
  binder(s).text(after.title).text(after.slug).text(data_text).text(after.meta_title).text(after.meta_description)
      .text(after.featured_image_id).literal(name_of_enum(after.status, status_names)).integer(after.head_version)
      .integer(after.revision).millis(now).text(item.id).integer(item.revision);
  raw.done(s);
  s = raw.get(sql.insert_version);
  binder(s).text(seq.new_id()).text(item.id).integer(after.head_version).text(data_text).text(editor_id).millis(now)
      .text(after.title).text(after.slug).text(meta.dump()).literal(kind).integer(source).integer(c.schema_version)
      .null().integer(0);
  raw.done(s);
  s = raw.get(sql.count_versions);
  binder(s).text(item.id);
  std::int64_t versions = 0;
  if (sqlite3_step(s) == SQLITE_ROW) versions = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  keep(versions);
  s = raw.get(sql.delete_autosave);
  binder(s).text(item.id).text(editor_id);
  raw.done(s);
  json audit = {{"version", after.head_version}, {"revision", after.revision}, {"kind", kind}};
  if (source) audit["source_version"] = *source;
  insert_audit(raw, seq, kind == std::string_view("restore") ? "version.restore" : "content.update", item.id, audit);
  return after;
}

/// The editable items in turn; `visit` counts how often the current one was taken before.
class editable_cycle {
 public:
  explicit editable_cycle(const std::vector<std::string>& ids) : ids_(&ids) {}
  const std::string& next() { return (*ids_)[n_++ % ids_->size()]; }
  [[nodiscard]] std::size_t visit() const { return (n_ - 1) / ids_->size(); }

 private:
  const std::vector<std::string>* ids_;
  std::size_t n_ = 0;
};

constexpr std::int64_t first_edit = 1000;  // edit data never equals the versions' item_data(1), (2)

class r2_vellum final : public runner {
 public:
  explicit r2_vellum(storage where) : db_(cms_database_for(100'000, where, side::vellum)), items_(db_.editable) {
    check_statements(*db_.vellum_db, "R2", [&] { iterate(); });
  }
  void iterate() override {
    const std::string& id = items_.next();
    auto item = db_.store->content().update(who_, id, {.data = item_data(first_edit + n_++)});
    keep(item);
  }

 private:
  cms_database& db_;
  editable_cycle items_;
  cms::actor who_ = cms::actor::user(editor_id);
  std::int64_t n_ = 0;
};

class r2_raw final : public runner {
 public:
  explicit r2_raw(storage where)
      : db_(cms_database_for(100'000, where, side::raw)), raw_(db_.raw_db), items_(db_.editable) {
    iterate();
  }
  void iterate() override {
    const cms_sql& sql = statements();
    const std::string& id = items_.next();
    const json data = item_data(first_edit + n_++);
    exec_raw(raw_.db(), sql.begin.c_str());
    const v::unix_millis now = db_.seq.now();
    const cms::content item = raw_.one_row(sql.content_by_id, id, read_content);
    const cms::collection c = raw_.one_row(sql.collection_by_id, item.collection_id, read_collection);
    raw_.require_user(editor_id);
    cms::content after = save_raw(raw_, db_.seq, item, c, item.title, item.slug, data, json::object(), "update",
                                  std::nullopt, now);
    exec_raw(raw_.db(), sql.commit.c_str());
    keep(after);
  }

 private:
  cms_database& db_;
  raw_cms raw_;
  editable_cycle items_;
  std::int64_t n_ = 0;
};

/// R4 restores version 1 and version 2 of an item by turns, so a restore is never a no-op.
std::int64_t version_to_restore(std::size_t visit) { return visit % 2 == 0 ? 1 : 2; }

class r4_vellum final : public runner {
 public:
  explicit r4_vellum(storage where) : db_(cms_database_for(100'000, where, side::vellum)), items_(db_.editable) {
    check_statements(*db_.vellum_db, "R4", [&] { iterate(); });
  }
  void iterate() override {
    const std::string& id = items_.next();
    auto item = db_.store->versions().restore(who_, id, version_to_restore(items_.visit()));
    keep(item);
  }

 private:
  cms_database& db_;
  editable_cycle items_;
  cms::actor who_ = cms::actor::user(editor_id);
};

class r4_raw final : public runner {
 public:
  explicit r4_raw(storage where)
      : db_(cms_database_for(100'000, where, side::raw)), raw_(db_.raw_db), items_(db_.editable) {
    iterate();
  }
  void iterate() override {
    const cms_sql& sql = statements();
    const std::string& id = items_.next();
    const std::int64_t number = version_to_restore(items_.visit());
    exec_raw(raw_.db(), sql.begin.c_str());
    const cms::content item = raw_.one_row(sql.content_by_id, id, read_content);
    sqlite3_stmt* s = raw_.get(sql.version_by_number);
    binder(s).text(item.id).integer(number);
    std::optional<cms::content_version> version;
    if (sqlite3_step(s) == SQLITE_ROW) version = read_version(s);
    sqlite3_reset(s);
    const v::unix_millis now = db_.seq.now();
    const cms::collection c = raw_.one_row(sql.collection_by_id, item.collection_id, read_collection);
    raw_.require_user(editor_id);
    cms::content after = save_raw(raw_, db_.seq, item, c, version.value().title, version->slug, version->data,
                                  version->meta, "restore", number, now);
    const cms::content_workflow_status status = raw_.one_row(sql.workflow_status_of, item.id, read_workflow_status);
    raw_.require_user(editor_id);
    s = raw_.get(sql.insert_history);
    binder(s).text(db_.seq.new_id()).text(item.id).text(status.workflow_id).text(status.current_state_id)
        .text(status.current_state_id).text(editor_id).null().text(json{{"source_version", number}}.dump())
        .millis(now).integer(after.head_version).literal("version_restored");
    raw_.done(s);
    exec_raw(raw_.db(), sql.commit.c_str());
    keep(after);
  }

 private:
  cms_database& db_;
  raw_cms raw_;
  editable_cycle items_;
};

// ---------------------------------------------------------------------------------------------
// R3: one page of published items

std::string base64url(std::string_view bytes) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const unsigned char c : bytes) {
    buffer = (buffer << 8U) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> static_cast<unsigned>(bits)) & 0x3FU];
    }
  }
  if (bits > 0) out += alphabet[(buffer << static_cast<unsigned>(6 - bits)) & 0x3FU];
  return out;
}

class r3_vellum final : public runner {
 public:
  r3_vellum(storage where, std::size_t rows) : db_(cms_database_for(rows, where, side::vellum, "read")) {
    check_statements(*db_.vellum_db, "R3", [&] { iterate(); });
  }
  void iterate() override {
    auto page = db_.store->content().list(
        {.collection_id = collection_id(n_++ % cms_collections), .status = cms::content_status::published, .limit = page_limit});
    keep(page);
  }

 private:
  cms_database& db_;
  int n_ = 0;
};

class r3_raw final : public runner {
 public:
  r3_raw(storage where, std::size_t rows) : db_(cms_database_for(rows, where, side::raw, "read")), raw_(db_.raw_db) {
    iterate();
  }
  void iterate() override {
    sqlite3_stmt* s = raw_.get(statements().list_page);
    binder(s).text(collection_id(n_++ % cms_collections)).literal("published").integer(page_limit + 1);
    cms::content_page page;
    page.items.reserve(page_limit + 1);
    while (sqlite3_step(s) == SQLITE_ROW) page.items.push_back(read_content(s));
    sqlite3_reset(s);
    if (static_cast<std::int64_t>(page.items.size()) > page_limit) {
      page.items.pop_back();
      const cms::content& last = page.items.back();
      page.next_cursor = base64url(std::to_string(last.updated_at.time_since_epoch().count()) + ":" + last.id);
    }
    keep(page);
  }

 private:
  cms_database& db_;
  raw_cms raw_;
  int n_ = 0;
};

// ---------------------------------------------------------------------------------------------
// R5: one published item as delivered, uncached and through the query cache

class r5_vellum final : public runner {
 public:
  r5_vellum(storage where, bool cached) : db_(cms_database_for(100'000, where, side::vellum, "delivery")), items_(db_.editable) {
    if (cached) {
      cms_database* d = &db_;
      cached_ = std::make_unique<cms::store>(
          *db_.vellum_db, cms::store_options{.clock = [d] { return d->seq.now(); },
                                             .migrate = false,
                                             .cache = cms::query_cache_options{.max_entries = 4096}});
    } else {
      check_statements(*db_.vellum_db, "R5", [&] { iterate(); });
    }
  }
  void iterate() override {
    auto item = (cached_ ? *cached_ : *db_.store).content().get_published(items_.next());
    keep(item);
  }

 private:
  cms_database& db_;
  editable_cycle items_;
  std::unique_ptr<cms::store> cached_;
};

class r5_raw final : public runner {
 public:
  explicit r5_raw(storage where) : db_(cms_database_for(100'000, where, side::raw, "delivery")), raw_(db_.raw_db), items_(db_.editable) {
    iterate();
  }
  void iterate() override {
    const cms_sql& sql = statements();
    exec_raw(raw_.db(), sql.begin_deferred.c_str());
    cms::content item = raw_.one_row(sql.content_by_id, items_.next(), read_content);
    const cms::collection c = raw_.one_row(sql.collection_by_id, item.collection_id, read_collection);
    sqlite3_stmt* s = raw_.get(sql.version_by_number);
    binder(s).text(item.id).integer(item.published_version.value());
    std::optional<cms::content_version> version;
    if (sqlite3_step(s) == SQLITE_ROW) version = read_version(s);
    sqlite3_reset(s);
    exec_raw(raw_.db(), sql.commit.c_str());
    if (!c.is_active || !version) throw std::runtime_error("R5: the item has no published form");
    item.title = version->title;
    item.slug = version->slug;
    item.data = version->data;
    keep(item);
  }

 private:
  cms_database& db_;
  raw_cms raw_;
  editable_cycle items_;
};

std::function<std::unique_ptr<runner>(storage, side)> delivery_pair(bool cached) {
  return [cached](storage where, side who) -> std::unique_ptr<runner> {
    if (who == side::raw) return std::make_unique<r5_raw>(where);
    return std::make_unique<r5_vellum>(where, cached);
  };
}

std::function<std::unique_ptr<runner>(storage, side)> list_pair(std::size_t rows) {
  return [rows](storage where, side who) -> std::unique_ptr<runner> {
    if (who == side::raw) return std::make_unique<r3_raw>(where, rows);
    return std::make_unique<r3_vellum>(where, rows);
  };
}

}  // namespace

void release_repository_databases() {
  cms_databases().clear();
  templates().clear();
}

void add_repository_workloads() {
  auto& all = workloads();
  all.push_back({"R1", "create an item (item, version, workflow entry, history, audit) in one transaction", false, 0, 0,
                 {storage::memory, storage::wal}, pair_of<r1_raw, r1_vellum>()});
  all.push_back({"R2", "save an edit of an item's data (a new version)", false, 0, 0, {storage::memory, storage::wal},
                 pair_of<r2_raw, r2_vellum>()});
  all.push_back({"R3", "list the 20 newest published items of a collection", false, 0, 0,
                 {storage::memory, storage::wal}, list_pair(100'000)});
  all.push_back({"R4", "restore an older version (new head, history, audit)", false, 0, 0,
                 {storage::memory, storage::wal}, pair_of<r4_raw, r4_vellum>()});
  all.push_back({"R5", "read one published item as delivered (get_published)", false, 0, 0,
                 {storage::memory, storage::wal}, delivery_pair(false)});
  all.push_back({"R5c", "R5 through the store's query cache (every item cached after the first pass)", false, 0, 0,
                 {storage::memory, storage::wal}, delivery_pair(true)});
  all.push_back({"R3@10k", "R3 on 10,000 items", false, 0, 0, {storage::memory}, list_pair(10'000)});
  all.push_back({"R3@1M", "R3 on 1,000,000 items", false, 0, 0, {storage::memory}, list_pair(1'000'000)});
}

}  // namespace bench
