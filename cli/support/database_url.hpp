// Which database a verb works on. One rule for every verb that opens or
// checks a database (check, inspectdb, migrate, ...): the --database flag,
// else DATABASE_URL, else the project's settings (database.url).
#pragma once

#include <optional>
#include <string>

namespace cpprustango::cli {

struct Project;

/**
 * The database URL, as written (not parsed): `flag` when given, else a non-empty
 * DATABASE_URL, else `database.url` from the project's config layers (default
 * "sqlite:var/db.sqlite3"). `project` may be null outside a project; then a URL
 * must come from the flag or the environment, or CliError says how to give one.
 *   const auto url = database_url(&project, options.database);
 *   auto parsed = db::parse_url(url, project.root);
 */
std::string database_url(const Project* project, const std::optional<std::string>& flag);

}  // namespace cpprustango::cli
