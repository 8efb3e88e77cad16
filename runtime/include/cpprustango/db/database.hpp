// The database layer: a pool of connections for one URL, statements with
// bound parameters, RAII transactions nested as savepoints. The ORM and the
// migrations run on this; SQL comes in already written for the dialect, with
// its native placeholders (`?` for SQLite, `$1..$n` for PostgreSQL).
//
//   auto db = db::Database::open("sqlite:var/app.db", {.base_dir = project_dir});
//   auto conn = db.acquire();
//   auto tx = conn.begin();
//   conn.execute("INSERT INTO post (title) VALUES (?)", {"Hello"});
//   tx.commit();
//
// SQLiteCpp and libpqxx stay behind this header (pimpl): including it costs
// the standard library only.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/errors.hpp"
#include "cpprustango/db/result.hpp"
#include "cpprustango/db/url.hpp"
#include "cpprustango/db/value.hpp"

namespace cpprustango::db {

namespace detail {
class Pool;
struct Lease;
}  // namespace detail

class Transaction;

struct Options {
  /**
   * Most connections the pool opens; 0: 4 on SQLite, 16 on PostgreSQL (apps: database.max_connections). `sqlite::memory:`
   * always uses exactly one (an in-memory database lives inside its connection,
   * and a second connection would see another, empty database).
   */
  std::size_t max_connections = 0;
  /** How long acquire() waits for a free connection before ConnectionError. */
  std::chrono::milliseconds acquire_timeout{5000};
  /** Where relative SQLite paths resolve (the project root); empty means the current directory. */
  std::filesystem::path base_dir{};
  /** SQLite: how long a statement waits for another connection's write lock (busy_timeout). */
  std::chrono::milliseconds busy_timeout{5000};
  /** PostgreSQL: connect_timeout, unless the URL sets one. */
  std::chrono::seconds connect_timeout{5};
  /**
   * Change nothing: SQLite opens the file read-only (and keeps its journal mode,
   * which is otherwise switched to WAL); PostgreSQL sessions default to read-only
   * transactions (unless the URL passes its own `options`). For tools that only
   * look, such as inspectdb on someone else's database.
   */
  bool read_only = false;
  /**
   * SQLite files (WAL): fsync at every commit (synchronous=FULL). The default,
   * NORMAL, syncs at checkpoints: a power loss may undo the last commits, never
   * corrupt the file. Apps: database.sqlite_synchronous = "full".
   */
  bool sqlite_full_sync = false;
};

/**
 * One leased connection; returned to its pool when the last handle to it (this
 * object or a Transaction begun on it) goes away. Not thread-safe: use it from
 * one thread at a time, and take one connection per thread.
 */
class Connection {
 public:
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  Dialect dialect() const noexcept;

  /**
   * Runs one statement and returns its rows. Parameters are always bound,
   * never spliced into the SQL:
   *   auto rows = conn.query("SELECT id FROM post WHERE slug = ?", {slug});          // SQLite
   *   auto rows = conn.query("SELECT id FROM post WHERE slug = $1", {slug});         // PostgreSQL
   * PostgreSQL receives parameters untyped and infers their types from the
   * statement; where nothing gives a type, cast (`SELECT $1::bigint`).
   */
  Result query(std::string_view sql, std::span<const Value> params = {});
  Result query(std::string_view sql, std::initializer_list<Value> params);
  /**
   * Runs one statement and hands each row to `each` as it is read, without
   * building a Result (the ORM's fetch reads cells straight into objects):
   *   conn.for_each_row("SELECT id FROM post", {}, [&](const db::Cells& row) { ids.push_back(row.integer(0)); });
   */
  void for_each_row(std::string_view sql, std::span<const Value> params, const std::function<void(const Cells&)>& each);

  /** Runs one statement; returns the rows it changed (or returned, for a SELECT). */
  std::int64_t execute(std::string_view sql, std::span<const Value> params = {});
  std::int64_t execute(std::string_view sql, std::initializer_list<Value> params);

  /**
   * Runs several `;`-separated statements without parameters (migrations, fixtures):
   *   conn.execute_script("CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE INDEX a_id ON a (id);");
   */
  void execute_script(std::string_view sql);

  /**
   * Starts a transaction; inside an open one, a savepoint. The Transaction
   * rolls back in its destructor unless commit() was called:
   *   auto tx = conn.begin();
   *   { auto inner = conn.begin(); ...; }   // inner work undone, outer goes on
   *   tx.commit();
   * On SQLite the outermost level is BEGIN IMMEDIATE: it takes the write lock
   * up front, so two writers queue (in the process, then on busy_timeout) instead of deadlocking
   * when both try to upgrade a read lock.
   */
  Transaction begin();
  bool in_transaction() const noexcept;

