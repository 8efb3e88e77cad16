// Database, Connection and Transaction: the public face of the pool. The
// transaction logic lives here, once for both backends: the outermost level
// is the backend's BEGIN, nested levels are SAVEPOINTs named by depth.
#include "cpprustango/db/database.hpp"

#include "db/pool.hpp"

namespace cpprustango::db {

namespace {

/** Counts the caller's statement (not transaction control) and notes a write to a watched table inside a transaction. */
void note(detail::Lease& lease, std::string_view sql) {
  if (lease.pool->note_statement(sql) && lease.depth > 0) lease.wrote_watched = true;
}

std::string savepoint_name(int depth) { return "cpprustango_sp_" + std::to_string(depth); }

/** Runs a statement, recording a failure in the lease's transaction state before rethrowing. */
template <class Run>
auto guarded(detail::Lease& lease, Run&& run) {
  try {
    return run(*lease.backend);
  } catch (const DatabaseError&) {
    lease.note_failure();
    throw;
  }
}

}  // namespace

// --- Database ---------------------------------------------------------------

Database::Database(std::shared_ptr<detail::Pool> pool) noexcept : pool_(std::move(pool)) {}

Database Database::open(std::string_view url, const Options& options) {
  // Relative paths resolve below, against an absolute base.
  return open(parse_url(url), options);
}

Database Database::open(const Url& url, const Options& options) {
  Url resolved = url;
  if (resolved.dialect == Dialect::Sqlite && !resolved.is_memory() &&
      std::filesystem::path(resolved.path).is_relative()) {
    auto base =
        options.base_dir.empty() ? std::filesystem::current_path() : std::filesystem::absolute(options.base_dir);
    resolved.path = (base / resolved.path).lexically_normal().string();
  }
  Database db(std::make_shared<detail::Pool>(std::move(resolved), options));
  // Connect now, so a bad URL or an unreachable server fails at start-up, and
  // keep the connection: for sqlite::memory: it *is* the database.
  { Connection first = db.acquire(); }
  return db;
}

Dialect Database::dialect() const noexcept { return pool_->url().dialect; }

const Url& Database::url() const noexcept { return pool_->url(); }

Connection Database::acquire() { return Connection(std::make_shared<detail::Lease>(pool_, pool_->take())); }

Result Database::query(std::string_view sql, std::span<const Value> params) { return acquire().query(sql, params); }

Result Database::query(std::string_view sql, std::initializer_list<Value> params) {
  return acquire().query(sql, std::span<const Value>(params.begin(), params.size()));
}

void Database::for_each_row(std::string_view sql, std::span<const Value> params,
                            const std::function<void(const Cells&)>& each) {
  acquire().for_each_row(sql, params, each);
}

std::int64_t Database::execute(std::string_view sql, std::span<const Value> params) {
  return acquire().execute(sql, params);
}

std::int64_t Database::execute(std::string_view sql, std::initializer_list<Value> params) {
  return acquire().execute(sql, std::span<const Value>(params.begin(), params.size()));
}

PoolStatus Database::pool_status() const { return pool_->status(); }

std::shared_ptr<const std::atomic<std::uint64_t>> Database::watch_writes(std::vector<std::string> tables) {
  return pool_->watch(std::move(tables));
}

// --- Connection -------------------------------------------------------------

Connection::Connection(std::shared_ptr<detail::Lease> lease) noexcept : lease_(std::move(lease)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Dialect Connection::dialect() const noexcept { return lease_->backend->dialect(); }

Result Connection::query(std::string_view sql, std::span<const Value> params) {
  note(*lease_, sql);
  return guarded(*lease_, [&](detail::Backend& backend) { return backend.query(sql, params); });
}

void Connection::for_each_row(std::string_view sql, std::span<const Value> params,
                              const std::function<void(const Cells&)>& each) {
  note(*lease_, sql);
  guarded(*lease_, [&](detail::Backend& backend) { backend.for_each_row(sql, params, each); });
}

Result Connection::query(std::string_view sql, std::initializer_list<Value> params) {
  return query(sql, std::span<const Value>(params.begin(), params.size()));
}

std::int64_t Connection::execute(std::string_view sql, std::span<const Value> params) {
  note(*lease_, sql);
  return guarded(*lease_, [&](detail::Backend& backend) { return backend.execute(sql, params); });
}

std::int64_t Connection::execute(std::string_view sql, std::initializer_list<Value> params) {
  return execute(sql, std::span<const Value>(params.begin(), params.size()));
}

void Connection::execute_script(std::string_view sql) {
  note(*lease_, sql);
  guarded(*lease_, [&](detail::Backend& backend) { backend.execute_script(sql); });
}

Transaction Connection::begin() {
  auto& lease = *lease_;
  if (lease.aborted) throw TransactionError::aborted("begin a nested transaction");
  int depth = lease.depth + 1;
  guarded(lease, [&](detail::Backend& backend) {
    if (depth == 1) {
      backend.begin();
    } else {
      backend.execute("SAVEPOINT " + savepoint_name(depth), {});
    }
  });
  lease.depth = depth;
  return Transaction(lease_, depth);
}

bool Connection::in_transaction() const noexcept { return lease_->depth > 0; }

void Connection::advisory_lock(std::int64_t key) {
  guarded(*lease_, [&](detail::Backend& backend) { backend.advisory_lock(key); });
}

bool Connection::try_advisory_lock(std::int64_t key) {
  return guarded(*lease_, [&](detail::Backend& backend) { return backend.try_advisory_lock(key); });
}

void Connection::advisory_unlock(std::int64_t key) {
  guarded(*lease_, [&](detail::Backend& backend) { backend.advisory_unlock(key); });
}

// --- Transaction ------------------------------------------------------------

Transaction::Transaction(std::shared_ptr<detail::Lease> lease, int depth) noexcept
    : lease_(std::move(lease)), depth_(depth), active_(true) {}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)), depth_(other.depth_), active_(std::exchange(other.active_, false)) {}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    finish(false);
  } catch (...) {
    // A destructor must not throw; finish() already marked the connection for
    // closing if the rollback could not be done.
  }
}

