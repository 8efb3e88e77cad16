// The Boost.Beast HTTP/1.1 server: one strand per connection, an io_context
// run on N threads, parser-enforced header and body limits, keep-alive with
// timeouts, and a graceful shutdown that lets in-flight requests finish.
// This is the only translation unit that includes Beast (compile time).
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <ctime>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cpprustango/version.hpp"

namespace cpprustango::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

void add_security_headers(Response& response) {
  auto& headers = response.headers();
  if (!headers.contains("X-Content-Type-Options")) headers.add("X-Content-Type-Options", "nosniff");
  if (!headers.contains("X-Frame-Options")) headers.add("X-Frame-Options", "DENY");
  if (!headers.contains("Referrer-Policy")) headers.add("Referrer-Policy", "same-origin");
}

namespace {

// After an error response the client may still be sending the body we
// refused; reading (and dropping) it for a moment before closing keeps the
// kernel from answering with a RST that would destroy our response in flight.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;

// Boost 1.74's Beast speaks boost::string_view; these bridge to std types.
beast::string_view to_beast(std::string_view text) { return {text.data(), text.size()}; }
std::string to_std(beast::string_view text) { return std::string{text.data(), text.size()}; }

bool iequals(std::string_view a, std::string_view b) { return beast::iequals(to_beast(a), to_beast(b)); }

/** The RFC 9110 Date header value, formatted at most once a second per thread. */
const std::string& http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    char buffer[64];
    std::size_t size = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    cached.assign(buffer, size);
    cached_second = now;
  }
  return cached;
}

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

std::string listen_hint(const beast::error_code& ec) {
  if (ec == asio::error::address_in_use) return " (is another server running? pick another port)";
  if (ec == asio::error::access_denied) return " (ports below 1024 need privileges; pick a port above 1024)";
  if (ec == boost::system::errc::address_not_available) return " (is that address one of this machine's?)";
  return {};
}

std::string host_for_url(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

class Engine;

/** One client connection: reads requests one at a time, writes each response, repeats while kept alive. */
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Engine& engine);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  /** Runs on the session's strand: closes an idle connection, lets a busy one finish. */
  void shutdown();
  asio::any_io_executor executor() { return stream_.get_executor(); }

 private:
  // Idle: waiting for a request's header (safe to close on shutdown).
  // Busy: a request has arrived and is being read, handled or answered.
  // Lingering: draining a refused body before closing (safe to close too).
  enum class State { Idle, Busy, Lingering, Closed };

  void read_header();
  void on_header(beast::error_code ec);
  void read_body();
  void on_body(beast::error_code ec);
  void on_read_error(beast::error_code ec);
  void handle_request();
  void respond_error(int status);
  template <class Body>
  void write(std::shared_ptr<bhttp::response<Body>> message, bool keep_alive, bool linger);
  void on_write(beast::error_code ec, bool keep_alive, bool linger);
  void linger();
  void close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Engine& engine_;
  std::string client_ip_;
  State state_ = State::Idle;
  std::size_t lingered_ = 0;
  std::array<char, 4096> scratch_{};
};

/** The listening side: acceptor, signals, threads, and the shutdown sequence. */
class Engine {
 public:
  Engine(ServerOptions options, RequestHandler handler, std::shared_ptr<spdlog::logger> logger)
      : options_(std::move(options)), handler_(std::move(handler)), logger_(std::move(logger)) {}

  int run();
  void stop() {
    asio::post(control_, [this] { begin_shutdown(); });
  }

  const ServerOptions& options() const { return options_; }
  bool stopping() const { return stopping_.load(); }
  spdlog::logger* logger() const { return logger_.get(); }
  Response call(Request request) const { return handler_(std::move(request)); }

  void add(Session* session) {
    std::lock_guard lock{sessions_mutex_};
    sessions_.insert(session);
  }
  void remove(Session* session) {
    std::lock_guard lock{sessions_mutex_};
    sessions_.erase(session);
    // The last connection gone during shutdown: the deadline timer is the
    // only thing left keeping run() alive, so cancel it and let run() return.
    if (sessions_.empty() && stopping_.load() && !finished_.load()) {
      asio::post(control_, [this] { deadline_.cancel(); });
    }
  }

 private:
  void accept();
  void begin_shutdown();
  int fail_to_listen(const std::string& what, const beast::error_code& ec) const;

  ServerOptions options_;
  RequestHandler handler_;
  std::shared_ptr<spdlog::logger> logger_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
  bool shutdown_started_ = false;  // touched only on control_
  std::mutex sessions_mutex_;
  std::unordered_set<Session*> sessions_;
  // Declared after the state above: sessions still queued in the io_context
  // are destroyed with it and call remove() on their way out.
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> control_{asio::make_strand(ioc_)};
  tcp::acceptor acceptor_{control_};
  asio::signal_set signals_{control_};
  asio::steady_timer deadline_{control_};
  asio::steady_timer accept_retry_{control_};
};

