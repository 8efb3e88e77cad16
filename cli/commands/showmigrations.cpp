// `cpprustango showmigrations`: every migration, [X] when applied.
#include <CLI/CLI.hpp>
#include <set>

#include "commands/commands.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {

std::shared_ptr<ShowmigrationsOptions> setup_showmigrations(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<ShowmigrationsOptions>();
  auto* cmd = app.add_subcommand("showmigrations", "List the migrations and which are applied");
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then config database.url)");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_showmigrations(*options, invocation.global); };
  });
  return options;
}

int run_showmigrations(const ShowmigrationsOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  try {
    auto migrator = open_migrator(project, options.database, MissingDatabase::TreatAsEmpty);
    const auto applied = migrator.applied();
    const std::set<std::string> done(applied.begin(), applied.end());
    if (migrator.history().empty()) console::info("(no migrations; create the first with cpprustango makemigrations)");
    for (const auto& name : migrator.history().order()) {
      console::info(std::string(done.contains(name) ? "[X] " : "[ ] ") + name);
    }
    for (const auto& name : applied) {
      if (!migrator.history().find(name)) console::warning("[X] " + name + " is applied but has no file in migrations/");
    }
    if (const auto heads = migrator.history().heads(); heads.size() > 1) {
      console::warning("the migrations have " + std::to_string(heads.size()) + " heads; join them with cpprustango makemigrations --merge");
    }
    return 0;
  } catch (...) {
    rethrow_as_cli_error();
  }
}

}  // namespace cpprustango::cli
