// `cpprustango runserver [ADDR:PORT]`: by default the dev server, which
// rebuilds and restarts the app on every save (devserver/); with --no-reload,
// build the app once and serve it in the foreground, where Ctrl-C and SIGTERM
// reach the app, which shuts down gracefully.
#include <CLI/CLI.hpp>
#include <csignal>

#include "commands/commands.hpp"
#include "devserver/dev_server.hpp"
#include "support/address.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/process.hpp"

namespace cpprustango::cli {

std::shared_ptr<RunserverOptions> setup_runserver(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<RunserverOptions>();
  auto* cmd = app.add_subcommand("runserver", "Build and serve the project for development");
  cmd->add_option("ADDR:PORT", options->address, "Where to listen")->default_str("127.0.0.1:8000");
  auto* no_reload = cmd->add_flag("--no-reload", options->no_reload, "Serve without watching files for changes");
  cmd->add_flag("--release", options->release, "Serve the optimized build");
  cmd->add_flag("--timings", options->timings,
                "After each rebuild, print where the time went (debounce, Ninja, compile, link, start-up, switch-over)")
      ->excludes(no_reload);  // nothing is rebuilt without reload
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_runserver(*options, invocation.global); }; });
  return options;
}

int run_runserver(const RunserverOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  const auto address = parse_listen_address(options.address);
  // Checked before building so a taken port fails in a second, not after a compile.
  if (auto problem = listen_problem(address)) {
    throw CliError("cannot serve on " + address.host + ":" + std::to_string(address.port) + ": " + *problem +
                   "; stop the other server or choose another port, e.g. `cpprustango runserver " + address.host + ":" +
                   std::to_string(address.port == 65535 ? 8000 : address.port + 1) + "`");
  }
  if (!options.no_reload) return devserver::run({project, address, options.release, options.timings});
  build_project(project, options.release, project.name);

  console::info("\nStarting development server at " + address.url());
  console::info("Quit the server with CONTROL-C.\n");
  Command app;
  app.program = project.executable(options.release);
  app.cwd = project.root;
  app.env = {{"CPPRUSTANGO__SERVER__HOST", address.host}, {"CPPRUSTANGO__SERVER__PORT", std::to_string(address.port)}};
  const int status = run(app);
  if (status == 0 || status == 128 + SIGINT || status == 128 + SIGTERM) return 0;
  throw ChildFailed(project.name + " exited with status " + std::to_string(status), status);
}

}  // namespace cpprustango::cli
