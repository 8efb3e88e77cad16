// `cpprustango make:middleware NAME`: src/middleware/NAME.{hpp,cpp}, installed
// with app.use() in src/urls.cpp, and a test that sees it run.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {

std::shared_ptr<MakeMiddlewareOptions> setup_make_middleware(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeMiddlewareOptions>();
  auto* cmd = add_verb(app, "make:middleware", "Add a middleware, installed in src/urls.cpp, with its test");
  cmd->add_option("NAME", options->name, "The middleware's name, snake_case, e.g. timing")->required();
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_middleware(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_middleware(const Project& project, const MakeMiddlewareOptions& options,
                                       const std::filesystem::path& library) {
  require_snake_case(options.name, "middleware name");
  const std::string& name = options.name;
  const std::string test_file = "tests/test_" + name + "_middleware.cpp";
  ProjectGeneration generation(project, library, "middleware",
                               {{"name", name}, {"test_file", test_file}, {"test_name", pascal_case(name) + "Middleware"}});
  generation.render("middleware.hpp.tmpl", "src/middleware/" + name + ".hpp");
  generation.render("middleware.cpp.tmpl", "src/middleware/" + name + ".cpp");
  generation.render("test.cpp.tmpl", test_file);
  generation.add_app_source("src/middleware/" + name + ".cpp");
  generation.add_test_source(test_file);
  generation.add_route("middleware/" + name + ".hpp", {"$app.use(middleware::" + name + "());", ""});
  generation.next_step("edit src/middleware/" + name + ".cpp; cpprustango test runs " + test_file);
  return generation;
}

int run_make_middleware(const MakeMiddlewareOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_middleware(project, options, Installation::current().make_templates()).finish(options.flags);
}

}  // namespace cpprustango::cli
