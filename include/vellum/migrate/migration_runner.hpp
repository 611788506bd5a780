// `migration_runner`: applies, reports and reverts migrations on one connection, recording each
// in the tracking table `migrations(id, name, filename, applied_at, checksum)` (SonicJS's layout,
// so a SonicJS database is recognised). Every migration runs in its own BEGIN IMMEDIATE
// transaction together with its tracking row: it is applied whole or not at all.
//
//   vellum::connection db{"cms.db"};
//   vellum::migrate::migration_runner runner{db, vellum::migrate::load_folder("migrations")};
//   runner.up();   // throws vellum::migration_error naming the migration and statement that failed
//
// Thread rule: like its connection, a runner belongs to one thread. Several processes (or
// connections) may run up() on one database at once: the write lock orders them, and each
// migration is applied exactly once.
//
// The runner is a template over the connection type: the planning, checksums and tracking rows
// are shared, and `migration_backend<Connection>` supplies what differs per database (the
// tracking table's SQL, the lock, running a script). `migration_runner` is the SQLite
// instantiation, compiled into vellum; `pg::migration_runner` (migrate/pg_migration_runner.hpp)
// is the PostgreSQL one, compiled into vellum::postgres.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "vellum/core/time.hpp"
#include "vellum/migrate/migration.hpp"
#include "vellum/migrate/migration_status.hpp"

namespace vellum {
class connection;
}

namespace vellum::migrate {

/// What a runner is about to do or has done, for progress lines and logs.
enum class migration_event { applying, applied, reverting, reverted };

struct runner_options {
  /// Run up() even when an applied migration's file changed since (MG-1's explicit override).
  /// The record keeps its old checksum, so status() still reports the migration as changed.
  bool allow_changed = false;
  /// The clock that stamps `applied_at` (milliseconds since the Unix epoch).
  std::function<unix_millis()> clock = now_millis;
  /// Called around each migration that runs; may be empty.
  std::function<void(const migration&, migration_event)> on_event;
};

/// What a database backend supplies to the runner; specialised next to each instantiation.
template <class Connection>
struct migration_backend;

template <class Connection>
class basic_migration_runner {
 public:
  /// `migrations` is ordered by id here; throws vellum::validation_error on duplicate ids.
  basic_migration_runner(Connection& db, std::vector<migration> migrations, runner_options options = {});

  /// Every migration of the source and every recorded one, ordered by id. Writes nothing: a
  /// database without the tracking table reports everything pending.
  [[nodiscard]] std::vector<migration_status> status();

  /// Applies every pending migration in id order and returns their ids. Refuses (a
  /// migration_error, before applying anything) when an applied migration changed, unless
  /// `allow_changed`. Stops at the first failure: the failed migration leaves no trace, those
  /// before it stay applied.
  std::vector<std::string> up();
  /// Like up(), for the pending migrations whose id is at most `id` (which must be in the source).
  std::vector<std::string> up_to(std::string_view id);

  /// Reverts, newest first and each in its own transaction, every applied migration whose id is
  /// greater than `to_id` ("0" reverts all), running its `.down.sql`. Checks first that each has
  /// one and is in the source; returns the ids reverted.
  std::vector<std::string> down(std::string_view to_id);
  /// Reverts the newest applied migration only; returns its id, or nothing when none is applied.
  std::vector<std::string> down_last();

  /// Records every migration up to `up_to` as applied without running it: adopting a database
  /// whose schema already matches them. Returns the ids newly recorded.
  std::vector<std::string> baseline(std::string_view up_to);
  /// Records migration `id` as applied without running it. When it is recorded already but
  /// changed, the record takes the file's current name and checksum (accepting the edit).
  /// Returns false when there was nothing to record.
  bool mark_applied(std::string_view id);

  /// Runs `m` as up() would (its own transaction; on SQLite with `-- vellum: no-transaction`,
  /// foreign keys off around it and PRAGMA foreign_key_check before COMMIT) without recording it: what
  /// `vellum push` does to a development database. `m` need not be in the source.
  void run_unrecorded(const migration& m);

  [[nodiscard]] const std::vector<migration>& migrations() const noexcept { return migrations_; }

 private:
  void ensure_tracking_table();
  [[nodiscard]] const migration& find(std::string_view id, std::string_view action) const;
  bool apply(const migration& m);
  bool revert(const migration& m);
  void notify(const migration& m, migration_event event) const;
  [[nodiscard]] unix_millis stamp() const;

  Connection& db_;
  std::vector<migration> migrations_;
  runner_options options_;
};

/// The SQLite runner, compiled once into vellum (src/migrate/migration_runner.cpp).
extern template class basic_migration_runner<vellum::connection>;
using migration_runner = basic_migration_runner<vellum::connection>;

}  // namespace vellum::migrate
