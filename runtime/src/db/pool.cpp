// The connection pool: a bounded set of connections handed out one lease at
// a time. Idle connections are reused most-recently-used first (they are the
// warmest) and checked before reuse, so a connection the server dropped while
// idle is replaced instead of failing the request that gets it.
#include "db/pool.hpp"

#include <cctype>
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

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool same_letters(std::string_view a, std::string_view b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

/** Whether the statement starts with SELECT: it reads only (a WITH may hide a write, so it does not count as one). */
bool reads_only(std::string_view sql) {
  std::size_t start = 0;
  while (start < sql.size() && std::isspace(static_cast<unsigned char>(sql[start]))) ++start;
  constexpr std::string_view kSelect = "select";
  return sql.size() - start > kSelect.size() && same_letters(kSelect, sql.substr(start, kSelect.size())) &&
         !word_char(sql[start + kSelect.size()]);
}

/** Whether `sql` names `table` as a whole word ("auth_user" is not in "auth_user_groups"), quoted or not. */
bool names(std::string_view sql, std::string_view table) {
  if (table.empty() || sql.size() < table.size()) return false;
  for (std::size_t at = 0; at + table.size() <= sql.size(); ++at) {
    if (!same_letters(table, sql.substr(at, table.size()))) continue;
    const bool starts = at == 0 || !word_char(sql[at - 1]);
    const bool ends = at + table.size() == sql.size() || !word_char(sql[at + table.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

bool Pool::note_statement(std::string_view sql) {
  statements_.fetch_add(1, std::memory_order_relaxed);
  if (!watched_.load(std::memory_order_acquire) || reads_only(sql)) return false;
  bool moved = false;
  std::lock_guard lock(watch_mutex_);
  for (const auto& watch : watches_) {
    for (const auto& table : watch.tables) {
      if (!names(sql, table)) continue;
      watch.changes->fetch_add(1, std::memory_order_acq_rel);
      moved = true;
      break;
    }
  }
  return moved;
}

void Pool::note_writes_settled() {
  std::lock_guard lock(watch_mutex_);
  for (const auto& watch : watches_) watch.changes->fetch_add(1, std::memory_order_acq_rel);
}

std::shared_ptr<const std::atomic<std::uint64_t>> Pool::watch(std::vector<std::string> tables) {
  auto changes = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::lock_guard lock(watch_mutex_);
  watches_.push_back({.tables = std::move(tables), .changes = changes});
  watched_.store(true, std::memory_order_release);
  return changes;
}

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
