// Runs a command the way a user's shell would and collects what they would
// see: exit code, stdout and stderr. Also starts long-running servers.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "test_support/held_port.hpp"
#include "test_support/temp_dir.hpp"

namespace e2e {

struct Result {
  int exit_code = -1;  ///< 128 + signal when a signal ended the process
  std::string out;
  std::string err;
};

struct Options {
  std::filesystem::path cwd;
  std::vector<std::pair<std::string, std::string>> env;  ///< added to this process's environment
};

/** Runs `argv` to completion. */
Result run(const std::vector<std::string>& argv, const Options& options = {});

/** A process left running (a server); killed with SIGKILL by the destructor if still alive. */
class Background {
 public:
  Background(const std::vector<std::string>& argv, const Options& options = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int signal_number) const;
  /** Waits up to `timeout` for the exit; returns the exit code, or -1 on timeout. */
  int wait(std::chrono::milliseconds timeout);
  /** False once the process has exited (it is then reaped). */
  bool running();
  /** Everything it printed so far (stdout and stderr interleaved). */
  std::string output() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::filesystem::path log_;
};

/** The path of the installed cpprustango under test. */
std::string cpprustango();

/** PIDs of live processes whose command line contains `needle`. */
std::vector<pid_t> processes_matching(const std::string& needle);

using test_support::free_port;
using test_support::TempDir;

/** All regular files under `dir`, relative, sorted: to check that nothing changed. */
std::vector<std::string> snapshot(const std::filesystem::path& dir);

std::string read_file(const std::filesystem::path& path);

/** Makes `repo` a git repository (when it is not one) and commits all its files: a template for `new --from`. */
bool commit_all(const std::filesystem::path& repo);

}  // namespace e2e
