// Opening the database for verbs on the auth tables (see auth_database.hpp).
#include "support/auth_database.hpp"

#include <optional>

#include "cpprustango/auth/users.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

db::Database open_auth_database(const std::string& flag, const GlobalOptions& global) {
  std::optional<Project> project;
  try {
    project = Project::find(global.project_dir);
  } catch (const CliError&) {
    if (flag.empty()) throw;  // then the project's settings name the database
  }
  std::error_code ignored;
  const auto base = project ? project->root : std::filesystem::current_path(ignored);
  const std::string url = cli::database_url(project ? &*project : nullptr, flag);
  db::Database database = [&] {
    try {
      return db::Database::open(url, {.base_dir = base});
    } catch (const db::DatabaseError& e) {
      throw CliError(std::string("cannot open the database: ") + e.what());
    }
  }();
  try {
    if (!auth::tables_exist(database)) throw CliError("the auth tables do not exist; run cpprustango migrate");
  } catch (const db::ConnectionError& e) {
    throw CliError(std::string("cannot connect to the database: ") + e.what());
  }
  return database;
}

}  // namespace cpprustango::cli
