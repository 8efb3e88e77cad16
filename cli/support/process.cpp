// Runs children with Boost.Process and relays termination signals to them.
#include "support/process.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "support/console.hpp"
#include "support/errors.hpp"

namespace bp = boost::process;

namespace cpprustango::cli {
namespace {

std::atomic<pid_t> g_child_pid{0};

// Signals typed at the terminal already reach the child (same process group);
// only signals sent to the CLI itself (kill, a supervisor) need relaying.
void relay_signal(int signal_number, siginfo_t* info, void*) {
  const pid_t child = g_child_pid.load();
  if (child > 0 && info != nullptr && info->si_code <= 0) ::kill(child, signal_number);
}

class SignalRelay {
 public:
  SignalRelay() {
    struct sigaction action {};
    action.sa_sigaction = relay_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
  }
  ~SignalRelay() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
  }
  SignalRelay(const SignalRelay&) = delete;
  SignalRelay& operator=(const SignalRelay&) = delete;

 private:
  static constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> previous_{};
};

int decode_status(int native_status) {
  if (WIFEXITED(native_status)) return WEXITSTATUS(native_status);
  if (WIFSIGNALED(native_status)) return 128 + WTERMSIG(native_status);
  return 1;
}

}  // namespace

std::optional<std::filesystem::path> which(const std::string& program) {
  auto found = bp::search_path(program);
  if (found.empty()) return std::nullopt;
  return std::filesystem::path(found.string());
}

std::filesystem::path require_program(const std::string& program, const std::string& debian_package) {
  if (auto path = which(program)) return *path;
  throw CliError(program + " is not installed; install it with `apt-get install " + debian_package +
                 "` (or rerun ./install.sh)");
}

std::string to_string(const Command& command) {
  std::string line = command.program.filename().string();
  for (const auto& arg : command.args) line += " " + arg;
  return line;
}

int run(const Command& command) {
  console::detail("$ " + to_string(command));
  auto environment = boost::this_process::environment();
  for (const auto& [name, value] : command.env) environment[name] = value;

  const bool capture = command.quiet_unless_failed && console::verbosity() == console::Verbosity::Quiet;
  const auto log_path = std::filesystem::temp_directory_path() / ("cpprustango-" + std::to_string(::getpid()) + ".log");
  const pid_t parent = ::getpid();
  // The child asks the kernel to SIGTERM it when the CLI dies, even by SIGKILL.
  auto die_with_parent = bp::extend::on_exec_setup = [parent](auto&) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
  };
  const auto cwd = command.cwd.empty() ? std::filesystem::current_path() : command.cwd;

  SignalRelay relay;
  std::error_code ec;
  bp::child child;
  if (capture) {
    child = bp::child(bp::exe = command.program.string(), bp::args = command.args, bp::start_dir = cwd.string(),
                      environment, (bp::std_out & bp::std_err) > log_path.string(), die_with_parent, ec);
  } else {
    child = bp::child(bp::exe = command.program.string(), bp::args = command.args, bp::start_dir = cwd.string(),
                      environment, die_with_parent, ec);
  }
  if (ec) throw CliError("cannot start " + to_string(command) + ": " + ec.message());
  g_child_pid = child.id();
  child.wait(ec);
  g_child_pid = 0;
  const int status = decode_status(child.native_exit_code());

  if (capture) {
    if (status != 0) {
      std::ifstream log(log_path);
      std::cerr << log.rdbuf();
    }
    std::filesystem::remove(log_path, ec);
  }
  return status;
}

}  // namespace cpprustango::cli
