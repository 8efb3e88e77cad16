// SQLite connections. Every statement is prepared once per connection and
// cached; every value is bound (sqlite3_bind_*), never spliced into SQL.
// Cached statements are always reset after use: a statement left mid-step
// would keep a read transaction open and block checkpoints and DROP TABLE.
#include "db/sqlite/connection.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <filesystem>

#include "db/sqlite/error_map.hpp"

namespace cpprustango::db::detail {

namespace {

constexpr std::size_t kStatementCacheSize = 128;

SQLite::Database open_file(const Url& url, const std::string& redacted, bool read_only) {
  if (!url.is_memory()) {
    std::filesystem::path path{url.path};
    auto folder = path.parent_path();
    std::error_code ec;
    if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) {
      throw ConnectionError::cannot_connect(redacted, "directory " + folder.string() + " does not exist");
    }
    if (std::filesystem::is_directory(path, ec)) {
      throw ConnectionError::cannot_connect(redacted, path.string() + " is a directory, not a database file");
    }
  }
  // SQLite counts every allocation under one process-wide mutex for sqlite3_memory_used(), which
  // nothing here reads: the connections of every thread would queue on it. Turned off before the
  // library starts (it refuses once started, which is harmless).
  static const int memory_statistics_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memory_statistics_off;
  // A Connection is used by one thread at a time (the pool leases it), so SQLite's per-call
  // mutex (serialized mode) only costs: every sqlite3_column_* call of a read would take it.
  try {
    return SQLite::Database(url.path, SQLite::OPEN_NOMUTEX | (read_only ? SQLite::OPEN_READONLY
                                                                        : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE));
  } catch (const SQLite::Exception& error) {
    throw ConnectionError::cannot_connect(redacted, error.what());
  }
}

/** Resets and unbinds a cached statement when a run ends, however it ends. */
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) noexcept : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

Value read_column(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, column);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
    case SQLITE_BLOB: {
      const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(statement, column));
      return Bytes(data, data + sqlite3_column_bytes(statement, column));
    }
    default:
      return nullptr;
  }
}

/** The row a statement stands on, read in place with the sqlite3 column functions. */
class StatementCells final : public Cells {
 public:
  StatementCells(sqlite3_stmt* statement, int width) noexcept : statement_(statement), width_(width) {}

  std::size_t size() const noexcept override { return static_cast<std::size_t>(width_); }
  ValueKind kind(std::size_t column) const override {
    switch (sqlite3_column_type(statement_, index(column))) {
      case SQLITE_INTEGER: return ValueKind::Integer;
      case SQLITE_FLOAT: return ValueKind::Real;
      case SQLITE_TEXT: return ValueKind::Text;
      case SQLITE_BLOB: return ValueKind::Binary;
      default: return ValueKind::Null;
    }
  }
  std::int64_t integer(std::size_t column) const override { return sqlite3_column_int64(statement_, index(column)); }
  double real(std::size_t column) const override { return sqlite3_column_double(statement_, index(column)); }
  std::string_view text(std::size_t column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index(column)));
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, index(column)))};
  }
  Value value(std::size_t column) const override { return read_column(statement_, index(column)); }

 private:
  static int index(std::size_t column) noexcept { return static_cast<int>(column); }

  sqlite3_stmt* statement_;
  int width_;
};

/** Binds every parameter; returns SQLITE_OK or the first failing code. */
int bind_all(sqlite3_stmt* statement, std::span<const Value> params) {
  // sqlite3_bind_blob with a null pointer binds NULL: an empty blob needs a real address.
  static const std::byte kEmpty{};
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    const Value& value = params[i];
    int rc = SQLITE_OK;
    // The parameters outlive the run (the statement is reset and unbound at
    // its end), so SQLite may read text and blobs in place (SQLITE_STATIC).
    switch (kind(value)) {
      case ValueKind::Null:
        rc = sqlite3_bind_null(statement, index);
        break;
      case ValueKind::Bool:
        rc = sqlite3_bind_int64(statement, index, std::get<bool>(value) ? 1 : 0);
        break;
      case ValueKind::Integer:
        rc = sqlite3_bind_int64(statement, index, std::get<std::int64_t>(value));
        break;
      case ValueKind::Real:
        rc = sqlite3_bind_double(statement, index, std::get<double>(value));
        break;
      case ValueKind::Text: {
        const auto& text = std::get<std::string>(value);
        rc = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
        break;
      }
      case ValueKind::Binary: {
        const auto& bytes = std::get<Bytes>(value);
        rc = sqlite3_bind_blob64(statement, index, bytes.empty() ? &kEmpty : bytes.data(), bytes.size(), SQLITE_STATIC);
        break;
      }
    }
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

}  // namespace

