// Which PostgreSQL statements get prepared, and when they are forgotten.
#include <gtest/gtest.h>

#include "db/postgres/statements.hpp"

using cpprustango::db::detail::StatementCache;

TEST(StatementCache, PreparesADataStatementOnItsSecondRun) {
  StatementCache cache;
  const std::string sql = "SELECT id FROM t WHERE id = $1";
  EXPECT_EQ(cache.use(sql).name, nullptr);
  const auto second = cache.use(sql);
  ASSERT_NE(second.name, nullptr);
  EXPECT_TRUE(second.define);
  const auto third = cache.use(sql);
  ASSERT_NE(third.name, nullptr);
  EXPECT_FALSE(third.define);
  EXPECT_EQ(*third.name, *second.name);
}

TEST(StatementCache, OnlyDataStatementsArePreparable) {
  for (const char* sql : {"SELECT 1", "select 1", " (SELECT 1) UNION (SELECT 2)", "INSERT INTO t VALUES ($1)",
                          "update t set a = 1", "DELETE FROM t", "WITH x AS (SELECT 1) SELECT * FROM x"}) {
    EXPECT_TRUE(StatementCache::preparable(sql)) << sql;
  }
  for (const char* sql : {"BEGIN", "COMMIT", "SAVEPOINT s1", "CREATE TABLE t (id int)", "ALTER TABLE t ADD x int",
                          "SET search_path TO x", "SELECTED", "", "   "}) {
    EXPECT_FALSE(StatementCache::preparable(sql)) << sql;
  }
  StatementCache cache;
  cache.use("CREATE TABLE t (id int)");
  EXPECT_EQ(cache.use("CREATE TABLE t (id int)").name, nullptr);
}

TEST(StatementCache, OnlyDdlChangesTheSchema) {
  for (const char* sql : {"CREATE TABLE t (id int)", "alter table t add x int", "DROP INDEX i", " (CREATE VIEW v AS SELECT 1)"}) {
    EXPECT_TRUE(StatementCache::changes_schema(sql)) << sql;
  }
  for (const char* sql : {"SET search_path TO x", "LOCK TABLE t", "BEGIN", "ROLLBACK TO SAVEPOINT s1", "SELECT 1",
                          "CREATED", ""}) {
    EXPECT_FALSE(StatementCache::changes_schema(sql)) << sql;
  }
}

TEST(StatementCache, ForgottenStatementsComeBackUnderNewNames) {
  StatementCache cache;
  const std::string sql = "SELECT 1";
  cache.use(sql);
  const std::string first = *cache.use(sql).name;
  EXPECT_EQ(cache.forget(sql), first);
  EXPECT_EQ(cache.forget(sql), "");
  cache.use(sql);
  const auto again = cache.use(sql);
  ASSERT_NE(again.name, nullptr);
  EXPECT_TRUE(again.define);
  EXPECT_NE(*again.name, first);  // the old one may still exist on the server

  cache.use("SELECT 2");
  cache.use("SELECT 2");
  const auto names = cache.forget_all();
  EXPECT_EQ(names.size(), 2u);
  EXPECT_EQ(cache.use(sql).name, nullptr);
}

TEST(StatementCache, PreparesAtMostItsCapacity) {
  StatementCache cache;
  for (std::size_t i = 0; i < StatementCache::kMaxPrepared + 10; ++i) {
    const std::string sql = "SELECT " + std::to_string(i);
    cache.use(sql);
    const bool prepared = cache.use(sql).name != nullptr;
    EXPECT_EQ(prepared, i < StatementCache::kMaxPrepared) << i;
  }
}
