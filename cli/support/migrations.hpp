// What the migration verbs share: the project's models as a migrate::State,
// its migrations folder, and a Migrator on its database, with library errors
// turned into one-line CLI errors.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cpprustango/migrate/migration.hpp"
#include "cpprustango/migrate/runner.hpp"
#include "cpprustango/schema/model.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

/** Every installed app's schema file, parsed; a parse error or a missing file is a CliError. */
std::vector<schema::SchemaFile> read_schema_files(const Project& project);

/** The tables the project's schema files ask for. */
migrate::State wanted_state(const Project& project);

/** <project>/migrations */
std::filesystem::path migrations_dir(const Project& project);

/** The project's own migrations (what makemigrations extends); a bad file is a CliError naming it. */
migrate::History load_history(const Project& project);

/** The framework's migrations (auth.0001_initial, ...) followed by the project's: what migrate applies. */
migrate::History load_history_with_framework(const Project& project);

/** What open_migrator does when the project's SQLite file does not exist yet. */
enum class MissingDatabase {
  Create,       ///< migrate and downgrade: create it (and its folder)
  TreatAsEmpty  ///< check and showmigrations: report "nothing applied" and leave no file behind
};

/** A Migrator on the project's database (--database > DATABASE_URL > settings). */
migrate::Migrator open_migrator(const Project& project, const std::optional<std::string>& database,
                                MissingDatabase missing = MissingDatabase::Create);

/**
 * Asks about a dangerous change: true with --yes; on a terminal, the
 * explanation and a y/N question; otherwise false (the run is refused).
 */
bool confirm_danger(const migrate::Danger& danger, bool yes);

/** "Applying 0002_add_tags" or "Unapplying 0002_add_tags". */
std::string step_label(const migrate::Step& step);

/** Run options with progress lines, confirming dangerous changes by --yes or on the terminal. */
migrate::RunOptions run_options(bool fake, bool yes);

/**
 * Inside a catch block: rethrows migration, migration-file and database errors
 * as a CliError with their one-line message, anything else as it is.
 *   try { ... } catch (...) { rethrow_as_cli_error(); }
 */
[[noreturn]] void rethrow_as_cli_error();

/** Reads a y/N answer on a terminal; false when stdin is not a terminal. */
bool ask_yes_no(const std::string& question);

}  // namespace cpprustango::cli
