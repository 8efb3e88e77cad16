// Which database a command works on: --database, else DATABASE_URL, else the
// project's settings (database.url in config/default.toml and its tiers).
#pragma once

#include <optional>
#include <string>

#include "cpprustango/db/url.hpp"

namespace cpprustango::cli {

struct Project;

/**
 * The URL text, by precedence: `flag`, DATABASE_URL, the project's
 * database.url; throws CliError when none is set or the settings are bad.
 */
std::string database_url(const Project* project, const std::optional<std::string>& flag);

/** database_url() parsed, SQLite paths resolved against the project root; throws CliError for a bad URL. */
db::Url parsed_database_url(const Project* project, const std::optional<std::string>& flag);

}  // namespace cpprustango::cli
