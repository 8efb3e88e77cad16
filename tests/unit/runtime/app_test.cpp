// App::handle in-process: routes, middleware order, the 500 page, security
// headers, /health, static files and templates, all without a socket.
#include "cpprustango/app.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <regex>

#include "test_support/temp_dir.hpp"

namespace http = cpprustango::http;
namespace config = cpprustango::config;
namespace render = cpprustango::render;
namespace fs = std::filesystem;
using cpprustango::App;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

class TempProject : public test_support::TempDir {
 public:
  config::Settings settings() const { return config::Settings::load(path(), "test"); }
};

http::Response call(const App& app, http::Method method, std::string_view target) {
  return app.handle(http::Request{method, target});
}

http::Response get(const App& app, std::string_view target) { return call(app, http::Method::Get, target); }

}  // namespace

TEST(AppRoutes, HealthAnswersOkJson) {
  App app;
  auto response = get(app, "/health");
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), R"({"status":"ok"})");
  EXPECT_EQ(response.headers().get("Content-Type"), "application/json");
}

TEST(AppRoutes, RegisteredRoute404And405) {
  App app;
  app.get("/ping", [](const http::Request&) { return http::Response::text("pong"); })
      .post("/items/", [](const http::Request& r) { return http::Response::text("got " + r.body(), 201); });
  EXPECT_EQ(get(app, "/ping").body(), "pong");
  EXPECT_EQ(get(app, "/nope").status(), 404);
  auto not_allowed = get(app, "/items/");
  EXPECT_EQ(not_allowed.status(), 405);
  EXPECT_EQ(not_allowed.headers().get("Allow"), "POST");
  auto created = app.handle(http::Request{http::Method::Post, "/items/", "x"});
  EXPECT_EQ(created.status(), 201);
  EXPECT_EQ(created.body(), "got x");
}

TEST(AppMiddleware, FirstAddedRunsOutermost) {
  App app;
  std::vector<std::string> trace;
  app.use([&trace](http::Request& r, const http::Next& next) {
    trace.push_back("outer before");
    auto response = next(r);
    trace.push_back("outer after");
    return response;
  });
  app.use([&trace](http::Request& r, const http::Next& next) {
    trace.push_back("inner before");
    auto response = next(r);
    trace.push_back("inner after");
    return response;
  });
  app.get("/x", [&trace](const http::Request&) {
    trace.push_back("handler");
    return http::Response::text("x");
  });
  get(app, "/x");
  EXPECT_EQ(trace, (std::vector<std::string>{"outer before", "inner before", "handler", "inner after", "outer after"}));
}

TEST(AppMiddleware, CanShortCircuitAndEditTheRequest) {
  App app;
  app.use([](http::Request& r, const http::Next& next) {
    if (!r.header("Authorization")) return http::Response::error(401);
    r.headers().add("X-User", "ada");
    return next(r);
  });
  app.get("/me", [](const http::Request& r) { return http::Response::text(std::string{*r.header("X-User")}); });
  EXPECT_EQ(get(app, "/me").status(), 401);
  http::Request authorized{http::Method::Get, "/me"};
  authorized.headers().add("Authorization", "Bearer t");
  EXPECT_EQ(app.handle(authorized).body(), "ada");
}

TEST(AppErrors, HandlerExceptionBecomes500WithCorrelationIdAndNoLeak) {
  App app;
  app.get("/boom", [](const http::Request&) -> http::Response {
    throw std::runtime_error("password=hunter2 leaked from SQL");
  });

  // The runtime logger writes to stdout and flushes every line.
  ::testing::internal::CaptureStdout();
  auto response = get(app, "/boom");
  std::string log = ::testing::internal::GetCapturedStdout();

  EXPECT_EQ(response.status(), 500);
  EXPECT_THAT(response.body(), HasSubstr("Internal Server Error"));
  EXPECT_THAT(response.body(), Not(HasSubstr("hunter2")));
  auto id = response.headers().get("X-Error-Id");
  ASSERT_TRUE(id.has_value());
  EXPECT_TRUE(std::regex_match(std::string{*id}, std::regex{"[0-9a-f]{12}"})) << *id;
  EXPECT_THAT(response.body(), HasSubstr(std::string{*id}));
  EXPECT_THAT(log, HasSubstr(std::string{*id}));
  EXPECT_THAT(log, HasSubstr("password=hunter2 leaked from SQL"));
}

