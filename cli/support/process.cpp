// run() uses Boost.Process and relays termination signals to the child.
// Child forks and execs by hand: it needs its own process group, one pipe for
// stdout and stderr, every other descriptor closed and a pidfd, which Boost.
// Process v1 offers only with its own SIGCHLD handling.
#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>

#include "support/console.hpp"
#include "support/errors.hpp"

extern char** environ;

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

// The CLI's environment with `overrides` applied, as NAME=VALUE strings.
std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string_view::npos) variables[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  for (const auto& [name, value] : overrides) variables[name] = value;
  std::vector<std::string> result;
  result.reserve(variables.size());
  for (const auto& [name, value] : variables) result.push_back(name + "=" + value);
  return result;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Between fork and exec only async-signal-safe calls: no allocation, no locks.
[[noreturn]] void exec_child(pid_t parent, int output_fd, int null_fd, const char* cwd, const char* program,
                             char* const* argv, char* const* envp) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(1);  // the CLI died before prctl took effect
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) ::signal(signal_number, SIG_DFL);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  // Sockets the CLI holds (the dev server's listening port) must not leak
  // into the app: a leaked listener would keep the port after the CLI dies.
  if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
    for (int fd = 3; fd < 4096; ++fd) ::close(fd);
  }
  auto fail = [](const char* what, const char* name) {
    const char* reason = std::strerror(errno);  // glibc's table: safe enough here
    for (const char* part : {"cpprustango: cannot ", what, " ", name, ": ", reason, "\n"}) {
      (void)!::write(STDERR_FILENO, part, std::strlen(part));
    }
    ::_exit(127);
  };
  if (cwd[0] != '\0' && ::chdir(cwd) != 0) fail("enter", cwd);
  ::execvpe(program, argv, envp);
  fail("run", program);
  ::_exit(127);  // fail() does not return; this tells the compiler so
}

}  // namespace

Child Child::start(const Command& command) {
  console::detail("$ " + to_string(command));
  std::vector<std::string> arguments{command.program.string()};
  arguments.insert(arguments.end(), command.args.begin(), command.args.end());
  std::vector<std::string> environment = environment_with(command.env);
  const auto argv = pointers_to(arguments);
  const auto envp = pointers_to(environment);
  const std::string cwd = command.cwd.string();

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw CliError("cannot start " + to_string(command) + ": " + std::strerror(errno));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) exec_child(parent, pipe_fds[1], null_fd, cwd.c_str(), argv[0], argv.data(), envp.data());
  const int fork_errno = errno;
  ::close(pipe_fds[1]);
  if (null_fd >= 0) ::close(null_fd);
  if (pid < 0) {
    ::close(pipe_fds[0]);
    throw CliError("cannot start " + to_string(command) + ": " + std::strerror(fork_errno));
  }
  ::setpgid(pid, pid);  // also from this side, so signal() works even before the child gets to it
  ::fcntl(pipe_fds[0], F_SETFL, ::fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);

  Child child;
  child.pid_ = pid;
  child.output_fd_ = pipe_fds[0];
  child.exit_fd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  return child;
}

Child::~Child() {
  if (running()) {
    signal(SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  close_fds();
}

Child::Child(Child&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      output_fd_(std::exchange(other.output_fd_, -1)),
      exit_fd_(std::exchange(other.exit_fd_, -1)),
      status_(std::exchange(other.status_, std::nullopt)) {}

Child& Child::operator=(Child&& other) noexcept {
  if (this != &other) {
    if (running()) {
      signal(SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    close_fds();
    pid_ = std::exchange(other.pid_, -1);
    output_fd_ = std::exchange(other.output_fd_, -1);
    exit_fd_ = std::exchange(other.exit_fd_, -1);
    status_ = std::exchange(other.status_, std::nullopt);
  }
  return *this;
}

void Child::close_fds() {
  if (output_fd_ >= 0) ::close(output_fd_);
  if (exit_fd_ >= 0) ::close(exit_fd_);
  output_fd_ = exit_fd_ = -1;
}

void Child::signal(int signal_number) const {
  if (running()) ::kill(-pid_, signal_number);
}

std::optional<int> Child::poll() {
  if (pid_ <= 0 || status_) return status_;
  // Seen exited but not reaped yet: the group id cannot be reused until the
  // reap, so whatever the child left in its group can be swept safely now.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    status_ = 1;  // already reaped elsewhere: nothing left to wait for
    return status_;
  }
  if (info.si_pid != pid_) return std::nullopt;
  ::kill(-pid_, SIGKILL);
  int native_status = 0;
  ::waitpid(pid_, &native_status, 0);
  status_ = decode_status(native_status);
  return status_;
}

std::optional<int> Child::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto status = poll()) return status;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    if (exit_fd_ >= 0) {
      pollfd watch{exit_fd_, POLLIN, 0};
      ::poll(&watch, 1, static_cast<int>(left.count()));
    } else {
      ::usleep(5000);
    }
  }
}

int Child::stop(std::chrono::milliseconds grace) {
  if (!running()) return status_.value_or(0);
  signal(SIGTERM);
  if (auto status = wait_for(grace)) return *status;
  signal(SIGKILL);
  return wait_for(std::chrono::hours(1)).value_or(128 + SIGKILL);
}

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
