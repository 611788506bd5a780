// W1–W7 of issue 7, each written with vellum and with the raw sqlite3 C API, plus the W3 scale
// series (10k, 100k, 1M rows). The raw side is what a careful user writes by hand: default open
// flags, statements prepared once and reused, SQLITE_TRANSIENT for caller text, one copy per
// column read into the same structs. The data, schema and pragmas are the same on both sides.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unistd.h>
#include <utility>
#include <vector>
#include <vellum/vellum.hpp>

#include "bench_model.hpp"
#include "workload.hpp"

namespace bench {

using v::col;

// ---------------------------------------------------------------------------------------------
// Raw sqlite3 helpers

void check_raw(sqlite3* db, int rc, int expected, const char* what) {
  if (rc != expected) throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec_raw(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error(std::string("exec `") + sql + "`: " + text);
  }
}

sqlite3_stmt* prepare_raw(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  check_raw(db, sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr), SQLITE_OK,
            "prepare");
  return stmt;
}

sqlite3* open_raw(const std::string& path, bool is_file) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw std::runtime_error("open " + path + ": " + message);
  }
  if (is_file) exec_raw(db, "PRAGMA journal_mode=WAL");
  exec_raw(db, "PRAGMA foreign_keys=ON");
  exec_raw(db, "PRAGMA synchronous=NORMAL");
  sqlite3_busy_timeout(db, 5000);
  return db;
}

