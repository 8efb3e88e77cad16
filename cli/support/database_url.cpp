#include "support/database_url.hpp"

#include <cstdlib>

#include "cpprustango/config/settings.hpp"
#include "cpprustango/db/errors.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

std::string database_url(const Project* project, const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* from_env = std::getenv("DATABASE_URL"); from_env != nullptr && *from_env != '\0') return from_env;
  if (!project) throw CliError("no database given; pass --database URL or set DATABASE_URL");
  try {
    return config::Settings::load(project->root).string_or("database.url", "sqlite:var/db.sqlite3");
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
}

db::Url parsed_database_url(const Project* project, const std::optional<std::string>& flag) {
  const std::string text = database_url(project, flag);
  try {
    return db::parse_url(text, project ? project->root : std::filesystem::path{});
  } catch (const db::DatabaseError& e) {
    throw CliError(e.what());
  }
}

}  // namespace cpprustango::cli
