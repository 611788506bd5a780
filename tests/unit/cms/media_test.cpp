// media_repository: registering uploads, metadata edits, soft delete / restore / purge, keyset
// lists with filters, one-statement statistics, media.* permissions per role, and atomic,
// audited mutations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <vellum/cms/content_repository.hpp>
#include <vellum/cms/media_repository.hpp>
#include <vellum/cms/schema.hpp>
#include <vellum/core/query_event.hpp>
#include <vellum/testing/database_dump.hpp>
#include <vellum/testing/seed.hpp>

#include "cms_backend_fixture.hpp"
#include "refusal.hpp"

namespace {

namespace cms = vellum::cms;
namespace vt = vellum::testing;
using field_errors = vellum::validation_error::field_errors;
using vellum_test::refused;
using namespace std::chrono_literals;

const auto setup = cms::actor::system("setup");

struct media_fixture {
  cms_backend::test_store ms;
  cms::user admin = vt::seed_user(ms, {.username = "ada", .role = cms::user_role::admin});
  cms::user editor = vt::seed_user(ms, {.username = "erin", .role = cms::user_role::editor});
  cms::user author = vt::seed_user(ms, {.username = "alex", .role = cms::user_role::author});
  cms::user viewer = vt::seed_user(ms, {.username = "vic", .role = cms::user_role::viewer});
  int uploads = 0;

  auto media() { return ms.store().media(); }

  /// A valid upload; `tweak` changes what a test cares about.
  cms::new_media upload(std::string mime = "image/png", std::int64_t size = 100) {
    ++uploads;
    const auto n = std::to_string(uploads);
    return {.filename = "f" + n + ".bin",
            .original_name = "File " + n + ".bin",
            .mime_type = std::move(mime),
            .size = size,
            .storage_key = "uploads/f" + n,
            .public_url = "https://cdn.example.com/f" + n,
            .uploaded_by = editor.id};
  }

  cms::media add(cms::new_media in) { return media().register_upload(setup, in); }
};

std::vector<std::string> ids_of(const std::vector<cms::media>& rows) {
  std::vector<std::string> out;
  for (const auto& m : rows) out.push_back(m.id);
  return out;
}

/// Counts the statements `db` executes while `call` runs.
template <class F>
int statements_during(cms_backend::database& db, F&& call) {
  int statements = 0;
  db.set_logger([&](const vellum::query_event&) { ++statements; });
  call();
  db.set_logger(nullptr);
  return statements;
}

}  // namespace

TEST_CASE("register_upload stores an upload's metadata and audits it", "[media][GX-2][GX-4][GX-7]") {
  media_fixture f;
  f.ms.clock.advance(5s);
  auto in = f.upload(" Image/PNG ", 48213);
  in.width = 640;
  in.height = 480;
  in.folder = "blog/2024";
  in.thumbnail_url = "https://cdn.example.com/t1";
  in.alt = "A cat";
  in.caption = "";  // empty: NULL
  in.tags = {"cats", "animals", "cats"};
  in.uploaded_by.reset();
  const auto m = f.media().register_upload(cms::actor::user(f.author.id), in);

  const auto row = f.media().get(m.id);
  CHECK(row.mime_type == "image/png");
  CHECK(row.size == 48213);
  CHECK(row.width == 640);
  CHECK(row.height == 480);
  CHECK(row.folder == "blog/2024");
  CHECK(row.r2_key == "uploads/f1");
  CHECK(row.public_url == "https://cdn.example.com/f1");
  CHECK(row.thumbnail_url == "https://cdn.example.com/t1");
  CHECK(row.alt == "A cat");
  CHECK_FALSE(row.caption.has_value());
  CHECK(row.tags == nlohmann::json::array({"animals", "cats"}));  // sorted, once each
  CHECK(row.uploaded_by == f.author.id);                         // the actor's user by default
  CHECK(row.uploaded_at == f.ms.now());
  CHECK(row.updated_at == f.ms.now());
  CHECK_FALSE(row.deleted_at.has_value());

  const auto trail = vellum_test::audit_of(f.ms, "media", m.id);
  REQUIRE(trail.size() == 1);
  CHECK(trail[0].action == "media.register");
  CHECK(trail[0].actor == "user:" + f.author.id);
  CHECK(trail[0].data == nlohmann::json{{"filename", "f1.bin"},
                                        {"mime_type", "image/png"},
                                        {"size", 48213},
                                        {"folder", "blog/2024"},
                                        {"uploaded_by", f.author.id}});
}

