// App: ties settings, router, middleware and templates together, turns
// handler exceptions into a safe 500 page, serves static files, and hands
// the socket work to detail::Server (kept out of here: no Beast in this TU).
#include "cpprustango/app.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <stdexcept>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "config/checked.hpp"
#include "cpprustango/db/database.hpp"
#include "http/server.hpp"

namespace cpprustango {

namespace detail {
namespace {

using config::detail::integer_in_range;

constexpr const char* kLoggerName = "cpprustango";

/** The shared runtime logger; created once even with several Apps (tests build many). */
std::shared_ptr<spdlog::logger> runtime_logger() {
  static std::mutex mutex;
  std::lock_guard lock{mutex};
  if (auto existing = spdlog::get(kLoggerName)) return existing;
  auto logger = spdlog::stdout_color_mt(kLoggerName);
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  // stdout is a pipe under the dev server; without this, lines arrive late.
  logger->flush_on(spdlog::level::trace);
  return logger;
}

spdlog::level::level_enum parse_level(const std::string& name) {
  static constexpr std::array<std::string_view, 8> kNames{"trace", "debug", "info",     "warn",
                                                          "warning", "error", "critical", "off"};
  if (std::find(kNames.begin(), kNames.end(), name) == kNames.end()) {
    throw config::SettingsError("setting log.level must be one of trace, debug, info, warn, error, critical, off; got \"" +
                                name + "\"");
  }
  return spdlog::level::from_str(name);
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& dir) {
  std::filesystem::path path{dir};
  return path.is_absolute() ? path : base / path;
}

http::detail::ServerOptions server_options(const config::Settings& settings) {
  http::detail::ServerOptions options;
  options.host = settings.string_or("server.host", "127.0.0.1");
  options.port = static_cast<std::uint16_t>(integer_in_range(settings, "server.port", 8000, 0, 65535));
  auto threads = integer_in_range(settings, "server.threads", 0, 0, 1024);
  options.threads = static_cast<unsigned>(threads);  // 0: App::run() asks loop_count, once the database is known
  options.max_body_bytes = static_cast<std::uint64_t>(
      integer_in_range(settings, "server.max_body_bytes", 1024 * 1024, 0, std::numeric_limits<std::int64_t>::max()));
  options.max_header_bytes = static_cast<std::uint32_t>(
      integer_in_range(settings, "server.max_header_bytes", 16 * 1024, 1024, std::numeric_limits<std::uint32_t>::max()));
  options.read_timeout = std::chrono::seconds(integer_in_range(settings, "server.read_timeout_s", 30, 1, 86400));
  options.shutdown_timeout = std::chrono::seconds(integer_in_range(settings, "server.shutdown_timeout_s", 10, 0, 86400));
  options.workers = static_cast<unsigned>(integer_in_range(settings, "server.workers", 64, 0, 4096));
  options.blocking_threshold_us = 1000 * integer_in_range(settings, "server.blocking_threshold_ms", 10, 1, 60000);
  options.access_log = settings.boolean_or("log.access", true);
  options.env = settings.env();
  return options;
}

/** A short id tying the 500 page a user sees to the full error in the log. */
std::string correlation_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = generator();
  std::string id(12, '0');
  for (char& c : id) {
    c = kHex[bits & 0x0F];
    bits >>= 4;
  }
  return id;
}

http::Response internal_error(const http::Request& request, std::string_view what, spdlog::logger& logger) {
  std::string id = correlation_id();
  logger.error("unhandled exception in {} {} (error id {}): {}", http::to_string(request.method()), request.path(), id,
               what);
  // Never the exception text: it can carry SQL, paths or secrets.
  std::string body =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>500 Internal Server Error</title></head>\n"
      "<body><h1>Internal Server Error</h1>\n<p>Something went wrong on our side. Error id: <code>" +
      id + "</code></p></body></html>\n";
  auto response = http::Response::html(std::move(body), 500);
  response.header("X-Error-Id", id);
  return response;
}

std::string_view content_type_for(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".webp", "image/webp"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

/** Serves `relative` from `root`; anything that could step outside root is a plain 404. */
http::Response serve_static(const std::filesystem::path& root, std::string_view relative) {
  if (relative.empty() || relative.front() == '/' || relative.find("..") != std::string_view::npos ||
      relative.find('\\') != std::string_view::npos || relative.find('\0') != std::string_view::npos) {
    return http::Response::error(404);
  }
  std::error_code ec;
  auto base = std::filesystem::weakly_canonical(root, ec);
  if (ec) return http::Response::error(404);
  auto file = std::filesystem::weakly_canonical(root / relative, ec);
  if (ec) return http::Response::error(404);
  // Symlinks are resolved above, so this also refuses links that point out of root.
  auto [base_end, file_it] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (base_end != base.end() || !std::filesystem::is_regular_file(file, ec)) return http::Response::error(404);
  std::ifstream in(file, std::ios::binary);
  if (!in) return http::Response::error(404);
  std::ostringstream content;
  content << in.rdbuf();
  return http::Response{200, content.str(), std::string{content_type_for(file)}};
}

/** Walks the middleware list; each Next is a small lambda, so no allocation per step. */
struct Chain {
  const std::vector<http::Middleware>& middleware;
  const http::Router& router;

  http::Response call(std::size_t index, http::Request& request) const {
    if (index == middleware.size()) return router.dispatch(request);
    http::Next next = [this, index](http::Request& inner) { return call(index + 1, inner); };
    return middleware[index](request, next);
  }
};

}  // namespace
}  // namespace detail

struct App::Impl {
  explicit Impl(config::Settings loaded)
      : settings(std::move(loaded)),
        templates(detail::resolve(settings.project_dir(), settings.string_or("templates.dir", "templates")),
                  settings.boolean_or("templates.reload", settings.env() == "dev")),
        server_options(detail::server_options(settings)),
        logger(detail::runtime_logger()) {}

