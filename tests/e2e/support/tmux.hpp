// A terminal for the e2e tests: a private tmux server (its own socket) runs
// one command in a pane; the test types into it with send-keys and reads the
// screen with capture-pane, as a person at a terminal would.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace e2e {

class Tmux {
 public:
  /**
   * Starts `command` (a program and its arguments, as a shell line) in `cwd` with `env` set; when it
   * ends, the pane prints "EXIT=<code>" and stays, so the screen can be read.
   */
  Tmux(const std::string& command, const std::filesystem::path& cwd,
       const std::vector<std::pair<std::string, std::string>>& env = {});
  /** Kills the tmux server and what runs in it. */
  ~Tmux();
  Tmux(const Tmux&) = delete;
  Tmux& operator=(const Tmux&) = delete;

  /** Types `text` literally. */
  void type(const std::string& text) const;
  /** Presses keys by tmux name: "Enter", "Down", "Up", "C-c", "C-d". */
  void press(const std::vector<std::string>& keys) const;
  /** The whole screen and its scrollback; with `attributes`, colours as ANSI sequences. */
  std::string screen(bool attributes = false) const;
  /** Waits until the screen shows `text` (after `skip` occurrences); false on timeout. */
  bool wait_for(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(20), int skip = 0) const;
  /** Waits for the command to end; its exit code, or -1 on timeout. */
  int exit_code(std::chrono::seconds timeout = std::chrono::seconds(60)) const;

 private:
  std::vector<std::string> tmux(std::vector<std::string> args) const;
  std::string socket_;
  std::filesystem::path socket_path_;  ///< removed with the server, which leaves it behind when killed
};

/** True when tmux is installed (the tests that need it skip with a message otherwise). */
bool have_tmux();

}  // namespace e2e
