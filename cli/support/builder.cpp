// The build step: cmake configure once, then `cmake --build` every time
// (Ninja re-runs the configure itself when CMakeLists.txt changes).
#include "support/builder.hpp"

#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli {
namespace {

void configure(const Project& project, bool release) {
  Command command = configure_command(project, release);
  command.quiet_unless_failed = true;
  console::step("Configuring " + project.name + " (" + (release ? "release" : "debug") + ")");
  if (int status = run(command); status != 0) {
    throw ChildFailed("configuring " + project.name + " failed (cmake exited with " + std::to_string(status) +
                          "); see the messages above",
                      status);
  }
}

}  // namespace

std::optional<fs::path> debug_compiler(bool release) {
  // g++ instantiates the templates a precompiled header's inline code names
  // again in every file that includes it (a fifth of a second for the
  // runtime's header, even for an empty file); clang does it once, in the
  // header (-fpch-instantiate-templates, which CMake turns on). The release
  // build keeps the default compiler, the one the runtime was built with.
  if (release) return std::nullopt;
  if (const char* chosen = std::getenv("CXX"); chosen != nullptr && *chosen != '\0') return std::nullopt;
  return which("clang++");
}

bool is_configured(const fs::path& build_dir) {
  return fs::exists(build_dir / "build.ninja") && fs::exists(build_dir / "CMakeCache.txt");
}

Command configure_command(const Project& project, bool release) {
  Command command;
  command.program = require_program("cmake", "cmake");
  command.args = {"-S", project.root.string(), "-B", project.build_dir(release).string(), "-G", "Ninja",
                  std::string("-DCMAKE_BUILD_TYPE=") + (release ? "Release" : "Debug"),
                  "-DCMAKE_PREFIX_PATH=" + Installation::current().prefix.string(), "-DCMAKE_COLOR_DIAGNOSTICS=ON"};
  command.cwd = project.root;
  if (auto ccache = which("ccache")) command.args.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=" + ccache->string());
  if (auto compiler = debug_compiler(release)) {
    command.args.push_back("-DCMAKE_CXX_COMPILER=" + compiler->string());
    // clang++'s driver takes about 60 ms to start (it loads libLLVM), g++'s
    // a few: the link, which needs no compiler, goes through g++'s driver,
    // to the same linker and the same libstdc++.
    if (auto gxx = which("g++")) {
      command.args.push_back("-DCMAKE_CXX_LINK_EXECUTABLE=" + gxx->string() +
                             " <FLAGS> <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>");
    }
  }
  return command;
}

Command ninja_command(const Project& project, bool release, const std::string& target) {
  Command command;
  command.program = require_program("ninja", "ninja-build");
  command.args = {"-C", project.build_dir(release).string()};
  if (!target.empty()) command.args.push_back(target);
  command.cwd = project.root;
  return command;
}

void build_project(const Project& project, bool release, const std::string& target) {
  const auto cmake = require_program("cmake", "cmake");
  require_program("ninja", "ninja-build");
  const fs::path build_dir = project.build_dir(release);
  if (!is_configured(build_dir)) configure(project, release);

  Command command;
  command.program = cmake;
  command.args = {"--build", build_dir.string()};
  if (!target.empty()) command.args.insert(command.args.end(), {"--target", target});
  command.cwd = project.root;
  command.quiet_unless_failed = true;
  console::step("Building " + (target.empty() ? project.name : target));
  if (int status = run(command); status != 0) {
    if (status > 128) throw ChildFailed("build interrupted", status);
    throw ChildFailed("the build of " + project.name + " failed; fix the errors above and run the command again", status);
  }
}

namespace {

/** Runs `command` with its output appended to `log`; calls `on_line` for each line. Returns the exit status. */
int run_logged(const Command& command, std::ofstream& log, const std::function<void(const std::string&)>& on_line,
               const std::function<bool()>& cancelled) {
  log << "$ " << to_string(command) << "\n" << std::flush;
  Child child = Child::start(command);
  std::string partial;
  char buffer[4096];
  while (true) {
    if (cancelled && cancelled()) {
      child.stop(std::chrono::milliseconds(2000));
      return 130;
    }
    pollfd fd{child.output_fd(), POLLIN, 0};
    if (::poll(&fd, 1, 100) <= 0) continue;
    const ssize_t n = ::read(child.output_fd(), buffer, sizeof buffer);
    if (n <= 0) break;  // EOF: every writer is gone
    log.write(buffer, n);
    partial.append(buffer, static_cast<std::size_t>(n));
    for (auto end = partial.find('\n'); end != std::string::npos; end = partial.find('\n')) {
      on_line(partial.substr(0, end));
      partial.erase(0, end + 1);
    }
  }
  log.flush();
  while (true) {
    if (auto status = child.wait_for(std::chrono::milliseconds(200))) return *status;
    if (cancelled && cancelled()) {
      child.stop(std::chrono::milliseconds(2000));
      return 130;
    }
  }
}

}  // namespace

void build_project_logged(const Project& project, bool release, const fs::path& log_path,
                          const std::function<void(int, int)>& progress, const std::function<bool()>& cancelled) {
  require_program("cmake", "cmake");
  require_program("ninja", "ninja-build");
  fs::create_directories(log_path.parent_path());
  std::ofstream log(log_path, std::ios::trunc);
  if (!log) throw CliError("cannot write the build log " + log_path.string());
  const auto failed = [&](const std::string& what, int status) {
    if (status == 130) throw ChildFailed("build cancelled", status);
    throw ChildFailed(what + " failed (exit status " + std::to_string(status) + "); the log is " + log_path.string(),
                      status);
  };
  if (!is_configured(project.build_dir(release))) {
    if (int status = run_logged(configure_command(project, release), log, [](const std::string&) {}, cancelled)) {
      failed("configuring " + project.name, status);
    }
  }
  const auto on_line = [&](const std::string& line) {
    // Ninja's status lines: "[12/80] Building CXX object ...".
    int done = 0, total = 0;
    if (line.starts_with("[") && std::sscanf(line.c_str(), "[%d/%d]", &done, &total) == 2) progress(done, total);
  };
  if (int status = run_logged(ninja_command(project, release, ""), log, on_line, cancelled)) {
    failed("the build of " + project.name, status);
  }
}

}  // namespace cpprustango::cli
