// The connection pool: a bounded set of connections handed out one lease at
// a time. Idle connections are reused most-recently-used first (they are the
// warmest) and checked before reuse, so a connection the server dropped while
// idle is replaced instead of failing the request that gets it.
#include "db/pool.hpp"

#include <chrono>

namespace cpprustango::db::detail {

namespace {

// SQLite runs one writer at a time whatever the pool holds; a PostgreSQL
// connection is held for each query in flight, so the pool bounds how many
// views can wait on the server at once (the rest queue for acquire_timeout).
constexpr std::size_t kDefaultSqliteConnections = 4;
constexpr std::size_t kDefaultPostgresConnections = 16;

std::size_t pool_size(const Url& url, const Options& options) {
  // An in-memory SQLite database lives inside its one connection.
  if (url.is_memory()) return 1;
  if (options.max_connections != 0) return options.max_connections;
  return url.dialect == Dialect::Sqlite ? kDefaultSqliteConnections : kDefaultPostgresConnections;
}

}  // namespace

Pool::Pool(Url url, Options options)
    : url_(std::move(url)), options_(std::move(options)), redacted_(url_.redacted()), max_(pool_size(url_, options_)) {}

std::unique_ptr<Backend> Pool::connect() const {
  return url_.dialect == Dialect::Sqlite ? open_sqlite(url_, options_) : open_postgres(url_, options_);
}

std::unique_ptr<Backend> Pool::take() {
  auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto backend = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (backend->alive()) return backend;
      backend.reset();  // the server dropped it while idle: open a fresh one in its slot
      lock.lock();
      --open_;
      continue;
    }
    if (open_ < max_) {
      ++open_;
      lock.unlock();
      try {
        return connect();
      } catch (...) {
        lock.lock();
        --open_;
        available_.notify_one();
        throw;
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= max_) {
      throw ConnectionError::pool_timeout(redacted_, options_.acquire_timeout, max_);
    }
  }
}

void Pool::give_back(std::unique_ptr<Backend> backend) noexcept {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(backend));
  }
  available_.notify_one();
}

void Pool::forget() noexcept {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  available_.notify_one();
}

PoolStatus Pool::status() const {
  std::lock_guard lock(mutex_);
  return PoolStatus{max_, open_, idle_.size(), statements_.load(std::memory_order_relaxed)};
}

Lease::~Lease() {
  if (!backend) return;
  // A Transaction whose rollback failed leaves depth > 0: the session state is unknown.
  bool reusable = !discard && depth == 0 && backend->reset();
  if (reusable) {
    pool->give_back(std::move(backend));
  } else {
    backend.reset();
    pool->forget();
  }
}

void Lease::note_failure() noexcept {
  if (depth == 0) return;
  if (backend->error_aborts_transaction()) aborted = true;
  if (backend->transaction_lost()) {
    aborted = true;
    lost = true;
  }
}

}  // namespace cpprustango::db::detail
