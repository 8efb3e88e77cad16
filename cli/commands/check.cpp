// `cpprustango check`: system checks over the project without building it:
// the manifest's apps, every schema file, and the types against the
// configured database (a PostgreSQL-only type on a SQLite project fails here).
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/db/url.hpp"
#include "cpprustango/migrate/autodetect.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/parser.hpp"
#include "cpprustango/schema/spec.hpp"
#include "support/console.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/migrations.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {
namespace {

/** The configured database's backend (DATABASE_URL, else the settings' database.url). */
schema::Backend project_backend(const Project& project) {
  return parsed_database_url(&project, std::nullopt).dialect == db::Dialect::Sqlite ? schema::Backend::SQLite
                                                                                    : schema::Backend::PostgreSQL;
}

/**
 * Migrations against the models and the database: several heads and models
 * changed without a migration are errors; unapplied migrations (or a database
 * that cannot be reached to tell) are warnings.
 */
void check_migrations(const Project& project, const std::vector<schema::SchemaFile>& files,
                      std::vector<std::string>& problems, std::size_t& errors) {
  try {
    const auto history = migrate::History::load(migrations_dir(project));
    const auto heads = history.heads();
    if (heads.size() > 1) {
      ++errors;
      problems.push_back("migrations: error: " + std::to_string(heads.size()) +
                         " heads; join them with cpprustango makemigrations --merge");
      return;
    }
    const migrate::State last = heads.empty() ? migrate::State{} : history.read(heads.front()).snapshot;
    const auto changes = migrate::diff(last, migrate::from_specs(schema::SpecSet(files)));
    if (!changes.empty()) {
      ++errors;
      problems.push_back("migrations: error: the schema files changed without a migration (" +
                         migrate::describe(changes.front()) + (changes.size() > 1 ? ", ..." : "") +
                         "); run cpprustango makemigrations");
    }
  } catch (const std::exception& e) {
    ++errors;
    problems.push_back(std::string("migrations: error: ") + e.what());
    return;
  }
  try {
    auto migrator = open_migrator(project, std::nullopt, MissingDatabase::TreatAsEmpty);
    const auto pending = migrator.plan(std::nullopt).steps.size();
    if (pending > 0) {
      problems.push_back("migrations: warning: " + std::to_string(pending) + " unapplied migration" +
                         (pending == 1 ? "" : "s") + "; run cpprustango migrate");
    }
  } catch (const std::exception& e) {
    problems.push_back(std::string("migrations: warning: cannot compare with the database: ") + e.what());
  }
}

}  // namespace

std::shared_ptr<CheckOptions> setup_check(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Check the project's apps and schema files against its database");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_check(*options, invocation.global); }; });
  return options;
}

int run_check(const CheckOptions&, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  const auto backend = project_backend(project);

  std::vector<std::string> problems;
  std::vector<schema::SchemaFile> files;
  for (const auto& app : project.apps) {
    const auto path = project.schema_file(app);
    const std::string shown = "apps/" + app + "/models.schema";
    if (!std::filesystem::exists(path)) {
      problems.push_back(shown + ": error: app " + app + " is registered in cpprustango.toml but has no schema file");
      continue;
    }
    try {
      files.push_back(schema::parse(read_text(path), shown, app));
    } catch (const schema::ParseError& e) {
      problems.push_back(e.what());
    }
  }
  std::size_t errors = problems.size();
  for (const auto& diagnostic : schema::check(files, backend)) {
    if (diagnostic.severity == schema::Severity::Error) ++errors;
    problems.push_back(diagnostic.to_string());
  }

  if (errors == 0) check_migrations(project, files, problems, errors);

  for (const auto& problem : problems) std::cerr << problem << "\n";
  if (problems.empty()) {
    console::success("System check identified no issues (" + std::to_string(project.apps.size()) + " app" +
                     (project.apps.size() == 1 ? "" : "s") + ", " + std::string(schema::backend_name(backend)) + ").");
    return 0;
  }
  const std::string summary = "system check identified " + std::to_string(problems.size()) + " issue" +
                              (problems.size() == 1 ? "" : "s") + " (" + std::to_string(errors) + " error" +
                              (errors == 1 ? "" : "s") + ")";
  if (errors > 0) throw CliError(summary);
  console::warning(summary);
  return 0;
}

}  // namespace cpprustango::cli
