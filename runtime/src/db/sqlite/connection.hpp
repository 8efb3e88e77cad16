// The SQLite backend: a SQLiteCpp database handle (opening, scripts, errors)
// plus prepared statements cached per connection, since the ORM sends the
// same SQL over and over. Statements use the sqlite3 API directly:
// SQLiteCpp's Statement remembers its column count from when it was
// prepared, which goes stale in a cached statement once the schema changes
// (SELECT * after ALTER TABLE ADD COLUMN).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/backend.hpp"
#include "db/sqlite/writer_queue.hpp"

struct sqlite3_stmt;

namespace cpprustango::db::detail {

class SqliteConnection final : public Backend {
 public:
  /** Opens the file (or :memory:) with foreign keys on, WAL for files and a busy timeout. */
  SqliteConnection(const Url& url, const Options& options);

  Dialect dialect() const noexcept override { return Dialect::Sqlite; }
  Result query(std::string_view sql, std::span<const Value> params) override;
  void for_each_row(std::string_view sql, std::span<const Value> params,
                    const std::function<void(const Cells&)>& each) override;
  std::int64_t execute(std::string_view sql, std::span<const Value> params) override;
  void execute_script(std::string_view sql) override;
  void begin() override;

  bool error_aborts_transaction() const noexcept override { return false; }
  bool transaction_lost() const noexcept override;

  // SQLite has one writer at a time and begin() takes the write lock
  // (BEGIN IMMEDIATE), which is what migrations need the lock for.
  void advisory_lock(std::int64_t) override {}
  bool try_advisory_lock(std::int64_t) override { return true; }
  void advisory_unlock(std::int64_t) override {}

  bool alive() noexcept override { return true; }
  bool reset() noexcept override;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const noexcept;
  };
  using StatementPtr = std::unique_ptr<sqlite3_stmt, Finalize>;
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };

  /**
   * Runs one statement, calling `on_row` (when given) on each row while the statement stands on it, and
   * filling `columns` (when given) with the column names. Returns the affected (or returned) row count.
   */
  std::int64_t run(std::string_view sql, std::span<const Value> params,
                   const std::function<void(sqlite3_stmt*, int width)>* on_row, std::vector<std::string>* columns);
  sqlite3_stmt* prepare(std::string_view sql);
  [[noreturn]] void fail(std::string_view sql) const;

  /** This connection's place in its file's WriterQueue; released after the handle closes (declared before db_). */
  struct WriteTurn {
    std::shared_ptr<WriterQueue> queue;  // null for :memory: and read-only connections
    bool held = false;
    WriteTurn() = default;
    WriteTurn(const WriteTurn&) = delete;
    WriteTurn& operator=(const WriteTurn&) = delete;
    ~WriteTurn() {
      if (held) queue->release();
    }
  };

  /** Queues for the file's write lock unless this connection holds it; throws the busy error on timeout. */
  void take_write_turn(std::string_view sql);
  /** Gives the write lock back once no transaction is open any more. */
  void settle_write_turn() noexcept;
  /** Calls settle_write_turn() when a statement ends, however it ends. */
  class SettleOnExit {
   public:
    explicit SettleOnExit(SqliteConnection& connection) noexcept : connection_(connection) {}
    SettleOnExit(const SettleOnExit&) = delete;
    SettleOnExit& operator=(const SettleOnExit&) = delete;
    ~SettleOnExit() { connection_.settle_write_turn(); }

   private:
    SqliteConnection& connection_;
  };

  std::string redacted_;
  std::chrono::milliseconds busy_timeout_;
  WriteTurn write_turn_;
  SQLite::Database db_;
  std::unordered_map<std::string, StatementPtr, StringHash, std::equal_to<>> statements_;
};

}  // namespace cpprustango::db::detail
