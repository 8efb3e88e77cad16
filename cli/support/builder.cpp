// The build step: cmake configure once, then `cmake --build` every time
// (Ninja re-runs the configure itself when CMakeLists.txt changes).
#include "support/builder.hpp"

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
  return command;
}

Command ninja_command(const Project& project, bool release, const std::string& target) {
  Command command;
  command.program = require_program("ninja", "ninja-build");
  command.args = {"-C", project.build_dir(release).string(), target};
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

}  // namespace cpprustango::cli
