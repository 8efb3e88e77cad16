// What each operation does to the state, and what undoes it.
#include "cpprustango/migrate/operation.hpp"

#include <algorithm>

#include "migrate/overloaded.hpp"

namespace cpprustango::migrate {
namespace {

using detail::Overloaded;

Table& existing_table(State& state, const std::string& name, std::string_view op) {
  Table* table = state.table(name);
  if (!table) throw StateError(std::string(op) + ": there is no table " + name);
  return *table;
}

void require_absent_table(const State& state, const std::string& name, std::string_view op) {
  if (state.table(name)) throw StateError(std::string(op) + ": table " + name + " already exists");
}

Column& existing_column(Table& table, const std::string& name, std::string_view op) {
  Column* column = table.column(name);
  if (!column) throw StateError(std::string(op) + ": table " + table.name + " has no column " + name);
  return *column;
}

void require_absent_column(const Table& table, const std::string& name, std::string_view op) {
  if (table.column(name)) throw StateError(std::string(op) + ": table " + table.name + " already has a column " + name);
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  std::replace(names.begin(), names.end(), from, to);
}

}  // namespace

std::string_view operation_name(const Operation& op) {
  static constexpr std::string_view kNames[] = {"create_table",  "drop_table",   "rename_table", "add_column",
                                                "drop_column",   "rename_column", "alter_column", "add_index",
                                                "drop_index",    "add_check",    "drop_check",   "run_sql"};
  static_assert(std::size(kNames) == std::variant_size_v<Operation>);
  return kNames[op.index()];
}

std::string describe(const Operation& op) {
  const std::string name(operation_name(op));
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) { return name + " " + o.table.name; },
          [&](const DropTable& o) { return name + " " + o.table; },
          [&](const RenameTable& o) { return name + " " + o.from + " -> " + o.to; },
          [&](const AddColumn& o) { return name + " " + o.table + "." + o.column.name; },
          [&](const DropColumn& o) { return name + " " + o.table + "." + o.column; },
          [&](const RenameColumn& o) { return name + " " + o.table + "." + o.from + " -> " + o.to; },
          [&](const AlterColumn& o) { return name + " " + o.table + "." + o.column.name; },
          [&](const AddIndex& o) { return name + " " + o.index.name + " on " + o.table; },
          [&](const DropIndex& o) { return name + " " + o.index + " on " + o.table; },
          [&](const AddCheck& o) { return name + " " + o.check.name + " on " + o.table; },
          [&](const DropCheck& o) { return name + " " + o.check + " on " + o.table; },
          [&](const RunSql&) { return name; },
      },
      op);
}

void apply(State& state, const Operation& op) {
  const std::string_view name = operation_name(op);
  std::visit(
      Overloaded{
          [&](const CreateTable& o) {
            require_absent_table(state, o.table.name, name);
            state.put(o.table);
          },
          [&](const DropTable& o) {
            existing_table(state, o.table, name);
            state.remove(o.table);
          },
          [&](const RenameTable& o) {
            Table table = existing_table(state, o.from, name);
            require_absent_table(state, o.to, name);
            state.remove(o.from);
            table.name = o.to;
            state.put(std::move(table));
            // Both databases follow a renamed table in the foreign keys that point at it.
            for (Table& other : state.tables) {
              for (Column& column : other.columns) {
                if (column.references && column.references->table == o.from) column.references->table = o.to;
              }
            }
          },
          [&](const AddColumn& o) {
            Table& table = existing_table(state, o.table, name);
            require_absent_column(table, o.column.name, name);
            table.columns.push_back(o.column);
          },
          [&](const DropColumn& o) {
            Table& table = existing_table(state, o.table, name);
            existing_column(table, o.column, name);
            if (contains(table.primary_key, o.column)) {
              throw StateError(std::string(name) + ": " + o.table + "." + o.column + " is part of the primary key");
            }
            std::erase_if(table.columns, [&](const Column& c) { return c.name == o.column; });
            // The database drops an index together with a column it covers.
            std::erase_if(table.indexes, [&](const Index& i) { return contains(i.columns, o.column); });
          },
          [&](const RenameColumn& o) {
            Table& table = existing_table(state, o.table, name);
            require_absent_column(table, o.to, name);
            existing_column(table, o.from, name).name = o.to;
            rename_in(table.primary_key, o.from, o.to);
            for (Index& index : table.indexes) rename_in(index.columns, o.from, o.to);
            for (Table& other : state.tables) {
              for (Column& column : other.columns) {
                if (column.references && column.references->table == o.table && column.references->column == o.from) {
                  column.references->column = o.to;
                }
              }
            }
          },
          [&](const AlterColumn& o) {
            Table& table = existing_table(state, o.table, name);
            existing_column(table, o.column.name, name) = o.column;
          },
          [&](const AddIndex& o) {
            Table& table = existing_table(state, o.table, name);
            for (const Table& t : state.tables) {
              if (t.index(o.index.name)) throw StateError(std::string(name) + ": index " + o.index.name + " already exists");
            }
            for (const std::string& column : o.index.columns) existing_column(table, column, name);
            table.indexes.push_back(o.index);
          },
          [&](const DropIndex& o) {
            Table& table = existing_table(state, o.table, name);
            if (!table.index(o.index)) throw StateError(std::string(name) + ": table " + o.table + " has no index " + o.index);
            std::erase_if(table.indexes, [&](const Index& i) { return i.name == o.index; });
          },
          [&](const AddCheck& o) {
            Table& table = existing_table(state, o.table, name);
            if (table.check(o.check.name)) {
              throw StateError(std::string(name) + ": table " + o.table + " already has a check " + o.check.name);
            }
            table.checks.push_back(o.check);
          },
          [&](const DropCheck& o) {
            Table& table = existing_table(state, o.table, name);
            if (!table.check(o.check)) throw StateError(std::string(name) + ": table " + o.table + " has no check " + o.check);
            std::erase_if(table.checks, [&](const Check& c) { return c.name == o.check; });
          },
          [&](const RunSql&) {},
      },
      op);
}

