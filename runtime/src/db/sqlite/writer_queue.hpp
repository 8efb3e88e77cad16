// SQLite lets one connection write at a time. When several threads of one
// process write to the same file, SQLite's busy handler makes the losers
// sleep in growing steps (1, 2, 5 ... 100 ms) and retry, so a burst of
// writers turns into a long tail. Writers of one file in one process queue
// here instead, first come first served, and wake the moment the lock is
// free; busy_timeout still covers writers in other processes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

namespace cpprustango::db::detail {

/** The in-process write lock of one database file, handed out in arrival order. */
class WriterQueue {
 public:
  /**
   * The queue of the file at `path` (made absolute and normalized, so two
   * spellings of one file share it); it lives while a connection holds it.
   */
  static std::shared_ptr<WriterQueue> for_file(const std::string& path);

  /** Waits its turn, at most `timeout`; false when the time ran out (the caller reports the database as busy). */
  bool acquire(std::chrono::milliseconds timeout);
  void release();

 private:
  /** A writer in line; release() hands the lock to the first one directly, so only that one wakes. */
  struct Waiter {
    std::condition_variable turn;
    bool granted = false;
  };

  std::mutex mutex_;
  bool held_ = false;
  std::deque<Waiter*> waiting_;
};

}  // namespace cpprustango::db::detail
