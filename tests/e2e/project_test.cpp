// A generated project end to end: build it, serve it, request its pages,
// stop it every way a user can, run its own tests, and break its code.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <thread>

#include "support/http_client.hpp"
#include "support/runserver.hpp"
#include "support/subprocess.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

constexpr auto kFirstBuild = 600s;  // a cold build on a loaded 2-core CI machine

std::unique_ptr<Background> serve(const fs::path& project, int port, std::chrono::seconds timeout = 60s) {
  return runserver(port, {.cwd = project}, timeout);
}

void expect_no_app_left(const fs::path& binary) {
  // The kernel may need a moment to reap; give it a second.
  for (int i = 0; i < 50 && !processes_matching(binary.string()).empty(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(processes_matching(binary.string()).empty()) << binary << " is still running";
}

TEST(DefaultProject, BuildsServesStopsTestsAndReportsCompileErrors) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "mysite"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "mysite";
  const fs::path binary = project / "build" / "debug" / "mysite";

  {  // runserver builds, then serves the pages from the project's sources.
    const int port = free_port();
    auto server = serve(project, port, kFirstBuild);
    const auto home = http_get(port, "/");
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.headers.find("text/html"), std::string::npos) << home.headers;
    EXPECT_NE(home.body.find("mysite is up and running"), std::string::npos) << home.body;
    EXPECT_NE(home.body.find("src/views.cpp"), std::string::npos) << "the welcome page says what to do next";
    const auto ping = http_get(port, "/ping");
    EXPECT_EQ(ping.status, 200);
    EXPECT_EQ(ping.body, "pong");
    EXPECT_EQ(http_get(port, "/health").status, 200);
    const auto css = http_get(port, "/static/css/site.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_NE(css.headers.find("text/css"), std::string::npos) << css.headers;
    EXPECT_EQ(http_get(port, "/no-such-page").status, 404);
    EXPECT_EQ(http_get(port, "/static/../config/default.toml").status, 404);

    server->signal(SIGTERM);  // sent to the CLI only: it must pass it on
    EXPECT_EQ(server->wait(20s), 0) << server->output();
    EXPECT_NE(server->output().find("GET /ping 200"), std::string::npos) << "access log:\n" << server->output();
    expect_no_app_left(binary);
  }
  {  // Ctrl-C reaches the whole foreground group, as from a terminal.
    const int port = free_port();
    auto server = serve(project, port);
    ::kill(-server->pid(), SIGINT);
    EXPECT_EQ(server->wait(20s), 0) << server->output();
    expect_no_app_left(binary);
  }
  {  // Even a SIGKILLed CLI leaves no app behind.
    const int port = free_port();
    auto server = serve(project, port);
    server->signal(SIGKILL);
    server->wait(5s);
    expect_no_app_left(binary);
    EXPECT_EQ(http_get(port, "/health").status, 0) << "the port is free again";
  }

  const auto tests = run({cpprustango(), "test"}, {.cwd = project});
  EXPECT_EQ(tests.exit_code, 0) << tests.out << tests.err;
  EXPECT_NE(tests.out.find("100% tests passed"), std::string::npos) << tests.out;

  // A compile error: exit 1, the compiler's message names the file and line.
  std::ofstream(project / "src" / "views.cpp", std::ios::app) << "\nint broken() { return undeclared_name; }\n";
  const auto broken = run({cpprustango(), "build"}, {.cwd = project});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.out.find("views.cpp"), std::string::npos) << broken.out;
  EXPECT_NE(broken.out.find("undeclared_name"), std::string::npos) << broken.out;
  EXPECT_NE(broken.err.find("error: the build of mysite failed"), std::string::npos) << broken.err;
}

TEST(MinimalProject, BuildsAndPassesItsOwnTests) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "tiny", "--template", "minimal"}, {.cwd = dir.path()}).exit_code, 0);
  const auto tests = run({cpprustango(), "test"}, {.cwd = dir.path() / "tiny"});
  EXPECT_EQ(tests.exit_code, 0) << tests.out << tests.err;
  EXPECT_NE(tests.out.find("PingAnswersPong"), std::string::npos) << tests.out;
  EXPECT_NE(tests.out.find("100% tests passed"), std::string::npos) << tests.out;
}

TEST(MinimalProject, ConfigErrorsStopTheAppWithOneLine) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "tiny", "--template", "minimal", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "tiny";
  ASSERT_EQ(run({cpprustango(), "-q", "build"}, {.cwd = project}).exit_code, 0);
  std::ofstream(project / "config" / "dev.toml") << "[server\nport = \n";
  const auto result = run({(project / "build/debug/tiny").string()}, {.cwd = project});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("config/dev.toml"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace e2e