TEST_CASE("register_upload refuses bad MIME types and sizes and tags - every field at once - writing nothing",
          "[media][GX-1]") {
  media_fixture f;
  auto in = f.upload("image", -1);
  in.width = 0;
  in.height = -5;
  in.folder = "../etc";
  in.filename = "a/b.png";
  in.original_name = " ";
  in.storage_key = "";
  in.tags = {"ok", 3, ""};
  const auto e = refused<vellum::validation_error>(f.ms, [&] { (void)f.add(in); });
  CHECK(e.fields() == field_errors{{"mime_type", {"must be a MIME type such as image/png"}},
                                   {"size", {"must not be negative"}},
                                   {"width", {"must be positive"}},
                                   {"height", {"must be positive"}},
                                   {"folder",
                                    {"must be at most 255 characters: names of letters, digits, '.', '_' and '-' "
                                     "separated by '/'"}},
                                   {"filename", {"must not contain '/', '\\' or control characters"}},
                                   {"original_name", {"must not be empty"}},
                                   {"storage_key", {"must not be empty"}},
                                   {"tags[1]", {"must be a text"}},
                                   {"tags[2]", {"must not be empty"}}});

  for (const char* bad : {"", "image/", "/png", "image/png/x", "image png", "image/png; charset=x", "im@ge/png"}) {
    INFO(bad);
    CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.add(f.upload(bad)); }).fields().contains("mime_type"));
  }
  for (const char* good : {"application/vnd.ms-excel", "image/svg+xml", "video/mp4", "text/x-c++src"}) {
    INFO(good);
    CHECK(f.add(f.upload(good)).mime_type == good);
  }

  auto not_an_array = f.upload();
  not_an_array.tags = {{"tag", "x"}};
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.add(not_an_array); }).fields() ==
        field_errors{{"tags", {"must be a JSON array of texts"}}});
  auto too_many = f.upload();
  too_many.tags = nlohmann::json::array();
  for (int i = 0; i < 51; ++i) too_many.tags.push_back("t" + std::to_string(i));
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.add(too_many); }).fields() ==
        field_errors{{"tags", {"must hold at most 50 entries"}}});
  auto long_tag = f.upload();
  long_tag.tags = {std::string(51, 't')};
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.add(long_tag); }).fields().contains("tags[0]"));

  // A system job names the uploader; an unknown one is not_found.
  auto no_uploader = f.upload();
  no_uploader.uploaded_by.reset();
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.add(no_uploader); }).fields() ==
        field_errors{{"uploaded_by", {"required when the actor is a system job"}}});
  auto ghost = f.upload();
  ghost.uploaded_by = "nobody";
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.add(ghost); });
}

TEST_CASE("a storage key is registered once: the second is conflict{storage_key}", "[media][GX-1]") {
  media_fixture f;
  const auto first = f.add(f.upload());
  auto again = f.upload();
  again.storage_key = first.r2_key;
  const auto e = refused<vellum::conflict>(f.ms, [&] { (void)f.add(again); });
  CHECK(e.field() == "storage_key");
}

TEST_CASE("media permissions follow the roles: authors upload and editors edit and delete and viewers only read",
          "[media][permissions]") {
  media_fixture f;
  const auto viewer = cms::actor::user(f.viewer.id);
  const auto author = cms::actor::user(f.author.id);
  const auto editor = cms::actor::user(f.editor.id);

  CHECK(refused<vellum::forbidden>(f.ms, [&] { (void)f.media().register_upload(viewer, f.upload()); }).permission() ==
        "media.create");
  auto own = f.upload();
  own.uploaded_by.reset();
  const auto m = f.media().register_upload(author, own);
  CHECK(f.media().get(m.id).uploaded_by == f.author.id);

  CHECK(refused<vellum::forbidden>(f.ms, [&] { (void)f.media().update_metadata(author, m.id, {.alt = "x"}); })
            .permission() == "media.update");
  CHECK(refused<vellum::forbidden>(f.ms, [&] { (void)f.media().soft_delete(author, m.id); }).permission() ==
        "media.delete");
  CHECK(refused<vellum::forbidden>(f.ms, [&] { (void)f.media().purge_deleted(author, std::chrono::days(0)); })
            .permission() == "media.delete");

  CHECK(f.media().update_metadata(editor, m.id, {.alt = "x"}).alt == "x");
  CHECK(f.media().soft_delete(editor, m.id).deleted_at == f.ms.now());
  (void)refused<vellum::forbidden>(f.ms, [&] { (void)f.media().restore(viewer, m.id); });
  CHECK_FALSE(f.media().restore(cms::actor::user(f.admin.id), m.id).deleted_at.has_value());
}

