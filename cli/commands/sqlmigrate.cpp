// `cpprustango sqlmigrate NAME [--backwards]`: the SQL of one migration for the
// project's database dialect. Nothing connects: the SQL comes from the files.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/migrate/runner.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {

std::shared_ptr<SqlmigrateOptions> setup_sqlmigrate(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<SqlmigrateOptions>();
  auto* cmd = app.add_subcommand("sqlmigrate", "Print the SQL of one migration");
  cmd->add_option("NAME", options->name, "A migration name or unique prefix (0002, auth.0001)")->required();
  cmd->add_flag("--backwards", options->backwards, "The SQL that unapplies it");
  cmd->add_option("--database", options->database, "Database URL whose dialect to use (default: the project's)");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_sqlmigrate(*options, invocation.global); }; });
  return options;
}

int run_sqlmigrate(const SqlmigrateOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  const auto url = parsed_database_url(&project, options.database);
  try {
    const auto history = load_history_with_framework(project);
    const std::string name = history.resolve(options.name).name;
    // As if everything it depends on were applied (and, backwards, itself too).
    auto applied = history.ancestors_of(name);
    if (!options.backwards) std::erase(applied, name);
    const migrate::Plan plan{{{name, !options.backwards}}};
    for (const auto& [step, statements] : migrate::render_plan(history, plan, applied, url.dialect)) {
      for (const auto& statement : statements) std::cout << statement << ";\n";
    }
    return 0;
  } catch (...) {
    rethrow_as_cli_error();
  }
}

}  // namespace cpprustango::cli
