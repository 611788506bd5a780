#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pg_test_server.hpp"
#include "vellum/core/error.hpp"
#include "vellum/core/pg_connection.hpp"
#include "vellum/core/time.hpp"

using vellum::testing::pg_test_schema;
using namespace std::chrono;

namespace pgvalues {
enum class status { draft, published };
constexpr auto vellum_enum_names(vellum::tag<status>) {
  return vellum::enum_names<status>({{status::draft, "draft"}, {status::published, "published"}});
}
struct email {
  std::string value;
  bool operator==(const email&) const = default;
};
}  // namespace pgvalues

template <>
struct vellum::value_traits<pgvalues::email> {
  using storage_type = std::string;
  static std::string to_storage(const pgvalues::email& e) { return "mailto:" + e.value; }
  static pgvalues::email from_storage(std::string&& s) { return {s.substr(7)}; }
};

namespace {
// Stores `value` in a column of `type` and reads it back as T.
template <class T>
T round_trip(vellum::pg::connection& db, const std::string& type, const T& value) {
  db.execute("DROP TABLE IF EXISTS v; CREATE TABLE v (x " + type + ")");
  db.run("INSERT INTO v VALUES ($1)", value);
  auto st = db.prepare("SELECT x FROM v");
  REQUIRE(st.step());
  return st.get<T>(0);
}
}  // namespace

TEST_CASE("pg text values round trip with unicode and empty text and quotes and backslashes", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  for (const std::string s : {"", "plain", "Grüße, 東京 🚀", "it's \"quoted\" \\ back\\slash", "line\nbreak\ttab"})
    CHECK(round_trip(db, "TEXT", s) == s);
  db.execute("CREATE TABLE s (x TEXT)");
  const std::string_view view = "a view";
  const char* pointer = "a pointer";
  db.run("INSERT INTO s VALUES ($1), ($2), ($3)", view, pointer, "a literal");
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM s WHERE x IN ('a view', 'a pointer', 'a literal')") == 3);
  const char* null_pointer = nullptr;
  db.run("INSERT INTO s VALUES ($1)", null_pointer);
  CHECK(db.query_value<std::int64_t>("SELECT count(*) FROM s WHERE x IS NULL") == 1);
}