TEST_CASE("update_metadata changes what it is given and audits from and to", "[media][GX-7]") {
  media_fixture f;
  auto in = f.upload();
  in.alt = "old alt";
  in.tags = {"a"};
  const auto m = f.add(in);
  f.ms.clock.advance(1min);

  const auto after = f.media().update_metadata(setup, m.id,
                                               {.filename = "renamed.png",
                                                .folder = "archive",
                                                .thumbnail_url = "https://cdn.example.com/t",
                                                .alt = "",
                                                .caption = "A caption",
                                                .tags = nlohmann::json{"b", "a"}});
  const auto row = f.media().get(m.id);
  CHECK(row.filename == "renamed.png");
  CHECK(row.folder == "archive");
  CHECK(row.thumbnail_url == "https://cdn.example.com/t");
  CHECK_FALSE(row.alt.has_value());  // "" clears
  CHECK(row.caption == "A caption");
  CHECK(row.tags == nlohmann::json{"a", "b"});
  CHECK(row.updated_at == f.ms.now());
  CHECK(row.uploaded_at == m.uploaded_at);
  CHECK(after.updated_at == row.updated_at);

  const auto trail = vellum_test::audit_of(f.ms, "media", m.id);
  REQUIRE(trail.size() == 2);
  CHECK(trail[1].action == "media.update");
  CHECK(trail[1].data == nlohmann::json{{"filename", {{"from", "f1.bin"}, {"to", "renamed.png"}}},
                                        {"folder", {{"from", "uploads"}, {"to", "archive"}}},
                                        {"thumbnail_url", {{"from", nullptr}, {"to", "https://cdn.example.com/t"}}},
                                        {"alt", {{"from", "old alt"}, {"to", nullptr}}},
                                        {"caption", {{"from", nullptr}, {"to", "A caption"}}},
                                        {"tags", {{"from", {"a"}}, {"to", {"a", "b"}}}}});

  // The same values again: nothing written, no audit event.
  f.ms.clock.advance(1min);
  const auto before = cms_backend::dump(f.ms.db());
  (void)f.media().update_metadata(setup, m.id, {.folder = "archive", .caption = "A caption", .tags = nlohmann::json{"a", "b", "a"}});
  CHECK(cms_backend::dump(f.ms.db()) == before);
}

TEST_CASE("update_metadata refusals are typed and change nothing", "[media][GX-1]") {
  media_fixture f;
  const auto m = f.add(f.upload());
  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.media().update_metadata(setup, m.id, {.filename = "", .folder = "a//b", .tags = nlohmann::json("x")});
        }).fields() == field_errors{{"filename", {"must not be empty"}},
                                    {"folder",
                                     {"must be at most 255 characters: names of letters, digits, '.', '_' and '-' "
                                      "separated by '/'"}},
                                    {"tags", {"must be a JSON array of texts"}}});
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.media().update_metadata(setup, "nope", {.alt = "x"}); });
  (void)f.media().soft_delete(setup, m.id);
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.media().update_metadata(setup, m.id, {.alt = "x"}); });
  CHECK(refused<vellum::validation_error>(f.ms, [&] {
          (void)f.media().update_metadata(cms::actor::system(""), m.id, {.alt = "x"});
        }).fields().contains("actor"));
}

TEST_CASE("soft_delete hides a medium and restore brings it back - each once", "[media][GX-7]") {
  media_fixture f;
  const auto m = f.add(f.upload());
  f.ms.clock.advance(1h);
  const auto deleted = f.media().soft_delete(setup, m.id);
  CHECK(deleted.deleted_at == f.ms.now());
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.media().get(m.id); });
  CHECK(f.media().get(m.id, true).deleted_at == f.ms.now());
  CHECK(f.media().list().items.empty());
  CHECK(refused<vellum::invalid_state>(f.ms, [&] { (void)f.media().soft_delete(setup, m.id); }).what() ==
        std::string("delete media: medium '" + m.id + "' is already deleted"));

  f.ms.clock.advance(1h);
  const auto restored = f.media().restore(setup, m.id);
  CHECK_FALSE(restored.deleted_at.has_value());
  CHECK(f.media().get(m.id).updated_at == f.ms.now());
  (void)refused<vellum::invalid_state>(f.ms, [&] { (void)f.media().restore(setup, m.id); });
  (void)refused<vellum::not_found>(f.ms, [&] { (void)f.media().restore(setup, "never-existed"); });

  const auto trail = vellum_test::audit_of(f.ms, "media", m.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[1].action == "media.delete");
  CHECK(trail[2].action == "media.restore");
}

