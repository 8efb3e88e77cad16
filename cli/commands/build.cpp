// `cpprustango build`: configure (once) and build the project.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"

namespace cpprustango::cli {

std::shared_ptr<BuildOptions> setup_build(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<BuildOptions>();
  auto* cmd = app.add_subcommand("build", "Build the project (Ninja, incremental)");
  cmd->add_flag("--release", options->release, "Optimized build in build/release");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_build(*options, invocation.global); }; });
  return options;
}

int run_build(const BuildOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  build_project(project, options.release);
  console::success("Built " + project.executable(options.release).string());
  return 0;
}

}  // namespace cpprustango::cli