TEST_CASE("pg integers round trip at every width and are range-checked on read", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  CHECK(round_trip(db, "BIGINT", std::numeric_limits<std::int64_t>::min()) == std::numeric_limits<std::int64_t>::min());
  CHECK(round_trip(db, "BIGINT", std::numeric_limits<std::int64_t>::max()) == std::numeric_limits<std::int64_t>::max());
  CHECK(round_trip(db, "INTEGER", std::int32_t{-2147483647 - 1}) == std::numeric_limits<std::int32_t>::min());
  CHECK(round_trip(db, "SMALLINT", std::int16_t{-7}) == -7);
  CHECK(round_trip(db, "BIGINT", std::uint64_t{9223372036854775807ULL}) == 9223372036854775807ULL);
  CHECK(round_trip(db, "SMALLINT", std::uint8_t{255}) == 255);
  CHECK_THROWS_AS(db.run("INSERT INTO v VALUES ($1)", std::numeric_limits<std::uint64_t>::max()), vellum::error);

  db.execute("CREATE TABLE w (big BIGINT, neg BIGINT)");
  db.run("INSERT INTO w VALUES ($1, $2)", std::int64_t{5'000'000'000}, -1);
  auto st = db.prepare("SELECT big, neg FROM w");
  REQUIRE(st.step());
  CHECK(st.get<std::int64_t>(0) == 5'000'000'000);
  CHECK_THROWS_AS(st.get<std::int32_t>(0), vellum::mapping_error);
  CHECK_THROWS_AS(st.get<std::uint32_t>(1), vellum::mapping_error);
  try {
    (void)st.get<std::int32_t>(0);
  } catch (const vellum::mapping_error& e) {
    CHECK(e.column() == "big");
    CHECK(std::string(e.what()).find("out of range") != std::string::npos);
  }
}

TEST_CASE("pg floating point and booleans round trip", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  for (const double d : {0.1, -1.5e300, 3.141592653589793, 5e-324, 0.0})
    CHECK(round_trip(db, "DOUBLE PRECISION", d) == d);
  CHECK(round_trip(db, "DOUBLE PRECISION", std::numeric_limits<double>::infinity()) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(round_trip(db, "DOUBLE PRECISION", std::numeric_limits<double>::quiet_NaN())));
  CHECK(round_trip(db, "REAL", 1.25f) == 1.25f);
  CHECK(round_trip(db, "BOOLEAN", true) == true);
  CHECK(round_trip(db, "BOOLEAN", false) == false);
}

TEST_CASE("pg enums travel as their names and an unknown name is a mapping error", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  CHECK(round_trip(db, "TEXT", pgvalues::status::published) == pgvalues::status::published);
  CHECK(db.query_value<std::string>("SELECT x FROM v") == "published");
  db.execute("UPDATE v SET x = 'archived'");
  CHECK_THROWS_AS(db.query_value<pgvalues::status>("SELECT x FROM v"), vellum::mapping_error);
}

TEST_CASE("pg time points round trip through TIMESTAMPTZ with microseconds", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  const sys_time<microseconds> micro{microseconds{1'700'000'000'123'456}};
  CHECK(round_trip(db, "TIMESTAMPTZ", micro) == micro);
  const sys_time<microseconds> before_epoch{microseconds{-1'234'567'890'123'457}};  // 1930
  CHECK(round_trip(db, "TIMESTAMPTZ", before_epoch) == before_epoch);
  const vellum::unix_millis millis{milliseconds{1'700'000'000'999}};
  CHECK(round_trip(db, "TIMESTAMPTZ", millis) == millis);
  const vellum::unix_seconds seconds_tp{seconds{0}};
  CHECK(round_trip(db, "TIMESTAMPTZ", seconds_tp) == seconds_tp);
  // The server sees the instant, not a local time.
  round_trip(db, "TIMESTAMPTZ", vellum::unix_seconds{seconds{86400}});
  CHECK(db.query_value<std::int64_t>("SELECT extract(epoch FROM x)::bigint FROM v") == 86400);
  // A session in another time zone still reads the same instant.
  db.execute("SET TimeZone = 'America/New_York'");
  CHECK(db.query_value<vellum::unix_seconds>("SELECT x FROM v") == vellum::unix_seconds{seconds{86400}});
  db.execute("SET TimeZone = 'UTC'");
  db.execute("UPDATE v SET x = 'infinity'");
  CHECK_THROWS_AS(db.query_value<vellum::unix_seconds>("SELECT x FROM v"), vellum::mapping_error);
}

TEST_CASE("pg json round trips through JSONB and TEXT", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  const nlohmann::json doc = {{"title", "Grüße"}, {"tags", {"a", "b"}}, {"n", 3}, {"nested", {{"ok", true}}}};
  CHECK(round_trip(db, "JSONB", doc) == doc);
  CHECK(db.query_value<std::string>("SELECT x->>'title' FROM v") == "Grüße");
  CHECK(round_trip(db, "TEXT", doc) == doc);
  db.execute("UPDATE v SET x = 'not json'");
  CHECK_THROWS_AS(db.query_value<nlohmann::json>("SELECT x FROM v"), vellum::mapping_error);
}

TEST_CASE("pg blobs round trip through BYTEA including empty and every byte", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  vellum::blob all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::byte>(i));
  CHECK(round_trip(db, "BYTEA", all) == all);
  CHECK(db.query_value<std::int64_t>("SELECT length(x) FROM v") == 256);
  CHECK(round_trip(db, "BYTEA", vellum::blob{}) == vellum::blob{});
  CHECK(db.query_value<bool>("SELECT x IS NOT NULL FROM v") == true);
}

TEST_CASE("pg NULL and optional values", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  CHECK(round_trip(db, "TEXT", std::optional<std::string>{}) == std::nullopt);
  CHECK(round_trip(db, "TEXT", std::optional<std::string>{""}) == std::optional<std::string>{""});
  CHECK(round_trip(db, "BIGINT", std::optional<std::int64_t>{7}) == 7);
  CHECK(round_trip(db, "TIMESTAMPTZ", std::optional<vellum::unix_millis>{}) == std::nullopt);
  db.execute("DELETE FROM v");
  db.run("INSERT INTO v VALUES ($1)", std::nullopt);
  auto st = db.prepare("SELECT x FROM v");
  REQUIRE(st.step());
  CHECK(st.is_null(0));
  CHECK_THROWS_AS(st.get<vellum::unix_millis>(0), vellum::mapping_error);
  auto bound = db.prepare("SELECT $1::text IS NULL");
  bound.bind(1, std::string("x"));
  bound.bind_null(1);
  REQUIRE(bound.step());
  CHECK(bound.get<bool>(0));
}

TEST_CASE("pg user types map through value_traits storage_type", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  CHECK(round_trip(db, "TEXT", pgvalues::email{"a@b.c"}) == pgvalues::email{"a@b.c"});
  CHECK(db.query_value<std::string>("SELECT x FROM v") == "mailto:a@b.c");
  CHECK(round_trip(db, "TEXT", std::optional<pgvalues::email>{}) == std::nullopt);
}

TEST_CASE("pg reading a column as the wrong type is a mapping error naming the column", "[postgres]") {
  pg_test_schema schema;
  vellum::pg::connection db{schema.url()};
  db.execute("CREATE TABLE m (title TEXT, flag BOOLEAN, n BIGINT); INSERT INTO m VALUES ('hello', true, NULL)");
  auto st = db.prepare("SELECT title, flag, n FROM m");
  REQUIRE(st.step());
  try {
    (void)st.get<std::int64_t>(0);
    FAIL("read text as an integer");
  } catch (const vellum::mapping_error& e) {
    CHECK(e.column() == "title");
    CHECK(std::string(e.what()).find("'title'") != std::string::npos);
  }
  CHECK_THROWS_AS(st.get<double>(0), vellum::mapping_error);
  CHECK_THROWS_AS(st.get<int>(1), vellum::mapping_error);
  CHECK_THROWS_AS(st.get<bool>(0), vellum::mapping_error);
  CHECK_THROWS_AS(st.get<std::int64_t>(2), vellum::mapping_error);
  CHECK_THROWS_AS(st.get<vellum::blob>(0), vellum::mapping_error);
  CHECK(st.get<std::optional<std::int64_t>>(2) == std::nullopt);
}