TEST_CASE("purge_deleted removes media soft-deleted at least N days ago and leaves a tombstone", "[media][GX-7]") {
  media_fixture f;
  const auto posts = vt::seed_collection(f.ms, {.name = "posts"});
  const auto old_one = f.add(f.upload());
  const auto recent = f.add(f.upload());
  const auto kept = f.add(f.upload());
  const auto post = vt::seed_content(f.ms, {.collection_id = posts.id, .meta = {.featured_image_id = old_one.id},
                                            .author_id = f.editor.id});
  (void)f.media().soft_delete(setup, old_one.id);
  f.ms.clock.advance(std::chrono::days(20));
  (void)f.media().soft_delete(setup, recent.id);
  f.ms.clock.advance(std::chrono::days(10));  // old_one: 30 days in the trash, recent: 10

  // Nothing is 31 days old yet.
  CHECK(f.media().purge_deleted(setup, std::chrono::days(31)).empty());
  const auto purged = f.media().purge_deleted(cms::actor::user(f.editor.id), std::chrono::days(30));
  CHECK(purged == std::vector<cms::purged_media>{{old_one.id, old_one.r2_key}});
  CHECK(f.ms.db().select<cms::media>().where(vellum::col<&cms::media::id> == old_one.id).one() == std::nullopt);
  CHECK(f.media().get(recent.id, true).deleted_at.has_value());
  CHECK(f.media().get(kept.id).id == kept.id);
  // The content's featured image is cleared by the foreign key.
  CHECK_FALSE(f.ms.store().content().get(post.id).featured_image_id.has_value());

  const auto trail = vellum_test::audit_of(f.ms, "media", old_one.id);
  REQUIRE(trail.size() == 3);
  CHECK(trail[2].action == "media.purge");
  CHECK(trail[2].actor == "user:" + f.editor.id);
  CHECK(trail[2].data == nlohmann::json{{"storage_key", old_one.r2_key}});

  // A purged medium cannot be restored, and the error says why.
  const auto e = refused<vellum::not_found>(f.ms, [&] { (void)f.media().restore(setup, old_one.id); });
  CHECK(std::string(e.what()) == "restore media: medium '" + old_one.id + "' was purged and cannot be restored");

  // Age 0: every soft-deleted medium; a negative age is refused.
  CHECK(refused<vellum::validation_error>(f.ms, [&] { (void)f.media().purge_deleted(setup, std::chrono::days(-1)); })
            .fields() == field_errors{{"age", {"must not be negative"}}});
  CHECK(f.media().purge_deleted(setup, std::chrono::days(0)) == std::vector<cms::purged_media>{{recent.id, recent.r2_key}});
}

TEST_CASE("purge_deleted deletes nothing when one of its audit events fails", "[media][GX-1][GX-7]") {
  media_fixture f;
  const auto a = f.add(f.upload());
  const auto b = f.add(f.upload());
  (void)f.media().soft_delete(setup, a.id);
  (void)f.media().soft_delete(setup, b.id);
  const auto before = cms_backend::dump(f.ms.db());
  {
    cms_backend::write_failure audit_down{f.ms.db(), "audit_events"};
    CHECK_THROWS_AS(f.media().purge_deleted(setup, std::chrono::days(0)), vellum::constraint_error);
    CHECK_THROWS_AS(f.add(f.upload()), vellum::constraint_error);
    CHECK_THROWS_AS(f.media().restore(setup, a.id), vellum::constraint_error);
  }
  CHECK(cms_backend::dump(f.ms.db()) == before);
}

TEST_CASE("list pages newest upload first with a keyset cursor in one statement per page", "[media]") {
  media_fixture f;
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    expected.insert(expected.begin(), f.add(f.upload()).id);
    if (i % 2 == 0) f.ms.clock.advance(1s);  // pairs share an upload time: the id breaks the tie
  }
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    cms::media_page page;
    CHECK(statements_during(f.ms.db(), [&] { page = f.media().list({.limit = 3, .cursor = cursor}); }) == 1);
    for (const auto& id : ids_of(page.items)) seen.push_back(id);
    cursor = page.next_cursor;
    ++pages;
  } while (cursor);
  CHECK(pages == 3);
  // Equal upload times order by id descending; ids here are id-N, compared as text.
  std::vector<cms::media> all = f.ms.db().select<cms::media>().all();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.uploaded_at != b.uploaded_at ? a.uploaded_at > b.uploaded_at : a.id > b.id;
  });
  CHECK(seen == ids_of(all));

  CHECK_THROWS_AS(f.media().list({.cursor = "not a cursor!"}), vellum::validation_error);
  CHECK_THROWS_AS(f.media().list({.limit = 0}), vellum::validation_error);
  CHECK_THROWS_AS(f.media().list({.limit = 501}), vellum::validation_error);
}

