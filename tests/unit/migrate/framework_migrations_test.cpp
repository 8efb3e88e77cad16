// The framework's own migrations must match its models: a change to
// runtime/apps/auth/models.schema without the next migration fails here.
// CPPRUSTANGO_UPDATE_GOLDEN=1 writes that migration (review it, commit it).
#include <gtest/gtest.h>

#include <cpprustango/auth/users.hpp>
#include <cpprustango/migrate/autodetect.hpp>
#include <cpprustango/migrate/migration.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "test_support/auth_tables.hpp"

namespace {

using namespace cpprustango::migrate;

TEST(FrameworkMigrations, AuthMigrationsCreateExactlyTheAuthModels) {
  const std::filesystem::path folder = test_support::auth_migrations();
  const History history = History::load(folder);
  const State migrated = history.fold(history.order());
  const State wanted = from_specs(cpprustango::auth::specs());
  const auto ops = diff(migrated, wanted);
  if (ops.empty()) {
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.read(history.heads().front()).snapshot, migrated);
    return;
  }
  if (std::getenv("CPPRUSTANGO_UPDATE_GOLDEN") != nullptr) {
    Migration next;
    char number[8];
    std::snprintf(number, sizeof number, "%04d", history.next_number());
    next.name = std::string(number) + (history.empty() ? "_initial" : "_auth_models");
    next.parents = history.heads();
    next.operations = ops;
    next.snapshot = wanted;
    std::ofstream(folder / (next.name + ".json")) << to_json(next);
    return;
  }
  FAIL() << "runtime/apps/auth/models.schema changed without a migration (" << describe(ops.front())
         << "); rerun this test with CPPRUSTANGO_UPDATE_GOLDEN=1 to write it";
}

}  // namespace
