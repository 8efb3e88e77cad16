// The blocking-view pool and the table of routes seen to be slow.
#include "http/handler_pool.hpp"

#include <sys/resource.h>

namespace cpprustango::http::detail {

namespace {
constexpr int kWatchRuns = 16;
constexpr int kBlockingHits = 4;
}

std::uint64_t SlowRoutes::key(std::string_view method, std::string_view target) {
  // FNV-1a over the method and the path (the query string does not pick the view).
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&hash](std::string_view text) {
    for (char c : text) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  mix(method);
  mix(target.substr(0, target.find('?')));
  return hash;
}

std::int64_t SlowRoutes::now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count() +
         1;  // never 0, which means "never slow"
}

bool SlowRoutes::slow(std::uint64_t key) const {
  const std::int64_t marked = marked_[key % kSlots].load(std::memory_order_relaxed);
  return marked != 0 && now_seconds() - marked < remember_seconds_;
}

bool SlowRoutes::watched(std::uint64_t key) const { return watch_[key % kSlots].load(std::memory_order_relaxed) > 0; }

long SlowRoutes::sleeps() {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nvcsw;
}

void SlowRoutes::record(std::uint64_t key, std::chrono::steady_clock::duration took, Run run, bool slept) {
  const std::size_t slot = key % kSlots;
  const bool blocked = took >= threshold_ && slept;
  if (run == Run::Inline) {
    if (took >= threshold_) {
      // Slow once: maybe a query, maybe only a busy machine. Watch the next runs.
      hits_[slot].store(0, std::memory_order_relaxed);
      watch_[slot].store(kWatchRuns, std::memory_order_relaxed);
    }
    return;
  }
  if (blocked && hits_[slot].fetch_add(1, std::memory_order_relaxed) + 1 >= kBlockingHits) {
    marked_[slot].store(now_seconds(), std::memory_order_relaxed);
    watch_[slot].store(0, std::memory_order_relaxed);
    return;
  }
  if (watch_[slot].load(std::memory_order_relaxed) > 0) watch_[slot].fetch_sub(1, std::memory_order_relaxed);
}

HandlerPool::~HandlerPool() {
  {
    std::lock_guard lock{mutex_};
    closing_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void HandlerPool::submit(std::function<void()> job) {
  bool wake = false;
  {
    std::lock_guard lock{mutex_};
    jobs_.push_back(std::move(job));
    if (idle_ == 0 && threads_.size() < size_) {
      threads_.emplace_back([this] { work(); });
    } else {
      wake = true;
    }
  }
  if (wake) wake_.notify_one();
}

void HandlerPool::work() {
  std::unique_lock lock{mutex_};
  while (true) {
    ++idle_;
    wake_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) return;  // closing, nothing left
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

}  // namespace cpprustango::http::detail
