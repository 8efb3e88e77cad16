// A database for a project's own tests, with the tables its migrations would
// make, so a generated test can create, list, edit and delete rows through
// HTTP without a running server or a migrated file:
//
//   cpprustango::App app(cpprustango::config::Settings::load("."));
//   app.set_database(cpprustango::testing::test_database(cpprustango_project::installed_apps));
#pragma once

#include <filesystem>
#include <span>

#include "cpprustango/schema/app_spec.hpp"

namespace cpprustango::db {
class Database;
}

namespace cpprustango::testing {

/**
 * A fresh database holding the auth app's tables and those of `apps`, whose
 * models are read from apps/<app>/models.schema under `project_dir` (the
 * project folder: tests run there). The database is
 * CPPRUSTANGO_TEST_DATABASE_URL when that is set, else sqlite::memory:. On
 * PostgreSQL the tables go into a schema of their own, named after the
 * process, which is dropped when the process exits, so tests may run in
 * parallel against one database. Throws on a schema or database error.
 */
db::Database test_database(std::span<const schema::AppSpec> apps, const std::filesystem::path& project_dir = ".");

}  // namespace cpprustango::testing
