// `cpprustango migrate [TARGET|zero]`: applies (or unapplies) migrations on
// the project's database; --plan and --dry-run show what would happen.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands/commands.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {
namespace {

void print_plan(const migrate::Migrator& migrator, const migrate::Plan& plan) {
  if (plan.empty()) {
    console::info("No migrations to apply.");
    return;
  }
  console::info("Planned operations:");
  for (const auto& step : plan.steps) {
    console::info(std::string(step.forward ? "  [apply]   " : "  [unapply] ") + step.name);
    for (const auto& op : migrator.history().read_operations(step.name).operations) console::info("      " + migrate::describe(op));
  }
}

void print_sql(const std::vector<std::pair<migrate::Step, std::vector<std::string>>>& steps) {
  for (const auto& [step, statements] : steps) {
    std::cout << "-- " << step_label(step) << "\n";
    for (const auto& statement : statements) std::cout << statement << ";\n";
    std::cout << "\n";
  }
}

}  // namespace

std::shared_ptr<MigrateOptions> setup_migrate(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MigrateOptions>();
  auto* cmd = app.add_subcommand("migrate", "Apply migrations (or go back to TARGET; `zero` unapplies all)");
  cmd->add_option("TARGET", options->target, "A migration name or unique prefix (0002), or zero");
  cmd->add_flag("--plan", options->plan, "Show the migrations and operations that would run, run nothing");
  cmd->add_flag("--dry-run", options->dry_run, "Print the SQL that would run, run nothing");
  cmd->add_flag("--fake", options->fake, "Record the migrations as applied (or unapplied) without running them");
  cmd->add_flag("--yes", options->yes, "Go ahead with changes that lose data (dropped tables or columns, ...)");
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then config database.url)");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_migrate(*options, invocation.global); }; });
  return options;
}

int run_migrate(const MigrateOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  try {
    auto migrator = open_migrator(project, options.database);
    const std::optional<std::string_view> target =
        options.target.empty() ? std::nullopt : std::optional<std::string_view>(options.target);
    if (options.plan || options.dry_run) {
      const auto plan = migrator.plan(target);
      if (options.plan) print_plan(migrator, plan);
      if (options.dry_run) {
        if (plan.empty()) console::info("No migrations to apply.");
        print_sql(migrator.sql(plan));
      }
      return 0;
    }
    const auto done = migrator.migrate(target, run_options(options.fake, options.yes));
    if (done.empty()) console::info("No migrations to apply.");
    return 0;
  } catch (...) {
    rethrow_as_cli_error();
  }
}

}  // namespace cpprustango::cli
