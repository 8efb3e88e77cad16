// Database errors: the exact one-line messages, the setters the ORM uses, and
// the mapping from SQLite codes and PostgreSQL verbose reports (recorded from
// PostgreSQL 15) to typed errors, all without a database.
#include "cpprustango/db/errors.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <exception>
#include <functional>

#include "db/postgres/error_map.hpp"
#include "db/sqlite/error_map.hpp"

#include "test_support/expect_throw.hpp"

namespace db = cpprustango::db;
namespace detail = cpprustango::db::detail;

namespace {

template <class E>
E caught(const std::function<void()>& fail) {
  return test_support::expect_throw<E>(fail);
}

// --- messages -----------------------------------------------------------------

TEST(ErrorsTest, UniqueViolationMessages) {
  db::ConstraintDetails details{.table = "post", .columns = {"slug"}, .value = "hello"};
  EXPECT_STREQ(db::UniqueViolation(details).what(), "unique constraint failed on post.slug: 'hello' already exists");
  details.value.reset();
  EXPECT_STREQ(db::UniqueViolation(details).what(), "unique constraint failed on post.slug");
  db::ConstraintDetails two{.table = "post", .columns = {"author_id", "slug"}, .value = "1, hello"};
  EXPECT_STREQ(db::UniqueViolation(two).what(),
               "unique constraint failed on post (author_id, slug): (1, hello) already exists");
  db::ConstraintDetails index_only{.constraint = "post_lower_slug"};
  EXPECT_STREQ(db::UniqueViolation(index_only).what(), "unique constraint \"post_lower_slug\" failed");
  EXPECT_EQ(db::UniqueViolation(details).sqlstate(), "23505");
}

TEST(ErrorsTest, SettersRebuildTheMessage) {
  db::UniqueViolation error(db::ConstraintDetails{.table = "post", .columns = {"slug"}});
  error.set_value("hello");
  EXPECT_STREQ(error.what(), "unique constraint failed on post.slug: 'hello' already exists");
  error.set_table("article");
  error.set_columns({"title"});
  EXPECT_STREQ(error.what(), "unique constraint failed on article.title: 'hello' already exists");
  EXPECT_EQ(error.table(), "article");
  ASSERT_EQ(error.columns().size(), 1u);
  EXPECT_EQ(*error.value(), "hello");
}

TEST(ErrorsTest, ForeignKeyViolationMessages) {
  db::ConstraintDetails missing{.table = "post", .columns = {"author_id"}, .value = "99", .referenced_table = "author"};
  EXPECT_STREQ(db::ForeignKeyViolation(missing).what(),
               "foreign key constraint failed on post.author_id: 99 is not present in author");
  db::ConstraintDetails referenced{
      .table = "author", .columns = {"id"}, .value = "1", .referenced_table = "post", .still_referenced = true};
  EXPECT_STREQ(db::ForeignKeyViolation(referenced).what(),
               "foreign key constraint failed on author.id: 1 is still referenced from post");
  EXPECT_STREQ(db::ForeignKeyViolation(db::ConstraintDetails{}).what(), "foreign key constraint failed");
  EXPECT_EQ(db::ForeignKeyViolation(db::ConstraintDetails{}).sqlstate(), "23503");
}

TEST(ErrorsTest, NotNullAndCheckMessages) {
  db::NotNullViolation not_null(db::ConstraintDetails{.table = "post", .columns = {"title"}});
  EXPECT_STREQ(not_null.what(), "not-null constraint failed on post.title");
  EXPECT_EQ(not_null.column(), "title");
  EXPECT_EQ(not_null.sqlstate(), "23502");
  db::CheckViolation check(db::ConstraintDetails{.table = "product", .constraint = "price_positive"});
  EXPECT_STREQ(check.what(), "check constraint \"price_positive\" failed on product");
  EXPECT_STREQ(db::CheckViolation(db::ConstraintDetails{.constraint = "price > 0"}).what(),
               "check constraint \"price > 0\" failed");
  EXPECT_EQ(check.sqlstate(), "23514");
}

TEST(ErrorsTest, QueryErrorIsOneLineWithShortenedSql) {
  db::QueryError error("no such table: nope", "SELECT *\n  FROM nope\n WHERE id = ?", "42P01");
  EXPECT_STREQ(error.what(), "no such table: nope; SQL: SELECT * FROM nope WHERE id = ?");
  EXPECT_EQ(error.sql(), "SELECT *\n  FROM nope\n WHERE id = ?");
  EXPECT_EQ(error.reason(), "no such table: nope");
  std::string long_sql = "SELECT " + std::string(300, 'x');
  std::string message = db::QueryError("boom", long_sql, "HY000").what();
  EXPECT_EQ(message.size(), std::string("boom; SQL: ").size() + 200 + 3);
  EXPECT_EQ(message.substr(message.size() - 3), "...");
}

TEST(ErrorsTest, ConnectionErrorFactories) {
  auto refused = db::ConnectionError::cannot_connect("postgresql://app:***@db/x", "Connection refused\n\tIs it up?");
  EXPECT_STREQ(refused.what(), "cannot connect to database postgresql://app:***@db/x: Connection refused Is it up?");
  EXPECT_EQ(refused.url(), "postgresql://app:***@db/x");
  EXPECT_EQ(refused.sqlstate(), "08001");
  auto lost = db::ConnectionError::lost("postgresql://db/x", "terminating connection due to administrator command");
  EXPECT_STREQ(lost.what(),
               "lost connection to database postgresql://db/x: terminating connection due to administrator command");
  EXPECT_EQ(lost.sqlstate(), "08006");
  auto timeout = db::ConnectionError::pool_timeout("sqlite:/a.db", std::chrono::milliseconds(250), 4);
  EXPECT_STREQ(timeout.what(),
               "no free connection to database sqlite:/a.db after 250 ms: all 4 are in use; release connections "
               "sooner or raise the pool size");
  EXPECT_EQ(timeout.sqlstate(), "53300");
}

TEST(ErrorsTest, TransactionMessages) {
  EXPECT_STREQ(db::TransactionConflict("deadlock detected", "40P01").what(),
               "deadlock detected: retry the transaction");
  EXPECT_STREQ(db::TransactionError::finished().what(), "transaction already committed or rolled back");
  EXPECT_STREQ(db::TransactionError::inner_open().what(),
               "a nested transaction is still open: commit or roll it back first");
  EXPECT_STREQ(db::TransactionError::aborted().what(),
               "cannot commit: a statement failed inside this transaction; roll it back");
  EXPECT_EQ(db::TransactionError::aborted().sqlstate(), "25000");
}

// --- SQLite mapping -------------------------------------------------------------

TEST(SqliteErrorMapTest, UniqueNamesTableAndColumns) {
  auto error = caught<db::UniqueViolation>(
      [] { detail::throw_sqlite_error(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: post.slug", "INSERT"); });
  EXPECT_STREQ(error.what(), "unique constraint failed on post.slug");
  EXPECT_EQ(error.table(), "post");
  EXPECT_EQ(error.columns(), std::vector<std::string>{"slug"});
  EXPECT_FALSE(error.value().has_value());
  EXPECT_EQ(error.sqlstate(), "23505");
}

TEST(SqliteErrorMapTest, PrimaryKeyAndCompositeUnique) {
  auto pk = caught<db::UniqueViolation>(
      [] { detail::throw_sqlite_error(SQLITE_CONSTRAINT_PRIMARYKEY, "UNIQUE constraint failed: post.id", ""); });
  EXPECT_STREQ(pk.what(), "unique constraint failed on post.id");
  auto pair = caught<db::UniqueViolation>([] {
    detail::throw_sqlite_error(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: post.author_id, post.slug", "");
  });
  EXPECT_STREQ(pair.what(), "unique constraint failed on post (author_id, slug)");
  auto index = caught<db::UniqueViolation>([] {
    detail::throw_sqlite_error(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: index 'post_lower_slug'", "");
  });
  EXPECT_STREQ(index.what(), "unique constraint \"post_lower_slug\" failed");
}

TEST(SqliteErrorMapTest, OtherConstraints) {
  EXPECT_STREQ(caught<db::NotNullViolation>([] {
                 detail::throw_sqlite_error(SQLITE_CONSTRAINT_NOTNULL, "NOT NULL constraint failed: post.title", "");
               }).what(),
               "not-null constraint failed on post.title");
  EXPECT_STREQ(caught<db::CheckViolation>([] {
                 detail::throw_sqlite_error(SQLITE_CONSTRAINT_CHECK, "CHECK constraint failed: price_positive", "");
               }).what(),
               "check constraint \"price_positive\" failed");
  EXPECT_STREQ(caught<db::ForeignKeyViolation>([] {
                 detail::throw_sqlite_error(SQLITE_CONSTRAINT_FOREIGNKEY, "FOREIGN KEY constraint failed", "");
               }).what(),
               "foreign key constraint failed");
}

TEST(SqliteErrorMapTest, BusyIsATransactionConflict) {
  auto busy = caught<db::TransactionConflict>(
      [] { detail::throw_sqlite_error(SQLITE_BUSY, "database is locked", "BEGIN IMMEDIATE"); });
  EXPECT_STREQ(busy.what(), "database is locked: retry the transaction");
  EXPECT_EQ(busy.sqlstate(), "55P03");
  EXPECT_EQ(caught<db::TransactionConflict>([] {
              detail::throw_sqlite_error(SQLITE_BUSY_SNAPSHOT, "database is locked", "");
            }).sqlstate(),
            "40001");
}

TEST(SqliteErrorMapTest, OtherErrorsAreQueryErrorsWithSynthesizedSqlstate) {
  auto syntax = caught<db::QueryError>(
      [] { detail::throw_sqlite_error(SQLITE_ERROR, "near \"SELEC\": syntax error", "SELEC 1"); });
  EXPECT_STREQ(syntax.what(), "near \"SELEC\": syntax error; SQL: SELEC 1");
  EXPECT_EQ(syntax.sqlstate(), "42601");
  EXPECT_EQ(detail::sqlite_sqlstate(SQLITE_ERROR, "no such table: nope"), "42P01");
  EXPECT_EQ(detail::sqlite_sqlstate(SQLITE_ERROR, "no such column: nope"), "42703");
  EXPECT_EQ(detail::sqlite_sqlstate(SQLITE_ERROR, "table post already exists"), "42P07");
  EXPECT_EQ(detail::sqlite_sqlstate(SQLITE_ERROR, "something else"), "HY000");
  EXPECT_EQ(detail::sqlite_sqlstate(SQLITE_READONLY, "attempt to write a readonly database"), "25006");
}

// --- PostgreSQL mapping ---------------------------------------------------------

constexpr const char* kUniqueReport =
    "ERROR:  23505: duplicate key value violates unique constraint \"post_slug_key\"\n"
    "DETAIL:  Key (slug)=(hello) already exists.\n"
    "SCHEMA NAME:  public\n"
    "TABLE NAME:  post\n"
    "CONSTRAINT NAME:  post_slug_key\n"
    "LOCATION:  _bt_check_unique, nbtinsert.c:664\n";

TEST(PostgresErrorMapTest, ParsesTheVerboseReport) {
  auto fields = detail::parse_postgres_error(kUniqueReport);
  EXPECT_EQ(fields.severity, "ERROR");
  EXPECT_EQ(fields.sqlstate, "23505");
  EXPECT_EQ(fields.message, "duplicate key value violates unique constraint \"post_slug_key\"");
  EXPECT_EQ(fields.detail, "Key (slug)=(hello) already exists.");
  EXPECT_EQ(fields.table, "post");
  EXPECT_EQ(fields.constraint, "post_slug_key");
}

TEST(PostgresErrorMapTest, UniqueViolationCarriesTableColumnAndValue) {
  auto error = caught<db::UniqueViolation>([] { detail::throw_postgres_error(kUniqueReport, "INSERT", "", "pg"); });
  EXPECT_STREQ(error.what(), "unique constraint failed on post.slug: 'hello' already exists");
  EXPECT_EQ(error.constraint(), "post_slug_key");
  EXPECT_EQ(*error.value(), "hello");
}

TEST(PostgresErrorMapTest, CompositeKeyAndAwkwardValues) {
  auto error = caught<db::UniqueViolation>([] {
    detail::throw_postgres_error(
        "ERROR:  23505: duplicate key value violates unique constraint \"post_author_id_slug_key\"\n"
        "DETAIL:  Key (author_id, \"Slug\")=(1, a)b, c) already exists.\n"
        "TABLE NAME:  post\n",
        "", "", "pg");
  });
  EXPECT_EQ(error.columns(), (std::vector<std::string>{"author_id", "Slug"}));
  EXPECT_EQ(*error.value(), "1, a)b, c");
  EXPECT_STREQ(error.what(), "unique constraint failed on post (author_id, Slug): (1, a)b, c) already exists");
}

TEST(PostgresErrorMapTest, ForeignKeyOnInsertNamesTheMissingParent) {
  auto error = caught<db::ForeignKeyViolation>([] {
    detail::throw_postgres_error(
        "ERROR:  23503: insert or update on table \"post\" violates foreign key constraint \"post_author_id_fkey\"\n"
        "DETAIL:  Key (author_id)=(99) is not present in table \"author\".\n"
        "SCHEMA NAME:  public\nTABLE NAME:  post\nCONSTRAINT NAME:  post_author_id_fkey\n"
        "LOCATION:  ri_ReportViolation, ri_triggers.c:2596\n",
        "", "", "pg");
  });
  EXPECT_STREQ(error.what(), "foreign key constraint failed on post.author_id: 99 is not present in author");
  EXPECT_EQ(error.referenced_table(), "author");
  EXPECT_FALSE(error.still_referenced());
}

TEST(PostgresErrorMapTest, ForeignKeyOnDeleteNamesTheReferencingTable) {
  auto error = caught<db::ForeignKeyViolation>([] {
    detail::throw_postgres_error(
        "ERROR:  23503: update or delete on table \"author\" violates foreign key constraint "
        "\"post_author_id_fkey\" on table \"post\"\n"
        "DETAIL:  Key (id)=(1) is still referenced from table \"post\".\n"
        "SCHEMA NAME:  public\nTABLE NAME:  post\nCONSTRAINT NAME:  post_author_id_fkey\n",
        "", "", "pg");
  });
  EXPECT_STREQ(error.what(), "foreign key constraint failed on author.id: 1 is still referenced from post");
  EXPECT_TRUE(error.still_referenced());
}

TEST(PostgresErrorMapTest, NotNullAndCheck) {
  EXPECT_STREQ(caught<db::NotNullViolation>([] {
                 detail::throw_postgres_error(
                     "ERROR:  23502: null value in column \"title\" of relation \"post\" violates not-null "
                     "constraint\nDETAIL:  Failing row contains (3, x, null).\nSCHEMA NAME:  public\n"
                     "TABLE NAME:  post\nCOLUMN NAME:  title\n",
                     "", "", "pg");
               }).what(),
               "not-null constraint failed on post.title");
  EXPECT_STREQ(caught<db::CheckViolation>([] {
                 detail::throw_postgres_error(
                     "ERROR:  23514: new row for relation \"post\" violates check constraint \"price_positive\"\n"
                     "DETAIL:  Failing row contains (4, y, t, -1).\nTABLE NAME:  post\n"
                     "CONSTRAINT NAME:  price_positive\n",
                     "", "", "pg");
               }).what(),
               "check constraint \"price_positive\" failed on post");
}

TEST(PostgresErrorMapTest, SyntaxErrorKeepsOnlyThePrimaryMessage) {
  auto error = caught<db::QueryError>([] {
    detail::throw_postgres_error(
        "ERROR:  42601: syntax error at or near \"SELEC\"\nLINE 1: SELEC 1\n        ^\n"
        "LOCATION:  scanner_yyerror, scan.l:1188\n",
        "SELEC 1", "42601", "pg");
  });
  EXPECT_STREQ(error.what(), "syntax error at or near \"SELEC\"; SQL: SELEC 1");
  EXPECT_EQ(error.sqlstate(), "42601");
}

TEST(PostgresErrorMapTest, ConflictsAndConnectionLoss) {
  auto deadlock = caught<db::TransactionConflict>([] {
    detail::throw_postgres_error(
        "ERROR:  40P01: deadlock detected\nDETAIL:  Process 1 waits for ShareLock on transaction 2; blocked by "
        "process 3.\nProcess 3 waits for ShareLock on transaction 4; blocked by process 1.\n",
        "", "", "pg");
  });
  EXPECT_STREQ(deadlock.what(), "deadlock detected: retry the transaction");
  EXPECT_EQ(deadlock.sqlstate(), "40P01");
  auto lost = caught<db::ConnectionError>([] {
    detail::throw_postgres_error("FATAL:  57P01: terminating connection due to administrator command\n", "", "",
                                 "postgresql://db/x");
  });
  EXPECT_STREQ(lost.what(),
               "lost connection to database postgresql://db/x: terminating connection due to administrator command");
  // A wrong parameter count is class 08 too, but the connection is fine.
  auto bind = caught<db::QueryError>([] {
    detail::throw_postgres_error(
        "ERROR:  08P01: bind message supplies 1 parameters, but prepared statement \"\" requires 2\n", "SELECT", "",
        "pg");
  });
  EXPECT_EQ(bind.sqlstate(), "08P01");
}

TEST(PostgresErrorMapTest, TerseReportsStillMapBySqlstate) {
  auto error = caught<db::UniqueViolation>([] {
    detail::throw_postgres_error("ERROR:  duplicate key value violates unique constraint \"x\"\n", "", "23505", "pg");
  });
  EXPECT_STREQ(error.what(), "unique constraint failed");
}

}  // namespace
