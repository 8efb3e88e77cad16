// Reads the structure of a live SQLite or PostgreSQL database into plain
// structs: tables with their columns, keys, foreign keys, unique
// constraints, indexes, checks and comments. `inspectdb` turns the result
// into schema text; migrations and `check` compare it with what the schema
// files say. The catalog is read in a fixed number of bulk queries, however
// many tables there are (Catalog::queries counts them).
//
//   auto db = db::Database::open("postgresql://app@127.0.0.1/shop");
//   auto catalog = introspect::inspect(db);
//   std::cout << introspect::describe(catalog);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/url.hpp"

namespace cpprustango::db {
class Database;
class Connection;
}  // namespace cpprustango::db

namespace cpprustango::introspect {

/** A column's type, as the database declares it and taken apart. */
struct ColumnType {
  /** As the database spells it: "character varying(20)", "integer[]", "NVARCHAR(160)" (SQLite's declared type). */
  std::string declared;
  /**
   * The type without modifiers or array brackets, lower case, domains resolved to
   * their base: "character varying", "numeric", "timestamp with time zone", "nvarchar".
   * An enum keeps its own name ("mpaa_rating"); `enum_values` is then set.
   */
  std::string base;
  std::optional<int> length;     ///< varchar(n), char(n), bit(n)
  std::optional<int> precision;  ///< numeric(p, s), and the fractional-second precision of times
  std::optional<int> scale;      ///< numeric(p, s)
  int array_dimensions = 0;      ///< 1 for integer[]
  std::optional<std::string> domain;     ///< "public.year" when the column's type is a domain
  std::vector<std::string> enum_values;  ///< the labels of an enum type, in their order
  bool operator==(const ColumnType&) const = default;
};

struct Column {
  std::string name;
  ColumnType type;
  bool nullable = true;
  /** The default as SQL text ("0", "'G'::mpaa_rating", "CURRENT_TIMESTAMP"); absent without one. */
  std::optional<std::string> default_sql;
  /**
   * The database numbers new rows itself: an identity column, a default of
   * nextval(...) (serial), or SQLite's INTEGER PRIMARY KEY.
   */
  bool auto_increment = false;
  /** PostgreSQL identity: "always" or "by default"; empty otherwise. */
  std::string identity;
  /** A generated column's expression. */
  std::optional<std::string> generated;
  /**
   * A collation other than the type's default ("NOCASE" on SQLite, "C" or
   * "und-x-icu" on PostgreSQL): it decides equality, ordering and so uniqueness.
   */
  std::optional<std::string> collation;
  std::optional<std::string> comment;
  bool operator==(const Column&) const = default;
};

/** "cascade", "restrict", "set_null", "set_default" or "no_action", as the schema language spells them. */
using Action = std::string;

struct ForeignKey {
  std::string name;  ///< constraint name; SQLite's are empty unless named in the DDL
  std::vector<std::string> columns;
  std::string target_schema;  ///< PostgreSQL: the referenced table's schema; SQLite: "main"
  std::string target_table;
  std::vector<std::string> target_columns;
  Action on_delete = "no_action";
  Action on_update = "no_action";
  bool operator==(const ForeignKey&) const = default;
};

/** A unique constraint or an index (unique or not). */
struct Index {
  std::string name;
  /** Column names in order; an expression part is empty (see `definition`). */
  std::vector<std::string> columns;
  bool unique = false;
  /** A partial index's WHERE condition. */
  std::optional<std::string> predicate;
  /**
   * The CREATE INDEX statement, for what the columns cannot say. PostgreSQL: read only then (expressions,
   * a predicate, a method other than btree, DESC or NULLS FIRST, a collation or operator class other than
   * the default), empty otherwise.
   */
  std::string definition;
  std::string method;  ///< "btree", "gin", ...; empty on SQLite
  bool has_expressions() const;
  bool operator==(const Index&) const = default;
};

/** A CREATE INDEX text taken apart (see index_key()). */
struct IndexKey {
  std::string key;   ///< between the key's parentheses: "lower(name)", "a, b DESC"
  std::string rest;  ///< what follows them: "WHERE (a IS NOT NULL)", "INCLUDE (c)", or empty
};

/**
 * The key of either database's CREATE INDEX text, or nullopt when it has none:
 *   index_key("CREATE INDEX i ON public.t USING btree (lower(name)) WHERE (x > 0)")
 *     == IndexKey{"lower(name)", "WHERE (x > 0)"}
 */
std::optional<IndexKey> index_key(std::string_view definition);

struct Check {
  std::string name;        ///< empty for SQLite's unnamed checks
  std::string expression;  ///< without the CHECK keyword and its outer parentheses
  bool operator==(const Check&) const = default;
};

enum class TableKind { Table, View, MaterializedView, Partitioned };
/** "table", "view", "materialized view", "partitioned table". */
const char* table_kind_name(TableKind kind);

struct Table {
  std::string schema;  ///< PostgreSQL namespace; "main" on SQLite
  std::string name;
  TableKind kind = TableKind::Table;
  std::vector<Column> columns;  ///< in ordinal order
  std::string primary_key_name;
  std::vector<std::string> primary_key;  ///< column names in key order; empty without a key
  std::vector<ForeignKey> foreign_keys;  ///< sorted by name, then columns
  std::vector<Index> unique_constraints; ///< UNIQUE constraints (SQLite: the table's own UNIQUE clauses)
  std::vector<Index> indexes;            ///< other indexes, unique ones included; not those backing constraints
  std::vector<Check> checks;
  std::optional<std::string> comment;
  /** A partitioned table's partitions (folded into it, never listed as tables of their own). */
  std::vector<std::string> partitions;
  /** Foreign keys some of its partitions declare but not all (so not the table's own), without names. */
  std::vector<ForeignKey> partition_foreign_keys;
  /** A view's query. */
  std::optional<std::string> view_definition;

