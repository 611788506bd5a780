// Transactions: commit, rollback on throw, savepoints, explicit rollback, RAII, and a writer
// that meets a held write lock (busy after the timeout, not a hang).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>
#include <vellum/core.hpp>

namespace {

using namespace std::chrono_literals;

struct notes_db {
  notes_db() { db.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL)"); }
  void add(const std::string& body) { db.run("INSERT INTO notes(body) VALUES (?)", body); }
  std::vector<std::string> bodies() {
    std::vector<std::string> out;
    auto st = db.prepare("SELECT body FROM notes ORDER BY id");
    while (st.step()) out.push_back(st.get<std::string>(0));
    return out;
  }
  bool sqlite_in_transaction() { return sqlite3_get_autocommit(db.native_handle()) == 0; }

  vellum::connection db{":memory:"};
};

using bodies = std::vector<std::string>;

// A database file in the temp directory, removed (with its WAL files) afterwards.
class temp_database_file {
 public:
  temp_database_file()
      : path_((std::filesystem::temp_directory_path() / ("vellum-test-" + vellum::random_hex(8) + ".db")).string()) {}
  temp_database_file(const temp_database_file&) = delete;
  temp_database_file& operator=(const temp_database_file&) = delete;
  ~temp_database_file() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix, ignored);
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("transaction commits when the function returns", "[core][transaction]") {
  notes_db n;
  n.db.transaction([&] {
    CHECK(n.db.in_transaction());
    CHECK(n.sqlite_in_transaction());
    n.add("one");
    n.add("two");
  });
  CHECK_FALSE(n.db.in_transaction());
  CHECK_FALSE(n.sqlite_in_transaction());
  CHECK(n.bodies() == bodies{"one", "two"});
}

TEST_CASE("transaction returns the function's result", "[core][transaction]") {
  notes_db n;
  const auto id = n.db.transaction([&] {
    n.add("one");
    return n.db.last_insert_rowid();
  });
  CHECK(id == 1);
  CHECK(n.bodies() == bodies{"one"});
}

TEST_CASE("an exception rolls the transaction back and propagates", "[core][transaction]") {
  notes_db n;
  n.add("before");
  CHECK_THROWS_WITH(n.db.transaction([&] {
    n.add("lost 1");
    n.add("lost 2");
    throw std::runtime_error("boom");
  }),
                    "boom");
  CHECK(n.bodies() == bodies{"before"});
  CHECK(n.db.transaction_depth() == 0);
  CHECK_FALSE(n.sqlite_in_transaction());

  SECTION("a failing statement rolls back the statements before it") {
    CHECK_THROWS_AS(n.db.transaction([&] {
      n.add("lost");
      n.db.run("INSERT INTO notes(body) VALUES (NULL)");
    }),
                    vellum::constraint_error);
    CHECK(n.bodies() == bodies{"before"});
  }
}

TEST_CASE("a nested transaction is a savepoint: it rolls back alone", "[core][transaction]") {
  notes_db n;
  n.db.transaction([&](vellum::transaction& outer) {
    CHECK_FALSE(outer.nested());
    n.add("outer 1");
    CHECK_THROWS_AS(n.db.transaction([&](vellum::transaction& inner) {
      CHECK(inner.nested());
      CHECK(n.db.transaction_depth() == 2);
      n.add("inner");
      throw std::runtime_error("inner fails");
    }),
                    std::runtime_error);
    CHECK(n.db.transaction_depth() == 1);
    CHECK(n.sqlite_in_transaction());
    n.add("outer 2");
  });
  CHECK(n.bodies() == bodies{"outer 1", "outer 2"});
  CHECK_FALSE(n.sqlite_in_transaction());

  SECTION("a committed savepoint is undone with its outer transaction") {
    CHECK_THROWS_AS(n.db.transaction([&] {
      n.db.transaction([&] { n.add("inner committed"); });
      throw std::runtime_error("outer fails");
    }),
                    std::runtime_error);
    CHECK(n.bodies() == bodies{"outer 1", "outer 2"});
  }
  SECTION("three levels") {
    n.db.transaction([&] {
      n.add("a");
      n.db.transaction([&] {
        n.add("b");
        CHECK_THROWS(n.db.transaction([&] {
          CHECK(n.db.transaction_depth() == 3);
          n.add("c");
          throw std::runtime_error("c fails");
        }));
        n.add("d");
      });
    });
    CHECK(n.bodies() == bodies{"outer 1", "outer 2", "a", "b", "d"});
  }
}

TEST_CASE("rollback() inside the function ends the transaction quietly", "[core][transaction]") {
  notes_db n;
  n.db.transaction([&](vellum::transaction& tx) {
    n.add("undone");
    tx.rollback();
    CHECK_FALSE(tx.active());
    CHECK_FALSE(n.db.in_transaction());
  });
  CHECK(n.bodies().empty());

  SECTION("an inner rollback keeps the outer work") {
    n.db.transaction([&] {
      n.add("kept");
      n.db.transaction([&](vellum::transaction& inner) {
        n.add("undone");
        inner.rollback();
      });
      n.add("kept too");
    });
    CHECK(n.bodies() == bodies{"kept", "kept too"});
  }
  SECTION("a second rollback or a commit afterwards is invalid_state") {
    n.db.transaction([&](vellum::transaction& tx) {
      tx.rollback();
      CHECK_THROWS_AS(tx.rollback(), vellum::invalid_state);
      CHECK_THROWS_AS(tx.commit(), vellum::invalid_state);
    });
  }
}

TEST_CASE("begin() returns an RAII transaction", "[core][transaction]") {
  notes_db n;
  SECTION("destroyed without commit, it rolls back") {
    {
      auto tx = n.db.begin();
      n.add("undone");
      CHECK(n.db.in_transaction());
    }
    CHECK(n.bodies().empty());
    CHECK_FALSE(n.db.in_transaction());
    CHECK_FALSE(n.sqlite_in_transaction());
  }
  SECTION("commit() keeps the work; ending it twice is invalid_state") {
    auto tx = n.db.begin();
    n.add("kept");
    tx.commit();
    CHECK(n.bodies() == bodies{"kept"});
    CHECK_THROWS_AS(tx.commit(), vellum::invalid_state);
  }
  SECTION("a moved transaction is owned by its new holder") {
    auto first = n.db.begin();
    n.add("undone");
    {
      vellum::transaction second = std::move(first);
      CHECK_FALSE(first.active());  // NOLINT(bugprone-use-after-move): checking the moved-from state
      CHECK(second.active());
    }
    CHECK(n.bodies().empty());
    CHECK_FALSE(n.db.in_transaction());
  }
  SECTION("an outer level cannot end while an inner one is open") {
    auto outer = n.db.begin();
    n.add("outer");
    {
      auto inner = n.db.begin();
      CHECK(inner.nested());
      CHECK_THROWS_AS(outer.commit(), vellum::invalid_state);
      CHECK_THROWS_AS(outer.rollback(), vellum::invalid_state);
      n.add("inner");
      inner.commit();
    }
    outer.commit();
    CHECK(n.bodies() == bodies{"outer", "inner"});
    CHECK_FALSE(n.sqlite_in_transaction());
  }
  SECTION("destroying the outer level first leaves the connection consistent") {
    auto outer = std::make_unique<vellum::transaction>(n.db.begin());
    auto inner = n.db.begin();
    n.add("undone");
    outer.reset();  // rolls everything back
    CHECK(n.db.transaction_depth() == 0);
    CHECK_FALSE(n.sqlite_in_transaction());
    CHECK(inner.active());
    {
      auto discard = std::move(inner);  // its rollback finds nothing to undo
    }
    CHECK(n.db.transaction_depth() == 0);
    n.db.transaction([&] { n.add("after"); });
    CHECK(n.bodies() == bodies{"after"});
  }
}

TEST_CASE("a writer blocked by another connection gets busy, not a hang", "[core][transaction]") {
  temp_database_file file;
  vellum::connection a{file.path()};
  a.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
  vellum::connection b{file.path(), vellum::connection_options{.busy_timeout = 200ms}};
  CHECK(a.query_value<std::string>("PRAGMA journal_mode") == "wal");

  auto held = a.begin();  // BEGIN IMMEDIATE: a holds the write lock from here
  a.run("INSERT INTO notes(body) VALUES ('a')");

  try {
    b.run("INSERT INTO notes(body) VALUES ('b')");
    FAIL("the second writer was not refused");
  } catch (const vellum::busy& e) {
    CHECK((e.sqlite_code() & 0xff) == SQLITE_BUSY);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("INSERT INTO notes(body) VALUES ('b')"));
  }
  CHECK_THROWS_AS(b.transaction([&] { b.run("INSERT INTO notes(body) VALUES ('b')"); }), vellum::busy);
  CHECK_FALSE(b.in_transaction());