void Transaction::commit() { finish(true); }

void Transaction::rollback() { finish(false); }

void Transaction::finish(bool commit) {
  if (!active_) throw TransactionError::finished();
  auto& lease = *lease_;
  if (lease.depth < depth_) {
    // An enclosing transaction was rolled back first, taking this one with it.
    active_ = false;
    throw TransactionError::finished();
  }
  // Rolling back an outer level while inner ones are open is fine (the
  // savepoint rollback discards them); committing it is not.
  if (commit && lease.depth > depth_) throw TransactionError::inner_open();
  if (commit && lease.aborted) throw TransactionError::aborted();

  active_ = false;
  lease.depth = depth_ - 1;
  auto& backend = *lease.backend;
  auto settle = [&] {
    if (lease.depth != 0) return;
    lease.aborted = lease.lost = false;
    // Committed or rolled back, the watched tables now hold something a cache may have read in between.
    if (std::exchange(lease.wrote_watched, false)) lease.pool->note_writes_settled();
  };
  if (lease.lost) {  // the server already rolled everything back
    settle();
    return;
  }
  std::string savepoint = savepoint_name(depth_);
  try {
    if (depth_ == 1) {
      backend.execute(commit ? "COMMIT" : "ROLLBACK", {});
    } else if (commit) {
      backend.execute("RELEASE SAVEPOINT " + savepoint, {});
    } else {
      backend.execute("ROLLBACK TO SAVEPOINT " + savepoint, {});
      backend.execute("RELEASE SAVEPOINT " + savepoint, {});
      lease.aborted = false;  // back to the state before the savepoint
    }
    settle();
  } catch (const DatabaseError&) {
    if (depth_ == 1 && commit) {
      // PostgreSQL ends the transaction on a failed COMMIT; SQLite may keep it
      // open (busy). Either way nothing of it must survive.
      try {
        backend.execute("ROLLBACK", {});
      } catch (const DatabaseError&) {
        // Nothing left to roll back.
      }
      lease.aborted = lease.lost = false;
      if (std::exchange(lease.wrote_watched, false)) lease.pool->note_writes_settled();
    } else if (commit) {
      lease.aborted = true;  // a failed RELEASE leaves the outer transaction in doubt
    } else {
      lease.discard = true;  // a failed rollback: never reuse this session
      lease.note_failure();
    }
    throw;
  }
}

}  // namespace cpprustango::db