// ---- Session ---------------------------------------------------------------

Session::Session(tcp::socket socket, Engine& engine) : stream_(std::move(socket)), engine_(engine) {
  beast::error_code ec;
  auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) client_ip_ = remote.address().to_string();
}

Session::~Session() { engine_.remove(this); }

void Session::start() {
  engine_.add(this);
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void Session::shutdown() {
  if (state_ == State::Idle || state_ == State::Lingering) close();
}

void Session::read_header() {
  if (engine_.stopping()) {
    close();
    return;
  }
  state_ = State::Idle;
  parser_.emplace();
  parser_->header_limit(engine_.options().max_header_bytes);
  parser_->body_limit(engine_.options().max_body_bytes);
  // One deadline covers an idle keep-alive wait and a slow header alike.
  stream_.expires_after(engine_.options().read_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void Session::on_header(beast::error_code ec) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  state_ = State::Busy;
  auto& request = parser_->get();
  auto expect = to_std(request[bhttp::field::expect]);
  if (!parser_->is_done() && iequals(expect, "100-continue")) {
    // curl and others wait a second for this before sending a large body.
    auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, request.version());
    stream_.expires_after(engine_.options().read_timeout);
    bhttp::async_write(stream_, *interim, [self = shared_from_this(), interim](beast::error_code write_ec, std::size_t) {
      if (write_ec) {
        self->close();
        return;
      }
      self->read_body();
    });
    return;
  }
  read_body();
}

void Session::read_body() {
  if (parser_->is_done()) {
    handle_request();
    return;
  }
  stream_.expires_after(engine_.options().read_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
}

void Session::on_body(beast::error_code ec) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  handle_request();
}

void Session::on_read_error(beast::error_code ec) {
  if (ec == asio::error::operation_aborted) return;  // closed by shutdown
  if (ec == bhttp::error::body_limit) return respond_error(413);
  if (ec == bhttp::error::header_limit) return respond_error(431);
  // Any other parser complaint is a malformed request; end_of_stream and
  // partial_message mean the client went away, timeouts mean it went quiet.
  bool parse_error = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
                     ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
  if (parse_error) return respond_error(400);
  close();
}

void Session::handle_request() {
  state_ = State::Busy;
  auto& message = parser_->get();
  const bool head = message.method() == bhttp::verb::head;
  const unsigned version = message.version();
  const bool keep_alive = message.keep_alive();
  const std::string method_name = to_std(message.method_string());
  const std::string target = to_std(message.target());

  Request request{method_from_string(method_name), target, std::move(message.body())};
  for (const auto& field : message) {
    request.headers().add(to_std(field.name_string()), to_std(field.value()));
  }
  request.set_client_ip(client_ip_);

  const auto started = std::chrono::steady_clock::now();
  Response response;
  try {
    response = engine_.call(std::move(request));
  } catch (...) {
    // App::handle already turns exceptions into a 500; this is the backstop.
    response = Response::error(500);
    add_security_headers(response);
  }
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  if (engine_.options().access_log && engine_.logger() != nullptr) {
    engine_.logger()->info("{} {} {} {:.2f}ms {}", method_name, target, response.status(), elapsed.count(),
                           client_ip_);
  }

  const bool alive = keep_alive && !engine_.stopping();
  if (response.status() < 100 || response.status() > 999) {
    if (engine_.logger() != nullptr) engine_.logger()->error("handler returned invalid status {}", response.status());
    response = Response::error(500);
    add_security_headers(response);
  }
  const int status = response.status();
  const bool bodiless_status = status < 200 || status == 204 || status == 304;

  auto fill = [&](auto& out) {
    out.result(static_cast<unsigned>(status));
    out.reason(to_beast(reason_phrase(status)));
    for (const auto& [name, value] : response.headers().entries()) {
      // The server owns framing; a CR or LF in a value would split the response.
      if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection")) {
        continue;
      }
      if (value.find_first_of("\r\n") != std::string::npos || name.find_first_of("\r\n: ") != std::string::npos) {
        if (engine_.logger() != nullptr) engine_.logger()->warn("dropped response header {} with CR/LF", name);
        continue;
      }
      out.insert(to_beast(name), to_beast(value));
    }
    if (out.find(bhttp::field::date) == out.end()) out.set(bhttp::field::date, http_date());
    out.keep_alive(alive);
    if (!bodiless_status) out.content_length(response.body().size());
  };

  if (head || bodiless_status) {
    // HEAD carries the Content-Length a GET would have, but no body.
    auto out = std::make_shared<bhttp::response<bhttp::empty_body>>();
    out->version(version);
    fill(*out);
    write(std::move(out), alive, false);
  } else {
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(version);
    fill(*out);
    out->body() = std::move(response.body());
    write(std::move(out), alive, false);
  }
}

