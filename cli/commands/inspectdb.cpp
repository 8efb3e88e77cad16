// `cpprustango inspectdb`: models for the tables of a live database, written
// as apps/APP/models.schema (and the app registered) or printed. Every check
// runs before anything is written, and the text is parsed and checked
// again before it is written: a file inspectdb writes always builds.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/introspect/to_schema.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/format.hpp"
#include "cpprustango/schema/parser.hpp"
#include "support/console.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/names.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {
namespace {

std::optional<Project> find_project(const GlobalOptions& global, bool required) {
  if (required || global.project_dir || find_project_root(std::filesystem::current_path())) {
    return Project::find(global.project_dir);
  }
  return std::nullopt;
}

/** The database to inspect, found as every verb finds it; a SQLite file must exist (opening one would create it). */
db::Url inspected_database(const InspectdbOptions& options, const std::optional<Project>& project) {
  auto url = parsed_database_url(project ? &*project : nullptr, options.database);
  if (url.dialect == db::Dialect::Sqlite && !url.is_memory() && !std::filesystem::exists(url.path)) {
    throw CliError("no SQLite database at " + url.path + "; check the path in " + url.redacted());
  }
  return url;
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

/** The catalog with every --table present; one line naming the missing ones otherwise. */
void check_tables(const introspect::Catalog& catalog, const InspectdbOptions& options) {
  const auto schemas = options.schemas.empty() ? std::vector<std::string>{"public"} : options.schemas;
  const std::string where = catalog.dialect == db::Dialect::Postgresql ? " (schemas: " + list(schemas) + ")" : "";
  if (catalog.tables.empty()) {
    throw CliError("the database has no tables" + where + " to inspect" +
                   (options.include_views ? "" : "; pass --include-views to inspect views"));
  }
  std::vector<std::string> missing;
  for (const auto& name : options.tables) {
    if (!introspect::has_table(catalog, name)) missing.push_back(name);
  }
  if (!missing.empty()) {
    std::vector<std::string> present;
    for (const auto& table : catalog.tables) present.push_back(table.name);
    if (present.size() > 10) {
      present.resize(10);
      present.push_back("...");
    }
    throw CliError("no table " + list(missing) + " in the database" + where + "; it has " + list(present));
  }
}

}  // namespace

std::shared_ptr<InspectdbOptions> setup_inspectdb(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<InspectdbOptions>();
  auto* cmd = app.add_subcommand("inspectdb", "Write models for the tables of an existing database");
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then database.url)")
      ->type_name("URL");
  cmd->add_option("--app", options->app, "Write apps/APP/models.schema and register APP in cpprustango.toml")
      ->type_name("APP");
  cmd->add_option("--table", options->tables, "Only this table, repeatable")->type_name("TABLE");
  cmd->add_option("--schema", options->schemas, "PostgreSQL schema to read, repeatable (default: public)")
      ->type_name("SCHEMA");
  cmd->add_flag("--include-views", options->include_views, "Also write models for views (never managed)");
  cmd->add_flag("--managed", options->managed, "Let migrations manage the tables (default: @@managed(false))");
  cmd->add_flag("--stdout", options->to_stdout, "Print the models instead of writing a file");
  cmd->add_flag("--force", options->force, "Replace an existing apps/APP/models.schema");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_inspectdb(*options, invocation.global); };
  });
  return options;
}

int run_inspectdb(const InspectdbOptions& options, const GlobalOptions& global) {
  if (options.app.empty() && !options.to_stdout) {
    throw UsageError("inspectdb needs --app APP (to write apps/APP/models.schema) or --stdout");
  }
  if (!options.app.empty()) {
    if (auto problem = app_name_problem(options.app)) throw CliError(*problem);
  }
  const auto project = find_project(global, !options.to_stdout);
  std::filesystem::path schema_path;
  if (!options.to_stdout) {
    schema_path = project->schema_file(options.app);
    if (std::filesystem::exists(schema_path) && !options.force) {
      throw CliError("apps/" + options.app + "/models.schema already exists; pass --force to replace it");
    }
  }
  const auto url = inspected_database(options, project);

  const auto started = std::chrono::steady_clock::now();
  introspect::Catalog catalog;
  try {
    auto database = db::Database::open(url, {.max_connections = 1, .read_only = true});
    catalog = introspect::inspect(database, {.schemas = options.schemas, .include_views = options.include_views});
  } catch (const db::DatabaseError& e) {
    throw CliError(e.what());
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  check_tables(catalog, options);

  const std::string app = options.app.empty() ? "inspected" : options.app;
  const auto file = introspect::to_schema(catalog, {.app = app, .managed = options.managed, .tables = options.tables});
  const std::string text = schema::format(file);
  // The models must read back and pass the backend's checks, or nothing is written.
  const auto backend = url.dialect == db::Dialect::Sqlite ? schema::Backend::SQLite : schema::Backend::PostgreSQL;
  try {
    const auto reparsed = schema::parse(text, file.path, app);
    for (const auto& diagnostic : schema::check(reparsed, backend)) {
      if (diagnostic.severity == schema::Severity::Error) {
        throw CliError("inspectdb produced models that fail the system check (" + diagnostic.to_string() +
                       "); please report this with the table's definition");
      }
    }
  } catch (const schema::ParseError& e) {
    throw CliError(std::string("inspectdb produced models that do not parse (") + e.what() +
                   "); please report this with the table's definition");
  }
  const std::string stats = "Read " + std::to_string(catalog.tables.size()) + " tables in " +
                            std::to_string(catalog.queries) + " catalog queries, " +
                            std::to_string(static_cast<long>(elapsed.count())) + " ms";
  // With --stdout the models are the output; the numbers go to stderr.
  if (options.to_stdout && global.verbose) std::cerr << stats << std::endl;
  if (!options.to_stdout) console::detail(stats);

  if (options.to_stdout) {
    std::cout << text << std::flush;
    return 0;
  }
  const bool registered = std::find(project->apps.begin(), project->apps.end(), options.app) != project->apps.end();
  std::string manifest;
  if (!registered) {
    auto apps = project->apps;
    apps.push_back(options.app);
    manifest = manifest_with_apps(read_text(project->manifest()), apps);
  }
  write_atomically(schema_path, text);
  if (!registered) write_atomically(project->manifest(), manifest);
  console::success("Wrote apps/" + options.app + "/models.schema: " + std::to_string(file.models.size()) + " model" +
                   (file.models.size() == 1 ? "" : "s") + " from " + url.redacted() +
                   (registered ? "" : ", app registered in cpprustango.toml"));
  if (options.next_step) console::info("Next: cpprustango build");
  return 0;
}

}  // namespace cpprustango::cli
