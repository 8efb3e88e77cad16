// The application: settings, routes, middleware and templates, served by the
// built-in multi-threaded HTTP server. A project's main() is one line:
//
//   int main(int argc, char** argv) { return cpprustango::serve(argc, argv, mysite::add_routes); }
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "cpprustango/commands.hpp"
#include "cpprustango/config/settings.hpp"
#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"
#include "cpprustango/http/router.hpp"
#include "cpprustango/render/templates.hpp"
#include "cpprustango/schema/app_spec.hpp"

namespace cpprustango {

namespace db {
class Database;
}

class App {
 public:
  /** Registers the built-in routes (/health) and reads server.* and templates.dir. */
  explicit App(config::Settings settings = {});
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const config::Settings& settings() const;
  http::Router& router();
  const render::Templates& templates() const;

  App& get(std::string_view pattern, http::Handler handler, std::string name = {});
  App& post(std::string_view pattern, http::Handler handler, std::string name = {});
  /** A route for several methods: `app.route({http::Method::Get, http::Method::Post}, "/posts/new/", form)`. */
  App& route(std::initializer_list<http::Method> methods, std::string_view pattern, http::Handler handler,
             std::string name = {});
  /** Appends a middleware; the first added runs outermost. */
  App& use(http::Middleware middleware);
  /**
   * Declares a project command, run by `cpprustango run NAME [ARGS...]`
   * (see cpprustango/commands.hpp); declared order is the listed order.
   */
  App& command(std::string name, std::string help, Command command);
  const std::vector<CommandEntry>& commands() const;

  /**
   * The database project views use (generic views, model forms, sessions).
   * serve() sets it when database.url is set; tests call set_database().
   * Throws std::logic_error when there is none.
   *   app.set_database(db::Database::open("sqlite::memory:"));
   */
  db::Database& database() const;
  bool has_database() const;
  void set_database(db::Database database);

  /** Renders a template into a 200 HTML response. */
  http::Response render(const std::string& name, const render::Context& context) const;

  /**
   * Runs one request through middleware and router, without a socket: what
   * the server does per request, and what a project's tests call.
   * Handler exceptions become a 500 page with a correlation id (logged).
   */
  http::Response handle(http::Request request) const;

  /**
   * Serves on server.host:server.port with server.threads threads until
   * SIGINT/SIGTERM or stop(); in-flight requests finish first. Returns the
   * process exit code: 0 after a clean shutdown, 1 when the address cannot be bound.
   */
  int run();
  /** Asks a running server to shut down gracefully; safe from any thread. */
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/**
 * A project's whole main(): loads settings from the current folder's config/,
 * lets `add_routes` declare the URLs, and serves until SIGINT/SIGTERM.
 * Bad settings or a failing add_routes print one "error: ..." line on stderr
 * and return 1; `--help` and `--version` are answered; other arguments return 2.
 */
int serve(int argc, char** argv, const std::function<void(App&)>& add_routes);

/**
 * serve() for a project with models: also mounts the admin at /admin/ over
 * `apps` (the generated cpprustango_project::installed_apps) and the auth app,
 * on the database named by database.url, unless admin.enabled is false.
 */
int serve(int argc, char** argv, const std::function<void(App&)>& add_routes, std::span<const schema::AppSpec> apps);

}  // namespace cpprustango