std::vector<Operation> inverse(const Operation& op, const State& before) {
  const std::string_view name = operation_name(op);
  auto table_before = [&](const std::string& table) -> const Table& {
    const Table* found = before.table(table);
    if (!found) throw StateError(std::string(name) + ": there is no table " + table);
    return *found;
  };
  auto column_before = [&](const std::string& table, const std::string& column) -> const Column& {
    const Column* found = table_before(table).column(column);
    if (!found) throw StateError(std::string(name) + ": table " + table + " has no column " + column);
    return *found;
  };
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) -> std::vector<Operation> { return {DropTable{o.table.name}}; },
          [&](const DropTable& o) -> std::vector<Operation> { return {CreateTable{table_before(o.table)}}; },
          [&](const RenameTable& o) -> std::vector<Operation> { return {RenameTable{o.to, o.from}}; },
          [&](const AddColumn& o) -> std::vector<Operation> { return {DropColumn{o.table, o.column.name}}; },
          [&](const DropColumn& o) -> std::vector<Operation> {
            std::vector<Operation> undo{AddColumn{o.table, column_before(o.table, o.column)}};
            for (const Index& index : table_before(o.table).indexes) {
              if (contains(index.columns, o.column)) undo.emplace_back(AddIndex{o.table, index});
            }
            return undo;
          },
          [&](const RenameColumn& o) -> std::vector<Operation> { return {RenameColumn{o.table, o.to, o.from}}; },
          [&](const AlterColumn& o) -> std::vector<Operation> {
            return {AlterColumn{o.table, column_before(o.table, o.column.name)}};
          },
          [&](const AddIndex& o) -> std::vector<Operation> { return {DropIndex{o.table, o.index.name}}; },
          [&](const DropIndex& o) -> std::vector<Operation> {
            const Index* index = table_before(o.table).index(o.index);
            if (!index) throw StateError(std::string(name) + ": table " + o.table + " has no index " + o.index);
            return {AddIndex{o.table, *index}};
          },
          [&](const AddCheck& o) -> std::vector<Operation> { return {DropCheck{o.table, o.check.name}}; },
          [&](const DropCheck& o) -> std::vector<Operation> {
            const Check* check = table_before(o.table).check(o.check);
            if (!check) throw StateError(std::string(name) + ": table " + o.table + " has no check " + o.check);
            return {AddCheck{o.table, *check}};
          },
          [&](const RunSql& o) -> std::vector<Operation> {
            if (!o.reverse_sql) throw StateError("run_sql has no reverse_sql, so it cannot be unapplied");
            return {RunSql{*o.reverse_sql, o.sql}};
          },
      },
      op);
}

}  // namespace cpprustango::migrate
