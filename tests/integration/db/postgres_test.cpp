// PostgreSQL-only behaviour: column types mapped to Value kinds, a connection
// killed by the server is replaced, connection errors name the redacted URL,
// a failed statement aborts the transaction, advisory locks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "cpprustango/db/database.hpp"
#include "test_support/held_port.hpp"
#include "test_support/postgres_cluster.hpp"

namespace db = cpprustango::db;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      url_ = test_support::create_test_database();
      db_.emplace(db::Database::open(url_));
    } catch (const std::exception& error) {
      FAIL() << "cannot set up a PostgreSQL database: " << error.what();
    }
  }
  void TearDown() override {
    db_.reset();
    test_support::drop_test_database(url_);
  }

  /** Terminates the server session behind `pid` and waits until it is gone. */
  void terminate_backend(std::int64_t pid) {
    auto admin = db::Database::open(url_, {.max_connections = 1});
    ASSERT_TRUE(db::as_bool(admin.query("SELECT pg_terminate_backend($1::int)", {pid}).scalar()));
    for (int i = 0; i < 200; ++i) {
      if (admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1::int", {pid}).empty()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "backend " << pid << " did not go away";
  }

  static std::int64_t backend_pid(db::Connection& conn) {
    return db::as_int(conn.query("SELECT pg_backend_pid()").scalar());
  }

  std::string url_;
  std::optional<db::Database> db_;
};

TEST_F(PostgresTest, ColumnTypesMapToValueKinds) {
  auto result = db_->query(
      "SELECT true AS b, 2::int2 AS i2, 4::int4 AS i4, 8::int8 AS i8, 26::oid AS o, "
      "1.5::float4 AS f4, 'NaN'::float8 AS nan, 'Infinity'::float8 AS inf, "
      "'\\x00ff'::bytea AS bin, 1.50::numeric(5,2) AS num, 'txt'::varchar AS v, "
      "'2024-02-29'::date AS d, '2024-02-29 12:30:00+00'::timestamptz AS ts, "
      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, '{\"a\": 1}'::jsonb AS j, "
      "'{1,2}'::int[] AS arr, '10.0.0.1'::inet AS ip, NULL::int AS nothing");
  auto row = result.at(0);
  EXPECT_EQ(row.at("b"), db::Value{true});
  EXPECT_EQ(row.at("i2"), db::Value{2});
  EXPECT_EQ(row.at("i4"), db::Value{4});
  EXPECT_EQ(row.at("i8"), db::Value{8});
  EXPECT_EQ(row.at("o"), db::Value{26});
  EXPECT_EQ(row.at("f4"), db::Value{1.5});
  EXPECT_TRUE(std::isnan(db::as_double(row.at("nan"))));
  EXPECT_TRUE(std::isinf(db::as_double(row.at("inf"))));
  EXPECT_EQ(row.at("bin"), db::Value{db::to_bytes(std::string_view("\x00\xff", 2))});
  // Everything else is the server's exact text; the ORM converts it.
  EXPECT_EQ(row.at("num"), db::Value{"1.50"});
  EXPECT_EQ(row.at("v"), db::Value{"txt"});
  EXPECT_EQ(row.at("d"), db::Value{"2024-02-29"});
  EXPECT_EQ(row.at("ts"), db::Value{"2024-02-29 12:30:00+00"});
  EXPECT_EQ(row.at("u"), db::Value{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"});
  EXPECT_EQ(row.at("j"), db::Value{"{\"a\": 1}"});
  EXPECT_EQ(row.at("arr"), db::Value{"{1,2}"});
  EXPECT_EQ(row.at("ip"), db::Value{"10.0.0.1"});
  EXPECT_TRUE(db::is_null(row.at("nothing")));
}

TEST_F(PostgresTest, ParametersOfEveryKindAreBound) {
  auto result = db_->query("SELECT $1::bool, $2::bigint, $3::float8, $4::text, $5::bytea, $6::text IS NULL",
                           {false, -42, 2.5, "it's", db::to_bytes("\x01\x02"), nullptr});
  auto row = result.at(0);
  EXPECT_EQ(row[0], db::Value{false});
  EXPECT_EQ(row[1], db::Value{-42});
  EXPECT_EQ(row[2], db::Value{2.5});
  EXPECT_EQ(row[3], db::Value{"it's"});
  EXPECT_EQ(row[4], db::Value{db::to_bytes("\x01\x02")});
  EXPECT_EQ(row[5], db::Value{true});
}

TEST_F(PostgresTest, TextWithNulCannotBeBound) {
  try {
    db_->query("SELECT $1::text", {std::string("a\0b", 3)});
    FAIL() << "no error";
  } catch (const db::QueryError& error) {
    EXPECT_STREQ(error.what(),
                 "parameter 1 contains a NUL character, which PostgreSQL text cannot hold; bind it as bytes; SQL: "
                 "SELECT $1::text");
    EXPECT_EQ(error.sqlstate(), "22021");
  }
}

TEST_F(PostgresTest, ConnectionsIdentifyThemselves) {
  auto result = db_->query("SELECT current_setting('application_name'), current_setting('client_encoding')");
  auto row = result.at(0);
  EXPECT_EQ(row[0], db::Value{"cpprustango"});
  EXPECT_EQ(row[1], db::Value{"UTF8"});
}

TEST_F(PostgresTest, IdleConnectionKilledByTheServerIsReplaced) {
  std::int64_t old_pid = 0;
  {
    auto conn = db_->acquire();
    old_pid = backend_pid(conn);
  }
  terminate_backend(old_pid);
  auto conn = db_->acquire();  // the dead idle connection is noticed and replaced
  EXPECT_NE(backend_pid(conn), old_pid);
  EXPECT_EQ(db_->pool_status().open, 1u);
}

TEST_F(PostgresTest, LeasedConnectionKilledByTheServerFailsThenIsDiscarded) {
  {
    auto conn = db_->acquire();
    terminate_backend(backend_pid(conn));
    try {
      conn.query("SELECT 1");
      FAIL() << "no error";
    } catch (const db::ConnectionError& error) {
      EXPECT_EQ(std::string{error.what()}, "lost connection to database " + db_->url().redacted() +
                                               ": terminating connection due to administrator command");
      EXPECT_EQ(error.sqlstate(), "08006");
    }
    EXPECT_THROW(conn.query("SELECT 1"), db::ConnectionError);
  }
  EXPECT_EQ(db_->pool_status().open, 0u);  // not returned to the pool
  EXPECT_EQ(db_->query("SELECT 1").scalar(), db::Value{1});
}

TEST_F(PostgresTest, KilledConnectionInsideATransactionIsDiscarded) {
  {
    auto conn = db_->acquire();
    auto tx = conn.begin();
    conn.execute("CREATE TABLE t (id int)");
    terminate_backend(backend_pid(conn));
    EXPECT_THROW(conn.execute("INSERT INTO t VALUES (1)"), db::ConnectionError);
    EXPECT_THROW(tx.commit(), db::TransactionError);
  }
  EXPECT_EQ(db_->pool_status().open, 0u);
  EXPECT_TRUE(db_->query("SELECT 1 FROM pg_tables WHERE tablename = 't'").empty());
}

TEST_F(PostgresTest, WrongPortIsAConnectionError) {
  auto port = test_support::free_port();
  std::string url = "postgresql://postgres:s3cret@127.0.0.1:" + std::to_string(port) + "/postgres";
  try {
    db::Database::open(url);
    FAIL() << "no error";
  } catch (const db::ConnectionError& error) {
    std::string redacted = "postgresql://postgres:***@127.0.0.1:" + std::to_string(port) + "/postgres";
    EXPECT_THAT(error.what(), StartsWith("cannot connect to database " + redacted + ": "));
    EXPECT_THAT(error.what(), HasSubstr("Connection refused"));
    EXPECT_THAT(error.what(), Not(HasSubstr("s3cret")));
    EXPECT_THAT(error.what(), Not(HasSubstr("\n")));
    EXPECT_EQ(error.url(), redacted);
    EXPECT_EQ(error.sqlstate(), "08001");
  }
}

TEST_F(PostgresTest, MissingDatabaseIsAConnectionError) {
  std::string url = url_.substr(0, url_.rfind('/')) + "/no_such_db";
  try {
    db::Database::open(url);
    FAIL() << "no error";
  } catch (const db::ConnectionError& error) {
    EXPECT_THAT(error.what(), HasSubstr("database \"no_such_db\" does not exist"));
  }
}

TEST_F(PostgresTest, FailedStatementAbortsTheTransaction) {
  auto conn = db_->acquire();
  conn.execute("CREATE TABLE t (id int PRIMARY KEY)");
  auto tx = conn.begin();
  conn.execute("INSERT INTO t VALUES (1)");
  EXPECT_THROW(conn.execute("INSERT INTO t VALUES (1)"), db::UniqueViolation);
  try {
    tx.commit();
    FAIL() << "no error";
  } catch (const db::TransactionError& error) {
    EXPECT_STREQ(error.what(), "cannot commit: a statement failed inside this transaction; roll it back");
  }
  try {
    conn.begin();
    FAIL() << "no error";
  } catch (const db::TransactionError& error) {
    EXPECT_STREQ(error.what(),
                 "cannot begin a nested transaction: a statement failed inside this transaction; roll it back");
  }
  tx.rollback();
  EXPECT_EQ(db::as_int(conn.query("SELECT count(*) FROM t").scalar()), 0);
}

TEST_F(PostgresTest, AdvisoryLocksExcludeOtherSessions) {
  auto first = db_->acquire();
  auto second = db_->acquire();
  first.advisory_lock(42);
  EXPECT_FALSE(second.try_advisory_lock(42));
  first.advisory_unlock(42);
  EXPECT_TRUE(second.try_advisory_lock(42));
  second.advisory_unlock(42);
}

TEST_F(PostgresTest, AdvisoryLockIsReleasedWhenTheConnectionGoesBack) {
  { db_->acquire().advisory_lock(7); }
  auto other = db::Database::open(url_);
  EXPECT_TRUE(other.acquire().try_advisory_lock(7));
}

TEST_F(PostgresTest, DeadlockIsATransactionConflict) {
  db_->execute("CREATE TABLE t (id int PRIMARY KEY, n int)");
  db_->execute("INSERT INTO t VALUES (1, 0), (2, 0)");
  auto a = db_->acquire();
  auto b = db_->acquire();
  a.execute("SET deadlock_timeout = '50ms'");
  b.execute("SET deadlock_timeout = '50ms'");
  auto tx_a = a.begin();
  auto tx_b = b.begin();
  a.execute("UPDATE t SET n = 1 WHERE id = 1");
  b.execute("UPDATE t SET n = 1 WHERE id = 2");
  std::optional<std::string> b_error;
  std::thread other([&] {
    try {
      b.execute("UPDATE t SET n = 2 WHERE id = 1");
    } catch (const db::TransactionConflict& error) {
      b_error = error.what();
      tx_b.rollback();
    }
  });
  std::optional<std::string> a_error;
  try {
    a.execute("UPDATE t SET n = 2 WHERE id = 2");
  } catch (const db::TransactionConflict& error) {
    a_error = error.what();
    tx_a.rollback();
  }
  other.join();
  ASSERT_TRUE(a_error.has_value() != b_error.has_value()) << "exactly one side is chosen as the victim";
  EXPECT_EQ(a_error.value_or(b_error.value_or("")), "deadlock detected: retry the transaction");
}

// A repeated statement runs prepared (db/postgres/statements.hpp): the server
// parses and plans it once per connection.
TEST_F(PostgresTest, RepeatedStatementsRunPrepared) {
  auto conn = db_->acquire();
  conn.execute("CREATE TABLE t (id int PRIMARY KEY, n int)");
  conn.execute("INSERT INTO t VALUES (1, 10), (2, 20)");
  const std::string sql = "SELECT n FROM t WHERE id = $1";
  for (std::int64_t id : {1, 2, 1}) EXPECT_EQ(db::as_int(conn.query(sql, {id}).scalar()), id * 10);
  const auto prepared = [&conn, &sql] {
    return db::as_int(conn.query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {sql}).scalar());
  };
  EXPECT_EQ(prepared(), 1);
  // A setting leaves them; DDL on this connection deallocates them: what they read may have changed.
  conn.execute("SET statement_timeout = '5s'");
  EXPECT_EQ(prepared(), 1);
  conn.execute("ALTER TABLE t ADD COLUMN extra int");
  EXPECT_EQ(prepared(), 0);
  EXPECT_EQ(db::as_int(conn.query(sql, {std::int64_t{2}}).scalar()), 20);
}

// Another session (a migration) changes the type of a column a prepared
// statement reads: outside a transaction the statement is made again.
TEST_F(PostgresTest, StatementPreparedBeforeAColumnTypeChangeStillRuns) {
  auto conn = db_->acquire();
  conn.execute("CREATE TABLE t (id int PRIMARY KEY, n int)");
  conn.execute("INSERT INTO t VALUES (1, 10)");
  const std::string sql = "SELECT n FROM t WHERE id = $1";
  const db::Value one = std::int64_t{1};
  for (int i = 0; i < 3; ++i) conn.query(sql, {one});
  auto other = db_->acquire();
  other.execute("ALTER TABLE t ALTER COLUMN n TYPE text");

  auto tx = conn.begin();
  // Inside a transaction the server has already aborted it: the error reaches the caller.
  EXPECT_THROW(conn.query(sql, {one}), db::QueryError);
  tx.rollback();
  auto value = conn.query(sql, {one}).scalar();
  EXPECT_EQ(std::get<std::string>(value), "10");

  for (int i = 0; i < 3; ++i) conn.query(sql, {one});
  other.execute("ALTER TABLE t ALTER COLUMN n TYPE bigint USING n::bigint");
  EXPECT_EQ(db::as_int(conn.query(sql, {one}).scalar()), 10);
}

}  // namespace
