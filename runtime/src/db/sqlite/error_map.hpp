// SQLite result codes and messages -> the typed errors of db/errors.hpp.
// Pure functions of (code, message), so the unit tests pin the mapping
// without opening a database.
#pragma once

#include <string_view>

#include "cpprustango/db/errors.hpp"

namespace cpprustango::db::detail {

/** Details from "UNIQUE constraint failed: post.author_id, post.slug" (or "...: index 'name'"). */
ConstraintDetails parse_sqlite_constraint(std::string_view message);

/** The SQLSTATE reported for an SQLite extended result code (synthesized: SQLite has none). */
std::string sqlite_sqlstate(int extended_code, std::string_view message);

/** Throws the error for an SQLite failure; `sql` is the statement (for QueryError), never its parameters. */
[[noreturn]] void throw_sqlite_error(int extended_code, std::string_view message, std::string_view sql);

}  // namespace cpprustango::db::detail
