// The per-file writer queues: a registry of weak references by normalized
// path, and a FIFO lock on a mutex and a condition variable (std::mutex alone
// promises no order, and the point is that the oldest writer goes first).
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
  const std::uint64_t ticket = next_ticket_++;
  waiting_.push_back(ticket);
  const bool granted = turn_.wait_for(lock, timeout, [&] { return !held_ && waiting_.front() == ticket; });
  if (granted) {
    waiting_.pop_front();
    held_ = true;
    return true;
  }
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), ticket));
  // Leaving may put a new writer at the front while the lock is free.
  lock.unlock();
  turn_.notify_all();
  return false;
}

void WriterQueue::release() {
  {
    std::lock_guard lock{mutex_};
    held_ = false;
  }
  turn_.notify_all();
}

}  // namespace cpprustango::db::detail
