// Hand-written SQL for the auth tables (joins the dynamic layer cannot express
// yet): one spelling with `?` placeholders, turned into `$n` for PostgreSQL.
#pragma once

#include <string>
#include <string_view>

#include "cpprustango/db/url.hpp"

namespace cpprustango::auth::detail {

/** `sql` with each `?` numbered for PostgreSQL ($1, $2, ...); unchanged for SQLite. No `?` may appear in literals. */
inline std::string placeholders(db::Dialect dialect, std::string_view sql) {
  if (dialect == db::Dialect::Sqlite) return std::string(sql);
  std::string out;
  int n = 0;
  for (char c : sql) {
    if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace cpprustango::auth::detail
