// The autodetector: the operations that take the database from one state (the
// last migration's snapshot) to another (what the schema files ask for now).
//
//   auto ops = migrate::diff(last_snapshot, migrate::from_specs(specs), renames);
//
// Renames are never guessed: a table whose model is the same (a changed
// @@table) is renamed, anything else that looks like a rename is offered as a
// candidate for the CLI to ask about, and is a drop plus an add unless it is
// listed in `renames`.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "cpprustango/migrate/operation.hpp"

namespace cpprustango::migrate {

struct TableRename {
  std::string from;
  std::string to;
  bool operator==(const TableRename&) const = default;
};

struct ColumnRename {
  std::string table;  ///< the table's name after any table rename
  std::string from;
  std::string to;
  bool operator==(const ColumnRename&) const = default;
};

struct Renames {
  std::vector<TableRename> tables;
  std::vector<ColumnRename> columns;
};

/** Something that looks like a rename: a dropped table or column and a new one of the same shape. */
struct RenameCandidate {
  bool is_table = true;
  std::string table;  ///< for a column: its table (after any table rename)
  std::string from;
  std::string to;
  bool operator==(const RenameCandidate&) const = default;
};

/** The schema asks for a change migrations cannot make (a changed primary key): what, and what to do instead. */
class DiffError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** Possible renames between the two states, given the renames already decided. */
std::vector<RenameCandidate> rename_candidates(const State& from, const State& to, const Renames& decided = {});

/**
 * Operations in an order that keeps foreign keys valid: renames, new tables
 * (referenced ones first), per table the dropped indexes and checks, dropped,
 * added and altered columns, new indexes and checks, and last the dropped tables
 * (referencing ones first). Applying them to `from` gives `to` (up to column order).
 */
std::vector<Operation> diff(const State& from, const State& to, const Renames& renames = {});

}  // namespace cpprustango::migrate
