// Fixed-window rate limits in the database (see throttling.hpp).
#include "cpprustango/rest/throttling.hpp"

#include "cpprustango/auth/users.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/rest/problem.hpp"

namespace cpprustango::rest {

void throttle(db::Database& database, const std::string& key, const RateLimit& limit) {
  if (limit.requests <= 0) return;
  const bool pg = database.dialect() == db::Dialect::Postgresql;
  const std::string table = orm::quote_identifier(auth::model("ApiThrottle").table);
  const DateTime now = orm::now_utc();
  const std::string now_text = orm::format_datetime(now);
  const std::string expired_text = orm::format_datetime(now - limit.per);
  // One statement, so concurrent requests cannot both take the last slot: a
  // new key starts a window, an expired window restarts, otherwise it counts.
  const std::string ts = pg ? "::timestamptz" : "";
  const std::string sql =
      "INSERT INTO " + table + " (" + orm::quote_identifier("key") + ", window_start, hits) VALUES (" + (pg ? "$1, $2" + ts : "?1, ?2") +
      ", 1) ON CONFLICT (" + orm::quote_identifier("key") + ") DO UPDATE SET hits = CASE WHEN " + table + ".window_start <= " +
      (pg ? "$3" + ts : "?3") + " THEN 1 ELSE " + table + ".hits + 1 END, window_start = CASE WHEN " + table +
      ".window_start <= " + (pg ? "$3" + ts : "?3") + " THEN " + (pg ? "$2" + ts : "?2") + " ELSE " + table +
      ".window_start END RETURNING hits, window_start";
  const std::vector<db::Value> params{key, now_text, expired_text};
  const db::Result result = database.query(sql, params);
  const auto row = *result.begin();
  const std::int64_t hits = db::as_int(row.at(0));
  if (hits <= limit.requests) return;
  const DateTime start = orm::parse_datetime(db::as_string(row.at(1)));
  const auto wait = std::chrono::ceil<std::chrono::seconds>(start + limit.per - now);
  const auto seconds = std::max<std::int64_t>(1, wait.count());
  Problem problem(429, "Too many requests; try again in " + std::to_string(seconds) + " seconds.");
  problem.with_header("Retry-After", std::to_string(seconds));
  throw problem;
}

}  // namespace cpprustango::rest