TEST_CASE("list filters by folder and MIME prefix and uploader and tag and trash", "[media]") {
  media_fixture f;
  auto photo = f.upload("image/jpeg");
  photo.folder = "photos";
  photo.tags = {"cats", "pets"};
  const auto cat = f.add(photo);
  auto png = f.upload("image/png");
  png.tags = {"logos"};
  png.uploaded_by = f.author.id;
  const auto logo = f.add(png);
  auto pdf = f.upload("application/pdf");
  pdf.folder = "photos";
  pdf.tags = {"cats_and_dogs"};
  const auto doc = f.add(pdf);
  const auto gone = f.add(f.upload("image/gif"));
  (void)f.media().soft_delete(setup, gone.id);

  using ids = std::set<std::string>;
  const auto ids_for = [&](const cms::media_query& q) {
    const auto found = ids_of(f.media().list(q).items);
    return ids(found.begin(), found.end());
  };
  CHECK(ids_for({}) == ids{cat.id, logo.id, doc.id});
  CHECK(ids_for({.folder = "photos"}) == ids{cat.id, doc.id});
  CHECK(ids_for({.mime_prefix = "image/"}) == ids{cat.id, logo.id});
  CHECK(ids_for({.mime_prefix = "IMAGE/PNG"}) == ids{logo.id});
  CHECK(ids_for({.mime_prefix = "image/_"}).empty());  // no wildcard: '_' is itself
  CHECK(ids_for({.uploaded_by = f.author.id}) == ids{logo.id});
  CHECK(ids_for({.tag = "cats"}) == ids{cat.id});  // whole tags, not substrings
  CHECK(ids_for({.folder = "photos", .mime_prefix = "image/", .tag = "pets"}) == ids{cat.id});
  CHECK(ids_for({.deleted = cms::media_query::deleted_filter::only}) == ids{gone.id});
  CHECK(ids_for({.mime_prefix = "image/", .deleted = cms::media_query::deleted_filter::include}) ==
        ids{cat.id, logo.id, gone.id});
}

TEST_CASE("statistics are one statement each and count non-deleted media", "[media]") {
  media_fixture f;
  auto add_in = [&](const char* mime, std::int64_t size, const char* folder) {
    auto in = f.upload(mime, size);
    in.folder = folder;
    return f.add(in);
  };
  (void)add_in("image/png", 100, "uploads");
  (void)add_in("image/jpeg", 250, "photos");
  (void)add_in("video/mp4", 5000, "photos");
  (void)add_in("application/pdf", 40, "docs");
  (void)add_in("image/png", 0, "docs");
  const auto deleted = add_in("video/mp4", 999999, "uploads");
  (void)f.media().soft_delete(setup, deleted.id);

  cms::media_totals totals;
  std::vector<cms::media_group_totals> by_folder;
  std::vector<cms::media_group_totals> by_type;
  CHECK(statements_during(f.ms.db(), [&] { totals = f.media().totals(); }) == 1);
  CHECK(statements_during(f.ms.db(), [&] { by_folder = f.media().totals_by_folder(); }) == 1);
  CHECK(statements_during(f.ms.db(), [&] { by_type = f.media().totals_by_type(); }) == 1);

  CHECK(totals.count == 5);
  CHECK(totals.total_size == 5390);
  CHECK(by_folder == std::vector<cms::media_group_totals>{{"docs", 2, 40}, {"photos", 2, 5250}, {"uploads", 1, 100}});
  CHECK(by_type ==
        std::vector<cms::media_group_totals>{{"application", 1, 40}, {"image", 3, 350}, {"video", 1, 5000}});

  // Every medium deleted: zero, not a missing row.
  for (const auto& m : f.media().list({.limit = 100}).items) (void)f.media().soft_delete(setup, m.id);
  totals = f.media().totals();
  CHECK(totals.count == 0);
  CHECK(totals.total_size == 0);
  CHECK(f.media().totals_by_folder().empty());
  CHECK(f.media().totals_by_type().empty());
}