  /**
   * PostgreSQL session advisory lock (pg_advisory_lock); migrations hold one
   * so two `migrate` runs never interleave. A lock still held when the
   * connection goes back to the pool is released then. On SQLite these do
   * nothing: SQLite has one writer at a time, and begin() takes the write lock.
   *   conn.advisory_lock(kMigrationLock); ...; conn.advisory_unlock(kMigrationLock);
   */
  void advisory_lock(std::int64_t key);
  /** Like advisory_lock but does not wait; false when another session holds it. SQLite: true. */
  bool try_advisory_lock(std::int64_t key);
  void advisory_unlock(std::int64_t key);

 private:
  friend class Database;
  explicit Connection(std::shared_ptr<detail::Lease> lease) noexcept;
  std::shared_ptr<detail::Lease> lease_;
};

/** A transaction or savepoint on one Connection; see Connection::begin(). */
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  /** Rolls back if still open; never throws. */
  ~Transaction();

  /**
   * Makes the work permanent (COMMIT, or RELEASE SAVEPOINT for a nested one).
   * Throws TransactionError if a nested transaction is still open, or if a
   * statement failed inside this one (PostgreSQL has aborted it: roll back).
   */
  void commit();
  /** Undoes the work since begin() (ROLLBACK, or ROLLBACK TO SAVEPOINT). */
  void rollback();

  bool active() const noexcept { return active_; }
  /** 1 for the outermost transaction, 2 for the first savepoint inside it, ... */
  int depth() const noexcept { return depth_; }

 private:
  friend class Connection;
  Transaction(std::shared_ptr<detail::Lease> lease, int depth) noexcept;
  void finish(bool commit);
  std::shared_ptr<detail::Lease> lease_;
  int depth_ = 0;
  bool active_ = false;
};

/** A snapshot of the pool, for /ready checks and tests. */
struct PoolStatus {
  std::size_t max_connections = 0;
  std::size_t open = 0;  // leased plus idle
  std::size_t idle = 0;
  /**
   * Statements run on the pool's connections since it opened (query, execute,
   * execute_script; not BEGIN/COMMIT/SAVEPOINT). Tests pin a query count with it:
   *   auto before = db.pool_status().statements;  posts.fetch(db);
   *   EXPECT_EQ(db.pool_status().statements - before, 2);   // no N+1
   */
  std::uint64_t statements = 0;
};

/**
 * The connection pool for one database URL. Copies share the pool; it is
 * thread-safe, and closes its connections when the last copy and the last
 * Connection are gone.
 */
class Database {
 public:
  /**
   * Parses the URL and opens a first connection, so a bad URL, a missing
   * directory or an unreachable server fails here with ConnectionError:
   *   auto db = Database::open("postgresql://app@127.0.0.1/blog");
   *   auto mem = Database::open("sqlite::memory:");
   */
  static Database open(std::string_view url, const Options& options = {});
  static Database open(const Url& url, const Options& options = {});

  Dialect dialect() const noexcept;
  /** The parsed URL (SQLite path resolved); print url().redacted(), never the password. */
  const Url& url() const noexcept;

  /**
   * Leases a connection, waiting up to Options::acquire_timeout for one to be
   * free. An idle PostgreSQL connection that the server dropped is replaced.
   *   auto conn = db.acquire();
   */
  Connection acquire();

  /** Borrow a connection for one statement: `db.execute("DELETE FROM session WHERE expires < ?", {now});` */
  Result query(std::string_view sql, std::span<const Value> params = {});
  Result query(std::string_view sql, std::initializer_list<Value> params);
  void for_each_row(std::string_view sql, std::span<const Value> params, const std::function<void(const Cells&)>& each);
  std::int64_t execute(std::string_view sql, std::span<const Value> params = {});
  std::int64_t execute(std::string_view sql, std::initializer_list<Value> params);

  PoolStatus pool_status() const;

  /**
   * A counter that moves whenever a statement run through this pool (by any
   * copy of this Database) may have changed one of `tables`: a statement that
   * is not a SELECT and names one of them (case-insensitive, as a whole word),
   * and again when the transaction it ran in ends. An in-process cache of what
   * those tables hold keeps the value it saw when it read them and drops what
   * it holds once the counter has moved:
   *   auto changes = db.watch_writes({"auth_user", "auth_api_key"});
   *   const auto seen = changes->load();   // before reading the tables
   *   ...                                  // later: if (changes->load() != seen) forget everything
   * Writes by other processes are not seen: pair it with a time to live. A
   * watch lasts as long as the pool; take one per cache, not per request.
   */
  std::shared_ptr<const std::atomic<std::uint64_t>> watch_writes(std::vector<std::string> tables);

 private:
  explicit Database(std::shared_ptr<detail::Pool> pool) noexcept;
  std::shared_ptr<detail::Pool> pool_;
};

}  // namespace cpprustango::db
