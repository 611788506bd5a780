// value_traits: every built-in type stored in a real table and read back, and every way a stored
// value can fail to map (a typed mapping_error naming the table and column).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <vellum/core.hpp>

namespace {

using namespace std::chrono_literals;
using Catch::Matchers::Contains;

enum class status { draft, published, archived, unnamed };

constexpr auto vellum_enum_names(vellum::tag<status>) {
  // `unnamed` is left out on purpose: binding it is an error.
  return vellum::enum_names<status>(
      {{status::draft, "draft"}, {status::published, "published"}, {status::archived, "archived"}});
}

// A user type mapped onto TEXT through storage_type.
struct email_address {
  std::string value;
  bool operator==(const email_address&) const = default;
};

}  // namespace

template <>
struct vellum::value_traits<email_address> {
  using storage_type = std::string;
  static storage_type to_storage(const email_address& v) { return v.value; }
  static email_address from_storage(storage_type&& s) { return email_address{std::move(s)}; }
};

namespace {

static_assert(vellum::sql_type_of<std::string>() == vellum::sql_type::text);
static_assert(vellum::sql_type_of<std::int8_t>() == vellum::sql_type::integer);
static_assert(vellum::sql_type_of<std::uint64_t>() == vellum::sql_type::integer);
static_assert(vellum::sql_type_of<double>() == vellum::sql_type::real);
static_assert(vellum::sql_type_of<bool>() == vellum::sql_type::integer);
static_assert(vellum::sql_type_of<status>() == vellum::sql_type::text);
static_assert(vellum::sql_type_of<vellum::unix_millis>() == vellum::sql_type::integer);
static_assert(vellum::sql_type_of<nlohmann::json>() == vellum::sql_type::text);
static_assert(vellum::sql_type_of<vellum::blob>() == vellum::sql_type::blob);
static_assert(vellum::sql_type_of<std::optional<status>>() == vellum::sql_type::text);
static_assert(vellum::sql_type_of<email_address>() == vellum::sql_type::text);
static_assert(vellum::bindable<std::string_view> && !vellum::readable<std::string_view>);
static_assert(vellum::bindable<const char*> && !vellum::readable<const char*>);
static_assert(vellum::bindable<std::span<const std::byte>> && !vellum::readable<std::span<const std::byte>>);

// One row of `items`; each test writes a value into one column and reads it back.
class items_table {
 public:
  items_table() {
    db.execute(
        "CREATE TABLE items(id INTEGER PRIMARY KEY, text_value TEXT, int_value INTEGER, real_value REAL,"
        " blob_value BLOB, json_value TEXT, enum_value TEXT, time_value INTEGER);"
        "INSERT INTO items(id) VALUES (1);");
  }

  template <class T>
  void store(std::string_view column, T&& value) {
    auto st = db.prepare("UPDATE items SET " + std::string(column) + " = ?1 WHERE id = 1");
    st.bind(1, std::forward<T>(value));
    REQUIRE(st.execute() == 1);
  }

  void store_sql(std::string_view column, std::string_view sql_literal) {
    db.execute("UPDATE items SET " + std::string(column) + " = " + std::string(sql_literal) + " WHERE id = 1");
  }

  template <class T>
  T read(std::string_view column) {
    auto st = db.prepare("SELECT " + std::string(column) + " FROM items WHERE id = 1");
    REQUIRE(st.step());
    return st.get<T>(0);
  }

  template <class T>
  T round_trip(std::string_view column, const T& value) {
    store(column, value);
    return read<T>(column);
  }

  std::string storage_class(std::string_view column) {
    return *db.query_value<std::string>("SELECT typeof(" + std::string(column) + ") FROM items WHERE id = 1");
  }

  // Reads `column` as T expecting a mapping_error that names items.<column>; returns its message.
  template <class T>
  std::string read_error(std::string_view column) {
    try {
      (void)read<T>(column);
    } catch (const vellum::mapping_error& e) {
      CHECK(e.table() == "items");
      CHECK(e.column() == column);
      CHECK_THAT(e.what(), Contains("items." + std::string(column)));
      return e.what();
    }
    FAIL("reading " << column << " did not throw vellum::mapping_error");
    return {};
  }

