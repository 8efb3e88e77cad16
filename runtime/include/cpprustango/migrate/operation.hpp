// The steps a migration file is made of. Each carries what applying it needs
// and no more: a drop names what it drops, because the state before it (the
// previous snapshot) holds the definition that undoing it recreates.
//
//   migrate::Operation op = migrate::AddColumn{.table = "blog_post", .column = heading};
//   migrate::apply(state, op);                  // the state after it
//   auto undo = migrate::inverse(op, before);   // DropColumn{"blog_post", "heading"}
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cpprustango/migrate/state.hpp"

namespace cpprustango::migrate {

struct CreateTable {
  Table table;
  bool operator==(const CreateTable&) const = default;
};
struct DropTable {
  std::string table;
  bool operator==(const DropTable&) const = default;
};
struct RenameTable {
  std::string from;
  std::string to;
  bool operator==(const RenameTable&) const = default;
};
struct AddColumn {
  std::string table;
  Column column;
  bool operator==(const AddColumn&) const = default;
};
struct DropColumn {
  std::string table;
  std::string column;
  bool operator==(const DropColumn&) const = default;
};
struct RenameColumn {
  std::string table;
  std::string from;
  std::string to;
  bool operator==(const RenameColumn&) const = default;
};
/** The column's whole new definition: type, null, default, unique, foreign key, choices. */
struct AlterColumn {
  std::string table;
  Column column;
  bool operator==(const AlterColumn&) const = default;
};
struct AddIndex {
  std::string table;
  Index index;
  bool operator==(const AddIndex&) const = default;
};
struct DropIndex {
  std::string table;
  std::string index;
  bool operator==(const DropIndex&) const = default;
};
struct AddCheck {
  std::string table;
  Check check;
  bool operator==(const AddCheck&) const = default;
};
struct DropCheck {
  std::string table;
  std::string check;
  bool operator==(const DropCheck&) const = default;
};

/** Hand-written SQL, per dialect or for both. */
struct DialectSql {
  std::optional<std::string> both;        ///< "sql": "..."
  std::optional<std::string> sqlite;      ///< "sql": {"sqlite": "...", "postgresql": "..."}
  std::optional<std::string> postgresql;
  bool operator==(const DialectSql&) const = default;

  bool empty() const { return !both && !sqlite && !postgresql; }
};

/** A data operation (a backfill, say); without reverse_sql the migration cannot be unapplied. */
struct RunSql {
  DialectSql sql;
  std::optional<DialectSql> reverse_sql;  ///< absent: irreversible; an empty string: nothing to undo
  bool operator==(const RunSql&) const = default;
};

using Operation = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, RenameColumn, AlterColumn,
                               AddIndex, DropIndex, AddCheck, DropCheck, RunSql>;

/** "add_column", as written in migration files. */
std::string_view operation_name(const Operation& op);

/** "add_column blog_post.heading": one line for plans and messages. */
std::string describe(const Operation& op);

/** Advances `state` by `op`; throws StateError when `op` does not fit it (a hand-edited file, two branches). */
void apply(State& state, const Operation& op);

/**
 * The operations that undo `op`, given the state before it. RunSql without
 * reverse_sql throws StateError ("irreversible").
 */
std::vector<Operation> inverse(const Operation& op, const State& before);

}  // namespace cpprustango::migrate