namespace {

/// A prepared statement owned by a raw runner.
class raw_statement {
 public:
  raw_statement() = default;
  raw_statement(sqlite3* db, std::string_view sql) : stmt_(prepare_raw(db, sql)) {}
  raw_statement(raw_statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  raw_statement& operator=(raw_statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~raw_statement() { sqlite3_finalize(stmt_); }
  [[nodiscard]] sqlite3_stmt* get() const noexcept { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
  sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

const char* status_text(item_status status) {
  switch (status) {
    case item_status::published: return "published";
    case item_status::archived: return "archived";
    case item_status::draft: break;
  }
  return "draft";
}

void bind_status(sqlite3_stmt* s, int index, item_status status) {
  sqlite3_bind_text(s, index, status_text(status), -1, SQLITE_STATIC);  // literals live forever
}

std::string read_text(sqlite3_stmt* s, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
}

item_status read_status(sqlite3_stmt* s, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
  const std::string_view name(text, static_cast<std::size_t>(sqlite3_column_bytes(s, column)));
  if (name == "published") return item_status::published;
  if (name == "draft") return item_status::draft;
  if (name == "archived") return item_status::archived;
  throw std::runtime_error("unknown status " + std::string(name));
}

v::unix_millis read_millis(sqlite3_stmt* s, int column) {
  return v::unix_millis{std::chrono::milliseconds{sqlite3_column_int64(s, column)}};
}

/// The columns in the order of the vellum definition, so both sides read the same row layout.
constexpr const char* item_columns = "id, collection_id, slug, title, data, status, author_id, created_at, updated_at";

item read_item(sqlite3_stmt* s) {
  item row;
  row.id = read_text(s, 0);
  row.collection_id = read_text(s, 1);
  row.slug = read_text(s, 2);
  row.title = read_text(s, 3);
  row.data = read_text(s, 4);
  row.status = read_status(s, 5);
  row.author_id = read_text(s, 6);
  row.created_at = read_millis(s, 7);
  row.updated_at = read_millis(s, 8);
  return row;
}

void step_done(sqlite3* db, sqlite3_stmt* s) { check_raw(db, sqlite3_step(s), SQLITE_DONE, "step"); }

// ---------------------------------------------------------------------------------------------
// Data sets and shared databases

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

std::map<std::size_t, std::shared_ptr<const data_set>>& data_cache() {
  static std::map<std::size_t, std::shared_ptr<const data_set>> cache;
  return cache;
}

std::shared_ptr<const data_set> data_of(std::size_t rows) {
  auto& slot = data_cache()[rows];
  if (!slot) slot = std::make_shared<const data_set>(make_rows(rows));
  return slot;
}

/// A database of `rows` rows for one side: read by several workloads, or written by one.
struct shared_database {
  std::unique_ptr<v::database> vellum_db;
  sqlite3* raw_db = nullptr;
  shared_database() = default;
  shared_database(const shared_database&) = delete;
  shared_database& operator=(const shared_database&) = delete;
  ~shared_database() { sqlite3_close_v2(raw_db); }
};

std::map<std::string, std::unique_ptr<shared_database>>& database_cache() {
  static std::map<std::string, std::unique_ptr<shared_database>> cache;
  return cache;
}

std::string file_path(std::string_view name) { return (scratch_dir() / name).string(); }

/// Opens (first use: creates and fills) the database `purpose` of `rows` rows for one side.
shared_database& database_for(std::string_view purpose, std::size_t rows, storage where, side who) {
  const std::string key = std::string(purpose) + "-" + std::to_string(rows) + "-" + std::string(name_of(where)) +
                          "-" + std::string(name_of(who));
  auto& slot = database_cache()[key];
  if (slot) return *slot;
  slot = std::make_unique<shared_database>();
  const bool is_file = where == storage::wal;
  const std::string path = is_file ? file_path(key + ".db") : ":memory:";
  if (is_file) {
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
  sqlite3* handle = nullptr;
  if (who == side::vellum) {
    slot->vellum_db = std::make_unique<v::database>(path);
    handle = slot->vellum_db->native_handle();
  } else {
    slot->raw_db = open_raw(path, is_file);
    handle = slot->raw_db;
  }
  populate(handle, *data_of(rows));
  return *slot;
}

// ---------------------------------------------------------------------------------------------
// W1: bulk insert of 100k rows in one transaction, into an empty database

constexpr std::size_t bulk_rows = 100'000;

/// A fresh database per iteration: the file (or memory) is recreated outside the timed region.
struct fresh_database {
  storage where;
  std::string path;
  explicit fresh_database(storage w, std::string_view name)
      : where(w), path(w == storage::wal ? file_path(std::string(name) + ".db") : ":memory:") {}
  void remove_files() const {
    if (where != storage::wal) return;
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
};

constexpr std::string_view insert_sql =
    "INSERT INTO content (id, collection_id, slug, title, data, status, author_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

class w1_raw final : public runner {
 public:
  explicit w1_raw(storage where) : target_(where, "w1-raw"), rows_(data_of(bulk_rows)) {}
  ~w1_raw() override { close(); }
  void before_iteration() override {
    close();
    target_.remove_files();
    db_ = open_raw(target_.path, target_.where == storage::wal);
    exec_raw(db_, std::string(schema_sql).c_str());
  }
  void iterate() override {
    raw_statement insert(db_, insert_sql);
    sqlite3_stmt* s = insert.get();
    exec_raw(db_, "BEGIN IMMEDIATE");
    for (const item& row : rows_->items) {
      bind_text(s, 1, row.id);
      bind_text(s, 2, row.collection_id);
      bind_text(s, 3, row.slug);
      bind_text(s, 4, row.title);
      bind_text(s, 5, row.data);
      bind_status(s, 6, row.status);
      bind_text(s, 7, row.author_id);
      sqlite3_bind_int64(s, 8, row.created_at.time_since_epoch().count());
      sqlite3_bind_int64(s, 9, row.updated_at.time_since_epoch().count());
      step_done(db_, s);
      sqlite3_reset(s);
    }
    exec_raw(db_, "COMMIT");
  }

 private:
  void close() {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
  fresh_database target_;
  std::shared_ptr<const data_set> rows_;
  sqlite3* db_ = nullptr;
};

/// W1 with vellum: `db.insert(rows)` (multi-row statements in one transaction) or, for W1.row,
/// one `db.insert(row)` per row inside `db.transaction` (the same statements as the raw side).
class w1_vellum final : public runner {
 public:
  w1_vellum(storage where, bool row_at_a_time)
      : target_(where, row_at_a_time ? "w1row-vellum" : "w1-vellum"),
        rows_(data_of(bulk_rows)),
        row_at_a_time_(row_at_a_time) {}
  void before_iteration() override {
    db_.reset();
    target_.remove_files();
    db_ = std::make_unique<v::database>(target_.path);
    db_->execute(schema_sql);
  }
  void iterate() override {
    if (row_at_a_time_) {
      db_->transaction([&] {
        for (const item& row : rows_->items) db_->insert(row);
      });
    } else {
      benchmark_sink_ += db_->insert(rows_->items);
    }
  }

 private:
  fresh_database target_;
  std::shared_ptr<const data_set> rows_;
  bool row_at_a_time_;
  std::unique_ptr<v::database> db_;
  std::size_t benchmark_sink_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Reads on the shared database: W2, W3 (and its scale series), W5, W6, W7

constexpr std::size_t point_ids = 4096;  // a cycle of random ids, the same on both sides
constexpr std::int64_t page_size = 20;

/// Keys taken in a fixed cycle, the same sequence on both sides.
class key_cycle {
 public:
  explicit key_cycle(std::vector<std::string> keys) : keys_(std::move(keys)) {}
  const std::string& next() { return keys_[next_++ % keys_.size()]; }

 private:
  std::vector<std::string> keys_;
  std::size_t next_ = 0;
};

template <class T>
void keep(T& value) {
  benchmark::DoNotOptimize(value);
}

class w2_raw final : public runner {
 public:
  explicit w2_raw(storage where)
      : db_(database_for("read", bulk_rows, where, side::raw).raw_db),
        ids_(random_ids(*data_of(bulk_rows), point_ids, 2)),
        select_(db_, std::string("SELECT ") + item_columns + " FROM content WHERE id = ?") {}
  void iterate() override {
    sqlite3_stmt* s = select_.get();
    bind_text(s, 1, ids_.next());
    std::optional<item> row;
    if (sqlite3_step(s) == SQLITE_ROW) row = read_item(s);
    sqlite3_reset(s);
    keep(row);
  }

 private:
  sqlite3* db_;
  key_cycle ids_;
  raw_statement select_;
};

class w2_vellum final : public runner {
 public:
  explicit w2_vellum(storage where)
      : db_(*database_for("read", bulk_rows, where, side::vellum).vellum_db),
        ids_(random_ids(*data_of(bulk_rows), point_ids, 2)) {}
  void iterate() override {
    auto row = db_.select<item>().where(col<&item::id> == ids_.next()).one();
    keep(row);
  }

 private:
  v::database& db_;
  key_cycle ids_;
};

/// Binds a page query's collection, status (published) and limit.
void bind_page(sqlite3_stmt* s, const std::string& collection) {
  bind_text(s, 1, collection);
  bind_status(s, 2, item_status::published);
  sqlite3_bind_int64(s, 3, page_size);
}

/// The page query of W3 (and W6's baseline): 20 newest published rows of one collection.
std::string page_sql() {
  return std::string("SELECT ") + item_columns +
         " FROM content WHERE collection_id = ? AND status = ? ORDER BY updated_at DESC LIMIT ?";
}

class page_raw final : public runner {
 public:
  page_raw(storage where, std::size_t rows)
      : db_(database_for("read", rows, where, side::raw).raw_db),
        collections_(data_of(rows)->collection_ids),
        select_(db_, page_sql()) {}
  void iterate() override {
    sqlite3_stmt* s = select_.get();
    bind_page(s, collections_.next());
    std::vector<item> page;
    page.reserve(page_size);
    while (sqlite3_step(s) == SQLITE_ROW) page.push_back(read_item(s));
    sqlite3_reset(s);
    keep(page);
  }

 private:
  sqlite3* db_;
  key_cycle collections_;
  raw_statement select_;
};

auto page_query(v::database& db, const std::string& collection) {
  return db.select<item>()
      .where(col<&item::collection_id> == collection && col<&item::status> == item_status::published)
      .order_by(v::desc(col<&item::updated_at>))
      .limit(page_size);
}

class w3_vellum final : public runner {
 public:
  w3_vellum(storage where, std::size_t rows)
      : db_(*database_for("read", rows, where, side::vellum).vellum_db), collections_(data_of(rows)->collection_ids) {}
  void iterate() override {
    auto page = page_query(db_, collections_.next()).all();
    keep(page);
  }

 private:
  v::database& db_;
  key_cycle collections_;
};

/// The filters of a listing request; W6 builds its WHERE from whichever are present.
struct page_filter {
  std::optional<std::string> collection_id;
  std::optional<item_status> status;
  std::optional<std::string> author_id;
};

class w6_vellum final : public runner {
 public:
  explicit w6_vellum(storage where)
      : db_(*database_for("read", bulk_rows, where, side::vellum).vellum_db),
        collections_(data_of(bulk_rows)->collection_ids) {}
  void iterate() override {
    const page_filter filter{collections_.next(), item_status::published, std::nullopt};
    auto page = db_.select<item>()
                    .where(v::dynamic(filter.collection_id.has_value(),
                                      col<&item::collection_id> == filter.collection_id.value_or("")) &&
                           v::dynamic(filter.status.has_value(),
                                      col<&item::status> == filter.status.value_or(item_status::draft)) &&
                           v::dynamic(filter.author_id.has_value(),
                                      col<&item::author_id> == filter.author_id.value_or("")))
                    .order_by(v::desc(col<&item::updated_at>))
                    .limit(page_size)
                    .all();
    keep(page);
  }

 private:
  v::database& db_;
  key_cycle collections_;
};

class w5_raw final : public runner {
 public:
  explicit w5_raw(storage where)
      : db_(database_for("read", bulk_rows, where, side::raw).raw_db),
        select_(db_, "SELECT status, COUNT(*) FROM content GROUP BY status") {}
  void iterate() override {
    sqlite3_stmt* s = select_.get();
    std::vector<std::tuple<item_status, std::int64_t>> counts;
    while (sqlite3_step(s) == SQLITE_ROW) counts.emplace_back(read_status(s, 0), sqlite3_column_int64(s, 1));
    sqlite3_reset(s);
    keep(counts);
  }

 private:
  sqlite3* db_;
  raw_statement select_;
};

class w5_vellum final : public runner {
 public:
  explicit w5_vellum(storage where) : db_(*database_for("read", bulk_rows, where, side::vellum).vellum_db) {}
  void iterate() override {
    auto counts = db_.select(col<&item::status>, v::count()).from<item>().group_by(col<&item::status>).all();
    keep(counts);
  }

 private:
  v::database& db_;
};

using byline = std::tuple<std::string, std::string, std::optional<std::string>>;  // id, title, email

class w7_raw final : public runner {
 public:
  explicit w7_raw(storage where)
      : db_(database_for("read", bulk_rows, where, side::raw).raw_db),
        collections_(data_of(bulk_rows)->collection_ids),
        select_(db_,
                "SELECT content.id, content.title, users.email FROM content "
                "LEFT JOIN users ON content.author_id = users.id "
                "WHERE content.collection_id = ? AND content.status = ? "
                "ORDER BY content.updated_at DESC LIMIT ?") {}
  void iterate() override {
    sqlite3_stmt* s = select_.get();
    bind_page(s, collections_.next());
    std::vector<byline> rows;
    rows.reserve(page_size);
    while (sqlite3_step(s) == SQLITE_ROW) {
      std::optional<std::string> email;
      if (sqlite3_column_type(s, 2) != SQLITE_NULL) email = read_text(s, 2);
      rows.emplace_back(read_text(s, 0), read_text(s, 1), std::move(email));
    }
    sqlite3_reset(s);
    keep(rows);
  }

 private:
  sqlite3* db_;
  key_cycle collections_;
  raw_statement select_;
};

class w7_vellum final : public runner {
 public:
  explicit w7_vellum(storage where)
      : db_(*database_for("read", bulk_rows, where, side::vellum).vellum_db),
        collections_(data_of(bulk_rows)->collection_ids) {}
  void iterate() override {
    const std::string& collection = collections_.next();
    std::vector<byline> rows = db_.select(col<&item::id>, col<&item::title>, col<&author::email>)
                                   .from<item>()
                                   .left_join<author>(col<&item::author_id> == col<&author::id>)
                                   .where(col<&item::collection_id> == collection &&
                                          col<&item::status> == item_status::published)
                                   .order_by(v::desc(col<&item::updated_at>))
                                   .limit(page_size)
                                   .all();
    keep(rows);
  }

 private:
  v::database& db_;
  key_cycle collections_;
};

// ---------------------------------------------------------------------------------------------
// W4: update status and updated_at by id, 100 updates in one transaction

constexpr int updates_per_transaction = 100;

item_status status_for(std::size_t n) { return static_cast<item_status>(n % 3); }
std::int64_t stamp_for(std::size_t n) { return time_base_ms + 2'000'000'000 + static_cast<std::int64_t>(n); }

class w4_raw final : public runner {
 public:
  explicit w4_raw(storage where)
      : db_(database_for("write", bulk_rows, where, side::raw).raw_db),
        ids_(random_ids(*data_of(bulk_rows), point_ids, 4)),
        update_(db_, "UPDATE content SET status = ?, updated_at = ? WHERE id = ?") {}
  void iterate() override {
    sqlite3_stmt* s = update_.get();
    exec_raw(db_, "BEGIN IMMEDIATE");
    for (int k = 0; k < updates_per_transaction; ++k, ++next_) {
      bind_status(s, 1, status_for(next_));
      sqlite3_bind_int64(s, 2, stamp_for(next_));
      bind_text(s, 3, ids_.next());
      step_done(db_, s);
      sqlite3_reset(s);
    }
    exec_raw(db_, "COMMIT");
  }

 private:
  sqlite3* db_;
  key_cycle ids_;
  raw_statement update_;
  std::size_t next_ = 0;
};

class w4_vellum final : public runner {
 public:
  explicit w4_vellum(storage where)
      : db_(*database_for("write", bulk_rows, where, side::vellum).vellum_db),
        ids_(random_ids(*data_of(bulk_rows), point_ids, 4)) {}
  void iterate() override {
    db_.transaction([&] {
      for (int k = 0; k < updates_per_transaction; ++k, ++next_) {
        db_.update<item>()
            .set(col<&item::status> = status_for(next_),
                 col<&item::updated_at> = v::unix_millis{std::chrono::milliseconds{stamp_for(next_)}})
            .where(col<&item::id> == ids_.next())
            .run();
      }
    });
  }

 private:
  v::database& db_;
  key_cycle ids_;
  std::size_t next_ = 0;
};

std::function<std::unique_ptr<runner>(storage, side)> page_pair(std::size_t rows) {
  return [rows](storage where, side who) -> std::unique_ptr<runner> {
    if (who == side::raw) return std::make_unique<page_raw>(where, rows);
    return std::make_unique<w3_vellum>(where, rows);
  };
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The data set

std::string uuid_like(std::uint64_t seed) {
  const std::uint64_t a = splitmix(seed);
  const std::uint64_t b = splitmix(a);
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32U),
                static_cast<unsigned>((a >> 16U) & 0xffffU), static_cast<unsigned>(a & 0xffffU),
                static_cast<unsigned>(b >> 48U), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

data_set make_rows(std::size_t count) {
  data_set set;
  for (int c = 0; c < collection_count; ++c) set.collection_ids.push_back(uuid_like(1'000'000'000ULL + c));
  std::vector<std::string> author_ids;
  for (int a = 0; a < author_id_count; ++a) author_ids.push_back(uuid_like(2'000'000'000ULL + a));
  for (int a = 0; a < author_count; ++a)
    set.authors.push_back({author_ids[a], "author" + std::to_string(a) + "@example.com",
                           a % 4 == 0 ? std::nullopt : std::optional<std::string>("Author " + std::to_string(a))});
  static constexpr std::array<const char*, 8> words = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
                                                       "adipiscing", "elit"};
  set.items.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t r = splitmix(i);
    item row;
    row.id = uuid_like(i);
    row.collection_id = set.collection_ids[i % collection_count];
    row.slug = "post-" + std::to_string(i);
    row.title = std::string("Post ") + std::to_string(i) + ": " + words[r % 8] + " " + words[(r >> 8U) % 8] + " " +
                words[(r >> 16U) % 8];
    std::string body;
    for (int w = 0; body.size() < 96; ++w) body += std::string(words[(r >> (w % 60)) % 8]) + " ";
    char json[320];
    std::snprintf(json, sizeof json,
                  R"({"body":"%s","tags":["%s","%s"],"views":%llu,"featured":%s,"layout":"standard"})",
                  body.c_str(), words[(r >> 24U) % 8], words[(r >> 32U) % 8],
                  static_cast<unsigned long long>(r % 100000), (r & 1U) != 0 ? "true" : "false");
    row.data = json;
    row.status = static_cast<item_status>(i % 3);
    row.author_id = author_ids[(i * 7) % author_id_count];
    row.created_at = v::unix_millis{std::chrono::milliseconds{time_base_ms + static_cast<std::int64_t>(i) * 1000}};
    row.updated_at = row.created_at + std::chrono::milliseconds{static_cast<std::int64_t>(r % 1'000'000'000)};
    set.items.push_back(std::move(row));
  }
  return set;
}

void populate(sqlite3* db, const data_set& rows) {
  exec_raw(db, std::string(schema_sql).c_str());
  exec_raw(db, "BEGIN");
  {
    raw_statement insert(db, insert_sql);
    sqlite3_stmt* s = insert.get();
    for (const item& row : rows.items) {
      sqlite3_bind_text(s, 1, row.id.data(), static_cast<int>(row.id.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 2, row.collection_id.data(), static_cast<int>(row.collection_id.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 3, row.slug.data(), static_cast<int>(row.slug.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 4, row.title.data(), static_cast<int>(row.title.size()), SQLITE_STATIC);
      sqlite3_bind_text(s, 5, row.data.data(), static_cast<int>(row.data.size()), SQLITE_STATIC);
      bind_status(s, 6, row.status);
      sqlite3_bind_text(s, 7, row.author_id.data(), static_cast<int>(row.author_id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(s, 8, row.created_at.time_since_epoch().count());
      sqlite3_bind_int64(s, 9, row.updated_at.time_since_epoch().count());
      step_done(db, s);
      sqlite3_reset(s);
    }
    raw_statement user(db, "INSERT INTO users (id, email, name) VALUES (?, ?, ?)");
    s = user.get();
    for (const author& a : rows.authors) {
      bind_text(s, 1, a.id);
      bind_text(s, 2, a.email);
      if (a.name) bind_text(s, 3, *a.name);
      else sqlite3_bind_null(s, 3);
      step_done(db, s);
      sqlite3_reset(s);
    }
  }
  exec_raw(db, "COMMIT");
  exec_raw(db, "PRAGMA wal_checkpoint(TRUNCATE)");  // no-op in memory; a clean WAL on files
}

std::vector<std::string> random_ids(const data_set& rows, std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, rows.items.size() - 1);
  std::vector<std::string> ids;
  ids.reserve(count);
  for (std::size_t i = 0; i < count; ++i) ids.push_back(rows.items[pick(rng)].id);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Registry

std::vector<workload>& workloads() {
  static std::vector<workload> all;
  return all;
}

const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("vellum-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return dir;
}

void cleanup() {
  release_repository_databases();
  database_cache().clear();
  data_cache().clear();
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir(), ignored);
}

std::vector<std::string> explain_page_query() {
  auto& db = *database_for("read", bulk_rows, storage::memory, side::vellum).vellum_db;
  return db.explain(page_query(db, data_of(bulk_rows)->collection_ids.front()));
}

std::string page_query_sql() {
  v::database db{":memory:"};
  return page_query(db, "").to_sql();
}

void add_core_workloads() {
  auto& all = workloads();
  all.push_back({"W1", "bulk insert of 100k rows in one transaction: db.insert(rows) vs a raw single-row INSERT",
                 true, 1, 5, {storage::memory, storage::wal},
                 [](storage where, side who) -> std::unique_ptr<runner> {
                   if (who == side::raw) return std::make_unique<w1_raw>(where);
                   return std::make_unique<w1_vellum>(where, false);
                 }});
  all.push_back({"W1.row", "W1 row at a time: db.insert(row) in db.transaction, the raw side's statements", true, 1,
                 5, {storage::memory, storage::wal},
                 [](storage where, side who) -> std::unique_ptr<runner> {
                   if (who == side::raw) return std::make_unique<w1_raw>(where);
                   return std::make_unique<w1_vellum>(where, true);
                 }});
  all.push_back({"W2", "point select by primary key into a struct, random ids", false, 0, 0,
                 {storage::memory, storage::wal}, pair_of<w2_raw, w2_vellum>()});
  all.push_back({"W3", "page of the 20 newest published rows of one collection into structs", false, 0, 0,
                 {storage::memory, storage::wal}, page_pair(bulk_rows)});
  all.push_back({"W4", "100 updates of status and updated_at by id in one transaction", false, 0, 0,
                 {storage::memory, storage::wal}, pair_of<w4_raw, w4_vellum>()});
  all.push_back({"W5", "SELECT status, COUNT(*) ... GROUP BY status", false, 0, 0, {storage::memory, storage::wal},
                 pair_of<w5_raw, w5_vellum>()});
  all.push_back({"W6", "W3 through the dynamic-filter path (raw side: W3's static statement)", false, 0, 0,
                 {storage::memory, storage::wal},
                 [](storage where, side who) -> std::unique_ptr<runner> {
                   if (who == side::raw) return std::make_unique<page_raw>(where, bulk_rows);
                   return std::make_unique<w6_vellum>(where);
                 }});
  all.push_back({"W7", "left join content -> users, 20 rows into tuples with an optional side", false, 0, 0,
                 {storage::memory, storage::wal}, pair_of<w7_raw, w7_vellum>()});
  all.push_back({"W3@10k", "W3 on 10,000 rows", false, 0, 0, {storage::memory}, page_pair(10'000)});
  all.push_back({"W3@1M", "W3 on 1,000,000 rows", false, 0, 0, {storage::memory}, page_pair(1'000'000)});
}

}  // namespace bench
