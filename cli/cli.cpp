// Builds the parser from the verbs and runs the chosen one. Errors become
// exit codes here and only here: 1 with one "error: ..." line, 2 for usage.
#include "cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/version.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"

namespace cpprustango::cli {
namespace {

console::ColorMode color_mode(const std::string& name) {
  if (name == "always") return console::ColorMode::Always;
  if (name == "never") return console::ColorMode::Never;
  return console::ColorMode::Auto;
}

}  // namespace

void setup_cli(CLI::App& app, Invocation& invocation) {
  app.name("cpprustango");
  app.description("A Django-shaped web framework for C++: create, build, serve and test projects.");
  app.set_version_flag("--version", std::string("cpprustango ") + CPPRUSTANGO_VERSION, "Print the version and exit");
  app.set_help_all_flag("--help-all", "Show help for every command");
  // Global flags may also follow the verb: `cpprustango build -v`.
  app.fallthrough();

  auto& global = invocation.global;
  app.add_option("--project", global.project_dir, "Project folder (default: nearest with cpprustango.toml)")
      ->check(CLI::ExistingDirectory)
      ->type_name("DIR");
  auto* verbose = app.add_flag("-v,--verbose", global.verbose, "Show the commands being run");
  auto* quiet = app.add_flag("-q,--quiet", global.quiet, "Print only errors");
  verbose->excludes(quiet);
  app.add_option("--color", global.color, "Colour output: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");

  setup_new(app, invocation);
  setup_wizard(app, invocation);
  setup_build(app, invocation);
  setup_test(app, invocation);
  setup_runserver(app, invocation);
  setup_make_app(app, invocation);
  setup_make_model(app, invocation);
  setup_make_view(app, invocation);
  setup_make_middleware(app, invocation);
  setup_make_command(app, invocation);
  setup_make_test(app, invocation);
  setup_make_form(app, invocation);
  setup_make_crud(app, invocation);
  setup_make_viewset(app, invocation);
  setup_make_serializer(app, invocation);
  setup_run(app, invocation);
  setup_makemigrations(app, invocation);
  setup_migrate(app, invocation);
  setup_showmigrations(app, invocation);
  setup_sqlmigrate(app, invocation);
  setup_downgrade(app, invocation);
  setup_check(app, invocation);
  setup_inspectdb(app, invocation);
  setup_createsuperuser(app, invocation);
  setup_createapikey(app, invocation);
  setup_about(app, invocation);
  setup_completion(app, invocation);
  setup_codegen(app, invocation);
}

int run_cli(int argc, char** argv) {
  CLI::App app;
  Invocation invocation;
  try {
    setup_cli(app, invocation);
    // `run NAME ARGS...` hands every word after NAME to the project's command.
    std::vector<std::string> words = command_line_for_run(std::vector<std::string>(argv, argv + argc));
    std::reverse(words.begin(), words.end());
    words.pop_back();  // the program's name
    app.parse(words);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
    console::error(e.what());
    std::cerr << "Run `cpprustango --help` for usage." << std::endl;
    return 2;
  } catch (const std::exception& e) {
    console::error(e.what());
    return 1;
  }

  const auto& global = invocation.global;
  console::configure(global.quiet     ? console::Verbosity::Quiet
                     : global.verbose ? console::Verbosity::Verbose
                                      : console::Verbosity::Normal,
                     color_mode(global.color));
  if (!invocation.action) {
    std::cout << app.help();
    return 0;
  }
  try {
    return invocation.action();
  } catch (const CliError& e) {
    console::error(e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    console::error(std::string("unexpected failure: ") + e.what());
    return 1;
  }
}

}  // namespace cpprustango::cli
