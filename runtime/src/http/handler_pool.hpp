// Where a view runs. Views are synchronous and the ORM blocks, so a view that
// waits must not hold up the other connections of its event loop; but handing
// every request to another thread costs two wake-ups per request. The loops
// run a view inline until it is seen to block (slower than
// server.blocking_threshold_ms while its thread slept: a query, a lock, a
// sleep; a thread merely preempted by a busy machine does not count), then
// send that route's requests to a pool of threads sized for blocking work
// (server.workers) for the next 30 s. Then the route runs on its loop again
// and must show anew that it blocks: a run on the pool cannot tell (its time
// includes the pool's queue and its threads' wait for a database connection),
// so a fast view moved there by a busy moment would otherwise never come back.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace cpprustango::http::detail {

/**
 * Remembers which routes were slow lately, keyed by a hash of method and
 * path into a fixed table (a collision only sends a fast route to the pool).
 * Lock-free: loops and workers read and write it concurrently.
 */
class SlowRoutes {
 public:
  explicit SlowRoutes(std::chrono::microseconds threshold, std::chrono::seconds remember = std::chrono::seconds(30))
      : threshold_(threshold), remember_seconds_(remember.count()) {}

  static std::uint64_t key(std::string_view method, std::string_view target);
  /** True for 30 s (`remember`) after the route was seen to block on its loop. */
  bool slow(std::uint64_t key) const;
  /** True when the route was slow once and its next runs are watched for sleeping. */
  bool watched(std::uint64_t key) const;
  /** How a run on the loop was made: not watched, or watched after a slow one. */
  enum class Run { Inline, Watched };
  /**
   * Records one run on a loop; `slept` (known for watched runs) says whether
   * its thread blocked. A route is marked blocking when 4 of the 16 runs
   * watched after a slow one were slow and slept: a lock contended once, or a
   * thread preempted on a busy machine, does not move a fast route off its loop.
   */
  void record(std::uint64_t key, std::chrono::steady_clock::duration took, Run run, bool slept);

  /** How many times this thread has slept so far (getrusage; called for watched routes only). */
  static long sleeps();

 private:
  static constexpr std::size_t kSlots = 1024;
  static std::int64_t now_seconds();

  std::chrono::microseconds threshold_;
  std::int64_t remember_seconds_;
  std::array<std::atomic<std::int64_t>, kSlots> marked_{};  // second (steady clock) of the last slow run, 0: never
  std::array<std::atomic<int>, kSlots> watch_{};            // runs left to watch after one slow run
  std::array<std::atomic<int>, kSlots> hits_{};             // watched runs that were slow and slept
};

/** Threads for blocking views, started on first use (an app that never blocks never pays for them). */
class HandlerPool {
 public:
  explicit HandlerPool(unsigned size) : size_(size) {}
  ~HandlerPool();  // finishes queued jobs, then joins
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  bool enabled() const { return size_ > 0; }
  void submit(std::function<void()> job);

 private:
  void work();

  unsigned size_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  unsigned idle_ = 0;
  bool closing_ = false;
};

}  // namespace cpprustango::http::detail
