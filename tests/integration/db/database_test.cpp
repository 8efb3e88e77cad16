// The database layer against real databases. Every test here runs three
// times: on an SQLite file, on sqlite::memory: and on a throwaway PostgreSQL
// cluster (each in a fresh database), so both backends keep one behaviour.
// Where the databases differ (SQLite reports no value for a unique violation,
// stores booleans as integers) the expectation says so.
#include "cpprustango/db/database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <optional>
#include <stdexcept>
#include <thread>

#include "test_support/expect_throw.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace db = cpprustango::db;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

enum class Target { SqliteFile, SqliteMemory, Postgres };

constexpr const char* kSchema =
    "CREATE TABLE author (id BIGINT PRIMARY KEY, name TEXT NOT NULL);"
    "CREATE TABLE post ("
    "  id BIGINT PRIMARY KEY,"
    "  author_id BIGINT REFERENCES author (id),"
    "  slug TEXT UNIQUE,"
    "  title TEXT NOT NULL,"
    "  price BIGINT CONSTRAINT price_positive CHECK (price > 0),"
    "  UNIQUE (author_id, title));"
    "INSERT INTO author (id, name) VALUES (1, 'Ada');";

class DbTest : public ::testing::TestWithParam<Target> {
 protected:
  void SetUp() override {
    try {
      switch (GetParam()) {
        case Target::SqliteFile:
          url_ = "sqlite:" + (dir_.path() / "test.db").string();
          break;
        case Target::SqliteMemory:
          url_ = "sqlite::memory:";
          break;
        case Target::Postgres:
          url_ = test_support::create_test_database();
          break;
      }
      db_.emplace(db::Database::open(url_));
      db_->acquire().execute_script(kSchema);
    } catch (const std::exception& error) {
      FAIL() << "cannot set up the " << url_ << " database: " << error.what();
    }
  }

  void TearDown() override {
    db_.reset();
    if (pg()) test_support::drop_test_database(url_);
  }

  bool pg() const { return GetParam() == Target::Postgres; }
  bool memory() const { return GetParam() == Target::SqliteMemory; }
  db::Database& database() { return *db_; }

  /** Tests write `?` placeholders; PostgreSQL numbers them ($1, $2, ...). */
  std::string sql(std::string_view text) const {
    if (!pg()) return std::string{text};
    std::string out;
    int number = 0;
    bool quoted = false;
    for (char c : text) {
      if (c == '\'') quoted = !quoted;
      if (c == '?' && !quoted) {
        out += "$" + std::to_string(++number);
      } else {
        out += c;
      }
    }
    return out;
  }

  std::int64_t count(db::Connection& conn, const std::string& table) {
    return db::as_int(conn.query("SELECT count(*) FROM " + table).scalar());
  }

  void insert_post(db::Connection& conn, std::int64_t id, const std::string& slug, const std::string& title) {
    conn.execute(sql("INSERT INTO post (id, author_id, slug, title) VALUES (?, 1, ?, ?)"), {id, slug, title});
  }

  template <class E>
  E expect_error(const std::function<void()>& statement) {
    return test_support::expect_throw<E>(statement);
  }

  test_support::TempDir dir_;
  std::string url_;
  std::optional<db::Database> db_;
};

std::string target_name(const ::testing::TestParamInfo<Target>& info) {
  switch (info.param) {
    case Target::SqliteFile:
      return "File";
    case Target::SqliteMemory:
      return "Memory";
    case Target::Postgres:
      return "Server";
  }
  return "Unknown";
}

// --- values -------------------------------------------------------------------