  const Column* find_column(const std::string& column_name) const;
  bool operator==(const Table&) const = default;
};

struct Catalog {
  db::Dialect dialect = db::Dialect::Sqlite;
  std::vector<Table> tables;  ///< sorted by schema, then name
  /** Catalog queries run to read it: a constant per inspect(), however many tables. */
  std::size_t queries = 0;

  const Table* find_table(const std::string& table_name, const std::string& schema = "") const;
};

struct Options {
  /** PostgreSQL schemas to read; empty means "public". Ignored on SQLite (always "main"). */
  std::vector<std::string> schemas;
  /** Read views and materialized views too. */
  bool include_views = false;
};

/**
 * Reads the database's structure. Throws db::DatabaseError when a catalog query
 * fails (no permission on the catalog, a server gone away).
 *   auto catalog = introspect::inspect(db, {.schemas = {"public", "sales"}, .include_views = true});
 */
Catalog inspect(db::Connection& connection, const Options& options = {});
Catalog inspect(db::Database& database, const Options& options = {});

struct DescribeOptions {
  /** Print constraint and index names; off to compare databases whose names were generated differently. */
  bool names = true;
  /** Print comments. */
  bool comments = true;
};

/**
 * A canonical, deterministic text form of a catalog: tables sorted, one line
 * per column (type, null, default), then the key, foreign keys, uniques,
 * indexes and checks, each sorted. Two databases with the same structure give
 * the same text, so a test can compare schemas as strings:
 *   EXPECT_EQ(introspect::describe(introspect::inspect(a)), introspect::describe(introspect::inspect(b)));
 * The output starts:
 *   table public.album
 *     column album_id integer not null
 *     column title character varying(160) not null
 *     primary key (album_id) album_pkey
 */
std::string describe(const Catalog& catalog, const DescribeOptions& options = {});

}  // namespace cpprustango::introspect
