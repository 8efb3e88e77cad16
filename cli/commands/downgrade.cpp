// `cpprustango downgrade [N]`: unapplies the last N applied migrations (1 by default).
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {

std::shared_ptr<DowngradeOptions> setup_downgrade(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<DowngradeOptions>();
  auto* cmd = app.add_subcommand("downgrade", "Unapply the last N applied migrations");
  cmd->add_option("N", options->count, "How many (default 1)")->check(CLI::PositiveNumber);
  cmd->add_flag("--yes", options->yes, "Go ahead with changes that lose data");
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then config database.url)");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_downgrade(*options, invocation.global); }; });
  return options;
}

int run_downgrade(const DowngradeOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  try {
    auto migrator = open_migrator(project, options.database);
    if (migrator.downgrade(options.count, run_options(false, options.yes)).empty()) {
      console::info("No migrations are applied.");
    }
    return 0;
  } catch (...) {
    rethrow_as_cli_error();
  }
}

}  // namespace cpprustango::cli
