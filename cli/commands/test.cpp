// `cpprustango test`: build everything, then run the project's tests with CTest.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <thread>

#include "commands/commands.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/process.hpp"

namespace cpprustango::cli {

std::shared_ptr<TestOptions> setup_test(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Build the project and run its tests");
  cmd->add_flag("--release", options->release, "Test the optimized build");
  cmd->add_option("-k,--filter", options->filter, "Run only tests whose name matches this regex")->type_name("REGEX");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_test(*options, invocation.global); }; });
  return options;
}

int run_test(const TestOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  build_project(project, options.release);

  const auto ctest = require_program("ctest", "cmake");
  const unsigned jobs = std::max(1U, std::thread::hardware_concurrency());
  Command command;
  command.program = ctest;
  command.args = {"--test-dir", project.build_dir(options.release).string(), "--output-on-failure", "-j",
                  std::to_string(jobs)};
  command.cwd = project.root;
  if (!options.filter.empty()) command.args.insert(command.args.end(), {"-R", options.filter});
  if (console::verbosity() == console::Verbosity::Quiet) command.args.push_back("--quiet");
  console::step("Running tests");
  const int status = run(command);
  if (status != 0) throw ChildFailed("tests failed (ctest exited with " + std::to_string(status) + ")", status);
  console::success("All tests passed.");
  return 0;
}

}  // namespace cpprustango::cli
