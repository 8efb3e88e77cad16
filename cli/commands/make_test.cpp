// `cpprustango make:test NAME`: tests/test_NAME.cpp, a GoogleTest fixture
// holding the project's app, added to the project's test executable.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {

std::shared_ptr<MakeTestOptions> setup_make_test(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeTestOptions>();
  auto* cmd = add_verb(app, "make:test", "Add a test file (tests/test_NAME.cpp) to the project's tests");
  cmd->add_option("NAME", options->name, "What it tests, snake_case, e.g. checkout")->required();
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_test(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_test(const Project& project, const MakeTestOptions& options, const std::filesystem::path& library) {
  require_snake_case(options.name, "test name");
  const std::string test_file = "tests/test_" + options.name + ".cpp";
  ProjectGeneration generation(project, library, "test",
                               {{"name", options.name}, {"title", sentence_case(options.name)}, {"test_name", pascal_case(options.name) + "Test"}});
  generation.render("test.cpp.tmpl", test_file);
  generation.add_test_source(test_file);
  generation.next_step("write its cases in " + test_file + "; cpprustango test runs them");
  return generation;
}

int run_make_test(const MakeTestOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_test(project, options, Installation::current().make_templates()).finish(options.flags);
}

}  // namespace cpprustango::cli
