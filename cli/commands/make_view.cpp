// `cpprustango make:view NAME [--app APP] [--path URL] [--template]`: a view
// function (src/views/NAME.* or, in an app, src/APP/views/NAME.*), its route
// in src/urls.cpp, an HTML template with --template, and a test requesting it.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {
namespace {

/** Refuses a path the router could not take or a C++ string literal could not hold. */
void require_url_path(const std::string& path) {
  const bool bad = path.empty() || path.front() != '/' ||
                   path.find_first_of("\"\\ \t\n?#") != std::string::npos;
  if (bad) throw CliError("--path '" + path + "' must be a URL path starting with '/', e.g. /about/ (no quotes, spaces, ? or #)");
}

/** The path with each <param> filled with an example value, for the generated test. */
std::string example_path(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '<') {
      out += path[i];
      continue;
    }
    const std::size_t close = path.find('>', i);
    if (close == std::string::npos) throw CliError("--path '" + path + "': a '<' parameter is not closed with '>'");
    const std::string param = path.substr(i + 1, close - i - 1);
    out += param.starts_with("int:") ? "1" : "example";
    i = close;
  }
  return out;
}

}  // namespace

std::shared_ptr<MakeViewOptions> setup_make_view(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeViewOptions>();
  auto* cmd = add_verb(app, "make:view", "Add a view with its route, optional HTML template and test");
  cmd->add_option("NAME", options->name, "The view function's name, snake_case, e.g. about")->required();
  cmd->add_option("--app", options->app, "Put the view in this app's namespace (src/APP/views/)");
  cmd->add_option("--path", options->path, "The URL it answers (default /NAME/, or /APP/NAME/ with --app)");
  cmd->add_flag("--template", options->with_template, "Render an HTML template (templates/NAME.html)");
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_view(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_view(const Project& project, const MakeViewOptions& options, const std::filesystem::path& library) {
  require_snake_case(options.name, "view name");
  if (!options.app.empty()) require_app(project, options.app);
  const std::string& name = options.name;
  const bool in_app = !options.app.empty();
  std::string url_name = name;
  std::replace(url_name.begin(), url_name.end(), '_', '-');
  const std::string path = !options.path.empty() ? options.path : in_app ? "/" + options.app + "/" + url_name + "/" : "/" + url_name + "/";
  require_url_path(path);
  const std::string folder = in_app ? options.app + "/views/" : "views/";
  const std::string header = folder + name + ".hpp";
  const std::string ns = in_app ? options.app + "::views" : project.name + "::views";
  const std::string template_name = (in_app ? options.app + "/" : "") + name + ".html";
  const std::string test_file = "tests/test_" + (in_app ? options.app + "_" : "") + name + "_view.cpp";
  const std::string title = sentence_case(name);

  ProjectGeneration generation(project, library, "view",
                               {{"name", name},
                                {"namespace", ns},
                                {"header", header},
                                {"path", path},
                                {"test_path", example_path(path)},
                                {"title", title},
                                {"template_name", template_name},
                                {"template_file", "templates/" + template_name},
                                {"test_file", test_file},
                                {"test_name", pascal_case((in_app ? options.app + "_" : "") + name) + "View"}});
  generation.render("view.hpp.tmpl", "src/" + header);
  generation.render(options.with_template ? "view_template.cpp.tmpl" : "view.cpp.tmpl", "src/" + folder + name + ".cpp");
  if (options.with_template) generation.render("page.html", "templates/" + template_name);
  generation.render("test.cpp.tmpl", test_file);
  generation.next_step("cpprustango runserver, then open http://127.0.0.1:8000" + example_path(path));
  generation.next_step("cpprustango test runs " + test_file);
  generation.add_app_source("src/" + folder + name + ".cpp");
  generation.add_test_source(test_file);
  const std::string function = (in_app ? options.app + "::views::" : "views::") + name;
  generation.add_route(header, {"$app.get(\"" + path + "\", [&$app](const cpprustango::http::Request& request) { return " +
                                    function + "($app, request); }, \"" + (in_app ? options.app + "_" : "") + name + "\");",
                                "\"" + path + "\""});
  return generation;
}

int run_make_view(const MakeViewOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  auto generation = plan_make_view(project, options, Installation::current().make_templates());
  return generation.finish(options.flags);
}

}  // namespace cpprustango::cli
