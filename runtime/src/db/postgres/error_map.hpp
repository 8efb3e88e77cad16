// PostgreSQL error reports -> the typed errors of db/errors.hpp. Connections
// run with libpq's verbose error format, so the message libpqxx hands over
// carries the SQLSTATE and the table, column and constraint fields:
//   ERROR:  23505: duplicate key value violates unique constraint "post_slug_key"
//   DETAIL:  Key (slug)=(hello) already exists.
//   TABLE NAME:  post
//   CONSTRAINT NAME:  post_slug_key
// Pure functions of the text, so the unit tests pin them without a server.
#pragma once

#include <string>
#include <string_view>

#include "cpprustango/db/errors.hpp"

namespace cpprustango::db::detail {

struct PostgresErrorFields {
  std::string severity;  // ERROR, FATAL, ...
  std::string sqlstate;
  std::string message;  // the primary message
  std::string detail;
  std::string hint;
  std::string table;
  std::string column;
  std::string constraint;
};

PostgresErrorFields parse_postgres_error(std::string_view text);

/** Details of a 23505/23503/23502/23514 report: table, columns and value from DETAIL's "Key (a)=(v) ...". */
ConstraintDetails postgres_constraint_details(const PostgresErrorFields& fields);

/**
 * Throws the error for a PostgreSQL failure. `sqlstate` comes from libpqxx
 * when it knows it (otherwise it is read from the text); `url` (redacted)
 * names the database in a ConnectionError.
 */
[[noreturn]] void throw_postgres_error(std::string_view text, std::string_view sql, std::string_view sqlstate,
                                       std::string_view url);

}  // namespace cpprustango::db::detail
