// Child processes: cmake, ninja, ctest and the user's app. run() streams
// output straight to the terminal and relays SIGINT/SIGTERM/SIGHUP sent to
// the CLI; Child runs one in the background with its output captured. Either
// way the child is killed if the CLI dies, so nothing is left behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cpprustango::cli {

struct Command {
  std::filesystem::path program;
  std::vector<std::string> args;
  std::filesystem::path cwd;                                  ///< empty: the CLI's own
  std::vector<std::pair<std::string, std::string>> env;       ///< added to the CLI's environment
  /** Under --quiet, hold the output back and show it only if the command fails. */
  bool quiet_unless_failed = false;
};

/** The child's exit status: its exit code, or 128 + signal when a signal ended it (as shells report it). */
int run(const Command& command);

/**
 * A child that runs while the CLI gets on with other work (the dev server's
 * builds and app). Unlike run(), its stdout and stderr go to one pipe the
 * caller reads, it gets its own process group (terminal signals reach only
 * the CLI, which stops its children in order), and it still dies with the
 * CLI (PR_SET_PDEATHSIG), even a SIGKILLed one. Destroying a Child that is
 * still running kills its group and reaps it.
 *
 *   auto child = Child::start(command);
 *   ... read child.output_fd() until EOF, wait for child.exit_fd() ...
 *   int status = *child.poll();
 */
class Child {
 public:
  /** Starts `command`; throws CliError when it cannot. stdin is /dev/null. */
  static Child start(const Command& command);

  Child() = default;
  ~Child();
  Child(Child&& other) noexcept;
  Child& operator=(Child&& other) noexcept;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  /** True until the exit has been collected by poll(), wait_for() or stop(). */
  bool running() const { return pid_ > 0 && !status_; }
  /** The read end of the pipe carrying stdout and stderr (non-blocking); EOF once every writer is gone. */
  int output_fd() const { return output_fd_; }
  /** A pidfd, readable once the child has exited; -1 when the kernel has none (then poll). */
  int exit_fd() const { return exit_fd_; }

  /** Sends `signal_number` to the child's process group. */
  void signal(int signal_number) const;
  /** The exit status (as run() reports it) once the child has exited, without blocking. */
  std::optional<int> poll();
  /** Waits up to `timeout` for the exit. */
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  /** SIGTERM, then SIGKILL if it is still running after `grace`; returns the exit status. */
  int stop(std::chrono::milliseconds grace);

 private:
  void close_fds();

  pid_t pid_ = -1;
  int output_fd_ = -1;
  int exit_fd_ = -1;
  std::optional<int> status_;
};

/** The program's full path from PATH, or nullopt. */
std::optional<std::filesystem::path> which(const std::string& program);
/** Like which(), but throws CliError naming the Debian package to install. */
std::filesystem::path require_program(const std::string& program, const std::string& debian_package);

/** Renders a command line for logs: `cmake --build build/debug`. */
std::string to_string(const Command& command);

}  // namespace cpprustango::cli
