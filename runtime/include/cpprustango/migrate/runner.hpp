// Applying and unapplying migrations on a live database.
//
//   migrate::Migrator migrator(db, migrate::History::load(root / "migrations"));
//   for (const auto& step : migrator.plan({}).steps) std::cout << step.name << '\n';   // --plan
//   migrator.migrate({}, {.confirm = ask_on_tty});
//
// A ledger table records what is applied. Each migration file runs in one
// transaction together with its ledger row, so a failure (or a kill) leaves
// the database as it was before that file. On PostgreSQL the whole run holds
// an advisory lock, so two `migrate` runs never interleave; on SQLite the
// write lock of each file's transaction does the same. Changes that can lose
// data are shown to `confirm` before anything runs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "cpprustango/migrate/migration.hpp"

namespace cpprustango::migrate {

inline constexpr std::string_view kLedgerTable = "cpprustango_migrations";
/** The advisory lock `migrate` holds on PostgreSQL ("cprmigra" in ASCII). */
inline constexpr std::int64_t kMigrationLock = 0x6370726d69677261;

struct Step {
  std::string name;
  bool forward = true;
  bool operator==(const Step&) const = default;
};

struct Plan {
  std::vector<Step> steps;
  bool empty() const { return steps.empty(); }
};

/** A change that can lose data, with what it would do, for a person to confirm. */
struct Danger {
  std::string migration;
  std::string operation;    ///< describe(op): "drop_column blog_post.title"
  std::string explanation;  ///< "blog_post.title holds data in 3 rows; dropping it loses them"
};

/** A migration that failed: "0003_add_slug: operation 2 (add_column blog_post.slug): <database message>". */
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** Dangerous changes that were not confirmed; nothing was applied. */
class RefusedError : public MigrationError {
 public:
  using MigrationError::MigrationError;
};

struct RunOptions {
  /** Record the steps in the ledger without running their SQL. */
  bool fake = false;
  /** Asked once per dangerous change; false (or no callback) refuses the run before anything is applied. */
  std::function<bool(const Danger&)> confirm;
  /** Told when each step starts and when it has been committed. */
  std::function<void(const Step&)> on_start;
  std::function<void(const Step&)> on_done;
};

/**
 * The statements of `plan` on `dialect`, given the migrations already applied;
 * no database needed (sqlmigrate):
 *   auto sql = render_plan(history, {{{"0002_add_tags", true}}}, {"0001_initial"}, db::Dialect::Sqlite);
 */
std::vector<std::pair<Step, std::vector<std::string>>> render_plan(const History& history, const Plan& plan,
                                                                    const std::vector<std::string>& applied,
                                                                    db::Dialect dialect);

class Migrator {
 public:
  Migrator(db::Database database, History history);

  const History& history() const { return history_; }

  /** Applied migrations from the ledger, in history order (an empty list when there is no ledger yet). */
  std::vector<std::string> applied();

  /**
   * The steps to reach `target`: nullopt applies everything, "zero" unapplies
   * everything, a name (or a unique prefix) applies it with its ancestors and
   * unapplies whatever else is applied, newest first.
   */
  Plan plan(std::optional<std::string_view> target);
  /** Each step's statements, in order, as `migrate --dry-run` and `sqlmigrate` print them. */
  std::vector<std::pair<Step, std::vector<std::string>>> sql(const Plan& plan);

  /**
   * Plans and runs under the migration lock, so the plan reflects what any
   * concurrent run already did. Returns the steps run.
   */
  Plan migrate(std::optional<std::string_view> target, const RunOptions& options);
  Plan downgrade(int count, const RunOptions& options);

 public:
  struct Prepared;  // a step with its operations rendered; internal

 private:
  Plan plan_from(const std::vector<std::string>& applied, std::optional<std::string_view> target) const;
  std::vector<Danger> dangers(db::Connection& conn, const std::vector<Prepared>& prepared);
  Plan run(db::Connection& conn, const std::function<Plan(const std::vector<std::string>&)>& planner,
           const RunOptions& options);
  std::vector<std::string> applied(db::Connection& conn);
  void ensure_ledger(db::Connection& conn);

  db::Database database_;
  History history_;
};

}  // namespace cpprustango::migrate
