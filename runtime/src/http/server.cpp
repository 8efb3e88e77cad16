// The HTTP/1.1 server's listening side: event loops and their threads, the
// acceptor handing sockets to loops, signals, the per-loop tick (timeouts,
// access log) and the graceful shutdown. Connections are in connection.cpp;
// the model is described in engine.hpp and docs/architecture.md.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <iostream>
#include <thread>

#include "cpprustango/version.hpp"
#include "http/engine.hpp"

namespace cpprustango::http::detail {

unsigned loop_count(unsigned configured, bool database_is_a_server) {
  if (configured > 0) return configured;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return database_is_a_server ? 2 * cores : cores;
}

void add_security_headers(Response& response) {
  auto& headers = response.headers();
  if (!headers.contains("X-Content-Type-Options")) headers.add("X-Content-Type-Options", "nosniff");
  if (!headers.contains("X-Frame-Options")) headers.add("X-Frame-Options", "DENY");
  if (!headers.contains("Referrer-Policy")) headers.add("Referrer-Policy", "same-origin");
}

namespace {

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string listen_hint(const boost::system::error_code& ec) {
  if (ec == asio::error::address_in_use) return " (is another server running? pick another port)";
  if (ec == asio::error::access_denied) return " (ports below 1024 need privileges; pick a port above 1024)";
  if (ec == boost::system::errc::address_not_available) return " (is that address one of this machine's?)";
  return {};
}

std::string host_for_url(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::int64_t steady_ms(std::chrono::steady_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

}  // namespace

// ---- Loop ------------------------------------------------------------------

Loop::Loop(Engine& engine, unsigned index) : engine_(engine), index_(index) {
  if (auto* sink = engine.access_sink()) access_log_.emplace(*sink, ::isatty(STDOUT_FILENO) == 1);
}

Loop::~Loop() {
  // Only after a shutdown timeout are connections left; their pending
  // operations die with the io_context, so nothing calls back into them.
  for (Connection* connection : connections_) delete connection;
}

void Loop::run() {
  arm_tick();
  // An exception escaping a view is turned into a 500 by App::handle; this
  // is the backstop that keeps the loop serving rather than losing it.
  while (true) {
    try {
      context_.run();
      return;
    } catch (const std::exception& error) {
      if (auto* logger = engine_.logger()) logger->error("unexpected error in the server loop: {}", error.what());
    }
  }
}

void Loop::adopt(tcp::socket socket) {
  if (stopping_) return;  // the socket closes as it goes out of scope
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto* connection = new Connection(*this, std::move(socket));
  connection->slot = connections_.size();
  connections_.push_back(connection);
  connection->start();
}

void Loop::adopt(tcp protocol, int descriptor) {
  tcp::socket socket{context_};
  boost::system::error_code ec;
  socket.assign(protocol, descriptor, ec);
  if (ec) {
    ::close(descriptor);
    return;
  }
  adopt(std::move(socket));
}

void Loop::remove(Connection* connection) {
  // Swap-remove: the registry is only walked by the tick and the shutdown.
  Connection* last = connections_.back();
  connections_[connection->slot] = last;
  last->slot = connection->slot;
  connections_.pop_back();
}

void Loop::begin_shutdown() {
  stopping_ = true;
  // close_if_idle() may end a connection, which swap-removes it: walk a copy.
  auto open = connections_;
  for (Connection* connection : open) connection->close_if_idle();
}

void Loop::arm_tick() {
  ticker_.expires_after(Engine::kTick);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

void Loop::on_tick() {
  ++tick_;
  if (access_log_) access_log_->flush();
  // expire() only closes sockets; the connections end later, from their handlers.
  for (Connection* connection : connections_) connection->expire(tick_);
  if (stopping_) {
    if (connections_.empty()) return;  // nothing re-arms: run() returns
    if (std::chrono::steady_clock::now() >= engine_.shutdown_deadline()) {
      if (auto* logger = engine_.logger()) {
        logger->warn("shutdown timeout reached; dropping the connections still open");
      }
      context_.stop();
      return;
    }
  }
  arm_tick();
}

// ---- Engine ----------------------------------------------------------------

Engine::Engine(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      logger_(std::move(logger)),
      timeout_ticks_(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(options_.read_timeout).count() / kTick.count())),
      slow_routes_(std::chrono::microseconds(options_.blocking_threshold_us)),
      access_sink_(access_log_on() ? std::make_unique<AccessLogSink>() : nullptr),
      loops_(make_loops()),
      acceptor_(loops_.front()->context()),
      signals_(loops_.front()->context()),
      accept_retry_(loops_.front()->context()),
      pool_(options_.workers) {}

Engine::~Engine() = default;

std::vector<std::unique_ptr<Loop>> Engine::make_loops() {
  std::vector<std::unique_ptr<Loop>> loops;
  const unsigned count = std::max(1u, options_.threads);
  for (unsigned i = 0; i < count; ++i) loops.push_back(std::make_unique<Loop>(*this, i));
  return loops;
}

bool Engine::access_log_on() const {
  return options_.access_log && logger_ != nullptr && logger_->should_log(spdlog::level::info);
}

std::chrono::steady_clock::time_point Engine::shutdown_deadline() const {
  return std::chrono::steady_clock::time_point{std::chrono::milliseconds(shutdown_deadline_.load())};
}

void Engine::stop() {
  // Set here, not only on loop 0: a view running on loop 0 answers with
  // Connection: close even though the shutdown itself waits for it.
  stopping_ = true;
  asio::post(loops_.front()->context(), [this] { begin_shutdown(); });
}

int Engine::fail_to_listen(const std::string& what, const boost::system::error_code& ec) const {
  std::cerr << "error: " << what << " " << host_for_url(options_.host) << ":" << options_.port << ": "
            << lower_first(ec.message()) << listen_hint(ec) << std::endl;
  return 1;
}

int Engine::run() {
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint{address, options_.port};
  } else {
    tcp::resolver resolver{loops_.front()->context()};
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) return fail_to_listen("cannot resolve", ec);
    endpoint = results.begin()->endpoint();
  }
  protocol_ = endpoint.protocol();
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail_to_listen("cannot listen on", ec);
  // Lets a restarted server rebind while old connections sit in TIME_WAIT.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail_to_listen("cannot listen on", ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail_to_listen("cannot listen on", ec);

  const auto bound = acceptor_.local_endpoint(ec);
  const auto threads = loops_.size();
  std::cout << "cpprustango " << CPPRUSTANGO_VERSION << ": serving on http://" << host_for_url(options_.host) << ":"
            << (ec ? options_.port : bound.port()) << " (env " << options_.env << ", " << threads
            << (threads == 1 ? " thread)" : " threads)") << std::endl;

  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const boost::system::error_code& signal_ec, int) {
    if (!signal_ec) begin_shutdown();
  });
  asio::post(loops_.front()->context(), [this] { accept(); });

