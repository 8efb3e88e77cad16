#include "support/database_url.hpp"

#include "cpprustango/config/settings.hpp"
#include "cpprustango/db/errors.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

std::string database_url(const Project* project, const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  try {
    // The settings apply the environment's order (DATABASE_URL, then CPPRUSTANGO__DATABASE__URL, then the
    // config tiers), the same order the app follows when it starts; outside a project only the environment counts.
    if (project) return config::Settings::load(project->root).string_or("database.url", "sqlite:var/db.sqlite3");
    config::Settings environment;
    environment.merge_environment();
    if (auto url = environment.string("database.url"); url && !url->empty()) return *url;
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
  throw CliError("no database given; pass --database URL or set DATABASE_URL");
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
