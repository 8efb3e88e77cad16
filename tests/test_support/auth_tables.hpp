// The auth app's tables, created the way every project gets them: by the
// framework's own migrations (runtime/apps/auth/migrations), applied before
// an empty project history.
#pragma once

#include <cpprustango/db/database.hpp>
#include <cpprustango/migrate/runner.hpp>
#include <filesystem>

namespace test_support {

/** The folder of the auth app's migrations in the source tree. */
inline std::filesystem::path auth_migrations() { return CPPRUSTANGO_AUTH_MIGRATIONS; }

inline void create_auth_tables(cpprustango::db::Database& database) {
  namespace migrate = cpprustango::migrate;
  migrate::Migrator(database, migrate::History::load({}, {{"auth", auth_migrations()}})).migrate({}, {});
}

}  // namespace test_support
