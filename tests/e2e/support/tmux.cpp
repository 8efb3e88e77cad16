#include "support/tmux.hpp"

#include <unistd.h>

#include <atomic>
#include <thread>

#include "support/subprocess.hpp"

namespace e2e {
namespace {

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::atomic<int> g_sessions{0};

}  // namespace

bool have_tmux() { return run({"sh", "-c", "command -v tmux"}).exit_code == 0; }

std::vector<std::string> Tmux::tmux(std::vector<std::string> args) const {
  args.insert(args.begin(), {"tmux", "-L", socket_});
  return args;
}

Tmux::Tmux(const std::string& command, const std::filesystem::path& cwd,
           const std::vector<std::pair<std::string, std::string>>& env)
    : socket_("cpprustango-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(g_sessions++)) {
  // The pane's shell survives Ctrl-C (a trap, which its children do not
  // inherit) so it can print the exit code of the command it ran.
  std::string line = "trap true INT; env";
  for (const auto& [name, value] : env) line += " " + shell_quoted(name + "=" + value);
  line += " " + command + "; echo EXIT=$?; sleep 600";
  const auto started =
      run(tmux({"-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "50", "-c", cwd.string(), line}));
  if (started.exit_code != 0) throw std::runtime_error("tmux did not start: " + started.err);
  run(tmux({"set-option", "-g", "history-limit", "5000"}));
  std::string path = run(tmux({"display-message", "-p", "#{socket_path}"})).out;
  if (!path.empty() && path.back() == '\n') path.pop_back();
  socket_path_ = path;
}

Tmux::~Tmux() {
  run(tmux({"kill-server"}));
  std::error_code ec;
  if (!socket_path_.empty()) std::filesystem::remove(socket_path_, ec);
}

void Tmux::type(const std::string& text) const { run(tmux({"send-keys", "-l", text})); }

void Tmux::press(const std::vector<std::string>& keys) const {
  for (const auto& key : keys) {
    run(tmux({"send-keys", key}));
    // A key at a time, as typed: a menu redraws between two arrows.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
}

std::string Tmux::screen(bool attributes) const {
  auto args = tmux({"capture-pane", "-p", "-J", "-S", "-5000"});
  if (attributes) args.push_back("-e");
  return run(args).out;
}

bool Tmux::wait_for(const std::string& text, std::chrono::seconds timeout, int skip) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string shown = screen();
    std::size_t at = 0;
    int found = 0;
    while ((at = shown.find(text, at)) != std::string::npos) {
      ++found;
      at += text.size();
    }
    if (found > skip) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int Tmux::exit_code(std::chrono::seconds timeout) const {
  if (!wait_for("EXIT=", timeout)) return -1;
  const std::string shown = screen();
  const auto at = shown.rfind("EXIT=");
  return std::stoi(shown.substr(at + 5));
}

}  // namespace e2e
