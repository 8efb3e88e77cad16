// The --database > DATABASE_URL > settings rule (see database_url.hpp).
#include "support/database_url.hpp"

#include <cstdlib>

#include "cpprustango/config/settings.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

std::string database_url(const Project* project, const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* from_env = std::getenv("DATABASE_URL"); from_env != nullptr && *from_env != '\0') return from_env;
  if (project == nullptr) {
    throw CliError("no database given: pass --database URL, set DATABASE_URL, or run inside a project");
  }
  try {
    return config::Settings::load(project->root).string_or("database.url", "sqlite:var/db.sqlite3");
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
}

}  // namespace cpprustango::cli
