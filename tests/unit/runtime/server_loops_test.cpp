// The server's execution model over real sockets: connections spread over
// several event loops, pipelined requests answered in order, timeouts from
// the loops' tick (idle and slow-header connections closed), 100-continue,
// and a view that blocks moved off its loop so it does not stall the others.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "cpprustango/app.hpp"
#include "socket_client.hpp"

namespace http = cpprustango::http;
using cpprustango::App;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using namespace server_test;

namespace {

/** Runs app.run() on a thread; stops and joins it at scope exit. */
class Running {
 public:
  explicit Running(App& app) : app_(app) {
    ::testing::internal::CaptureStdout();
    exit_code_ = std::async(std::launch::async, [this] { return app_.run(); });
  }
  ~Running() {
    app_.stop();
    if (exit_code_.valid()) exit_code_.wait_for(10s);
    output_ = ::testing::internal::GetCapturedStdout();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

 private:
  App& app_;
  std::future<int> exit_code_;
  std::string output_;
};

/** Reads until `count` responses whose bodies end with `body_suffix` have arrived (pipelining). */
std::string read_responses(const Fd& fd, int count, const std::string& body_suffix) {
  std::string data;
  char buffer[4096];
  auto complete = [&] {
    int seen = 0;
    for (auto at = data.find("\r\n\r\n" + body_suffix); at != std::string::npos;
         at = data.find("\r\n\r\n" + body_suffix, at + 1)) {
      ++seen;
    }
    return seen >= count;
  };
  while (!complete()) {
    auto n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return data;
}

}  // namespace

TEST(ServerLoops, ConnectionsOnSeveralLoopsAreAllServedAndPipelinedRequestsAnswerInOrder) {
  const auto port = free_port();
  auto settings = server_settings(port);
  settings.set("server.threads", std::int64_t{4});
  App app{settings};
  std::mutex mutex;
  std::set<std::thread::id> threads_seen;
  app.get("/who", [&](const http::Request& request) {
    std::lock_guard lock{mutex};
    threads_seen.insert(std::this_thread::get_id());
    return http::Response::text("n=" + request.query("n").value_or("?"));
  });
  Running running{app};

  std::vector<Fd> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(connect_when_up(port));
  for (int i = 0; i < 8; ++i) {
    send_all(clients[static_cast<std::size_t>(i)], "GET /who?n=" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  for (int i = 0; i < 8; ++i) {
    auto reply = read_reply(clients[static_cast<std::size_t>(i)]);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, "n=" + std::to_string(i));
  }
  // Round robin over 4 loops: 8 connections reach every loop's thread.
  EXPECT_EQ(threads_seen.size(), 4u);

  // Three requests in one write: three responses, in order, on one connection.
  send_all(clients[0],
           "GET /who?n=a HTTP/1.1\r\nHost: t\r\n\r\nGET /who?n=b HTTP/1.1\r\nHost: t\r\n\r\n"
           "GET /who?n=c HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string all = read_responses(clients[0], 3, "n=");
  auto a = all.find("n=a"), b = all.find("n=b"), c = all.find("n=c");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(ServerLoops, IdleAndSlowHeaderConnectionsAreClosedAfterTheReadTimeout) {
  const auto port = free_port();
  auto settings = server_settings(port);
  settings.set("server.read_timeout_s", std::int64_t{1});
  App app{settings};
  app.get("/ping", [](const http::Request&) { return http::Response::text("pong"); });
  Running running{app};

  Fd idle = connect_when_up(port);
  Fd slow_header = connect_when_up(port);
  Fd kept_busy = connect_when_up(port);
  send_all(slow_header, "GET /ping HTTP/1.1\r\nHost: t\r\n");  // never finished
  const auto started = std::chrono::steady_clock::now();
  // A connection that keeps sending requests is not cut by the timeout.
  for (int i = 0; i < 6; ++i) {
    send_all(kept_busy, "GET /ping HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(read_reply(kept_busy).body, "pong");
    std::this_thread::sleep_for(300ms);
  }
  EXPECT_TRUE(closed_by_peer(idle));
  EXPECT_TRUE(closed_by_peer(slow_header));
  // Closed after the 1 s timeout, within the tick's 100 ms and some slack, not at once.
  EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
}

TEST(ServerLoops, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  const auto port = free_port();
  App app{server_settings(port)};
  app.post("/echo", [](const http::Request& r) { return http::Response::text(r.body()); });
  Running running{app};

  Fd client = connect_when_up(port);
  send_all(client, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  char buffer[64];
  auto n = ::recv(client.get(), buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)), "HTTP/1.1 100 Continue\r\n\r\n");
  send_all(client, "hello");
  auto reply = read_reply(client);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "hello");
}

TEST(ServerLoops, AViewThatBlocksDoesNotStallTheOtherConnectionsOfItsLoop) {
  const auto port = free_port();
  auto settings = server_settings(port);
  settings.set("server.threads", std::int64_t{1});  // one loop: every connection shares it
  settings.set("server.workers", std::int64_t{4});
  settings.set("server.blocking_threshold_ms", std::int64_t{20});
  App app{settings};
  app.get("/ping", [](const http::Request&) { return http::Response::text("pong"); });
  app.get("/slow", [](const http::Request&) {
    std::this_thread::sleep_for(250ms);  // sleeping, like a view waiting on a query
    return http::Response::text("done");
  });
  Running running{app};

  Fd slow = connect_when_up(port);
  Fd fast = connect_when_up(port);
  // One slow run gets the route watched; 4 watched runs slow while sleeping send it to the pool.
  for (int i = 0; i < 5; ++i) {
    send_all(slow, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(read_reply(slow).body, "done");
  }
  send_all(slow, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  std::this_thread::sleep_for(50ms);  // the slow view is running now
  const auto asked = std::chrono::steady_clock::now();
  send_all(fast, "GET /ping HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(read_reply(fast).body, "pong");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 200ms) << "the fast request waited for the slow view";
  EXPECT_EQ(read_reply(slow).body, "done");
}

TEST(ServerLoops, WithoutWorkersEveryViewRunsOnItsLoop) {
  const auto port = free_port();
  auto settings = server_settings(port);
  settings.set("server.threads", std::int64_t{1});
  settings.set("server.workers", std::int64_t{0});
  settings.set("server.blocking_threshold_ms", std::int64_t{20});
  App app{settings};
  std::atomic<std::thread::id> first{};
  std::atomic<bool> same_thread{true};
  app.get("/slow", [&](const http::Request&) {
    std::thread::id none{};
    if (!first.compare_exchange_strong(none, std::this_thread::get_id()) && first.load() != std::this_thread::get_id()) {
      same_thread = false;
    }
    std::this_thread::sleep_for(50ms);
    return http::Response::text("done");
  });
  Running running{app};

  Fd client = connect_when_up(port);
  for (int i = 0; i < 4; ++i) {
    send_all(client, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    EXPECT_EQ(read_reply(client).body, "done");
  }
  EXPECT_TRUE(same_thread.load());
}
