// `cpprustango runserver` with reload on save, as a user lives with it: edit a
// view and see it served, break the build and see the compiler's message in
// the browser, fix it, touch a template without a rebuild, keep requesting
// through a rebuild, and stop it every way without leaving a process behind.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "support/http_client.hpp"
#include "support/subprocess.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

constexpr auto kFirstBuild = 600s;  // a cold build on a loaded 2-core CI machine
constexpr auto kRebuild = 120s;     // an incremental one, with the same allowance for load

// Starts `cpprustango runserver` (reload on) and waits until /ping answers 200.
std::unique_ptr<Background> serve(const fs::path& project, int port, std::chrono::seconds timeout = kFirstBuild,
                                  std::vector<std::string> extra = {}) {
  std::vector<std::string> command{cpprustango(), "runserver", "127.0.0.1:" + std::to_string(port)};
  command.insert(command.end(), extra.begin(), extra.end());
  auto server = std::make_unique<Background>(command, Options{.cwd = project});
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // The dev server holds the port from the start and makes requests wait for
  // the first build, so one request normally spans it.
  while (http_get(port, "/ping").status != 200) {
    if (!server->running() || std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "runserver is not serving /ping on port " << port << ":\n" << server->output();
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  return server;
}

// Polls `path` until `done` accepts the response; returns the last one.
template <class Predicate>
HttpResponse wait_for(int port, const std::string& path, Predicate done, std::chrono::seconds timeout = kRebuild) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  HttpResponse response;
  while (std::chrono::steady_clock::now() < deadline) {
    response = http_get(port, path);
    if (done(response)) return response;
    std::this_thread::sleep_for(20ms);
  }
  return response;
}

void replace_in_file(const fs::path& path, const std::string& from, const std::string& to) {
  std::string text = read_file(path);
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << path;
  text.replace(at, from.size(), to);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;  // in place, as most editors save
}

void expect_nothing_left(const fs::path& project) {
  // The app, ninja and the compilers all carry the project's path in their command line.
  for (int i = 0; i < 250 && !processes_matching(project.string()).empty(); ++i) std::this_thread::sleep_for(20ms);
  const auto left = processes_matching(project.string());
  EXPECT_TRUE(left.empty()) << left.size() << " processes still run with " << project << " in their command line";
}

/** A Server-Sent Events connection read with a timeout. */
class EventStream {
 public:
  explicit EventStream(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{20, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      const std::string request =
          "GET /__cpprustango__/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
      ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
    }
  }
  ~EventStream() { ::close(fd_); }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  /** The data of the next event, or "" after 20 s without one. */
  std::string next() {
    for (;;) {
      const auto data = received_.find("data: ", scanned_);
      const auto end = data == std::string::npos ? std::string::npos : received_.find("\n\n", data);
      if (end != std::string::npos) {
        scanned_ = end + 2;
        return received_.substr(data + 6, end - data - 6);
      }
      char buffer[1024];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return "";
      received_.append(buffer, static_cast<size_t>(n));
    }
  }
  const std::string& received() const { return received_; }

 private:
  int fd_;
  std::string received_;
  std::size_t scanned_ = 0;
};

TEST(DevServer, ServesEachSaveShowsBuildErrorsAndRecovers) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "mysite", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "mysite";
  const fs::path views = project / "src" / "views.cpp";
  const fs::path binary = project / "build" / "debug" / "mysite";
  const int port = free_port();
  auto server = serve(project, port, kFirstBuild, {"--timings"});
  ASSERT_TRUE(server->running());

  {  // HTML pages carry the reload script; the script and its event stream are served.
    const auto home = http_get(port, "/");
    EXPECT_EQ(home.status, 200);
    EXPECT_NE(home.body.find("<script src=\"/__cpprustango__/reload.js?g="), std::string::npos) << home.body;
    EXPECT_LT(home.body.find("reload.js"), home.body.rfind("</body>"));
    const auto script = http_get(port, "/__cpprustango__/reload.js");
    EXPECT_EQ(script.status, 200);
    EXPECT_NE(script.body.find("EventSource"), std::string::npos);
    EXPECT_EQ(http_get(port, "/ping").body, "pong") << "plain text is left alone";
  }

  {  // Edit the view's literal: the new text is served, and every request in between succeeds.
    replace_in_file(views, "\"pong\"", "\"pong, edited\"");
    std::vector<HttpResponse> seen;
    const auto edited = wait_for(port, "/ping", [&](const HttpResponse& r) {
      seen.push_back(r);
      return r.body == "pong, edited";
    });
    EXPECT_EQ(edited.body, "pong, edited") << server->output();
    for (const auto& r : seen) {
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_TRUE(r.body == "pong" || r.body == "pong, edited") << r.body;
    }
    EXPECT_NE(server->output().find("Change in src/views.cpp"), std::string::npos) << server->output();
    EXPECT_NE(server->output().find("Rebuilt and restarted in"), std::string::npos) << server->output();
    // --timings: where the time went, printed before the first answer of the new app leaves the proxy.
    const auto timings = server->output().find("timings: debounce ");
    ASSERT_NE(timings, std::string::npos) << server->output();
    const auto line = server->output().substr(timings, server->output().find('\n', timings) - timings);
    for (const char* phase : {"ninja start+scan ", "compile ", "(1 file)", "link ", "start-up ", "switch-over ", "total "}) {
      EXPECT_NE(line.find(phase), std::string::npos) << phase << " in: " << line;
    }
  }

  {  // Break the build: the browser gets a 500 page with the compiler's message.
    std::ofstream(views, std::ios::app) << "\nint broken() { return undeclared_name; }\n";
    const auto broken = wait_for(port, "/ping", [](const HttpResponse& r) { return r.status == 500; });
    EXPECT_EQ(broken.status, 500) << server->output();
    EXPECT_NE(broken.headers.find("text/html"), std::string::npos) << broken.headers;
    EXPECT_NE(broken.body.find("Build failed"), std::string::npos) << broken.body;
    EXPECT_NE(broken.body.find("views.cpp:"), std::string::npos) << broken.body;
    EXPECT_NE(broken.body.find("undeclared_name"), std::string::npos) << broken.body;
    EXPECT_NE(broken.body.find("reload.js"), std::string::npos) << "the error page reloads itself";
    EXPECT_EQ(broken.body.find('\033'), std::string::npos) << "no terminal colours in the page";
    EXPECT_NE(server->output().find("undeclared_name"), std::string::npos) << "the terminal shows it too";
    EXPECT_NE(server->output().find("Build failed"), std::string::npos) << server->output();
    EXPECT_EQ(http_get(port, "/").status, 500) << "every page shows the error";
  }

  {  // Fix it: served again, with the last edit.
    replace_in_file(views, "int broken() { return undeclared_name; }", "");
    const auto fixed = wait_for(port, "/ping", [](const HttpResponse& r) { return r.status == 200; });
    EXPECT_EQ(fixed.status, 200) << server->output();
    EXPECT_EQ(fixed.body, "pong, edited");
  }

  {  // A template change: no rebuild, the open pages are told to reload, the new text is served.
    const auto built_at = fs::last_write_time(binary);
    EventStream events(port);
    const std::string before = events.next();
    ASSERT_FALSE(before.empty()) << events.received();
    const auto output_before = server->output().size();
    replace_in_file(project / "templates" / "welcome.html", "is up and running", "is up, running and edited");
    const std::string after = events.next();
    EXPECT_FALSE(after.empty()) << "no reload event after a template change";
    EXPECT_NE(after, before);
    const auto home = wait_for(
        port, "/", [](const HttpResponse& r) { return r.body.find("running and edited") != std::string::npos; });
    EXPECT_NE(home.body.find("mysite is up, running and edited"), std::string::npos) << home.body;
    const std::string since = server->output().substr(output_before);
    EXPECT_NE(since.find("Change in templates/welcome.html"), std::string::npos) << since;
    EXPECT_EQ(since.find("rebuilding"), std::string::npos) << since;
    EXPECT_EQ(fs::last_write_time(binary), built_at) << "the app was not rebuilt";

    // A folder created now is watched too, and so is what is written into it.
    fs::create_directories(project / "templates" / "pages");
    std::this_thread::sleep_for(100ms);  // let its watch be added first: then the write is an event of its own
    std::ofstream(project / "templates" / "pages" / "about.html") << "<p>about</p>\n";
    const std::string in_new_folder = events.next();
    EXPECT_FALSE(in_new_folder.empty()) << "no reload event for a file in a new folder";
    EXPECT_NE(in_new_folder, after);
    EXPECT_NE(server->output().find("Change in templates/pages/about.html"), std::string::npos) << server->output();
  }

  {  // Requests sent all through a rebuild and restart get answers, none refused or failed.
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<HttpResponse> answers;
    std::vector<std::thread> clients;
    for (int i = 0; i < 4; ++i) {
      clients.emplace_back([&] {
        while (!stop) {
          auto r = http_get(port, "/ping");
          std::lock_guard lock{mutex};
          answers.push_back(std::move(r));
        }
      });
    }
    std::this_thread::sleep_for(100ms);
    replace_in_file(views, "\"pong, edited\"", "\"pong, again\"");
    const auto again = wait_for(port, "/ping", [](const HttpResponse& r) { return r.body == "pong, again"; });
    std::this_thread::sleep_for(100ms);
    stop = true;
    for (auto& client : clients) client.join();
    EXPECT_EQ(again.body, "pong, again") << server->output();
    ASSERT_FALSE(answers.empty());
    std::size_t new_text = 0;
    for (const auto& r : answers) {
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_TRUE(r.body == "pong, edited" || r.body == "pong, again") << r.body;
      new_text += r.body == "pong, again";
    }
    EXPECT_GT(new_text, 0u);
  }

  // Ctrl-C at the terminal reaches the whole foreground group.
  ::kill(-server->pid(), SIGINT);
  EXPECT_EQ(server->wait(30s), 0) << server->output();
  expect_nothing_left(project);
  EXPECT_EQ(http_get(port, "/ping").status, 0) << "the port is free again";
}