  std::vector<std::thread> threads_running;
  threads_running.reserve(threads - 1);
  for (std::size_t i = 1; i < threads; ++i) threads_running.emplace_back([this, i] { loops_[i]->run(); });
  loops_.front()->run();
  for (auto& thread : threads_running) thread.join();
  // Lines formatted since the last tick, then everything written before run() returns.
  for (auto& loop : loops_) {
    if (auto* buffer = loop->access_log()) buffer->flush();
  }
  if (access_sink_) access_sink_->drain();
  return 0;
}

void Engine::accept() {
  if (shutdown_started_) return;
  Loop& target = *loops_[next_loop_];
  next_loop_ = (next_loop_ + 1) % static_cast<unsigned>(loops_.size());
  acceptor_.async_accept([this, &target](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || shutdown_started_) return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning on the error.
      if (logger_) logger_->warn("accept failed: {}", ec.message());
      accept_retry_.expires_after(std::chrono::milliseconds(50));
      accept_retry_.async_wait([this](const boost::system::error_code& timer_ec) {
        if (!timer_ec) accept();
      });
      return;
    }
    if (&target == loops_.front().get()) {
      target.adopt(std::move(socket));
    } else {
      // The descriptor moves, not the socket: each loop's sockets are only
      // ever touched by its own thread (its reactor runs without locks).
      boost::system::error_code release_ec;
      const int descriptor = socket.release(release_ec);
      if (!release_ec) {
        asio::post(target.context(), [&target, protocol = protocol_, descriptor] { target.adopt(protocol, descriptor); });
      }
    }
    accept();
  });
}

void Engine::begin_shutdown() {
  if (shutdown_started_) return;
  shutdown_started_ = true;
  shutdown_deadline_ = steady_ms(std::chrono::steady_clock::now() + options_.shutdown_timeout);
  stopping_ = true;
  std::cout << "shutting down" << std::endl;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  accept_retry_.cancel();
  for (auto& loop : loops_) {
    Loop* target = loop.get();
    asio::post(target->context(), [target] { target->begin_shutdown(); });
  }
}

// ---- Server ----------------------------------------------------------------

struct Server::Impl {
  Impl(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger)
      : engine(std::move(options), std::move(handler), std::move(logger)) {}
  Engine engine;
};

Server::Server(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(logger))) {}

Server::~Server() = default;

int Server::run() { return impl_->engine.run(); }

void Server::stop() { impl_->engine.stop(); }

}  // namespace cpprustango::http::detail