  vellum::connection db{":memory:"};
};

vellum::blob bytes(std::initializer_list<unsigned> values) {
  vellum::blob out;
  for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

}  // namespace

TEST_CASE("strings round-trip: ASCII, empty, UTF-8 and embedded NUL", "[core][value_traits]") {
  items_table t;
  CHECK(t.round_trip<std::string>("text_value", "hello") == "hello");

  CHECK(t.round_trip<std::string>("text_value", "").empty());
  CHECK(t.storage_class("text_value") == "text");  // empty text, not NULL

  const std::string utf8 = "Grüße, 世界 — ñandú 🚀";
  CHECK(t.round_trip("text_value", utf8) == utf8);
  CHECK(t.db.query_value<std::int64_t>("SELECT length(text_value) FROM items") == 19);  // characters
  CHECK(t.db.query_value<std::int64_t>("SELECT length(CAST(text_value AS BLOB)) FROM items") ==
        static_cast<std::int64_t>(utf8.size()));

  const std::string with_nul("a\0b", 3);
  const auto back = t.round_trip("text_value", with_nul);
  CHECK(back.size() == 3);
  CHECK(back == with_nul);
}

TEST_CASE("string_view, const char* and literals bind as text", "[core][value_traits]") {
  items_table t;
  const std::string owner = "viewed text";
  t.store("text_value", std::string_view(owner).substr(0, 6));
  CHECK(t.read<std::string>("text_value") == "viewed");

  const char* pointer = "pointer text";
  t.store("text_value", pointer);
  CHECK(t.read<std::string>("text_value") == "pointer text");

  t.store("text_value", "literal");
  CHECK(t.read<std::string>("text_value") == "literal");

  SECTION("a default string_view is empty text, not NULL") {
    t.store("text_value", std::string_view{});
    CHECK(t.storage_class("text_value") == "text");
    CHECK(t.read<std::string>("text_value").empty());
  }
  SECTION("a null const char* is NULL") {
    t.store("text_value", static_cast<const char*>(nullptr));
    CHECK(t.storage_class("text_value") == "null");
  }
}

TEMPLATE_TEST_CASE("integers round-trip at their limits", "[core][value_traits]", std::int8_t, std::int16_t,
                   std::int32_t, std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t, short, long,
                   long long, unsigned) {
  items_table t;
  const TestType low = std::numeric_limits<TestType>::min();
  const TestType high = std::numeric_limits<TestType>::max();
  CHECK(t.round_trip("int_value", low) == low);
  CHECK(t.storage_class("int_value") == "integer");
  CHECK(t.round_trip("int_value", high) == high);
  CHECK(t.round_trip("int_value", TestType{0}) == TestType{0});
}

TEST_CASE("int64 min and max survive exactly", "[core][value_traits]") {
  items_table t;
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  CHECK(t.round_trip("int_value", min) == min);
  CHECK(t.db.query_value<std::string>("SELECT CAST(int_value AS TEXT) FROM items") == "-9223372036854775808");
  CHECK(t.round_trip("int_value", max) == max);
  CHECK(t.db.query_value<std::string>("SELECT CAST(int_value AS TEXT) FROM items") == "9223372036854775807");
}

TEST_CASE("uint64 maps up to INT64_MAX and refuses more", "[core][value_traits]") {
  items_table t;
  constexpr auto fits = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  CHECK(t.round_trip("int_value", fits) == fits);
  CHECK_THROWS_AS(t.store("int_value", fits + 1), vellum::error);
  CHECK(t.read<std::uint64_t>("int_value") == fits);  // the failed write changed nothing
}

TEST_CASE("an integer that does not fit the C++ type is a mapping_error", "[core][value_traits]") {
  items_table t;
  t.store("int_value", std::int64_t{300});
  CHECK_THAT(t.read_error<std::int8_t>("int_value"), Contains("300"));
  CHECK_THAT(t.read_error<std::uint8_t>("int_value"), Contains("out of range"));
  CHECK(t.read<std::int16_t>("int_value") == 300);

  t.store("int_value", std::numeric_limits<std::int64_t>::max());
  t.read_error<std::int32_t>("int_value");
  t.read_error<std::uint32_t>("int_value");

  t.store("int_value", std::int64_t{-1});
  t.read_error<std::uint8_t>("int_value");
  t.read_error<std::uint64_t>("int_value");
  CHECK(t.read<std::int8_t>("int_value") == -1);

  SECTION("text in an integer column") {
    t.store("int_value", std::string("abc"));
    CHECK_THAT(t.read_error<int>("int_value"), Contains("TEXT"));
  }
}

TEST_CASE("doubles round-trip and integers read as doubles", "[core][value_traits]") {
  items_table t;
  CHECK(t.round_trip("real_value", 3.25) == 3.25);
  CHECK(t.storage_class("real_value") == "real");
  CHECK(t.round_trip("real_value", -1.0e308) == -1.0e308);
  CHECK(t.round_trip("real_value", std::numeric_limits<double>::denorm_min()) ==
        std::numeric_limits<double>::denorm_min());
  CHECK(t.round_trip("real_value", 0.5f) == 0.5f);

  t.store("int_value", 7);
  CHECK(t.read<double>("int_value") == 7.0);

  t.store("real_value", std::string("not a number"));
  CHECK_THAT(t.read_error<double>("real_value"), Contains("expected REAL"));
}

TEST_CASE("bool is stored as 0/1 and nothing else reads as bool", "[core][value_traits]") {
  items_table t;
  CHECK(t.round_trip("int_value", true) == true);
  CHECK(t.db.query_value<std::int64_t>("SELECT int_value FROM items") == 1);
  CHECK(t.round_trip("int_value", false) == false);
  CHECK(t.db.query_value<std::int64_t>("SELECT int_value FROM items") == 0);

  t.store_sql("int_value", "2");
  CHECK_THAT(t.read_error<bool>("int_value"), Contains("holds 2"));
  t.store_sql("int_value", "-1");
  t.read_error<bool>("int_value");
}

TEST_CASE("named enums are stored as their TEXT names", "[core][value_traits]") {
  items_table t;
  CHECK(t.round_trip("enum_value", status::published) == status::published);
  CHECK(t.storage_class("enum_value") == "text");
  CHECK(t.db.query_value<std::string>("SELECT enum_value FROM items") == "published");
  CHECK(t.round_trip("enum_value", status::archived) == status::archived);

  SECTION("an unknown name is a mapping_error") {
    t.store("enum_value", std::string("deleted"));
    CHECK_THAT(t.read_error<status>("enum_value"), Contains("'deleted'"));
  }
  SECTION("names are case-sensitive") {
    t.store("enum_value", std::string("Draft"));
    t.read_error<status>("enum_value");
  }
  SECTION("a value without a declared name cannot be bound") {
    CHECK_THROWS_AS(t.store("enum_value", status::unnamed), vellum::error);
    CHECK(t.read<status>("enum_value") == status::archived);
  }
}

TEST_CASE("time points are stored as INTEGER in their own unit", "[core][value_traits]") {
  items_table t;
  const vellum::unix_seconds seconds{1'700'000'000s};
  CHECK(t.round_trip("time_value", seconds) == seconds);
  CHECK(t.storage_class("time_value") == "integer");
  CHECK(t.db.query_value<std::int64_t>("SELECT time_value FROM items") == 1'700'000'000);

  const vellum::unix_millis millis{1'700'000'000'123ms};
  CHECK(t.round_trip("time_value", millis) == millis);
  CHECK(t.db.query_value<std::int64_t>("SELECT time_value FROM items") == 1'700'000'000'123);

  const std::chrono::sys_time<std::chrono::microseconds> micros{-1'234'567us};  // before 1970
  CHECK(t.round_trip("time_value", micros) == micros);

  const std::chrono::sys_days day{std::chrono::year{2024} / 2 / 29};
  CHECK(t.round_trip("time_value", day) == day);

  t.store("time_value", std::optional<std::int64_t>{});
  t.read_error<vellum::unix_seconds>("time_value");
}

TEST_CASE("json is stored as TEXT, nested arrays included", "[core][value_traits]") {
  items_table t;
  const auto doc = nlohmann::json::parse(R"({"title":"Grüße","tags":[["a","b"],[],[1,[2,[3.5,null]]]],"meta":{"draft":true}})");
  CHECK(t.round_trip("json_value", doc) == doc);
  CHECK(t.storage_class("json_value") == "text");
  CHECK(t.db.query_value<std::int64_t>("SELECT json_array_length(json_value, '$.tags[2][1]') FROM items") == 2);

  CHECK(t.round_trip("json_value", nlohmann::json::array()) == nlohmann::json::array());
  CHECK(t.round_trip("json_value", nlohmann::json("just a string")) == "just a string");

  SECTION("text that is not JSON is a mapping_error naming the column") {
    t.store("json_value", std::string("{not json"));
    CHECK_THAT(t.read_error<nlohmann::json>("json_value"), Contains("not valid JSON"));
  }
  SECTION("empty text is not JSON") {
    t.store("json_value", std::string());
    t.read_error<nlohmann::json>("json_value");
  }
}

TEST_CASE("blobs round-trip byte for byte", "[core][value_traits]") {
  items_table t;
  const auto zeros = bytes({0x00, 0x00, 0x01, 0x00, 0xff, 0x00});
  CHECK(t.round_trip("blob_value", zeros) == zeros);
  CHECK(t.storage_class("blob_value") == "blob");
  CHECK(t.db.query_value<std::int64_t>("SELECT length(blob_value) FROM items") == 6);

  SECTION("an empty blob is an empty BLOB, not NULL") {
    CHECK(t.round_trip("blob_value", vellum::blob{}).empty());
    CHECK(t.storage_class("blob_value") == "blob");
  }
  SECTION("a span binds without being a vector") {
    const auto source = bytes({0xde, 0xad, 0x00, 0xbe, 0xef});
    t.store("blob_value", std::span<const std::byte>(source).subspan(1, 3));
    CHECK(t.read<vellum::blob>("blob_value") == bytes({0xad, 0x00, 0xbe}));
  }
  SECTION("a large blob") {
    vellum::blob big(1 << 20);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::byte>(i * 7);
    CHECK(t.round_trip("blob_value", big) == big);
  }
}

TEST_CASE("std::optional maps NULL to nullopt both ways", "[core][value_traits]") {
  items_table t;
  CHECK(t.round_trip("text_value", std::optional<std::string>{}) == std::nullopt);
  CHECK(t.storage_class("text_value") == "null");
  CHECK(t.round_trip("text_value", std::optional<std::string>{""}) == std::optional<std::string>{""});
  CHECK(t.storage_class("text_value") == "text");

  CHECK(t.round_trip("int_value", std::optional<std::int32_t>{}) == std::nullopt);
  CHECK(t.round_trip("int_value", std::optional<std::int32_t>{-5}) == -5);
  CHECK(t.round_trip("enum_value", std::optional<status>{status::draft}) == status::draft);
  CHECK(t.round_trip("enum_value", std::optional<status>{}) == std::nullopt);
  CHECK(t.round_trip("json_value", std::optional<nlohmann::json>{}) == std::nullopt);
  CHECK(t.round_trip("blob_value", std::optional<vellum::blob>{bytes({0})}) == bytes({0}));
  CHECK(t.round_trip("time_value", std::optional<vellum::unix_millis>{}) == std::nullopt);

  t.store("text_value", std::nullopt);
  CHECK(t.storage_class("text_value") == "null");

  SECTION("an optional still checks the value when there is one") {
    t.store("json_value", std::string("nope"));
    t.read_error<std::optional<nlohmann::json>>("json_value");
  }
}

TEST_CASE("NULL read into a non-optional is a mapping_error", "[core][value_traits]") {
  items_table t;  // every column but id is NULL
  CHECK_THAT(t.read_error<std::string>("text_value"), Contains("NULL"));
  t.read_error<std::int64_t>("int_value");
  t.read_error<std::uint8_t>("int_value");
  t.read_error<bool>("int_value");
  t.read_error<double>("real_value");
  t.read_error<vellum::blob>("blob_value");
  t.read_error<nlohmann::json>("json_value");
  t.read_error<status>("enum_value");
  t.read_error<vellum::unix_seconds>("time_value");
  t.read_error<email_address>("text_value");
}

TEST_CASE("mapping_error names the source column through an alias", "[core][value_traits]") {
  items_table t;
  auto st = t.db.prepare("SELECT text_value AS shown FROM items");
  REQUIRE(st.step());
  try {
    (void)st.get<std::string>(0);
    FAIL("expected mapping_error");
  } catch (const vellum::mapping_error& e) {
    CHECK(e.table() == "items");
    CHECK(e.column() == "text_value");
    CHECK_THAT(e.what(), Contains("SELECT text_value AS shown FROM items"));
  }
}

TEST_CASE("a custom type maps through storage_type", "[core][value_traits]") {
  items_table t;
  const email_address mail{"ada@example.com"};
  CHECK(t.round_trip("text_value", mail) == mail);
  CHECK(t.storage_class("text_value") == "text");
  CHECK(t.round_trip("text_value", std::optional<email_address>{}) == std::nullopt);
  CHECK(t.round_trip("text_value", std::optional<email_address>{mail}) == mail);
}

TEST_CASE("lvalue text is borrowed, rvalue text is copied", "[core][value_traits]") {
  vellum::connection db{":memory:"};
  SECTION("borrowed: the statement reads the caller's buffer at step time") {
    std::string text = "aaaa";
    auto st = db.prepare("SELECT ?1");
    st.bind(1, text);
    text[0] = 'b';  // same buffer, no reallocation
    REQUIRE(st.step());
    CHECK(st.get<std::string>(0) == "baaa");
  }
  SECTION("copied: a temporary's text is SQLite's own") {
    std::string text = "aaaa";
    auto st = db.prepare("SELECT ?1");
    st.bind(1, std::string(text));
    text[0] = 'b';
    REQUIRE(st.step());
    CHECK(st.get<std::string>(0) == "aaaa");
  }
  SECTION("a statement back in the cache holds no bindings") {
    {
      std::string borrowed = "borrowed";
      auto st = db.prepare("SELECT ?1, ?2");
      st.bind(1, borrowed).bind(2, std::string("copied"));
      REQUIRE(st.step());
    }
    auto again = db.prepare("SELECT ?1, ?2");
    CHECK(db.stats().cache_hits == 1);
    REQUIRE(again.step());
    CHECK(again.is_null(0));
    CHECK(again.is_null(1));
  }
  SECTION("copied values do not leak into the next lease either") {
    db.run("SELECT ?1", std::string("copied"));
    auto again = db.prepare("SELECT ?1");
    CHECK(db.stats().cache_hits == 1);
    REQUIRE(again.step());
    CHECK(again.is_null(0));
  }
}

TEST_CASE("binding a parameter the statement does not have says so", "[core][value_traits]") {
  vellum::connection db{":memory:"};
  auto st = db.prepare("SELECT ?1");
  try {
    st.bind(2, 1);
    FAIL("expected vellum::error");
  } catch (const vellum::error& e) {
    CHECK_THAT(e.what(), Contains("parameter 2"));
    CHECK_THAT(e.what(), Contains("has 1 parameter"));
  }
  CHECK_THROWS_AS(db.run("SELECT ?1", 1, 2), vellum::error);
}
