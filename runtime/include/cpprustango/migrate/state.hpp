// What migrations know of a database: its managed tables, as the schema files
// ask for them. A State is built from a project's models (from_specs), saved
// as each migration file's snapshot, and advanced operation by operation
// (apply). Only what the database stores is here: labels, help texts, widgets
// and admin options change no table, so changing them needs no migration.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/schema/kind.hpp"
#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema {
class SpecSet;
}

namespace cpprustango::migrate {

using schema::Backend;
using schema::FieldKind;
using schema::ReferentialAction;

/** A column's type in the field catalogue's terms; rendered per dialect by sql.hpp. */
struct ColumnType {
  FieldKind kind = FieldKind::Int;  ///< never Ref or Many: a ref column has its target key's type
  FieldKind element = FieldKind::Int;  ///< array(T): T
  int max_length = 0;
  int precision = 0;
  int scale = 0;
  int bit_length = 0;
  std::vector<std::string> choices{};  ///< choice(...): the allowed values, checked by the database
  std::string enum_type{};             ///< @enum: PostgreSQL's enum type holding `choices` (SQLite: a CHECK)
  bool operator==(const ColumnType&) const = default;
};

struct ForeignKey {
  std::string table{};
  std::string column{};
  ReferentialAction on_delete = ReferentialAction::Cascade;
  ReferentialAction on_update = ReferentialAction::Cascade;
  bool operator==(const ForeignKey&) const = default;
};

struct Column {
  std::string name{};
  ColumnType type{};
  bool nullable = false;
  bool auto_increment = false;
  bool unique = false;
  std::optional<schema::DefaultValue> default_value{};
  std::optional<ForeignKey> references{};  ///< absent for @db_constraint(false)
  std::string collation{};                 ///< @collate; empty for the database's default
  std::optional<Backend> backend{};        ///< set: the column exists only on that backend
  bool operator==(const Column&) const = default;

  bool exists_on(Backend b) const { return !backend || *backend == b; }
};

struct Index {
  std::string name{};
  std::vector<std::string> columns{};  ///< empty for an expression index
  bool unique = false;
  std::string expression{};  ///< the key as SQL ("lower(email)"), instead of columns
  std::string where{};       ///< a partial index's condition; empty for a whole-table index
  std::string method{};      ///< PostgreSQL's index method ("gin"); empty for the default
  bool operator==(const Index&) const = default;
};

struct Check {
  std::string name{};
  std::string expression{};
  bool operator==(const Check&) const = default;
};

struct Table {
  std::string name{};
  std::string model{};  ///< "blog.Post"; a many() join table: "blog.Post.tags"
  std::vector<Column> columns{};
  std::vector<std::string> primary_key{};  ///< column names
  std::vector<Index> indexes{};            ///< @index, @@index and @@unique, by name
  std::vector<Check> checks{};
  bool operator==(const Table&) const = default;

  const Column* column(std::string_view column_name) const;
  Column* column(std::string_view column_name);
  const Index* index(std::string_view index_name) const;
  const Check* check(std::string_view check_name) const;
};

/** The managed tables, sorted by name. */
struct State {
  std::vector<Table> tables{};
  bool operator==(const State&) const = default;

  const Table* table(std::string_view table_name) const;
  Table* table(std::string_view table_name);
  /** Adds or replaces by name, keeping the order. */
  void put(Table table);
  void remove(std::string_view table_name);
};

/** A migration that does not fit the state it is applied to: "0003_x: add_column: blog_post has a column title". */
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/**
 * The tables a project's models ask for: one per managed model plus one per
 * many() join table. Unmanaged models are left out (migrations never touch
 * them), though foreign keys to them are kept.
 */
State from_specs(const schema::SpecSet& specs);

/** "unique" constraint, FK, and choices-check names a column's table-level constraints get (PostgreSQL's own style). */
std::string unique_constraint_name(std::string_view table, std::string_view column);
std::string foreign_key_name(std::string_view table, std::string_view column);
std::string choices_check_name(std::string_view table, std::string_view column);

}  // namespace cpprustango::migrate