void SqliteConnection::Finalize::operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }

SqliteConnection::SqliteConnection(const Url& url, const Options& options)
    : redacted_(url.redacted()), busy_timeout_(options.busy_timeout), db_(open_file(url, redacted_, options.read_only)) {
  // A memory database belongs to its one connection: nobody to queue behind.
  if (!url.is_memory() && !options.read_only) write_turn_.queue = WriterQueue::for_file(url.path);
  try {
    db_.setBusyTimeout(static_cast<int>(options.busy_timeout.count()));
    db_.exec("PRAGMA foreign_keys = ON");
    // WAL lets readers go on while one connection writes; memory databases have no journal file.
    // A read-only connection leaves the file as it is.
    if (!url.is_memory() && !options.read_only) {
      db_.exec("PRAGMA journal_mode = WAL");
      // In WAL mode NORMAL syncs at checkpoints, not at every commit: a power
      // loss may undo the last commits but never corrupts the file (Rails'
      // default too). FULL makes every commit durable at an fsync each.
      db_.exec(options.sqlite_full_sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    }
  } catch (const SQLite::Exception& error) {
    throw ConnectionError::cannot_connect(redacted_, error.what());
  }
}

void SqliteConnection::take_write_turn(std::string_view sql) {
  if (!write_turn_.queue || write_turn_.held) return;
  if (!write_turn_.queue->acquire(busy_timeout_)) {
    // What SQLite itself reports when busy_timeout runs out, so callers see one error either way.
    throw_sqlite_error(SQLITE_BUSY, "database is locked", sql);
  }
  write_turn_.held = true;
}

void SqliteConnection::settle_write_turn() noexcept {
  if (write_turn_.held && sqlite3_get_autocommit(db_.getHandle()) != 0) {
    write_turn_.held = false;
    write_turn_.queue->release();
  }
}

void SqliteConnection::fail(std::string_view sql) const {
  sqlite3* handle = db_.getHandle();
  throw_sqlite_error(sqlite3_extended_errcode(handle), sqlite3_errmsg(handle), sql);
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return found->second.get();
  if (sql.find('\0') != std::string_view::npos) {
    throw QueryError("SQL contains a NUL character", std::string{sql}, "42601");
  }
  sqlite3* handle = db_.getHandle();
  const char* end = sql.data() + sql.size();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(handle, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, &tail) !=
      SQLITE_OK) {
    fail(sql);
  }
  StatementPtr statement(raw);
  if (!statement) throw QueryError("empty statement", std::string{sql}, "42601");
  // SQLite compiles the first statement and ignores the rest; refuse instead,
  // as PostgreSQL does, so "...; DROP TABLE x" can never ride along. Only
  // whitespace, comments and semicolons may follow.
  while (tail != nullptr && tail < end) {
    sqlite3_stmt* next = nullptr;
    const char* next_tail = nullptr;
    int rc = sqlite3_prepare_v2(handle, tail, static_cast<int>(end - tail), &next, &next_tail);
    bool compiled = next != nullptr;
    sqlite3_finalize(next);
    if (rc != SQLITE_OK || compiled) {
      throw QueryError("several statements in one query; use execute_script() for scripts", std::string{sql}, "42601");
    }
    if (next_tail == nullptr || next_tail <= tail) break;
    tail = next_tail;
  }
  if (statements_.size() >= kStatementCacheSize) statements_.clear();
  return statements_.emplace(std::string{sql}, std::move(statement)).first->second.get();
}

