// `cpprustango make:command NAME`: a project command (src/commands/NAME.*),
// declared in src/urls.cpp with app.command(), run by `cpprustango run NAME`,
// and its test.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {

std::shared_ptr<MakeCommandOptions> setup_make_command(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeCommandOptions>();
  auto* cmd = add_verb(app, "make:command", "Add a project command, run by `cpprustango run NAME`, with its test");
  cmd->add_option("NAME", options->name, "The command's name, snake_case, e.g. close_polls")->required();
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_command(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_command(const Project& project, const MakeCommandOptions& options,
                                    const std::filesystem::path& library) {
  require_snake_case(options.name, "command name");
  const std::string& name = options.name;
  const std::string test_file = "tests/test_" + name + "_command.cpp";
  ProjectGeneration generation(project, library, "command",
                               {{"name", name}, {"test_file", test_file}, {"test_name", pascal_case(name) + "Command"}});
  generation.render("command.hpp.tmpl", "src/commands/" + name + ".hpp");
  generation.render("command.cpp.tmpl", "src/commands/" + name + ".cpp");
  generation.render("test.cpp.tmpl", test_file);
  generation.add_app_source("src/commands/" + name + ".cpp");
  generation.add_test_source(test_file);
  generation.add_route("commands/" + name + ".hpp",
                       {"$app.command(\"" + name + "\", \"" + sentence_case(name) + " (src/commands/" + name + ".cpp)\", commands::" + name + ");",
                        "command(\"" + name + "\""});
  generation.next_step("cpprustango run " + name + " [ARGS...] runs it; cpprustango run lists the commands");
  return generation;
}

int run_make_command(const MakeCommandOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_command(project, options, Installation::current().make_templates()).finish(options.flags);
}

}  // namespace cpprustango::cli
