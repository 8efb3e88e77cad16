// Errors the CLI reports to the user. Commands throw them; only main() turns
// them into exit codes, so every failure reads the same: one line on stderr.
#pragma once

#include <stdexcept>
#include <string>

namespace cpprustango::cli {

/**
 * A failure the user can act on: exit code 1 and one line, "error: <what>".
 * Build the message from what failed, why, and what to do:
 *   throw CliError("port 8000 is already in use; pass another ADDR:PORT");
 */
class CliError : public std::runtime_error {
 public:
  explicit CliError(const std::string& message, int exit_code = 1)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/** Bad arguments that the parser could not catch: exit code 2. */
class UsageError : public CliError {
 public:
  explicit UsageError(const std::string& message) : CliError(message, 2) {}
};

/** A child process (cmake, the app, tests) that failed; it already printed why. */
class ChildFailed : public CliError {
 public:
  ChildFailed(const std::string& message, int child_status) : CliError(message), child_status_(child_status) {}
  int child_status() const { return child_status_; }

 private:
  int child_status_;
};

}  // namespace cpprustango::cli
