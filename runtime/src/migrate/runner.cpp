#include "cpprustango/migrate/runner.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "cpprustango/migrate/sql.hpp"

namespace cpprustango::migrate {
namespace {

using db::Dialect;

/** One operation of a step with its statements; an altered column's old definition, for the danger checks. */
struct PreparedOp {
  Operation op;
  std::optional<Column> altered_from;
  std::vector<std::string> statements;

  PreparedOp(Operation operation, const State& before, std::vector<std::string> sql)
      : op(std::move(operation)), statements(std::move(sql)) {
    // Only this column, not the whole state: a plan over a thousand files keeps one per operation.
    if (const auto* altered = std::get_if<AlterColumn>(&op)) {
      const Table* table = before.table(altered->table);
      if (const Column* old = table ? table->column(altered->column.name) : nullptr) altered_from = *old;
    }
  }
};

int kind_rank(FieldKind kind) {
  switch (kind) {
    case FieldKind::SmallInt: return 1;
    case FieldKind::Int: return 2;
    case FieldKind::BigInt: return 3;
    case FieldKind::Real: return 4;
    case FieldKind::Double: return 5;
    default: return 0;
  }
}

/** Why changing `from` into `to` may not keep every value, or empty when it keeps them all. */
std::string narrowing(const ColumnType& from, const ColumnType& to) {
  if (from == to) return {};
  const std::string a(schema::type_name(from.kind));
  const std::string b(schema::type_name(to.kind));
  if (from.kind != to.kind) {
    const int ra = kind_rank(from.kind);
    const int rb = kind_rank(to.kind);
    if (ra && rb && ra <= rb && !(ra <= 3 && rb >= 4)) return {};  // a wider integer or float
    const bool to_text = to.kind == FieldKind::Text;
    if (to_text && !schema::is_relation(from.kind)) return {};
    // Every instant has a UTC reading and back (sql.cpp spells the conversion out): nothing is lost.
    const auto date_and_time = [](FieldKind k) { return k == FieldKind::DateTime || k == FieldKind::Timestamp; };
    if (date_and_time(from.kind) && date_and_time(to.kind)) return {};
    return "changes its type from " + a + " to " + b + ", which may not hold every value";
  }
  if (to.max_length && (!from.max_length || to.max_length < from.max_length)) {
    return "shortens it to " + std::to_string(to.max_length) + " characters";
  }
  if (from.kind == FieldKind::Decimal &&
      (to.precision < from.precision || to.scale < from.scale || to.precision - to.scale < from.precision - from.scale)) {
    return "narrows it from decimal(" + std::to_string(from.precision) + "," + std::to_string(from.scale) +
           ") to decimal(" + std::to_string(to.precision) + "," + std::to_string(to.scale) + ")";
  }
  for (const std::string& choice : from.choices) {
    if (std::find(to.choices.begin(), to.choices.end(), choice) == to.choices.end()) {
      return "removes the choice '" + choice + "', which rows may hold";
    }
  }
  return {};
}

std::string rows_text(std::int64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

/** Unapplies the newest `count` of `applied` (history order), newest first. */
Plan last_applied(const std::vector<std::string>& applied, int count) {
  Plan plan;
  for (auto it = applied.rbegin(); it != applied.rend() && static_cast<int>(plan.steps.size()) < count; ++it) {
    plan.steps.push_back({*it, false});
  }
  return plan;
}

}  // namespace

struct Migrator::Prepared {
  Step step;
  std::vector<PreparedOp> ops;
};

namespace {
using Prepared = Migrator::Prepared;

std::vector<Prepared> prepare(const History& history, const Plan& plan, const std::vector<std::string>& applied,
                              Dialect dialect) {
  std::map<std::string, Migration, std::less<>> files;
  auto file = [&](const std::string& name) -> const Migration& {
    auto found = files.find(name);
    if (found == files.end()) found = files.emplace(name, history.read_operations(name)).first;
    return found->second;
  };
  auto fold = [&](const std::vector<std::string>& names) {
    State state;
    for (const std::string& name : names) {
      for (const Operation& op : file(name).operations) migrate::apply(state, op);
    }
    return state;
  };
  auto fail = [](const std::string& name, std::size_t n, const Operation& op, const std::string& why) {
    return MigrationError(name + ": operation " + std::to_string(n) + " (" + describe(op) + "): " + why);
  };

  std::vector<std::string> current = applied;
  State state = fold(current);
  std::vector<Prepared> prepared;
  for (const Step& step : plan.steps) {
    Prepared p{step, {}};
    const Migration& migration = file(step.name);
    if (step.forward) {
      std::size_t n = 0;
      for (const Operation& op : migration.operations) {
        ++n;
        try {
          PreparedOp item{op, state, render(op, state, dialect)};
          migrate::apply(state, op);
          p.ops.push_back(std::move(item));
        } catch (const StateError& e) {
          throw fail(step.name, n, op, e.what());
        }
      }
      current.push_back(step.name);
    } else {
      std::erase(current, step.name);
      State before_file = fold(current);
      // The state before each of the file's operations, then their inverses newest first.
      std::vector<State> befores;
      State walk = before_file;
      for (const Operation& op : migration.operations) {
        befores.push_back(walk);
        migrate::apply(walk, op);
      }
      for (std::size_t i = migration.operations.size(); i-- > 0;) {
        const Operation& op = migration.operations[i];
        try {
          for (Operation& undo : inverse(op, befores[i])) {
            PreparedOp item{undo, walk, render(undo, walk, dialect)};
            migrate::apply(walk, undo);
            p.ops.push_back(std::move(item));
          }
        } catch (const StateError& e) {
          throw fail(step.name, i + 1, op, std::string("cannot be unapplied: ") + e.what());
        }
      }
      state = std::move(before_file);
    }
    prepared.push_back(std::move(p));
  }
  return prepared;
}

std::vector<std::pair<Step, std::vector<std::string>>> statements_of(const std::vector<Prepared>& prepared) {
  std::vector<std::pair<Step, std::vector<std::string>>> out;
  for (const Prepared& p : prepared) {
    std::vector<std::string> statements;
    for (const PreparedOp& op : p.ops) statements.insert(statements.end(), op.statements.begin(), op.statements.end());
    out.emplace_back(p.step, std::move(statements));
  }
  return out;
}

/** A step's statements inside its transaction; a failure names the migration, the operation and the database's message. */
void run_statements(db::Connection& conn, const Prepared& p) {
  std::size_t n = 0;
  for (const PreparedOp& item : p.ops) {
    ++n;
    for (const std::string& statement : item.statements) {
      try {
        conn.execute_script(statement);
      } catch (const db::DatabaseError& e) {
        throw MigrationError(p.step.name + ": operation " + std::to_string(n) + " (" + describe(item.op) + "): " +
                             e.what() + "; nothing of " + p.step.name + " was applied");
      }
    }
  }
  if (conn.dialect() == Dialect::Sqlite) {
    const auto broken = conn.query("PRAGMA foreign_key_check");
    if (!broken.empty()) {
      throw MigrationError(p.step.name + ": leaves " + rows_text(static_cast<std::int64_t>(broken.size())) + " in " +
                           db::as_string(broken[0][0]) + " whose foreign key points at no row of " +
                           db::as_string(broken[0][2]) + "; nothing of " + p.step.name + " was applied");
    }
  }
}

}  // namespace

std::vector<std::pair<Step, std::vector<std::string>>> render_plan(const History& history, const Plan& plan,
                                                                    const std::vector<std::string>& applied,
                                                                    db::Dialect dialect) {
  return statements_of(prepare(history, plan, applied, dialect));
}

Migrator::Migrator(db::Database database, History history)
    : database_(std::move(database)), history_(std::move(history)) {}

void Migrator::ensure_ledger(db::Connection& conn) {
  conn.execute_script("CREATE TABLE IF NOT EXISTS " + quote(kLedgerTable) +
                      " (name VARCHAR(255) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)");
}

std::vector<std::string> Migrator::applied(db::Connection& conn) {
  const bool exists =
      conn.dialect() == Dialect::Sqlite
          ? !conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", {std::string(kLedgerTable)})
                 .empty()
          : !conn.query("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1",
                        {std::string(kLedgerTable)})
                 .empty();
  if (!exists) return {};
  std::set<std::string> names;
  for (const auto& row : conn.query("SELECT name FROM " + quote(kLedgerTable))) names.insert(db::as_string(row[0]));
  std::vector<std::string> ordered;
  for (const std::string& name : history_.order()) {
    if (names.erase(name)) ordered.push_back(name);
  }
  // Rows for files that no longer exist stay last, so plans and showmigrations can name them.
  ordered.insert(ordered.end(), names.begin(), names.end());
  return ordered;
}

std::vector<std::string> Migrator::applied() {
  auto conn = database_.acquire();
  return applied(conn);
}

Plan Migrator::plan_from(const std::vector<std::string>& applied, std::optional<std::string_view> target) const {
  for (const std::string& name : applied) {
    if (!history_.find(name)) {
      throw MigrationError("the database has migration " + name + " applied, but migrations/ has no such file");
    }
  }
  const std::set<std::string> done(applied.begin(), applied.end());
  std::set<std::string> wanted;
  if (!target) {
    const auto all = history_.order();
    wanted.insert(all.begin(), all.end());
  } else if (*target != "zero") {
    const auto needed = history_.ancestors_of(history_.resolve(*target).name);
    wanted.insert(needed.begin(), needed.end());
  }
  Plan plan;
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (!wanted.contains(*it)) plan.steps.push_back({*it, false});
  }
  for (const std::string& name : history_.order()) {
    if (wanted.contains(name) && !done.contains(name)) plan.steps.push_back({name, true});
  }
  return plan;
}

Plan Migrator::plan(std::optional<std::string_view> target) { return plan_from(applied(), target); }


std::vector<std::pair<Step, std::vector<std::string>>> Migrator::sql(const Plan& plan) {
  return render_plan(history_, plan, applied(), database_.dialect());
}

std::vector<Danger> Migrator::dangers(db::Connection& conn, const std::vector<Prepared>& prepared) {
  std::vector<Danger> found;
  // Tables created earlier in the same run are empty when the danger is checked.
  std::set<std::string> created;
  // Nothing has run yet: a table renamed earlier in the run still has its old name.
  std::map<std::string, std::string> old_names;
  auto count = [&](const std::string& table, const std::string& where = {}) -> std::int64_t {
    if (created.contains(table)) return 0;
    const auto old = old_names.find(table);
    const std::string& name = old == old_names.end() ? table : old->second;
    const auto rows = conn.query("SELECT COUNT(*) FROM " + quote(name) + (where.empty() ? "" : " WHERE " + where));
    return rows.empty() ? 0 : db::as_int(rows[0][0]);
  };
  for (const Prepared& p : prepared) {
    for (const PreparedOp& item : p.ops) {
      auto add = [&](std::string explanation) {
        found.push_back({p.step.name, describe(item.op), std::move(explanation)});
      };
      if (const auto* create = std::get_if<CreateTable>(&item.op)) {
        created.insert(create->table.name);
      } else if (const auto* rename = std::get_if<RenameTable>(&item.op)) {
        const auto old = old_names.find(rename->from);
        old_names[rename->to] = old == old_names.end() ? rename->from : old->second;
        if (created.contains(rename->from)) created.insert(rename->to);
      } else if (const auto* drop = std::get_if<DropTable>(&item.op)) {
        if (const auto n = count(drop->table)) add("table " + drop->table + " holds " + rows_text(n) + "; dropping it loses them");
      } else if (const auto* gone = std::get_if<DropColumn>(&item.op)) {
        if (const auto n = count(gone->table, quote(gone->column) + " IS NOT NULL")) {
          add(gone->table + "." + gone->column + " holds data in " + rows_text(n) + "; dropping it loses that data");
        }
      } else if (const auto* added = std::get_if<AddColumn>(&item.op)) {
        const Column& c = added->column;
        if (!c.nullable && !c.default_value && !c.auto_increment) {
          if (const auto n = count(added->table)) {
            add("adds NOT NULL column " + added->table + "." + c.name + " without a default to a table with " + rows_text(n) +
                "; they would get an empty value (0, '', false); give the field a @default or make it optional instead");
          }
        }
      } else if (const auto* altered = std::get_if<AlterColumn>(&item.op)) {
        const Column* old = item.altered_from ? &*item.altered_from : nullptr;
        if (!old) continue;
        if (const std::string why = narrowing(old->type, altered->column.type); !why.empty()) {
          if (const auto n = count(altered->table, quote(old->name) + " IS NOT NULL")) {
            add("altering " + altered->table + "." + old->name + " " + why + " (" + rows_text(n) + " with a value)");
          }
        }
        if (old->nullable && !altered->column.nullable && !altered->column.default_value) {
          if (const auto n = count(altered->table, quote(old->name) + " IS NULL")) {
            add(altered->table + "." + old->name + " becomes NOT NULL but " + rows_text(n) +
                " hold NULL, which the database will refuse; give the field a @default to fill them");
          }
        }
      }
    }
  }
  return found;
}


Plan Migrator::run(db::Connection& conn, const std::function<Plan(const std::vector<std::string>&)>& planner,
                   const RunOptions& options) {
  const bool sqlite = conn.dialect() == Dialect::Sqlite;
  conn.advisory_lock(kMigrationLock);
  struct Unlock {
    db::Connection& conn;
    ~Unlock() {
      try {
        conn.advisory_unlock(kMigrationLock);
      } catch (...) {
      }
    }
  } unlock{conn};

  ensure_ledger(conn);
  const auto done = applied(conn);
  const Plan plan = planner(done);
  const auto prepared = prepare(history_, plan, done, database_.dialect());

  if (!options.fake) {
    std::vector<Danger> refused;
    for (const Danger& danger : dangers(conn, prepared)) {
      if (!options.confirm || !options.confirm(danger)) refused.push_back(danger);
    }
    if (!refused.empty()) {
      const Danger& first = refused.front();
      throw RefusedError(first.migration + ": " + first.explanation + " (rerun with --yes to go ahead)" +
                         (refused.size() > 1 ? "; " + std::to_string(refused.size() - 1) + " more such change(s)" : ""));
    }
  }

  const std::string insert = sqlite ? "INSERT INTO " + quote(kLedgerTable) + " (name, applied_at) VALUES (?, ?)"
                                    : "INSERT INTO " + quote(kLedgerTable) + " (name, applied_at) VALUES ($1, $2)";
  const std::string remove = sqlite ? "DELETE FROM " + quote(kLedgerTable) + " WHERE name = ?"
                                    : "DELETE FROM " + quote(kLedgerTable) + " WHERE name = $1";
  const std::string now = db::as_string(
      conn.query(sqlite ? "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                        : "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')")
          .scalar());

  const std::string is_recorded = "SELECT COUNT(*) FROM " + quote(kLedgerTable) + (sqlite ? " WHERE name = ?" : " WHERE name = $1");

  Plan ran;
  for (const Prepared& p : prepared) {
    // SQLite rebuilds drop and recreate tables: foreign keys must be off (it
    // cannot be changed inside a transaction) and are checked before commit.
    if (sqlite && !options.fake) conn.execute("PRAGMA foreign_keys = OFF");
    bool skipped = false;
    try {
      auto tx = conn.begin();
      // On SQLite the plan was made before this transaction took the write
      // lock: a concurrent run may have done this step meanwhile.
      skipped = (db::as_int(conn.query(is_recorded, {p.step.name}).scalar()) > 0) == p.step.forward;
      if (!skipped) {
        if (options.on_start) options.on_start(p.step);
        if (!options.fake) run_statements(conn, p);
        if (p.step.forward) {
          conn.execute(insert, {p.step.name, now});
        } else {
          conn.execute(remove, {p.step.name});
        }
        tx.commit();
      }
    } catch (...) {
      if (sqlite && !options.fake) conn.execute("PRAGMA foreign_keys = ON");
      throw;
    }
    if (sqlite && !options.fake) conn.execute("PRAGMA foreign_keys = ON");
    if (skipped) continue;
    ran.steps.push_back(p.step);
    if (options.on_done) options.on_done(p.step);
  }
  return ran;
}

Plan Migrator::migrate(std::optional<std::string_view> target, const RunOptions& options) {
  auto conn = database_.acquire();
  const std::optional<std::string> wanted = target ? std::optional<std::string>(*target) : std::nullopt;
  return run(
      conn, [&](const std::vector<std::string>& done) { return plan_from(done, wanted); }, options);
}

Plan Migrator::downgrade(int count, const RunOptions& options) {
  auto conn = database_.acquire();
  return run(
      conn, [&](const std::vector<std::string>& done) { return last_applied(done, count); }, options);
}

}  // namespace cpprustango::migrate