std::int64_t SqliteConnection::run(std::string_view sql, std::span<const Value> params,
                                   const std::function<void(sqlite3_stmt*, int width)>* on_row,
                                   std::vector<std::string>* columns) {
  sqlite3* handle = db_.getHandle();
  sqlite3_stmt* statement = prepare(sql);
  // A write outside a transaction (or the first write of one begun by hand)
  // queues for the file; the turn ends with the transaction, after the reset
  // below has let an autocommit statement commit.
  if (sqlite3_stmt_readonly(statement) == 0) take_write_turn(sql);
  SettleOnExit settle(*this);
  ResetOnExit reset(statement);
  int expected = sqlite3_bind_parameter_count(statement);
  if (static_cast<std::size_t>(expected) != params.size()) {
    throw QueryError(
        "statement expects " + std::to_string(expected) + " parameters, got " + std::to_string(params.size()),
        std::string{sql}, "08P01");
  }
  if (bind_all(statement, params) != SQLITE_OK) fail(sql);

  int width = 0;
  std::int64_t rows = 0;
  auto changes_before = sqlite3_total_changes64(handle);
  for (bool first = true;; first = false) {
    int rc = sqlite3_step(statement);
    if (first) {
      // Read the shape after the first step: SQLite re-prepares a statement
      // whose schema changed, and the column count may change with it.
      width = sqlite3_column_count(statement);
      if (columns) {
        for (int i = 0; i < width; ++i) columns->emplace_back(sqlite3_column_name(statement, i));
      }
    }
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(sql);
    ++rows;
    if (on_row) (*on_row)(statement, width);
  }
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, even
  // across a later DDL or SELECT; the total moves only when this one wrote.
  return sqlite3_total_changes64(handle) != changes_before ? sqlite3_changes64(handle) : (width > 0 ? rows : 0);
}

Result SqliteConnection::query(std::string_view sql, std::span<const Value> params) {
  std::vector<std::string> columns;
  std::vector<Value> cells;
  const std::function<void(sqlite3_stmt*, int)> read_row = [&](sqlite3_stmt* statement, int width) {
    // Room for a page of rows at the first one, rather than growing (and moving every value) from 1.
    if (cells.empty()) cells.reserve(static_cast<std::size_t>(width) * 32);
    for (int i = 0; i < width; ++i) cells.push_back(read_column(statement, i));
  };
  const std::int64_t affected = run(sql, params, &read_row, &columns);
  return Result(std::move(columns), std::move(cells), affected);
}

void SqliteConnection::for_each_row(std::string_view sql, std::span<const Value> params,
                                    const std::function<void(const Cells&)>& each) {
  const std::function<void(sqlite3_stmt*, int)> read_row = [&](sqlite3_stmt* statement, int width) {
    each(StatementCells(statement, width));
  };
  run(sql, params, &read_row, nullptr);
}

std::int64_t SqliteConnection::execute(std::string_view sql, std::span<const Value> params) {
  return run(sql, params, nullptr, nullptr);
}

void SqliteConnection::execute_script(std::string_view sql) {
  if (sql.find('\0') != std::string_view::npos) {
    throw QueryError("SQL contains a NUL character", std::string{sql}, "42601");
  }
  take_write_turn(sql);  // a script may write anywhere in it
  SettleOnExit settle(*this);
  try {
    db_.exec(std::string{sql});
  } catch (const SQLite::Exception& error) {
    throw_sqlite_error(error.getExtendedErrorCode(), error.what(), sql);
  }
}

void SqliteConnection::begin() {
  // BEGIN IMMEDIATE counts as read-only for sqlite3_stmt_readonly(), yet takes the write lock.
  take_write_turn("BEGIN IMMEDIATE");
  SettleOnExit settle(*this);
  execute("BEGIN IMMEDIATE", {});
}

bool SqliteConnection::transaction_lost() const noexcept { return sqlite3_get_autocommit(db_.getHandle()) != 0; }

bool SqliteConnection::reset() noexcept {
  // A transaction opened by hand (execute("BEGIN")) must not leak into the next lease.
  if (sqlite3_get_autocommit(db_.getHandle()) != 0) return true;
  try {
    db_.exec("ROLLBACK");
    settle_write_turn();
    return true;
  } catch (const SQLite::Exception&) {
    return false;
  }
}

std::unique_ptr<Backend> open_sqlite(const Url& url, const Options& options) {
  return std::make_unique<SqliteConnection>(url, options);
}

}  // namespace cpprustango::db::detail
