// The connection pool behind Database, and the lease a Connection (and its
// Transactions) share while they use one pooled connection.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "db/backend.hpp"

namespace cpprustango::db::detail {

class Pool {
 public:
  Pool(Url url, Options options);

  /** An idle connection that is still alive, a new one while under the limit, or wait (ConnectionError on timeout). */
  std::unique_ptr<Backend> take();
  /** A connection ready for reuse goes back to the idle list. */
  void give_back(std::unique_ptr<Backend> backend) noexcept;
  /** A leased connection was closed instead of given back; its slot is free again. */
  void forget() noexcept;

  const Url& url() const noexcept { return url_; }
  const std::string& redacted_url() const noexcept { return redacted_; }
  PoolStatus status() const;
  /**
   * Counts one statement of the caller's (PoolStatus::statements) and moves the
   * watches whose tables it may write; true when it moved one.
   */
  bool note_statement(std::string_view sql);
  /** Moves every watch: a transaction that wrote a watched table ended, so what it wrote is now seen (or undone). */
  void note_writes_settled();
  /** See Database::watch_writes. */
  std::shared_ptr<const std::atomic<std::uint64_t>> watch(std::vector<std::string> tables);

 private:
  std::unique_ptr<Backend> connect() const;

  Url url_;
  Options options_;
  std::string redacted_;
  std::size_t max_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Backend>> idle_;
  std::size_t open_ = 0;
  std::atomic<std::uint64_t> statements_{0};

  struct Watch {
    std::vector<std::string> tables;
    std::shared_ptr<std::atomic<std::uint64_t>> changes;
  };
  std::atomic<bool> watched_{false};  // read on every statement: most pools have no watch
  std::mutex watch_mutex_;
  std::vector<Watch> watches_;
};

/** One leased connection plus its transaction state; goes back to the pool when the last holder lets go. */
struct Lease {
  Lease(std::shared_ptr<Pool> pool_in, std::unique_ptr<Backend> backend_in) noexcept
      : pool(std::move(pool_in)), backend(std::move(backend_in)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  /** Records a failed statement: PostgreSQL has aborted the open transaction, SQLite may have ended it. */
  void note_failure() noexcept;

  std::shared_ptr<Pool> pool;
  std::unique_ptr<Backend> backend;
  /** Open transaction levels: 0 none, 1 BEGIN, 2+ savepoints. */
  int depth = 0;
  /** A statement failed inside the open transaction; only a rollback may follow. */
  bool aborted = false;
  /** The server already ended the transaction; rollbacks have nothing left to undo. */
  bool lost = false;
  /** Close instead of reusing (a rollback failed, the state is unknown). */
  bool discard = false;
  /** The open transaction wrote a table a watch names: its end moves the watches again. */
  bool wrote_watched = false;
};

}  // namespace cpprustango::db::detail
