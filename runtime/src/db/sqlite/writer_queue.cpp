// The per-file writer queues: a registry of weak references by normalized
// path, and a FIFO lock with a condition variable per waiter (std::mutex
// alone promises no order, and the point is that the oldest writer goes
// first; one variable per waiter wakes only the writer whose turn it is).
#include "db/sqlite/writer_queue.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace cpprustango::db::detail {

std::shared_ptr<WriterQueue> WriterQueue::for_file(const std::string& path) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<WriterQueue>> registry;
  std::error_code error;
  std::filesystem::path key = std::filesystem::weakly_canonical(path, error);
  if (error) key = std::filesystem::absolute(path, error).lexically_normal();
  std::lock_guard lock{registry_mutex};
  // Drop the entries of files no connection holds any more, so the map stays small.
  std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = registry[key.string()];
  auto queue = slot.lock();
  if (!queue) {
    queue = std::make_shared<WriterQueue>();
    slot = queue;
  }
  return queue;
}

bool WriterQueue::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock{mutex_};
  if (!held_ && waiting_.empty()) {
    held_ = true;
    return true;
  }
  Waiter me;
  waiting_.push_back(&me);
  if (me.turn.wait_for(lock, timeout, [&] { return me.granted; })) return true;
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &me));
  return false;
}

void WriterQueue::release() {
  std::lock_guard lock{mutex_};
  if (waiting_.empty()) {
    held_ = false;
    return;
  }
  // The lock passes to the oldest writer without ever being free, so no newcomer can cut in.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->granted = true;
  next->turn.notify_one();
}

}  // namespace cpprustango::db::detail
