// `cpprustango wizard` (alias `init`): outside a project, the questions that
// make one (wizard/new_project.cpp); inside one, the next steps
// (wizard/next_steps.cpp). It takes the flags of `new`: a given flag skips
// its question, and --yes accepts every default without asking.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "support/project.hpp"
#include "wizard/new_project.hpp"
#include "wizard/next_steps.hpp"

namespace cpprustango::cli {

std::shared_ptr<NewOptions> setup_wizard(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd =
      app.add_subcommand("wizard", "Answer questions to create a project, or, inside one, to take the next steps");
  cmd->alias("init");
  cmd->add_option("NAME", options->name, "Project name (asked when not given)");
  add_new_flags(*cmd, *options);
  cmd->callback([cmd, options, &invocation] {
    record_given_flags(*cmd, *options);
    invocation.action = [options, &invocation] { return run_wizard(*options, invocation.global); };
  });
  return options;
}

int run_wizard(const NewOptions& options, const GlobalOptions& global) {
  const bool new_project_asked = !options.name.empty() || options.given.size() > 0;
  if (!new_project_asked && (global.project_dir || find_project_root(std::filesystem::current_path()))) {
    return wizard::run_project_wizard(global);
  }
  return wizard::run_new_project_wizard(options, global);
}

}  // namespace cpprustango::cli
