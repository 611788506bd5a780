// Compile cost, step 3: vellum, the full CMS table definitions and 50 distinct queries (each a
// distinct type and SQL text: selects, joins, aggregates, inserts, updates, deletes), each run,
// so everything a real call site instantiates is compiled. bench/compile_cost.sh times it.
#include <vellum/cms/schema.hpp>
#include <vellum/vellum.hpp>

namespace cc {
namespace v = vellum;
using namespace vellum::cms;
using v::col;

using ms = v::unix_millis;

// --- users (1–8) --------------------------------------------------------------------------------
auto q01(v::database& db, const std::string& id) { return db.select<user>().where(col<&user::id> == id).one(); }
auto q02(v::database& db, const std::string& email) {
  return db.select<user>().where(col<&user::email> == email && col<&user::is_active> == true).one();
}
auto q03(v::database& db, user_role role) {
  return db.select<user>().where(col<&user::role> == role).order_by(v::asc(col<&user::email>)).limit(50).all();
}
auto q04(v::database& db) {
  return db.select(col<&user::role>, v::count()).from<user>().group_by(col<&user::role>).all();
}
auto q05(v::database& db, const std::string& id, ms at) {
  return db.update<user>().set(col<&user::last_login_at> = std::optional<ms>(at)).where(col<&user::id> == id).run();
}
auto q06(v::database& db, const std::string& pattern) {
  return db.select(col<&user::id>, col<&user::username>)
      .from<user>()
      .where(v::like(col<&user::username>, pattern))
      .limit(20)
      .all();
}
auto q07(v::database& db, const std::string& id) {
  return db.update<user>().set(col<&user::is_active> = false).where(col<&user::id> == id).run();
}
auto q08(v::database& db) {
  return db.select(col<&user::id>).from<user>().where(v::is_not_null(col<&user::invitation_token>)).all();
}

// --- collections (9–13) ---------------------------------------------------------------------------
auto q09(v::database& db, const std::string& name) {
  return db.select<collection>().where(col<&collection::name> == name).one();
}
auto q10(v::database& db) {
  return db.select<collection>().where(col<&collection::is_active> == true).order_by(col<&collection::name>).all();
}
auto q11(v::database& db, const std::string& id, std::int64_t version) {
  return db.update<collection>()
      .set(col<&collection::schema_version> = version)
      .where(col<&collection::id> == id)
      .run();
}
auto q12(v::database& db) {
  return db.select(col<&collection::id>, col<&collection::display_name>).from<collection>().all();
}
auto q13(v::database& db, const std::string& id) {
  return db.delete_from<collection>().where(col<&collection::id> == id).run();
}

// --- content (14–30) ------------------------------------------------------------------------------
auto q14(v::database& db, const std::string& id) { return db.select<content>().where(col<&content::id> == id).one(); }
auto q15(v::database& db, const std::string& coll, const std::string& slug) {
  return db.select<content>()
      .where(col<&content::collection_id> == coll && col<&content::slug> == slug && v::is_null(col<&content::deleted_at>))
      .one();
}
auto q16(v::database& db, const std::string& coll) {
  return db.select<content>()
      .where(col<&content::collection_id> == coll && col<&content::status> == content_status::published)
      .order_by(v::desc(col<&content::updated_at>))
      .limit(20)
      .all();
}
auto q17(v::database& db, const std::string& coll, std::int64_t page) {
  return db.select<content>()
      .where(col<&content::collection_id> == coll)
      .order_by(v::desc(col<&content::updated_at>), v::desc(col<&content::id>))
      .limit(20)
      .offset(page * 20)
      .all();
}
auto q18(v::database& db) {
  return db.select(col<&content::status>, v::count()).from<content>().group_by(col<&content::status>).all();
}
auto q19(v::database& db, const std::string& coll) {
  return db.select(col<&content::id>, col<&content::title>, col<&user::email>)
      .from<content>()
      .left_join<user>(col<&content::author_id> == col<&user::id>)
      .where(col<&content::collection_id> == coll)
      .limit(20)
      .all();
}
auto q20(v::database& db, const std::string& id) {
  return db.update<content>()
      .set(col<&content::status> = content_status::archived, col<&content::revision> = col<&content::revision> + 1)
      .where(col<&content::id> == id)
      .run();
}
auto q21(v::database& db, const std::string& id, ms at) {
  return db.update<content>().set(col<&content::deleted_at> = std::optional<ms>(at)).where(col<&content::id> == id).run();
}
auto q22(v::database& db, const std::string& author) {
  return db.select(v::count()).from<content>().where(col<&content::author_id> == author).one();
}
auto q23(v::database& db, const std::vector<std::string>& ids) {
  return db.select<content>().where(v::in(col<&content::id>, ids)).all();
}
auto q24(v::database& db, const std::string& text) {
  return db.select(col<&content::id>)
      .from<content>()
      .where(v::like(col<&content::title>, text) || v::like(col<&content::slug>, text))
      .limit(50)
      .all();
}
auto q25(v::database& db, ms from, ms to) {
  return db.select(col<&content::id>, col<&content::published_at>)
      .from<content>()
      .where(v::between(col<&content::updated_at>, from, to))
      .all();
}
auto q26(v::database& db, const std::string& coll) {
  return db.select(v::max(col<&content::updated_at>)).from<content>().where(col<&content::collection_id> == coll).one();
}
auto q27(v::database& db, const std::string& locale) {
  return db.select(col<&content::translation_group>, v::count())
      .from<content>()
      .where(col<&content::locale> == locale)
      .group_by(col<&content::translation_group>)
      .having(v::count() > 1)
      .all();
}
auto q28(v::database& db, const std::string& id, const std::string& title) {
  return db.update<content>().set(col<&content::title> = title).where(col<&content::id> == id).run();
}
auto q29(v::database& db, const std::string& coll) {
  return db.select(col<&content::id>, col<&collection::name>)
      .from<content>()
      .join<collection>(col<&content::collection_id> == col<&collection::id>)
      .where(col<&collection::id> == coll)
      .all();
}
auto q30(v::database& db, ms now) {
  return db.select<content>()
      .where(col<&content::status> == content_status::scheduled && col<&content::publish_from> <= std::optional<ms>(now))
      .all();
}

// --- versions (31–37) -----------------------------------------------------------------------------
auto q31(v::database& db, const std::string& content_id) {
  return db.select<content_version>()
      .where(col<&content_version::content_id> == content_id)
      .order_by(v::desc(col<&content_version::version>))
      .all();
}
auto q32(v::database& db, const std::string& content_id, std::int64_t version) {
  return db.select<content_version>()
      .where(col<&content_version::content_id> == content_id && col<&content_version::version> == version)
      .one();
}
auto q33(v::database& db, const std::string& content_id) {
  return db.select(v::max(col<&content_version::version>))
      .from<content_version>()
      .where(col<&content_version::content_id> == content_id)
      .one();
}
auto q34(v::database& db, const content_version& row) { return db.insert(row); }
auto q35(v::database& db, const std::string& content_id, std::int64_t keep) {
  return db.delete_from<content_version>()
      .where(col<&content_version::content_id> == content_id && col<&content_version::version> < keep &&
             col<&content_version::pinned> == false)
      .run();
}
auto q36(v::database& db, const std::string& id, const std::string& label) {
  return db.update<content_version>()
      .set(col<&content_version::label> = std::optional<std::string>(label), col<&content_version::pinned> = true)
      .where(col<&content_version::id> == id)
      .run();
}
auto q37(v::database& db, const std::string& content_id) {
  return db.select(col<&content_version::version>, col<&content_version::kind>, col<&user::username>)
      .from<content_version>()
      .join<user>(col<&content_version::author_id> == col<&user::id>)
      .where(col<&content_version::content_id> == content_id)
      .all();
}

// --- media (38–42) ---------------------------------------------------------------------------------
auto q38(v::database& db, const std::string& folder) {
  return db.select<media>()
      .where(col<&media::folder> == folder && v::is_null(col<&media::deleted_at>))
      .order_by(v::desc(col<&media::uploaded_at>))
      .limit(50)
      .all();
}
auto q39(v::database& db) {
  return db.select(col<&media::mime_type>, v::sum(col<&media::size>)).from<media>().group_by(col<&media::mime_type>).all();
}
auto q40(v::database& db, const std::string& id, const std::string& alt) {
  return db.update<media>().set(col<&media::alt> = std::optional<std::string>(alt)).where(col<&media::id> == id).run();
}
auto q41(v::database& db, const media& row) { return db.insert(row); }
auto q42(v::database& db, const std::string& user_id) {
  return db.select(col<&media::id>, col<&media::filename>).from<media>().where(col<&media::uploaded_by> == user_id).all();
}

// --- logs, audit, comments, tokens (43–50) -----------------------------------------------------------
auto q43(v::database& db, log_level level, ms since) {
  return db.select<system_log>()
      .where(col<&system_log::level> == level && col<&system_log::created_at> >= since)
      .order_by(v::desc(col<&system_log::created_at>))
      .limit(100)
      .all();
}
auto q44(v::database& db, ms before) {
  return db.delete_from<system_log>().where(col<&system_log::created_at> < before).run();
}
auto q45(v::database& db) {
  return db.select(col<&system_log::category>, v::count(), v::avg(col<&system_log::duration>))
      .from<system_log>()
      .group_by(col<&system_log::category>)
      .all();
}
auto q46(v::database& db, const std::string& entity_id) {
  return db.select<audit_event>()
      .where(col<&audit_event::entity_id> == entity_id)
      .order_by(v::asc(col<&audit_event::at>))
      .all();
}
auto q47(v::database& db, const audit_event& row) { return db.insert(row); }
auto q48(v::database& db, const std::string& content_id) {
  return db.select<comment>()
      .where(col<&comment::content_id> == content_id && col<&comment::status> == comment_status::approved)
      .order_by(col<&comment::created_at>)
      .all();
}
auto q49(v::database& db, const std::string& id) {
  return db.update<comment>().set(col<&comment::status> = comment_status::spam).where(col<&comment::id> == id).run();
}
auto q50(v::database& db, const std::string& prefix) {
  return db.select<api_token>()
      .where(col<&api_token::prefix> == prefix && v::is_null(col<&api_token::revoked_at>))
      .one();
}

}  // namespace cc

