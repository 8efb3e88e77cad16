// Which database a command works on: --database, else what the app itself
// would use: DATABASE_URL, else CPPRUSTANGO__DATABASE__URL, else database.url
// in config/<env>.toml and config/default.toml (config::Settings applies it).
#pragma once

#include <optional>
#include <string>

#include "cpprustango/db/url.hpp"

namespace cpprustango::cli {

struct Project;

/**
 * The URL text, by precedence: `flag`, DATABASE_URL, CPPRUSTANGO__DATABASE__URL,
 * the project's config tiers; throws CliError when none is set or the settings are bad.
 */
std::string database_url(const Project* project, const std::optional<std::string>& flag);

/** database_url() parsed, SQLite paths resolved against the project root; throws CliError for a bad URL. */
db::Url parsed_database_url(const Project* project, const std::optional<std::string>& flag);

}  // namespace cpprustango::cli
