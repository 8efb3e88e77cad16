// serve(): the entry point generated projects call from main(), so every
// app starts, reports startup errors and exits the same way.
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "cpprustango/admin/admin.hpp"
#include "cpprustango/app.hpp"
#include "cpprustango/auth/session.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/version.hpp"
#include "config/checked.hpp"

namespace cpprustango {
namespace {

/** Opens database.url, if set, sized by database.max_connections, synced as database.sqlite_synchronous says; false when there is none. */
bool open_database(App& app) {
  const auto& settings = app.settings();
  const auto url = settings.string("database.url");
  if (!url || url->empty()) return false;
  const std::int64_t connections = config::detail::integer_in_range(settings, "database.max_connections", 0, 0, 10000);
  const std::string sync = settings.string_or("database.sqlite_synchronous", "normal");
  if (sync != "normal" && sync != "full") {
    throw config::SettingsError("setting database.sqlite_synchronous must be \"normal\" or \"full\", got \"" + sync +
                                "\"");
  }
  app.set_database(db::Database::open(*url, {.max_connections = static_cast<std::size_t>(connections),
                                              .base_dir = settings.project_dir(),
                                              .sqlite_full_sync = sync == "full"}));
  return true;
}

/** `app run [NAME [ARGS...]]`: the app with its settings and routes, then the command instead of the server. */
int run_project_command(int argc, char** argv, const std::function<void(App&)>& add_routes) {
  try {
    App app{config::Settings::load(".")};
    open_database(app);
    add_routes(app);
    return run_command(app, std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace

int serve(int argc, char** argv, const std::function<void(App&)>& add_routes) {
  return serve(argc, argv, add_routes, {});
}

int serve(int argc, char** argv, const std::function<void(App&)>& add_routes, std::span<const schema::AppSpec> apps) {
  const std::string_view program = argc > 0 ? argv[0] : "app";
  if (argc > 1) {
    const std::string_view arg = argv[1];
    if (arg == "--version") {
      std::cout << "cpprustango " << CPPRUSTANGO_VERSION << "\n";
      return 0;
    }
    if (arg == "run") return run_project_command(argc, argv, add_routes);
    const bool help = arg == "--help" || arg == "-h";
    (help ? std::cout : std::cerr)
        << "usage: " << program << " [run [COMMAND [ARGS...]]]\n"
        << "Serves the app. Settings come from config/default.toml, config/$CPPRUSTANGO_ENV.toml (dev by default)\n"
        << "and CPPRUSTANGO__SECTION__KEY environment variables, e.g. CPPRUSTANGO__SERVER__PORT=9000;\n"
        << "DATABASE_URL, when set, outranks them all for database.url.\n"
        << "`run` lists the project's commands; `run COMMAND ARGS...` runs one (cpprustango run does both).\n";
    return help ? 0 : 2;
  }
  try {
    App app{config::Settings::load(".")};
    // With a database, views get it (app.database()) and sessions come first, so every
    // middleware and handler after them sees the logged-in user and the CSRF token.
    if (open_database(app)) auth::use_sessions(app);
    add_routes(app);
    // The project's own routes come first, so a project can override any admin URL.
    if (app.has_database() && app.settings().boolean_or("admin.enabled", true)) {
      admin::mount(app, app.database(), apps);
    }
    return app.run();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace cpprustango
