// The two catalog readers behind introspect::inspect(), and the small text
// helpers they share. Each reader runs a fixed set of bulk queries.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "cpprustango/introspect/introspect.hpp"

namespace cpprustango::introspect::detail {

Catalog inspect_sqlite(db::Connection& connection, const Options& options);
Catalog inspect_postgres(db::Connection& connection, const Options& options);

/**
 * Splits a declared type into base name, parameters and array brackets:
 * "character varying(20)[]" -> base "character varying", {20}, 1 dimension;
 * "timestamp(3) with time zone" -> "timestamp with time zone", {3}. The base is lower case.
 */
struct SplitType {
  std::string base;
  std::vector<int> params;
  int array_dimensions = 0;
};
SplitType split_type(std::string_view declared);

/** The CHECK clauses of an SQLite CREATE TABLE statement, with their CONSTRAINT names when given. */
std::vector<Check> sqlite_checks(std::string_view create_table_sql);

/**
 * The COLLATE clause of each column definition of an SQLite CREATE TABLE
 * statement, by column name ("Name" -> "NOCASE"); columns without one are left out.
 */
std::map<std::string, std::string> sqlite_collations(std::string_view create_table_sql);

/** PostgreSQL's text form of a one-dimensional array ("{a,\"b c\",\"\"}") as its elements. */
std::vector<std::string> parse_text_array(std::string_view text);

/**
 * A column default as read from the catalog, without an explicit NULL
 * ("NULL", "NULL::character varying", "(NULL)"): DEFAULT NULL is what a column
 * without a default does, so two columns that differ only there are the same.
 */
std::optional<std::string> column_default(std::optional<std::string> default_sql);

/** The optional text of a result cell: nullopt for NULL. */
std::optional<std::string> optional_text(const db::Value& value);

}  // namespace cpprustango::introspect::detail