void Session::respond_error(int status) {
  state_ = State::Busy;
  Response response = Response::error(status);
  add_security_headers(response);
  auto out = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(status), 11);
  out->set(bhttp::field::date, http_date());
  for (const auto& [name, value] : response.headers().entries()) out->insert(to_beast(name), to_beast(value));
  out->body() = response.body();
  out->keep_alive(false);
  out->prepare_payload();
  if (engine_.options().access_log && engine_.logger() != nullptr) {
    // Same shape as the normal access line; "-" where the header never parsed.
    // The request line is stored as soon as it parses, even when a later
    // header or the declared length is what got the request refused.
    bool have_header = parser_ && !parser_->get().method_string().empty();
    engine_.logger()->info("{} {} {} - {}", have_header ? to_std(parser_->get().method_string()) : "-",
                           have_header ? to_std(parser_->get().target()) : "-", status, client_ip_);
  }
  write(std::move(out), false, true);
}

template <class Body>
void Session::write(std::shared_ptr<bhttp::response<Body>> message, bool keep_alive, bool linger_after) {
  stream_.expires_after(engine_.options().read_timeout);
  bhttp::async_write(stream_, *message,
                     [self = shared_from_this(), message, keep_alive, linger_after](beast::error_code ec, std::size_t) {
                       self->on_write(ec, keep_alive, linger_after);
                     });
}

void Session::on_write(beast::error_code ec, bool keep_alive, bool linger_after) {
  if (ec) {
    close();
    return;
  }
  if (linger_after) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    state_ = State::Lingering;
    stream_.expires_after(kLingerTime);
    linger();
    return;
  }
  if (!keep_alive) {
    close();
    return;
  }
  read_header();
}

void Session::linger() {
  stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    self->lingered_ += n;
    if (ec || self->lingered_ > kLingerBytes) {
      self->close();
      return;
    }
    self->linger();
  });
}

void Session::close() {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.close();
}

// ---- Engine ----------------------------------------------------------------

int Engine::fail_to_listen(const std::string& what, const beast::error_code& ec) const {
  std::cerr << "error: " << what << " " << host_for_url(options_.host) << ":" << options_.port << ": "
            << lower_first(ec.message()) << listen_hint(ec) << std::endl;
  return 1;
}

int Engine::run() {
  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint{address, options_.port};
  } else {
    tcp::resolver resolver{ioc_};
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) return fail_to_listen("cannot resolve", ec);
    endpoint = results.begin()->endpoint();
  }
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail_to_listen("cannot listen on", ec);
  // Lets a restarted server rebind while old connections sit in TIME_WAIT.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail_to_listen("cannot listen on", ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail_to_listen("cannot listen on", ec);

  const auto bound = acceptor_.local_endpoint(ec);
  const unsigned threads = std::max(1u, options_.threads);
  std::cout << "cpprustango " << CPPRUSTANGO_VERSION << ": serving on http://" << host_for_url(options_.host) << ":"
            << (ec ? options_.port : bound.port()) << " (env " << options_.env << ", " << threads
            << (threads == 1 ? " thread)" : " threads)") << std::endl;

  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](beast::error_code signal_ec, int) {
    if (!signal_ec) begin_shutdown();
  });
  asio::dispatch(control_, [this] { accept(); });

  auto work = [this] {
    // An exception escaping a handler leaves the io_context usable; keep the
    // thread serving rather than silently losing it.
    while (true) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& error) {
        if (logger_) logger_->error("unexpected error in the server loop: {}", error.what());
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  finished_ = true;
  return 0;
}

void Engine::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping_.load()) return;
    if (ec) {
      // Typically EMFILE: back off briefly instead of spinning on the error.
      if (logger_) logger_->warn("accept failed: {}", ec.message());
      accept_retry_.expires_after(std::chrono::milliseconds(50));
      accept_retry_.async_wait([this](beast::error_code timer_ec) {
        if (!timer_ec && !stopping_.load()) accept();
      });
      return;
    }
    std::make_shared<Session>(std::move(socket), *this)->start();
    accept();
  });
}

void Engine::begin_shutdown() {
  if (shutdown_started_) return;
  shutdown_started_ = true;
  stopping_ = true;
  std::cout << "shutting down" << std::endl;
  beast::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  accept_retry_.cancel();

  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock{sessions_mutex_};
    for (Session* session : sessions_) {
      // A session whose destructor is waiting for the lock yields nullptr here.
      if (auto alive = session->weak_from_this().lock()) open.push_back(std::move(alive));
    }
  }
  // Posted outside the lock: dropping the last reference runs ~Session, which takes it.
  if (open.empty()) return;  // nothing left: run() returns by itself
  for (auto& session : open) {
    asio::post(session->executor(), [session] { session->shutdown(); });
  }
  open.clear();
  deadline_.expires_after(options_.shutdown_timeout);
  deadline_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    if (logger_) logger_->warn("shutdown timeout reached; dropping the connections still open");
    ioc_.stop();
  });
}

}  // namespace

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