TEST_P(DbTest, RoundTripsEveryValueKind) {
  auto conn = database().acquire();
  conn.execute(std::string{"CREATE TABLE kinds (id BIGINT PRIMARY KEY, flag BOOLEAN, count BIGINT, "
                           "ratio DOUBLE PRECISION, label TEXT, data "} +
               (pg() ? "BYTEA" : "BLOB") + ")");
  const std::string text = "h\xc3\xa9llo 'quoted' \"double\" ; -- \\ \xe2\x9c\x93";
  const db::Bytes bytes = db::to_bytes(std::string_view("\x00\xff'\\\x7f", 5));
  auto insert = sql("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?)");
  conn.execute(insert, {1, true, std::numeric_limits<std::int64_t>::max(), 0.1, text, bytes});
  conn.execute(insert, {2, false, std::numeric_limits<std::int64_t>::min(), -1.5e300, "", db::Bytes{}});
  conn.execute(insert, {3, nullptr, nullptr, nullptr, nullptr, nullptr});

  auto rows = conn.query("SELECT flag, count, ratio, label, data FROM kinds ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows.columns(), (std::vector<std::string>{"flag", "count", "ratio", "label", "data"}));
  // SQLite has no boolean type: it stores and returns 0 and 1.
  EXPECT_EQ(rows[0][0], pg() ? db::Value{true} : db::Value{1});
  EXPECT_TRUE(db::as_bool(rows[0][0]));
  EXPECT_FALSE(db::as_bool(rows[1][0]));
  EXPECT_EQ(rows[0][1], db::Value{std::numeric_limits<std::int64_t>::max()});
  EXPECT_EQ(rows[1][1], db::Value{std::numeric_limits<std::int64_t>::min()});
  EXPECT_EQ(rows[0][2], db::Value{0.1});
  EXPECT_EQ(rows[1][2], db::Value{-1.5e300});
  EXPECT_EQ(rows[0][3], db::Value{text});
  EXPECT_EQ(rows[1][3], db::Value{""});
  EXPECT_EQ(rows[0][4], db::Value{bytes});
  EXPECT_EQ(rows[1][4], db::Value{db::Bytes{}});
  for (const auto& cell : rows[2]) EXPECT_TRUE(db::is_null(cell)) << db::describe(cell);
}

TEST_P(DbTest, ForEachRowReadsInPlaceWhatQueryReturns) {
  auto conn = database().acquire();
  conn.execute(std::string{"CREATE TABLE kinds (id BIGINT PRIMARY KEY, flag BOOLEAN, count BIGINT, "
                           "ratio DOUBLE PRECISION, label TEXT, data "} +
               (pg() ? "BYTEA" : "BLOB") + ")");
  auto insert = sql("INSERT INTO kinds VALUES (?, ?, ?, ?, ?, ?)");
  conn.execute(insert, {1, true, std::int64_t{-7}, 2.5, "text", db::to_bytes("\x01")});
  conn.execute(insert, {2, nullptr, nullptr, nullptr, nullptr, nullptr});
  const std::string select = sql("SELECT flag, count, ratio, label, data FROM kinds WHERE id >= ? ORDER BY id");

  const auto rows = conn.query(select, {1});
  std::size_t row = 0;
  conn.for_each_row(select, std::vector<db::Value>{1}, [&](const db::Cells& cells) {
    ASSERT_EQ(cells.size(), 5u);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      EXPECT_EQ(cells.value(c), rows[row][c]) << "row " << row << " column " << c;
      EXPECT_EQ(cells.kind(c), db::kind(rows[row][c])) << "row " << row << " column " << c;
    }
    if (row == 0) {
      EXPECT_EQ(cells.integer(1), -7);
      EXPECT_EQ(cells.real(2), 2.5);
      EXPECT_EQ(cells.text(3), "text");
    }
    ++row;
  });
  EXPECT_EQ(row, 2u);
}

TEST_P(DbTest, PoolStatusCountsStatementsButNotTransactionControl) {
  const auto before = database().pool_status().statements;
  database().execute("CREATE TABLE counted (id INTEGER PRIMARY KEY)");
  {
    auto conn = database().acquire();
    auto tx = conn.begin();
    conn.execute(sql("INSERT INTO counted VALUES (?)"), {1});
    auto inner = conn.begin();
    conn.query("SELECT id FROM counted");
    inner.commit();
    tx.commit();
    conn.for_each_row("SELECT id FROM counted", {}, [](const db::Cells&) {});
  }
  EXPECT_EQ(database().pool_status().statements - before, 4u) << "CREATE, INSERT, SELECT, SELECT; no BEGIN/SAVEPOINT/COMMIT";
}