TEST(AppErrors, ExceptionsFromMiddlewareAndNonStdExceptionsToo) {
  App app;
  app.use([](http::Request& r, const http::Next& next) {
    if (r.path() == "/mw") throw std::logic_error("middleware broke");
    return next(r);
  });
  app.get("/int", [](const http::Request&) -> http::Response { throw 42; });
  EXPECT_EQ(get(app, "/mw").status(), 500);
  EXPECT_EQ(get(app, "/int").status(), 500);
  EXPECT_NE(get(app, "/int").headers().get("X-Error-Id"), get(app, "/int").headers().get("X-Error-Id"));
}

TEST(AppHeaders, SecurityHeadersOnEveryResponseUnlessSet) {
  App app;
  app.get("/framed", [](const http::Request&) {
    return http::Response::html("<p>").header("X-Frame-Options", "SAMEORIGIN");
  });
  app.get("/boom", [](const http::Request&) -> http::Response { throw std::runtime_error("x"); });
  for (const char* target : {"/health", "/nope", "/boom"}) {
    auto response = get(app, target);
    EXPECT_EQ(response.headers().get("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(response.headers().get("X-Frame-Options"), "DENY") << target;
    EXPECT_EQ(response.headers().get("Referrer-Policy"), "same-origin") << target;
  }
  auto framed = get(app, "/framed");
  EXPECT_EQ(framed.headers().get("X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(framed.headers().get("X-Content-Type-Options"), "nosniff");
}

TEST(AppStatic, ServesFilesWithContentTypeFromExtension) {
  TempProject project;
  project.write("static/css/site.css", "body{}");
  project.write("static/app.JS", "1;");
  project.write("static/blob.bin", "\x01\x02");
  App app{project.settings()};
  auto css = get(app, "/static/css/site.css");
  EXPECT_EQ(css.status(), 200);
  EXPECT_EQ(css.body(), "body{}");
  EXPECT_EQ(css.headers().get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(get(app, "/static/app.JS").headers().get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get(app, "/static/blob.bin").headers().get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(call(app, http::Method::Head, "/static/css/site.css").status(), 200);
  EXPECT_EQ(call(app, http::Method::Post, "/static/css/site.css").status(), 405);
}

TEST(AppStatic, MissingFilesAndTraversalAre404) {
  TempProject project;
  project.write("static/ok.txt", "ok");
  project.write("secret.txt", "secret");
  fs::create_directories(project.path() / "static" / "dir");
  fs::create_symlink(project.path() / "secret.txt", project.path() / "static" / "link.txt");
  App app{project.settings()};
  EXPECT_EQ(get(app, "/static/ok.txt").status(), 200);
  EXPECT_EQ(get(app, "/static/missing.txt").status(), 404);
  EXPECT_EQ(get(app, "/static/dir").status(), 404);
  for (const char* target : {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/dir/%2E%2E/../secret.txt",
                             "/static//etc/passwd", "/static/%2Fetc%2Fpasswd", "/static/link.txt"}) {
    auto response = get(app, target);
    EXPECT_EQ(response.status(), 404) << target;
    EXPECT_THAT(response.body(), Not(HasSubstr("secret"))) << target;
  }
}

TEST(AppStatic, UrlAndDirComeFromSettings) {
  TempProject project;
  project.write("public/a.svg", "<svg/>");
  auto settings = project.settings();
  settings.set("static.url", std::string{"/assets"});
  settings.set("static.dir", std::string{"public"});
  App app{settings};
  auto response = get(app, "/assets/a.svg");
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.headers().get("Content-Type"), "image/svg+xml");
  EXPECT_EQ(get(app, "/static/a.svg").status(), 404);
}

TEST(AppTemplates, RenderUsesTemplatesDirFromSettings) {
  TempProject project;
  project.write("views/hello.html", "<h1>Hello {{name}}</h1>");
  auto settings = project.settings();
  settings.set("templates.dir", std::string{"views"});
  App app{settings};
  app.get("/hello/<name>", [&app](const http::Request& r) {
    render::Context context;
    context.set("name", std::string{*r.param("name")});
    return app.render("hello.html", context);
  });
  auto response = get(app, "/hello/%3Cada%3E");
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "<h1>Hello &lt;ada&gt;</h1>");
  EXPECT_EQ(response.headers().get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(app.templates().directory(), project.path() / "views");
}

TEST(AppSettings, BadServerSettingsFailAtConstruction) {
  config::Settings port;
  port.set("server.port", std::int64_t{70000});
  EXPECT_THROW(App{port}, config::SettingsError);
  config::Settings level;
  level.set("log.level", std::string{"loud"});
  EXPECT_THROW(App{level}, config::SettingsError);
  config::Settings typed;
  typed.set("server.port", std::string{"eighty"});
  EXPECT_THROW(App{typed}, config::SettingsError);
}
