// Watches a project tree with inotify: every folder, including ones created
// later, except those ignored_directory() names. Relevant changes are
// debounced (changes.hpp) and handed over as one Batch.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_map>

#include "devserver/changes.hpp"

namespace cpprustango::cli::devserver {

class Watcher {
 public:
  using BatchHandler = std::function<void(Batch)>;
  /** Called as soon as a change is seen, before the debounce ends, with the largest kind pending so far. */
  using PendingHandler = std::function<void(Kind)>;

  /** Starts watching `root`; throws CliError when inotify is unavailable. */
  Watcher(boost::asio::io_context& io, std::filesystem::path root, BatchHandler on_batch,
          PendingHandler on_pending = {});
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  /** Number of folders watched (for the start-up line). */
  std::size_t folders() const { return folders_.size(); }
  void stop();

 private:
  void watch_tree(const std::filesystem::path& relative, bool report_files);
  void wait_events();
  void read_events();
  void note(const std::string& relative);
  void arm_timer();

  std::filesystem::path root_;
  BatchHandler on_batch_;
  PendingHandler on_pending_;
  int fd_ = -1;
  boost::asio::posix::stream_descriptor stream_;
  boost::asio::steady_timer timer_;
  Debouncer debouncer_;
  std::unordered_map<int, std::string> folders_;  ///< watch descriptor -> folder relative to the root ("" for it)
  bool warned_limit_ = false;
};

}  // namespace cpprustango::cli::devserver
