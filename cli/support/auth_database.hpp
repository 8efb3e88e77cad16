// The database that verbs working on the auth app's tables open
// (createsuperuser, createapikey): --database, else what the project's
// settings name; its auth tables must exist.
#pragma once

#include <string>

#include "cli.hpp"
#include "cpprustango/db/database.hpp"

namespace cpprustango::cli {

/**
 * Opens the database of `flag` (a URL; empty: DATABASE_URL, then the project's
 * config) and checks the auth tables are there. With a flag no project is
 * needed; one only anchors relative SQLite paths. Throws CliError saying what to do.
 */
db::Database open_auth_database(const std::string& flag, const GlobalOptions& global);

}  // namespace cpprustango::cli
