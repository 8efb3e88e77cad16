// SQLite-only behaviour: files resolve against the project root, a missing
// folder is a clear error, :memory: is one shared connection, WAL for files.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "test_support/temp_dir.hpp"

namespace db = cpprustango::db;
namespace fs = std::filesystem;

namespace {

TEST(SqliteTest, MissingFolderIsAConnectionError) {
  test_support::TempDir dir;
  auto missing = dir.path() / "var";
  try {
    db::Database::open("sqlite:var/app.db", {.base_dir = dir.path()});
    FAIL() << "no error";
  } catch (const db::ConnectionError& error) {
    EXPECT_EQ(std::string{error.what()}, "cannot connect to database sqlite:" + (missing / "app.db").string() +
                                             ": directory " + missing.string() + " does not exist");
    EXPECT_EQ(error.sqlstate(), "08001");
  }
  EXPECT_FALSE(fs::exists(missing));  // never created behind the user's back
}

TEST(SqliteTest, FolderInPlaceOfTheFileIsAConnectionError) {
  test_support::TempDir dir;
  try {
    db::Database::open("sqlite:" + dir.path().string());
    FAIL() << "no error";
  } catch (const db::ConnectionError& error) {
    EXPECT_EQ(std::string{error.what()}, "cannot connect to database sqlite:" + dir.path().string() + ": " +
                                             dir.path().string() + " is a directory, not a database file");
  }
}

TEST(SqliteTest, NotADatabaseFileIsAConnectionError) {
  test_support::TempDir dir;
  dir.write("junk.db", std::string(4096, 'x'));
  try {
    db::Database::open("sqlite:" + (dir.path() / "junk.db").string());
    FAIL() << "no error";
  } catch (const db::ConnectionError& error) {
    EXPECT_EQ(std::string{error.what()},
              "cannot connect to database sqlite:" + (dir.path() / "junk.db").string() + ": file is not a database");
  }
}

TEST(SqliteTest, RelativePathResolvesAgainstTheBaseDir) {
  test_support::TempDir dir;
  fs::create_directories(dir.path() / "var");
  auto database = db::Database::open("sqlite:var/app.db", {.base_dir = dir.path()});
  EXPECT_EQ(database.url().path, (dir.path() / "var" / "app.db").string());
  database.execute("CREATE TABLE t (id INTEGER)");
  EXPECT_TRUE(fs::exists(dir.path() / "var" / "app.db"));
}

TEST(SqliteTest, RelativeBaseDirResolvesAgainstTheCurrentDirectory) {
  test_support::TempDir dir;
  auto relative_base = fs::relative(dir.path());
  ASSERT_TRUE(relative_base.is_relative());
  auto database = db::Database::open("sqlite:app.db", {.base_dir = relative_base});
  EXPECT_EQ(database.url().path, (dir.path() / "app.db").string());
}

TEST(SqliteTest, FilesUseWalAndForeignKeys) {
  test_support::TempDir dir;
  auto database = db::Database::open("sqlite:" + (dir.path() / "app.db").string());
  EXPECT_EQ(database.query("PRAGMA journal_mode").scalar(), db::Value{"wal"});
  EXPECT_EQ(database.query("PRAGMA foreign_keys").scalar(), db::Value{1});
  EXPECT_EQ(database.query("PRAGMA busy_timeout").scalar(), db::Value{5000});
  // Commits sync at checkpoints (NORMAL = 1) unless every commit must be durable (FULL = 2).
  EXPECT_EQ(database.query("PRAGMA synchronous").scalar(), db::Value{1});
  auto durable = db::Database::open("sqlite:" + (dir.path() / "durable.db").string(), {.sqlite_full_sync = true});
  EXPECT_EQ(durable.query("PRAGMA synchronous").scalar(), db::Value{2});
}

TEST(SqliteTest, AllocationsAreNotCountedUnderAProcessWideMutex) {
  auto database = db::Database::open("sqlite::memory:");
  database.execute("CREATE TABLE t (id INTEGER, name TEXT)");
  database.execute("INSERT INTO t VALUES (1, 'a name long enough to allocate')");
  EXPECT_EQ(database.query("SELECT count(*) FROM t").scalar(), db::Value{1});
  // With the statistics on (SQLite's default), the bytes SQLite holds are counted: here, the schema and the page cache.
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST(SqliteTest, MemoryDatabaseIsOneSharedConnection) {
  auto database = db::Database::open("sqlite::memory:", {.max_connections = 8});
  EXPECT_EQ(database.pool_status().max_connections, 1u);
  database.execute("CREATE TABLE t (id INTEGER)");
  database.execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(database.query("SELECT count(*) FROM t").scalar(), db::Value{1});
  EXPECT_EQ(database.query("PRAGMA foreign_keys").scalar(), db::Value{1});
}

TEST(SqliteTest, TwoMemoryDatabasesAreSeparate) {
  auto first = db::Database::open("sqlite::memory:");
  auto second = db::Database::open("sqlite::memory:");
  first.execute("CREATE TABLE t (id INTEGER)");
  EXPECT_THROW(second.query("SELECT * FROM t"), db::QueryError);
}

TEST(SqliteTest, BeginTakesTheWriteLockUpFront) {
  test_support::TempDir dir;
  auto database =
      db::Database::open("sqlite:" + (dir.path() / "app.db").string(), {.busy_timeout = std::chrono::milliseconds(50)});
  auto first = database.acquire();
  auto second = database.acquire();
  auto tx = first.begin();  // BEGIN IMMEDIATE: no write yet, but the lock is held
  EXPECT_THROW(second.begin(), db::TransactionConflict);
  EXPECT_EQ(second.query("SELECT 1").scalar(), db::Value{1});  // readers go on (WAL)
  tx.commit();
  auto later = second.begin();
  later.commit();
}

TEST(SqliteTest, WritersOfOneFileQueueInsteadOfFailingBusy) {
  // Sixteen threads on two pools of one file (spelled two ways) write at
  // once, with a busy_timeout far shorter than the whole burst. SQLite's own
  // busy handler sleeps and retries with no order, so some writers would run
  // out of time; queued in the process, each waits only for those before it.
  test_support::TempDir dir;
  const db::Options options{.max_connections = 8, .busy_timeout = std::chrono::milliseconds(1000)};
  auto first = db::Database::open("sqlite:" + (dir.path() / "app.db").string(), options);
  auto second = db::Database::open("sqlite:" + (dir.path() / "." / "app.db").string(), options);
  first.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER, n INTEGER)");
  constexpr int kThreads = 16;
  constexpr int kRows = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int writer = 0; writer < kThreads; ++writer) {
    threads.emplace_back([&, writer] {
      auto& database = writer % 2 == 0 ? first : second;
      for (int n = 0; n < kRows; ++n) {
        try {
          if (n % 2 == 0) {
            database.execute("INSERT INTO t (writer, n) VALUES (?, ?)", {db::Value{std::int64_t{writer}},
                                                                        db::Value{std::int64_t{n}}});
          } else {
            auto conn = database.acquire();
            auto tx = conn.begin();
            conn.execute("INSERT INTO t (writer, n) VALUES (?, ?)", {db::Value{std::int64_t{writer}},
                                                                    db::Value{std::int64_t{n}}});
            // Holding the write lock a while makes every other writer wait for it.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            tx.commit();
          }
        } catch (const db::DatabaseError&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(first.query("SELECT count(*) FROM t").scalar(), db::Value{std::int64_t{kThreads * kRows}});
}

TEST(SqliteTest, TheWriteQueueEndsWithTheTransaction) {
  // A rolled-back transaction, a failed write and a hand-written BEGIN all
  // give the turn back: the next writer on another connection goes at once.
  test_support::TempDir dir;
  auto database =
      db::Database::open("sqlite:" + (dir.path() / "app.db").string(), {.busy_timeout = std::chrono::milliseconds(50)});
  database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto first = database.acquire();
  auto second = database.acquire();
  { auto tx = first.begin(); }  // rolled back
  second.execute("INSERT INTO t VALUES (1)");
  EXPECT_THROW(first.execute("INSERT INTO t VALUES (1)"), db::UniqueViolation);
  second.execute("INSERT INTO t VALUES (2)");
  first.execute("BEGIN");
  first.execute("INSERT INTO t VALUES (3)");
  EXPECT_THROW(second.execute("INSERT INTO t VALUES (4)"), db::TransactionConflict);  // 3 is not committed yet
  first.execute("COMMIT");
  second.execute("INSERT INTO t VALUES (4)");
  EXPECT_EQ(database.query("SELECT count(*) FROM t").scalar(), db::Value{std::int64_t{4}});
}

TEST(SqliteTest, AStatementFailureLeavesTheTransactionUsable) {
  // Unlike PostgreSQL, SQLite undoes only the failed statement.
  auto database = db::Database::open("sqlite::memory:");
  auto conn = database.acquire();
  conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto tx = conn.begin();
  conn.execute("INSERT INTO t VALUES (1)");
  EXPECT_THROW(conn.execute("INSERT INTO t VALUES (1)"), db::UniqueViolation);
  conn.execute("INSERT INTO t VALUES (2)");
  tx.commit();
  EXPECT_EQ(conn.query("SELECT count(*) FROM t").scalar(), db::Value{2});
}

TEST(SqliteTest, HandWrittenBeginIsRolledBackWhenTheConnectionGoesBack) {
  // SQLite tells whether a transaction is open, so one begun by hand
  // (execute("BEGIN") instead of begin()) cannot leak into the next lease.
  // libpqxx 6.4 does not expose PostgreSQL's transaction status: there, use begin().
  auto database = db::Database::open("sqlite::memory:");
  database.execute("CREATE TABLE t (id INTEGER)");
  {
    auto conn = database.acquire();
    conn.execute("BEGIN");
    conn.execute("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(database.query("SELECT count(*) FROM t").scalar(), db::Value{0});
}

TEST(SqliteTest, AdvisoryLocksAreNoOps) {
  auto database = db::Database::open("sqlite::memory:");
  auto conn = database.acquire();
  conn.advisory_lock(1);
  EXPECT_TRUE(conn.try_advisory_lock(1));
  conn.advisory_unlock(1);
}

TEST(SqliteTest, TextMayHoldNulAndEmptyBlobIsNotNull) {
  auto database = db::Database::open("sqlite::memory:");
  auto result = database.query("SELECT ?, ?, typeof(?)", {std::string("a\0b", 3), db::Bytes{}, db::Bytes{}});
  auto row = result.at(0);
  EXPECT_EQ(row[0], db::Value{std::string("a\0b", 3)});
  EXPECT_EQ(row[1], db::Value{db::Bytes{}});
  EXPECT_EQ(row[2], db::Value{"blob"});
}

TEST(SqliteTest, CachedStatementsSeeSchemaChanges) {
  auto database = db::Database::open("sqlite::memory:");
  auto conn = database.acquire();
  conn.execute("CREATE TABLE t (a INTEGER)");
  conn.execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(conn.query("SELECT * FROM t").column_count(), 1u);
  conn.execute("ALTER TABLE t ADD COLUMN b TEXT");
  EXPECT_EQ(conn.query("SELECT * FROM t").column_count(), 2u);
  conn.execute("DROP TABLE t");
  EXPECT_THROW(conn.query("SELECT * FROM t"), db::QueryError);
}

}  // namespace