  config::Settings settings;
  http::Router router;
  render::Templates templates;
  std::vector<http::Middleware> middleware;
  std::vector<CommandEntry> commands;
  std::shared_ptr<db::Database> database;  // set by serve() or set_database(); views read it
  http::detail::ServerOptions server_options;
  std::shared_ptr<spdlog::logger> logger;

  std::mutex run_mutex;
  http::detail::Server* running = nullptr;  // guarded by run_mutex
  bool stop_requested = false;              // guarded by run_mutex
};

App::App(config::Settings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {
  impl_->logger->set_level(detail::parse_level(impl_->settings.string_or("log.level", "info")));

  impl_->router.get("/health", [](const http::Request&) { return http::Response::json(R"({"status":"ok"})"); },
                    "health");

  std::string static_url = impl_->settings.string_or("static.url", "/static/");
  if (static_url.empty() || static_url.front() != '/') {
    throw config::SettingsError("setting static.url must start with '/', got \"" + static_url + "\"");
  }
  if (static_url.back() != '/') static_url += '/';
  auto static_dir = detail::resolve(impl_->settings.project_dir(), impl_->settings.string_or("static.dir", "static"));
  impl_->router.get(
      static_url + "<path:file>",
      [static_dir](const http::Request& request) { return detail::serve_static(static_dir, *request.param("file")); },
      "static");
}

App::~App() = default;

const config::Settings& App::settings() const { return impl_->settings; }
http::Router& App::router() { return impl_->router; }
const render::Templates& App::templates() const { return impl_->templates; }

App& App::get(std::string_view pattern, http::Handler handler, std::string name) {
  impl_->router.get(pattern, std::move(handler), std::move(name));
  return *this;
}

App& App::post(std::string_view pattern, http::Handler handler, std::string name) {
  impl_->router.post(pattern, std::move(handler), std::move(name));
  return *this;
}

App& App::route(std::initializer_list<http::Method> methods, std::string_view pattern, http::Handler handler,
                std::string name) {
  impl_->router.route(methods, pattern, std::move(handler), std::move(name));
  return *this;
}

db::Database& App::database() const {
  if (!impl_->database) {
    throw std::logic_error("the app has no database: set database.url in config/default.toml (serve() opens it), "
                           "or call app.set_database() in a test");
  }
  return *impl_->database;
}

bool App::has_database() const { return impl_->database != nullptr; }

void App::set_database(db::Database database) { impl_->database = std::make_shared<db::Database>(std::move(database)); }

App& App::use(http::Middleware middleware) {
  impl_->middleware.push_back(std::move(middleware));
  return *this;
}

App& App::command(std::string name, std::string help, Command command) {
  impl_->commands.push_back({std::move(name), std::move(help), std::move(command)});
  return *this;
}

const std::vector<CommandEntry>& App::commands() const { return impl_->commands; }

http::Response App::render(const std::string& name, const render::Context& context) const {
  return http::Response::html(impl_->templates.render(name, context));
}

http::Response App::handle(http::Request request) const {
  http::Response response;
  try {
    response = detail::Chain{impl_->middleware, impl_->router}.call(0, request);
  } catch (const std::exception& error) {
    response = detail::internal_error(request, error.what(), *impl_->logger);
  } catch (...) {
    response = detail::internal_error(request, "an exception not derived from std::exception", *impl_->logger);
  }
  http::detail::add_security_headers(response);
  return response;
}

int App::run() {
  auto options = impl_->server_options;
  options.threads = http::detail::loop_count(
      options.threads, impl_->database != nullptr && impl_->database->dialect() == db::Dialect::Postgresql);
  http::detail::Server server{options,
                              [this](http::Request request) { return handle(std::move(request)); }, impl_->logger};
  {
    std::lock_guard lock{impl_->run_mutex};
    impl_->running = &server;
    // stop() may have come first (a test, or a signal handler racing startup).
    if (impl_->stop_requested) server.stop();
    impl_->stop_requested = false;
  }
  int code = server.run();
  std::lock_guard lock{impl_->run_mutex};
  impl_->running = nullptr;
  return code;
}

void App::stop() {
  std::lock_guard lock{impl_->run_mutex};
  if (impl_->running != nullptr) {
    impl_->running->stop();
  } else {
    impl_->stop_requested = true;
  }
}

}  // namespace cpprustango
