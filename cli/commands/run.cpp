// `cpprustango run [NAME [ARGS...]]`: builds the project's server binary when
// it is out of date, then runs `<binary> run NAME ARGS...` in the project
// folder, where serve() loads the settings (config/, .env, DATABASE_URL) and
// routes and runs the command declared with app.command() instead of the
// server. Without a NAME the binary lists the commands. The command's exit
// code is the CLI's.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"
#include "support/process.hpp"

namespace cpprustango::cli {

std::shared_ptr<RunOptions> setup_run(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run a project command (make:command) inside the app; without NAME, list them");
  cmd->add_flag("--release", options->release, "Use the optimized build (build/release)");
  cmd->add_option("NAME ARGS", options->words, "The command and its arguments")->type_name("NAME [ARGS...]");
  // Everything after NAME belongs to the command, flags included: `run import --dry-run`.
  cmd->prefix_command();
  cmd->callback([options, &invocation, cmd] {
    for (const auto& word : cmd->remaining()) options->words.push_back(word);
    invocation.action = [options, &invocation] { return run_run(*options, invocation.global); };
  });
  return options;
}

int run_run(const RunOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  build_project(project, options.release, project.name);
  Command command;
  command.program = project.executable(options.release);
  command.args = {"run"};
  command.args.insert(command.args.end(), options.words.begin(), options.words.end());
  command.cwd = project.root;
  // The app prints its own errors; its exit code is passed on without a second message.
  return run(command);
}

}  // namespace cpprustango::cli