TEST(DevServer, ShowsAnAppThatFailsToStartAndLeavesNothingBehind) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "tiny", "--template", "minimal", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "tiny";
  const fs::path settings = project / "config" / "dev.toml";
  const std::string good_settings = read_file(settings);

  {  // A settings change restarts the app; one it cannot start with shows its output.
    const int port = free_port();
    auto server = serve(project, port);
    std::ofstream(settings, std::ios::trunc) << "[server\nport = \n";
    const auto down = wait_for(port, "/ping", [](const HttpResponse& r) { return r.status == 500; });
    EXPECT_EQ(down.status, 500) << server->output();
    EXPECT_NE(down.body.find("tiny is not running"), std::string::npos) << down.body;
    EXPECT_NE(down.body.find("config/dev.toml"), std::string::npos) << "the app's own message: " << down.body;
    EXPECT_EQ(server->output().find("rebuilding"), std::string::npos) << "settings need no build";
    std::ofstream(settings, std::ios::trunc) << good_settings;
    const auto up = wait_for(port, "/ping", [](const HttpResponse& r) { return r.status == 200; });
    EXPECT_EQ(up.body, "pong") << server->output();

    server->signal(SIGTERM);  // to the front process only: it stops the app itself
    EXPECT_EQ(server->wait(30s), 0) << server->output();
    expect_nothing_left(project);
  }
  {  // SIGINT sent to the front process alone (not the terminal's group).
    const int port = free_port();
    auto server = serve(project, port);
    server->signal(SIGINT);
    EXPECT_EQ(server->wait(30s), 0) << server->output();
    expect_nothing_left(project);
  }
  {  // A SIGKILLed front process: the app notices and exits by itself.
    const int port = free_port();
    auto server = serve(project, port);
    server->signal(SIGKILL);
    server->wait(5s);
    expect_nothing_left(project);
    EXPECT_EQ(http_get(port, "/ping").status, 0) << "the port is free again";
  }
  {  // Killed in the middle of a rebuild: ninja and the compilers go too.
    const int port = free_port();
    auto server = serve(project, port);
    replace_in_file(project / "src" / "views.cpp", "\"pong\"", "\"pong, killed mid-build\"");
    std::this_thread::sleep_for(150ms);  // past the debounce: the build is under way
    server->signal(SIGKILL);
    server->wait(5s);
    expect_nothing_left(project);
  }
}

}  // namespace
}  // namespace e2e
