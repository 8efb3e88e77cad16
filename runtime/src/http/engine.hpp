// The server's moving parts, private to runtime/src/http (they include Asio
// and Beast): Engine (listening, signals, threads, shutdown), Loop (one
// io_context per thread, owning its connections) and Connection.
//
// Execution model: server.threads event loops, each an io_context run by one
// thread. One acceptor (on loop 0) hands each new socket's descriptor to the
// next loop, round robin; from then on the connection lives on that loop only, so no
// strand, no lock and no cross-thread wake-up is on a request's path. Reads
// parse straight from a per-connection buffer; a response is serialized into
// a reused buffer and written with one gather write. Timeouts are a deadline
// stored per connection (an integer) and checked by the loop's 100 ms tick,
// instead of a timer armed and cancelled on every read.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/access_log.hpp"
#include "http/handler_pool.hpp"
#include "http/server.hpp"

namespace cpprustango::http::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Engine;
class Loop;

/** One client connection, owned by its chain of operations: exactly one read, write or handler is outstanding. */
class Connection {
 public:
  Connection(Loop& loop, tcp::socket socket);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start();
  /** Shutdown: closes a connection waiting for a request (or lingering); a busy one finishes first. */
  void close_if_idle();
  /** The loop's tick: closes the connection when its deadline (in ticks) has passed. */
  void expire(std::uint64_t tick);

  std::size_t slot = 0;  // index in the loop's registry

 private:
  // Reading: waiting for (the rest of) a request. Handling: the view runs.
  // Writing: the response is on its way. Lingering: draining a refused body.
  enum class State { Reading, Handling, Writing, Lingering, Closed };
  // What follows a write: the next request, the rest of this one's body (after
  // 100 Continue), closing, or lingering (after an error response).
  enum class After { Read, Resume, Close, Linger };

  void begin_request();
  void read_more();
  void on_read(const boost::system::error_code& ec, std::size_t bytes);
  void parse();
  void dispatch();
  void run_offloaded(Request request);
  void respond(Response response, std::chrono::steady_clock::duration took);
  void respond_error(int status);
  void serialize(Response& response, bool alive);
  void send_continue();
  void write(After after);
  void on_written(const boost::system::error_code& ec);
  void linger();
  void close();
  /** The chain's last step: unregisters and deletes the connection. */
  void end();

  Loop& loop_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::string head_;     // the serialized status line and headers, reused
  std::string body_;     // the response body, written after head_ in the same call
  std::string client_ip_;
  std::string method_;   // kept for the access line
  std::string target_;
  std::chrono::steady_clock::time_point started_;
  std::uint64_t deadline_ = 0;
  std::size_t lingered_ = 0;
  State state_ = State::Reading;
  After after_ = After::Read;
  bool continue_sent_ = false;
  bool keep_alive_ = false;
  bool http10_ = false;
  bool head_request_ = false;
};

/** One event loop: an io_context, the connections it owns, its tick and its access-log buffer. */
class Loop {
 public:
  Loop(Engine& engine, unsigned index);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  asio::io_context& context() { return context_; }
  Engine& engine() { return engine_; }
  unsigned index() const { return index_; }
  std::uint64_t tick() const { return tick_; }
  AccessLogBuffer* access_log() { return access_log_ ? &*access_log_ : nullptr; }

  /** Runs the loop until it has nothing left (after shutdown) or is stopped. */
  void run();
  /** Takes a freshly accepted socket; runs on this loop. */
  void adopt(tcp::socket socket);
  /** Takes a socket accepted on another loop, as a descriptor; runs on this loop. */
  void adopt(tcp protocol, int descriptor);
  void remove(Connection* connection);
  /** Runs on this loop: idle connections close, busy ones finish, then run() returns. */
  void begin_shutdown();

 private:
  void arm_tick();
  void on_tick();

  Engine& engine_;
  unsigned index_;
  // Only this loop's thread touches its sockets and timers, so the reactor's
  // per-descriptor locks are off; posting from other threads stays safe.
  asio::io_context context_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  asio::steady_timer ticker_{context_};
  std::vector<Connection*> connections_;
  std::optional<AccessLogBuffer> access_log_;
  std::uint64_t tick_ = 1;
  bool stopping_ = false;
};

/** The listening side: loops and their threads, the acceptor, signals, and the shutdown sequence. */
class Engine {
 public:
  static constexpr auto kTick = std::chrono::milliseconds(100);

  Engine(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger);
  ~Engine();

  int run();
  void stop();

  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  spdlog::logger* logger() const { return logger_.get(); }
  /** Whether access lines are written: log.access on and the logger at info or below. */
  bool access_log_on() const;
  const RequestHandler& handler() const { return handler_; }
  SlowRoutes& slow_routes() { return slow_routes_; }
  HandlerPool& pool() { return pool_; }
  AccessLogSink* access_sink() { return access_sink_.get(); }
  /** The read/write timeout in loop ticks. */
  std::uint64_t timeout_ticks() const { return timeout_ticks_; }
  /** The steady-clock time after which a shutdown drops what is still open. */
  std::chrono::steady_clock::time_point shutdown_deadline() const;

 private:
  int fail_to_listen(const std::string& what, const boost::system::error_code& ec) const;
  std::vector<std::unique_ptr<Loop>> make_loops();
  void accept();
  void begin_shutdown();

  ServerOptions options_;
  RequestHandler handler_;
  std::shared_ptr<spdlog::logger> logger_;
  std::uint64_t timeout_ticks_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> shutdown_deadline_{0};
  bool shutdown_started_ = false;  // touched only on loop 0
  SlowRoutes slow_routes_;
  std::unique_ptr<AccessLogSink> access_sink_;  // null when the access log is off
  std::vector<std::unique_ptr<Loop>> loops_;
  tcp::acceptor acceptor_;      // on loop 0, like the two below
  tcp protocol_ = tcp::v4();
  asio::signal_set signals_;
  asio::steady_timer accept_retry_;
  // Declared last, so destroyed first: a blocking view still running after a
  // shutdown timeout posts back to its loop, which must outlive the pool.
  HandlerPool pool_;
  unsigned next_loop_ = 0;
};

}  // namespace cpprustango::http::detail
