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
  // NAME and everything after it belong to the command, flags included:
  // `cpprustango run import --dry-run`; run_cli() puts a "--" before NAME
  // (command_line_for_run) so the parser takes them all as words.
  cmd->add_option("NAME", options->words, "The command, then its arguments")->type_name("NAME [ARGS...]");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_run(*options, invocation.global); };
  });
  return options;
}

std::vector<std::string> command_line_for_run(std::vector<std::string> args) {
  // Skip the program and the global options (--project and --color take a value).
  std::size_t i = 1;
  while (i < args.size() && args[i].starts_with("-") && args[i] != "--") {
    i += (args[i] == "--project" || args[i] == "--color") ? 2 : 1;
  }
  if (i >= args.size() || args[i] != "run") return args;
  std::size_t name = i + 1;
  while (name < args.size() && (args[name] == "--release" || args[name] == "-h" || args[name] == "--help")) ++name;
  if (name < args.size() && args[name] != "--") args.insert(args.begin() + static_cast<std::ptrdiff_t>(name), "--");
  return args;
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
