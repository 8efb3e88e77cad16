// The HTTP/1.1 server behind App::run(). Only std types here, so that only
// the server's own translation units pay for Boost.Asio and Beast.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"

namespace spdlog {
class logger;
}

namespace cpprustango::http::detail {

/** What App reads from the server.* settings. */
struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;  // 0 binds any free port
  unsigned threads = 1;  // event loops, one thread each (0: loop_count decides)
  unsigned workers = 64;  // threads for views seen to block (started as needed); 0 runs every view on its loop
  std::int64_t blocking_threshold_us = 10000;  // a view slower than this goes to the workers for a while
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds shutdown_timeout{10};
  bool access_log = true;
  std::string env = "dev";  // shown in the startup line only
};

/** Turns one parsed request into a response; must not throw (App::handle does not). */
using RequestHandler = std::function<Response(Request)>;

/**
 * How many event loops server.threads asks for: `configured`, or when it is 0
 * one per core, two per core when the app's database is a server. Views run on
 * their loop and the ORM blocks, so while a loop waits on PostgreSQL's round
 * trip its core idles unless another loop has work (measured on 2 cores: 4
 * loops served the REST list 1.3x faster than 2, its p99 8 ms against 11-20).
 */
unsigned loop_count(unsigned configured, bool database_is_a_server);

/** Adds X-Content-Type-Options, X-Frame-Options and Referrer-Policy unless the response set them. */
void add_security_headers(Response& response);

/**
 * The HTTP/1.1 server (event loop per thread; see engine.hpp), bound for the lifetime of one run():
 *   Server server{options, handler, logger};
 *   int code = server.run();   // blocks; 1 when the address cannot be bound
 */
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /** Binds, serves until stop() or SIGINT/SIGTERM, drains and returns 0; 1 if bind/listen fails. */
  int run();
  /** Starts a graceful shutdown; safe from any thread, before or during run(). */
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpprustango::http::detail