TEST_P(DbTest, AWriteWatchMovesOnWritesNamingItsTablesOnly) {
  database().execute("CREATE TABLE author_groups (id INTEGER PRIMARY KEY)");
  const auto changes = database().watch_writes({"author"});
  auto moved = [&, seen = changes->load()]() mutable {
    const bool now = changes->load() != seen;
    seen = changes->load();
    return now;
  };
  database().query("SELECT name FROM author");
  EXPECT_FALSE(moved()) << "a SELECT reads only";
  database().execute(sql("INSERT INTO post (id, author_id, title) VALUES (?, ?, ?)"), {9, 1, "x"});
  EXPECT_FALSE(moved()) << "another table";
  database().execute("INSERT INTO author_groups (id) VALUES (1)");
  EXPECT_FALSE(moved()) << "author is not author_groups";
  database().execute(sql("UPDATE author SET name = ? WHERE id = ?"), {"Ann", 1});
  EXPECT_TRUE(moved());
  database().execute("  update \"author\" SET name = 'Bea'");
  EXPECT_TRUE(moved()) << "quoted, after spaces";
  database().execute("UPDATE AUTHOR SET name = 'Dee'");
  EXPECT_TRUE(moved()) << "in capitals";
  {
    // Again when the transaction ends: a reader between the write and the COMMIT saw the old rows.
    auto conn = database().acquire();
    auto tx = conn.begin();
    conn.execute(sql("UPDATE author SET name = ? WHERE id = ?"), {"Cy", 1});
    EXPECT_TRUE(moved());
    tx.commit();
    EXPECT_TRUE(moved());
  }
  // A copy of the Database shares the pool, and so the watch.
  db::Database copy = database();
  copy.execute("DELETE FROM post");
  EXPECT_FALSE(moved());
  copy.execute("DELETE FROM author");
  EXPECT_TRUE(moved());
}

TEST_P(DbTest, BoundParametersStayData) {
  auto conn = database().acquire();
  const std::string attack = "x'); DROP TABLE post; --";
  insert_post(conn, 1, "bobby", attack);
  EXPECT_EQ(count(conn, "post"), 1);
  EXPECT_EQ(conn.query(sql("SELECT title FROM post WHERE slug = ?"), {"bobby"}).scalar(), db::Value{attack});
  EXPECT_TRUE(conn.query(sql("SELECT id FROM post WHERE slug = ?"), {"' OR '1'='1"}).empty());
  EXPECT_EQ(conn.query(sql("SELECT ? AS echoed"), {"?, $1 and '?'"}).scalar(), db::Value{"?, $1 and '?'"});
}

TEST_P(DbTest, ResultGivesAccessByIndexNameAndIteration) {
  auto conn = database().acquire();
  insert_post(conn, 1, "one", "First");
  insert_post(conn, 2, "two", "Second");
  auto rows = conn.query("SELECT id, title FROM post ORDER BY id");
  EXPECT_EQ(rows.column_count(), 2u);
  EXPECT_EQ(rows.at(1).at("title"), db::Value{"Second"});
  EXPECT_EQ(*rows.find_column("id"), 0u);
  std::vector<std::int64_t> ids;
  for (auto row : rows) ids.push_back(db::as_int(row.at(0)));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 2}));
  try {
    (void)rows[0].at("nope");
    FAIL() << "no error";
  } catch (const std::out_of_range& error) {
    EXPECT_STREQ(error.what(), "no column 'nope' in result (columns: id, title)");
  }
}

TEST_P(DbTest, ExecuteReportsAffectedRows) {
  auto conn = database().acquire();
  insert_post(conn, 1, "one", "First");
  insert_post(conn, 2, "two", "Second");
  EXPECT_EQ(conn.execute(sql("UPDATE post SET price = ? WHERE author_id = 1"), {5}), 2);
  EXPECT_EQ(conn.execute("UPDATE post SET price = 6 WHERE id = 99"), 0);
  EXPECT_EQ(conn.execute("CREATE TABLE other (id BIGINT)"), 0);
  EXPECT_EQ(conn.execute("DELETE FROM post WHERE id = 1"), 1);
  EXPECT_EQ(conn.execute("SELECT id FROM post"), 1);  // a SELECT counts its rows
}

TEST_P(DbTest, ExecuteScriptRunsSeveralStatements) {
  auto conn = database().acquire();
  conn.execute_script("CREATE TABLE a (id BIGINT); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);");
  EXPECT_EQ(count(conn, "a"), 2);
}

// --- transactions ---------------------------------------------------------------

TEST_P(DbTest, CommitKeepsTheWork) {
  auto conn = database().acquire();
  auto tx = conn.begin();
  EXPECT_TRUE(conn.in_transaction());
  insert_post(conn, 1, "one", "First");
  tx.commit();
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_FALSE(tx.active());
  EXPECT_EQ(count(conn, "post"), 1);
}

