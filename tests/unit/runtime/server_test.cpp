// The one real-socket smoke test of App::run(): keep-alive, HEAD, limits
// (413, 431), malformed requests, graceful stop, and a taken port.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "cpprustango/app.hpp"
#include "socket_client.hpp"

namespace http = cpprustango::http;
namespace config = cpprustango::config;
using cpprustango::App;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

using namespace server_test;

TEST(ServerSmoke, ServesKeepAliveHeadLimitsAndStopsGracefully) {
  const auto port = free_port();
  App app{server_settings(port)};
  app.get("/ping", [](const http::Request&) { return http::Response::text("pong"); });
  app.post("/echo", [](const http::Request& r) { return http::Response::text(r.body()); });
  app.get("/slow", [](const http::Request&) {
    std::this_thread::sleep_for(300ms);
    return http::Response::text("done");
  });

  ::testing::internal::CaptureStdout();
  auto exit_code = std::async(std::launch::async, [&app] { return app.run(); });
  Fd client = connect_when_up(port);
  ASSERT_GE(client.get(), 0);

  send_all(client, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
  auto health = read_reply(client);
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_THAT(health.head, HasSubstr("X-Content-Type-Options: nosniff"));

  // Same connection: keep-alive, then HEAD (length announced, no body), then a body.
  send_all(client, "HEAD /ping HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = read_reply(client, true);
  EXPECT_EQ(head.status, 200);
  EXPECT_THAT(head.head, HasSubstr("Content-Length: 4\r\n"));
  EXPECT_EQ(head.body, "");
  send_all(client, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
  auto echo = read_reply(client);
  EXPECT_EQ(echo.status, 200);
  EXPECT_EQ(echo.body, "hello");

  Fd big_body = connect_when_up(port);
  send_all(big_body, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + std::string(4096, 'x'));
  EXPECT_EQ(read_reply(big_body).status, 413);
  EXPECT_TRUE(closed_by_peer(big_body));

  Fd big_header = connect_when_up(port);
  send_all(big_header, "GET /ping HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n");
  EXPECT_EQ(read_reply(big_header).status, 431);

  Fd garbage = connect_when_up(port);
  send_all(garbage, "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(read_reply(garbage).status, 400);

  // Graceful stop: the in-flight slow request still gets its answer, and the
  // idle keep-alive connection is closed instead of holding shutdown up.
  Fd slow = connect_when_up(port);
  send_all(slow, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  std::this_thread::sleep_for(100ms);
  const auto stop_started = std::chrono::steady_clock::now();
  app.stop();
  auto slow_reply = read_reply(slow);
  EXPECT_EQ(slow_reply.status, 200);
  EXPECT_EQ(slow_reply.body, "done");
  EXPECT_THAT(slow_reply.head, HasSubstr("Connection: close"));
  ASSERT_EQ(exit_code.wait_for(5s), std::future_status::ready) << "run() did not return after stop()";
  EXPECT_EQ(exit_code.get(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 5s);
  EXPECT_TRUE(closed_by_peer(client));

  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_THAT(out, HasSubstr("serving on http://127.0.0.1:" + std::to_string(port) + " (env dev, 2 threads)"));
  EXPECT_THAT(out, HasSubstr("GET /health 200 "));
  EXPECT_THAT(out, HasSubstr("ms 127.0.0.1"));
  EXPECT_THAT(out, HasSubstr("shutting down"));
}

TEST(ServerSmoke, RunReturns1WithOneLineWhenThePortIsTaken) {
  Fd holder{::socket(AF_INET, SOCK_STREAM, 0)};
  auto address = loopback(0);
  ASSERT_EQ(::bind(holder.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(holder.get(), 1), 0);
  socklen_t size = sizeof address;
  ::getsockname(holder.get(), reinterpret_cast<sockaddr*>(&address), &size);
  const auto port = ntohs(address.sin_port);

  App app{server_settings(port)};
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(app.run(), 1);
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "error: cannot listen on 127.0.0.1:" + std::to_string(port) +
                     ": address already in use (is another server running? pick another port)\n");
}

TEST(ServerSmoke, StopBeforeRunMakesRunReturnPromptly) {
  App app{server_settings(free_port())};
  app.stop();
  ::testing::internal::CaptureStdout();
  auto exit_code = std::async(std::launch::async, [&app] { return app.run(); });
  ASSERT_EQ(exit_code.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(exit_code.get(), 0);
  EXPECT_THAT(::testing::internal::GetCapturedStdout(), HasSubstr("shutting down"));
}
