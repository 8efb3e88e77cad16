#include "support/migrations.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cpprustango/db/database.hpp"
#include "cpprustango/migrate/state.hpp"
#include "cpprustango/schema/parser.hpp"
#include "cpprustango/schema/spec.hpp"
#include "support/console.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {

std::vector<schema::SchemaFile> read_schema_files(const Project& project) {
  std::vector<schema::SchemaFile> files;
  for (const auto& app : project.apps) {
    const auto path = project.schema_file(app);
    const std::string shown = "apps/" + app + "/models.schema";
    if (!std::filesystem::exists(path)) {
      throw CliError(shown + " does not exist, but " + app + " is installed in cpprustango.toml");
    }
    try {
      files.push_back(schema::parse(read_text(path), shown, app));
    } catch (const schema::ParseError& e) {
      throw CliError(e.what());
    }
  }
  return files;
}

migrate::State wanted_state(const Project& project) {
  const auto files = read_schema_files(project);
  return migrate::from_specs(schema::SpecSet(files));
}

std::filesystem::path migrations_dir(const Project& project) { return project.root / "migrations"; }

migrate::History load_history(const Project& project) {
  try {
    return migrate::History::load(migrations_dir(project));
  } catch (const migrate::MigrationFileError& e) {
    throw CliError(e.what());
  }
}

migrate::History load_history_with_framework(const Project& project) {
  try {
    return migrate::History::load(migrations_dir(project), {{"auth", Installation::current().auth_migrations()}});
  } catch (const migrate::MigrationFileError& e) {
    throw CliError(e.what());
  }
}

migrate::Migrator open_migrator(const Project& project, const std::optional<std::string>& database,
                                MissingDatabase missing) {
  db::Url url = parsed_database_url(&project, database);
  try {
    if (url.dialect == db::Dialect::Sqlite && !url.is_memory()) {
      // parsed_database_url() made the path absolute, against the project root.
      if (missing == MissingDatabase::TreatAsEmpty && !std::filesystem::exists(url.path)) {
        url.path = ":memory:";  // an empty database: nothing applied, and no file created by looking
      } else {
        // A fresh project has no var/ folder contents yet; SQLite creates the file, not its folder.
        std::filesystem::create_directories(std::filesystem::path(url.path).parent_path());
      }
    }
    return migrate::Migrator(db::Database::open(url, {.max_connections = 1, .base_dir = project.root}),
                             load_history_with_framework(project));
  } catch (const db::DatabaseError& e) {
    throw CliError(e.what());  // names the redacted URL itself
  }
}

std::string step_label(const migrate::Step& step) { return (step.forward ? "Applying " : "Unapplying ") + step.name; }

migrate::RunOptions run_options(bool fake, bool yes) {
  migrate::RunOptions run;
  run.fake = fake;
  run.confirm = [yes](const migrate::Danger& danger) { return confirm_danger(danger, yes); };
  auto started = std::make_shared<std::chrono::steady_clock::time_point>();
  run.on_start = [started](const migrate::Step& step) {
    *started = std::chrono::steady_clock::now();
    console::step(step_label(step) + "...");
  };
  run.on_done = [started, fake](const migrate::Step& step) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - *started);
    console::success("  " + step.name + (fake ? " recorded (fake)" : " OK") + " (" + std::to_string(ms.count()) + " ms)");
  };
  return run;
}

void rethrow_as_cli_error() {
  try {
    throw;
  } catch (const migrate::MigrationError& e) {
    throw CliError(e.what());
  } catch (const migrate::MigrationFileError& e) {
    throw CliError(e.what());
  } catch (const migrate::StateError& e) {
    throw CliError(e.what());
  } catch (const db::DatabaseError& e) {
    throw CliError(e.what());
  }
}

bool ask_yes_no(const std::string& question) {
  if (!::isatty(STDIN_FILENO)) return false;
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

bool confirm_danger(const migrate::Danger& danger, bool yes) {
  if (yes) {
    console::warning(danger.migration + ": " + danger.explanation + " (going ahead: --yes)");
    return true;
  }
  if (!::isatty(STDIN_FILENO)) return false;
  console::warning(danger.migration + ": " + danger.operation + ": " + danger.explanation);
  return ask_yes_no("Go ahead?");
}

}  // namespace cpprustango::cli
