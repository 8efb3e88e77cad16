// Child processes: cmake, ninja, ctest and the user's app. Output streams
// straight to the terminal; SIGINT/SIGTERM/SIGHUP sent to the CLI reach the
// child, and the child is killed if the CLI dies, so nothing is left behind.
#pragma once

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

/** The program's full path from PATH, or nullopt. */
std::optional<std::filesystem::path> which(const std::string& program);
/** Like which(), but throws CliError naming the Debian package to install. */
std::filesystem::path require_program(const std::string& program, const std::string& debian_package);

/** Renders a command line for logs: `cmake --build build/debug`. */
std::string to_string(const Command& command);

}  // namespace cpprustango::cli