/// Calls every query once, so each is instantiated as it would be at a real call site.
std::size_t run_fifty_queries(vellum::database& db, const std::string& id, const std::vector<std::string>& ids) {
  using namespace cc;
  const ms now{};
  std::size_t n = 0;
  n += q01(db, id).has_value() + q02(db, id).has_value() + q03(db, user_role::editor).size() + q04(db).size();
  n += static_cast<std::size_t>(q05(db, id, now) + q07(db, id)) + q06(db, id).size() + q08(db).size();
  n += q09(db, id).has_value() + q10(db).size() + static_cast<std::size_t>(q11(db, id, 2)) + q12(db).size();
  n += static_cast<std::size_t>(q13(db, id));
  n += q14(db, id).has_value() + q15(db, id, id).has_value() + q16(db, id).size() + q17(db, id, 1).size();
  n += q18(db).size() + q19(db, id).size() + static_cast<std::size_t>(q20(db, id) + q21(db, id, now));
  n += q22(db, id).has_value() + q23(db, ids).size() + q24(db, id).size() + q25(db, now, now).size();
  n += q26(db, id).has_value() + q27(db, id).size() + static_cast<std::size_t>(q28(db, id, id));
  n += q29(db, id).size() + q30(db, now).size();
  n += q31(db, id).size() + q32(db, id, 1).has_value() + q33(db, id).has_value();
  n += q34(db, content_version{}).id.size() + static_cast<std::size_t>(q35(db, id, 3) + q36(db, id, id));
  n += q37(db, id).size();
  n += q38(db, id).size() + q39(db).size() + static_cast<std::size_t>(q40(db, id, id)) + q41(db, media{}).id.size();
  n += q42(db, id).size();
  n += q43(db, log_level::error, now).size() + static_cast<std::size_t>(q44(db, now)) + q45(db).size();
  n += q46(db, id).size() + q47(db, audit_event{}).id.size() + q48(db, id).size();
  n += static_cast<std::size_t>(q49(db, id)) + q50(db, id).has_value();
  return n;
}