TEST_P(DbTest, RollbackUndoesTheWork) {
  auto conn = database().acquire();
  auto tx = conn.begin();
  insert_post(conn, 1, "one", "First");
  tx.rollback();
  EXPECT_EQ(count(conn, "post"), 0);
}

TEST_P(DbTest, DestructorRollsBackWhenAnExceptionLeavesTheScope) {
  auto conn = database().acquire();
  try {
    auto tx = conn.begin();
    insert_post(conn, 1, "one", "First");
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_EQ(count(conn, "post"), 0);
}

TEST_P(DbTest, NestedRollbackKeepsTheOuterWork) {
  auto conn = database().acquire();
  auto outer = conn.begin();
  insert_post(conn, 1, "one", "First");
  {
    auto inner = conn.begin();
    EXPECT_EQ(inner.depth(), 2);
    insert_post(conn, 2, "two", "Second");
    inner.rollback();
  }
  {
    auto inner = conn.begin();
    insert_post(conn, 3, "three", "Third");
    inner.commit();
  }
  outer.commit();
  auto rows = conn.query("SELECT id FROM post ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], db::Value{1});
  EXPECT_EQ(rows[1][0], db::Value{3});
}

TEST_P(DbTest, OuterRollbackUndoesCommittedSavepoints) {
  auto conn = database().acquire();
  auto outer = conn.begin();
  {
    auto inner = conn.begin();
    insert_post(conn, 1, "one", "First");
    inner.commit();
  }
  outer.rollback();
  EXPECT_EQ(count(conn, "post"), 0);
}

TEST_P(DbTest, SavepointRecoversFromAFailedStatement) {
  auto conn = database().acquire();
  auto outer = conn.begin();
  insert_post(conn, 1, "one", "First");
  {
    auto inner = conn.begin();
    EXPECT_THROW(insert_post(conn, 2, "one", "Again"), db::UniqueViolation);
    inner.rollback();
  }
  insert_post(conn, 3, "three", "Third");
  outer.commit();
  EXPECT_EQ(count(conn, "post"), 2);
}

TEST_P(DbTest, TransactionsFinishInOrder) {
  auto conn = database().acquire();
  auto outer = conn.begin();
  auto inner = conn.begin();
  EXPECT_STREQ(expect_error<db::TransactionError>([&] { outer.commit(); }).what(),
               "a nested transaction is still open: commit or roll it back first");
  inner.commit();
  outer.commit();
  EXPECT_STREQ(expect_error<db::TransactionError>([&] { outer.commit(); }).what(),
               "transaction already committed or rolled back");
}

TEST_P(DbTest, OuterRollbackEndsOpenInnerTransactions) {
  auto conn = database().acquire();
  auto outer = conn.begin();
  auto inner = conn.begin();
  insert_post(conn, 1, "one", "First");
  outer.rollback();
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_THROW(inner.commit(), db::TransactionError);
  EXPECT_EQ(count(conn, "post"), 0);
}

TEST_P(DbTest, TransactionKeepsItsConnectionAlive) {
  {
    auto tx = [&] {
      auto conn = database().acquire();
      auto begun = conn.begin();
      insert_post(conn, 1, "one", "First");
      return begun;
    }();
    tx.commit();
  }
  EXPECT_EQ(db::as_int(database().query("SELECT count(*) FROM post").scalar()), 1);
}

// --- typed errors ---------------------------------------------------------------

TEST_P(DbTest, UniqueViolationNamesTableColumnAndValue) {
  auto conn = database().acquire();
  insert_post(conn, 1, "hello", "First");
  auto error = expect_error<db::UniqueViolation>([&] { insert_post(conn, 2, "hello", "Second"); });
  EXPECT_STREQ(error.what(), pg() ? "unique constraint failed on post.slug: 'hello' already exists"
                                  : "unique constraint failed on post.slug");
  EXPECT_EQ(error.table(), "post");
  EXPECT_EQ(error.columns(), std::vector<std::string>{"slug"});
  EXPECT_EQ(error.sqlstate(), "23505");
  if (pg()) {
    EXPECT_EQ(*error.value(), "hello");
  }
  // What SQLite cannot say, the ORM can add.
  error.set_value("hello");
  EXPECT_STREQ(error.what(), "unique constraint failed on post.slug: 'hello' already exists");
}

TEST_P(DbTest, UniqueViolationOnTwoColumns) {
  auto conn = database().acquire();
  insert_post(conn, 1, "a", "Hello");
  auto error = expect_error<db::UniqueViolation>([&] { insert_post(conn, 2, "b", "Hello"); });
  EXPECT_STREQ(error.what(), pg() ? "unique constraint failed on post (author_id, title): (1, Hello) already exists"
                                  : "unique constraint failed on post (author_id, title)");
}

TEST_P(DbTest, PrimaryKeyViolationIsAUniqueViolation) {
  auto conn = database().acquire();
  insert_post(conn, 1, "a", "A");
  auto error = expect_error<db::UniqueViolation>([&] { insert_post(conn, 1, "b", "B"); });
  EXPECT_STREQ(error.what(), pg() ? "unique constraint failed on post.id: '1' already exists"
                                  : "unique constraint failed on post.id");
}

TEST_P(DbTest, ForeignKeyViolationOnInsert) {
  auto conn = database().acquire();
  auto error = expect_error<db::ForeignKeyViolation>(
      [&] { conn.execute(sql("INSERT INTO post (id, author_id, title) VALUES (1, ?, 'x')"), {99}); });
  EXPECT_STREQ(error.what(), pg() ? "foreign key constraint failed on post.author_id: 99 is not present in author"
                                  : "foreign key constraint failed");
  EXPECT_EQ(error.sqlstate(), "23503");
}

TEST_P(DbTest, ForeignKeyViolationOnDelete) {
  auto conn = database().acquire();
  insert_post(conn, 1, "a", "A");
  auto error = expect_error<db::ForeignKeyViolation>([&] { conn.execute("DELETE FROM author WHERE id = 1"); });
  EXPECT_STREQ(error.what(), pg() ? "foreign key constraint failed on author.id: 1 is still referenced from post"
                                  : "foreign key constraint failed");
}

TEST_P(DbTest, NotNullViolation) {
  auto conn = database().acquire();
  auto error = expect_error<db::NotNullViolation>(
      [&] { conn.execute(sql("INSERT INTO post (id, title) VALUES (1, ?)"), {nullptr}); });
  EXPECT_STREQ(error.what(), "not-null constraint failed on post.title");
  EXPECT_EQ(error.column(), "title");
  EXPECT_EQ(error.sqlstate(), "23502");
}

TEST_P(DbTest, CheckViolation) {
  auto conn = database().acquire();
  auto error = expect_error<db::CheckViolation>(
      [&] { conn.execute(sql("INSERT INTO post (id, title, price) VALUES (1, 'x', ?)"), {-5}); });
  EXPECT_STREQ(error.what(), pg() ? "check constraint \"price_positive\" failed on post"
                                  : "check constraint \"price_positive\" failed");
  EXPECT_EQ(error.constraint(), "price_positive");
  EXPECT_EQ(error.sqlstate(), "23514");
}

TEST_P(DbTest, SyntaxErrorIsAQueryErrorWithTheSql) {
  auto error = expect_error<db::QueryError>([&] { database().query("SELEC 1"); });
  EXPECT_STREQ(error.what(),
               pg() ? "syntax error at or near \"SELEC\"; SQL: SELEC 1" : "near \"SELEC\": syntax error; SQL: SELEC 1");
  EXPECT_EQ(error.sqlstate(), "42601");
  EXPECT_EQ(error.sql(), "SELEC 1");
}

TEST_P(DbTest, QueryErrorNeverShowsParameterValues) {
  auto error = expect_error<db::QueryError>(
      [&] { database().query(sql("SELECT * FROM missing_table WHERE secret = ?"), {"hunter2"}); });
  EXPECT_THAT(error.what(), Not(HasSubstr("hunter2")));
  EXPECT_THAT(error.what(), HasSubstr("missing_table"));
  EXPECT_EQ(error.sqlstate(), "42P01");
}

TEST_P(DbTest, WrongParameterCountIsAQueryError) {
  auto error = expect_error<db::QueryError>(
      [&] { database().query(sql("SELECT id FROM post WHERE id = ? AND slug = ?"), {1}); });
  EXPECT_EQ(error.sqlstate(), "08P01");
  EXPECT_THAT(error.what(),
              HasSubstr(pg() ? "bind message supplies 1 parameters, but prepared statement \"\" requires 2"
                             : "statement expects 2 parameters, got 1"));
}

TEST_P(DbTest, QueryRefusesSeveralStatements) {
  auto conn = database().acquire();
  auto error = expect_error<db::QueryError>([&] { conn.execute("DELETE FROM post; DROP TABLE post"); });
  EXPECT_EQ(error.sqlstate(), "42601");
  EXPECT_EQ(count(conn, "post"), 0);
  conn.execute("SELECT 1;  -- a trailing semicolon and comment are fine");
}

/** Tests that need two connections to one database, so not sqlite::memory: (it has one). */
class MultiConnectionDbTest : public DbTest {};

TEST_P(MultiConnectionDbTest, WriterBlockedTooLongGetsATransactionConflict) {
  auto impatient = db::Database::open(url_, {.busy_timeout = std::chrono::milliseconds(100)});
  auto holder = database().acquire();
  auto tx = holder.begin();
  holder.execute("UPDATE author SET name = 'Grace' WHERE id = 1");
  auto waiter = impatient.acquire();
  db::TransactionConflict error = expect_error<db::TransactionConflict>([&] {
    if (pg()) {
      waiter.execute("SET lock_timeout = '100ms'");
      waiter.execute("UPDATE author SET name = 'Linus' WHERE id = 1");
    } else {
      auto blocked = waiter.begin();
    }
  });
  EXPECT_STREQ(error.what(), pg() ? "canceling statement due to lock timeout: retry the transaction"
                                  : "database is locked: retry the transaction");
  EXPECT_EQ(error.sqlstate(), "55P03");
  tx.commit();
}

// --- the pool -------------------------------------------------------------------

TEST_P(DbTest, PoolServesConcurrentThreads) {
  constexpr int kThreads = 4;
  constexpr int kInsertsEach = 25;
  database().execute("CREATE TABLE hits (thread BIGINT, n BIGINT)");
  std::atomic<int> failures{0};
  std::string first_failure;
  std::mutex failure_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kInsertsEach; ++i) {
        try {
          auto conn = database().acquire();
          auto tx = conn.begin();
          conn.execute(sql("INSERT INTO hits VALUES (?, ?)"), {t, i});
          tx.commit();
        } catch (const std::exception& error) {
          std::lock_guard lock(failure_mutex);
          if (failures++ == 0) first_failure = error.what();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0) << first_failure;
  EXPECT_EQ(db::as_int(database().query("SELECT count(*) FROM hits").scalar()), kThreads * kInsertsEach);
  auto status = database().pool_status();
  EXPECT_LE(status.open, status.max_connections);
  EXPECT_EQ(status.max_connections, memory() ? 1u : pg() ? 16u : 4u);  // the defaults
}

TEST_P(DbTest, ConnectionsGoBackToThePool) {
  { auto conn = database().acquire(); }
  auto status = database().pool_status();
  EXPECT_EQ(status.idle, status.open);
  auto conn = database().acquire();
  EXPECT_EQ(database().pool_status().idle, status.idle - 1);
}

TEST_P(DbTest, ExhaustedPoolTimesOut) {
  // For sqlite::memory: this is another (empty) database; only the pool matters here.
  auto small = db::Database::open(url_, {.max_connections = 1, .acquire_timeout = std::chrono::milliseconds(100)});
  auto held = small.acquire();
  auto start = std::chrono::steady_clock::now();
  auto error = expect_error<db::ConnectionError>([&] { small.acquire(); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(error.sqlstate(), "53300");
  EXPECT_EQ(std::string{error.what()},
            "no free connection to database " + small.url().redacted() +
                " after 100 ms: all 1 are in use; release connections sooner or raise the pool size");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, DbTest, ::testing::Values(Target::SqliteFile, Target::SqliteMemory), target_name);
INSTANTIATE_TEST_SUITE_P(Postgres, DbTest, ::testing::Values(Target::Postgres), target_name);
INSTANTIATE_TEST_SUITE_P(Sqlite, MultiConnectionDbTest, ::testing::Values(Target::SqliteFile), target_name);
INSTANTIATE_TEST_SUITE_P(Postgres, MultiConnectionDbTest, ::testing::Values(Target::Postgres), target_name);

}  // namespace
