// What a changed file means to the dev server, and how a burst of changes
// becomes one action. Pure logic, no I/O: the watcher feeds it paths and
// times, the tests feed it made-up ones.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::cli::devserver {

/** Ordered by how much work a change needs: a batch does what its largest kind needs. */
enum class Kind {
  Asset,     ///< templates/, static/: read by the app on every request; only the browser reloads
  Settings,  ///< config/*.toml: read at start-up; the app restarts, nothing is rebuilt
  Source,    ///< C++ sources and headers: incremental build, then restart
  Schema,    ///< apps/*/models.schema: like Source for now (see classify())
  Config,    ///< CMakeLists.txt, *.cmake, cpprustango.toml: re-configure, build, restart
};

std::string_view to_string(Kind kind);

/**
 * The kind of change at `relative` (a path under the project root, with '/'),
 * or nullopt when the dev server ignores it: build output, version control,
 * runtime data, hidden files and editors' temporary and swap files.
 *
 *   classify("src/views.cpp")           == Kind::Source
 *   classify("src/.views.cpp.swp")      == std::nullopt
 */
std::optional<Kind> classify(std::string_view relative);

/** True for a directory (relative to the root) the watcher must not descend into. */
bool ignored_directory(std::string_view relative);

struct Change {
  std::string path;  ///< relative to the project root
  Kind kind;
};

/** Changes gathered into one action. */
struct Batch {
  std::vector<Change> changes;  ///< each path once, in the order first seen
  std::chrono::steady_clock::time_point first_seen;

  Kind kind() const;
  /** "src/views.cpp", or "src/views.cpp and 2 more files". */
  std::string describe() const;
};

/**
 * Gathers changes until none has arrived for `quiet` (so an editor's
 * write-rename-chmod, or a `git checkout` of many files, is one batch), but
 * never holds a batch longer than `max_wait` after its first change, so a
 * steady trickle cannot starve the build.
 */
class Debouncer {
 public:
  using Clock = std::chrono::steady_clock;

  // 20 ms: an editor's save (write, rename, chmod) or a `sed -i` is done
  // within a millisecond or two; every millisecond here is one more of the
  // edit loop. A longer burst (a checkout) that outlasts it cancels the
  // build it started, and the next build starts from what had finished.
  explicit Debouncer(std::chrono::milliseconds quiet = std::chrono::milliseconds(20),
                     std::chrono::milliseconds max_wait = std::chrono::milliseconds(500))
      : quiet_(quiet), max_wait_(max_wait) {}

  void add(Change change, Clock::time_point now);
  /** When the pending batch is due, or nullopt when nothing is pending. */
  std::optional<Clock::time_point> deadline() const;
  /** The batch, if it is due at `now`; the debouncer is then empty again. */
  std::optional<Batch> take_due(Clock::time_point now);

 private:
  std::chrono::milliseconds quiet_;
  std::chrono::milliseconds max_wait_;
  std::optional<Batch> pending_;
  Clock::time_point last_seen_{};
};

}  // namespace cpprustango::cli::devserver
