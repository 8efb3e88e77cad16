// inotify is per folder, so the tree is walked once at start and every folder
// that appears later is added as its creation event arrives; files written
// into it before its watch existed are reported by that same walk.
#include "devserver/watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "support/console.hpp"
#include "support/errors.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace cpprustango::cli::devserver {
namespace {

// Close-after-write rather than every modify: one event per save, after the
// file is complete. Moves cover editors that save by rename; attrib covers
// `touch` used to force a rebuild.
constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB |
                                IN_DELETE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

std::string join(const std::string& folder, std::string_view name) {
  return folder.empty() ? std::string(name) : folder + "/" + std::string(name);
}

}  // namespace

Watcher::Watcher(asio::io_context& io, fs::path root, BatchHandler on_batch, PendingHandler on_pending)
    : root_(std::move(root)),
      on_batch_(std::move(on_batch)),
      on_pending_(std::move(on_pending)),
      stream_(io),
      timer_(io) {
  fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) throw CliError(std::string("cannot watch files for changes: inotify: ") + std::strerror(errno));
  stream_.assign(fd_);
  watch_tree("", false);
  wait_events();
}

Watcher::~Watcher() { stop(); }

void Watcher::stop() {
  boost::system::error_code ignored;
  timer_.cancel();
  stream_.close(ignored);  // closes fd_, which drops every watch
  folders_.clear();
}

void Watcher::watch_tree(const fs::path& relative, bool report_files) {
  const fs::path folder = root_ / relative;
  const int wd = ::inotify_add_watch(fd_, folder.c_str(), kMask);
  if (wd < 0) {
    if (errno == ENOSPC && !warned_limit_) {
      warned_limit_ = true;
      console::warning("too many folders to watch (fs.inotify.max_user_watches); changes under " + folder.string() +
                       " and further folders are not seen");
    }
    return;
  }
  folders_[wd] = relative.generic_string();
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string child = join(relative.generic_string(), it->path().filename().string());
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      if (!ignored_directory(child)) watch_tree(child, report_files);
    } else if (report_files) {
      note(child);
    }
  }
}

void Watcher::wait_events() {
  stream_.async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
    if (ec) return;
    read_events();
    wait_events();
  });
}

void Watcher::read_events() {
  alignas(inotify_event) std::array<char, 64 * 1024> buffer;
  for (;;) {
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n <= 0) break;
    for (ssize_t offset = 0; offset < n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + offset);
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost: assume the worst, a source change somewhere.
        debouncer_.add({"(many files)", Kind::Source}, Debouncer::Clock::now());
        continue;
      }
      const auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      if (event->mask & (IN_IGNORED | IN_DELETE_SELF)) {
        if (event->mask & IN_IGNORED) folders_.erase(folder);
        continue;
      }
      if (event->len == 0) continue;
      const std::string relative = join(folder->second, event->name);
      if (event->mask & IN_ISDIR) {
        // A new folder (created, or moved in with its files) is watched and
        // its files reported; a folder moved or deleted away loses its watch
        // by itself (IN_IGNORED), and its files were sources if they matter.
        if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && !ignored_directory(relative)) watch_tree(relative, true);
        continue;
      }
      if (event->mask & IN_CREATE) continue;  // the close-after-write follows
      note(relative);
    }
  }
  arm_timer();
}

void Watcher::note(const std::string& relative) {
  if (auto kind = classify(relative)) {
    debouncer_.add({relative, *kind}, Debouncer::Clock::now());
    if (on_pending_) on_pending_(*kind);
  }
}

void Watcher::arm_timer() {
  const auto deadline = debouncer_.deadline();
  if (!deadline) return;
  timer_.expires_at(*deadline);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    if (auto batch = debouncer_.take_due(Debouncer::Clock::now())) {
      // Name files that are still there first: an editor's (or sed's)
      // temporary file, gone by now, makes a confusing headline.
      std::stable_partition(batch->changes.begin(), batch->changes.end(), [this](const Change& change) {
        std::error_code missing;
        return fs::exists(root_ / change.path, missing);
      });
      on_batch_(std::move(*batch));
    } else {
      arm_timer();
    }
  });
}

}  // namespace cpprustango::cli::devserver
