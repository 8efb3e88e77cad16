// fork/exec with stdout and stderr captured to files (no pipe deadlocks).
#include "support/subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace e2e {
namespace {

int decode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

fs::path unique_log(const std::string& tag) {
  static int counter = 0;
  return fs::temp_directory_path() /
         ("cpprustango-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "." + tag);
}

pid_t spawn(const std::vector<std::string>& argv, const Options& options, const fs::path& out, const fs::path& err) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  ::setpgid(0, 0);  // its own group, as a shell job: signals we send reach only it
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = err == out ? out_fd : ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
  for (const auto& [name, value] : options.env) ::setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

}  // namespace

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool commit_all(const fs::path& repo) {
  if (!fs::exists(repo / ".git") && run({"git", "init", "-q"}, {.cwd = repo}).exit_code != 0) return false;
  return run({"git", "add", "-A"}, {.cwd = repo}).exit_code == 0 &&
         run({"git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "template"}, {.cwd = repo}).exit_code == 0;
}

Result run(const std::vector<std::string>& argv, const Options& options) {
  const auto out = unique_log("out");
  const auto err = unique_log("err");
  const pid_t pid = spawn(argv, options, out, err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Result result{decode(status), read_file(out), read_file(err)};
  fs::remove(out);
  fs::remove(err);
  return result;
}

Background::Background(const std::vector<std::string>& argv, const Options& options) : log_(unique_log("log")) {
  pid_ = spawn(argv, options, log_, log_);
}

Background::~Background() {
  if (!reaped_) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ec;
  fs::remove(log_, ec);
}

void Background::signal(int signal_number) const { ::kill(pid_, signal_number); }

int Background::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  do {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return decode(status);
    }
    if (timeout.count() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  return -1;
}

bool Background::running() { return !reaped_ && wait(std::chrono::milliseconds(0)) == -1; }

std::string Background::output() const { return read_file(log_); }

std::string cpprustango() {
  const char* prefix = std::getenv("CPPRUSTANGO_E2E_PREFIX");
  if (prefix == nullptr) throw std::runtime_error("CPPRUSTANGO_E2E_PREFIX is not set (run the e2e tests through ctest)");
  return (fs::path(prefix) / "bin" / "cpprustango").string();
}

std::vector<pid_t> processes_matching(const std::string& needle) {
  std::vector<pid_t> found;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (!std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    std::string cmdline = read_file(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    const std::string stat = read_file(entry.path() / "stat");
    const bool zombie = stat.find(") Z ") != std::string::npos;
    if (!zombie && cmdline.find(needle) != std::string::npos) found.push_back(std::stoi(name));
  }
  return found;
}

std::vector<std::string> snapshot(const fs::path& dir) {
  std::vector<std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    files.push_back(fs::relative(entry.path(), dir).string() + (entry.is_regular_file() ? "=" + read_file(entry.path()) : "/"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace e2e