  // WAL: the reader is not blocked and sees the last committed state.
  CHECK(b.query_value<std::int64_t>("SELECT count(*) FROM notes") == 0);

  held.commit();
  b.run("INSERT INTO notes(body) VALUES ('b')");
  CHECK(b.query_value<std::int64_t>("SELECT count(*) FROM notes") == 2);
}

TEST_CASE("transactions start IMMEDIATE by default, DEFERRED when asked", "[core][transaction]") {
  temp_database_file file;
  vellum::connection a{file.path()};
  a.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)");
  vellum::connection b{file.path(), vellum::connection_options{.busy_timeout = 200ms}};

  SECTION("immediate: the write lock is taken at BEGIN, before any write") {
    auto held = a.begin();
    CHECK_THROWS_AS(b.run("INSERT INTO notes(body) VALUES ('b')"), vellum::busy);
  }
  SECTION("deferred: no lock until the first write") {
    auto held = a.begin(vellum::transaction_mode::deferred);
    CHECK(a.query_value<std::int64_t>("SELECT count(*) FROM notes") == 0);
    b.run("INSERT INTO notes(body) VALUES ('b')");
    // a's snapshot predates b's commit: upgrading to a writer is refused at once.
    CHECK_THROWS_AS(a.run("INSERT INTO notes(body) VALUES ('a')"), vellum::busy);
  }
}
