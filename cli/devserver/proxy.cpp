// One Session per client connection, all on the dev server's single thread:
// no locks. Each forwarded request opens its own connection to the app
// (loopback connects cost microseconds) so a restart never strands a pooled
// connection to an app that is gone. Bodies are buffered whole: this is a
// development server, and the app's own limits still apply behind it.
#include "devserver/proxy.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "devserver/pages.hpp"
#include "support/errors.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace cpprustango::cli::devserver {
namespace {

constexpr std::uint64_t kMaxBody = std::uint64_t{1} << 32;
constexpr std::uint32_t kMaxHeader = 64 * 1024;
// A request that fails against the app is tried once more after this pause:
// long enough for the app's exit (if it crashed) to be seen first.
constexpr auto kRetryPause = std::chrono::milliseconds(50);

std::string_view to_std(beast::string_view text) { return {text.data(), text.size()}; }

class Session;
class EventStream;

}  // namespace

struct Proxy::Impl : std::enable_shared_from_this<Proxy::Impl> {
  enum class Mode { Hold, Forward, Fail };

  explicit Impl(asio::io_context& context) : io(context), acceptor(context), accept_retry(context) {}

  void accept();
  void release_held();

  asio::io_context& io;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  Mode mode = Mode::Hold;
  std::uint16_t port = 0;
  std::string error_html;
  std::string generation = "0";
  std::function<void()> next_answer;  ///< on_next_answer()'s callback, until it fires
  std::vector<std::shared_ptr<Session>> held;  ///< owned here: no operation is pending for them
  std::vector<std::weak_ptr<Session>> sessions;
  std::vector<std::weak_ptr<EventStream>> streams;
  bool stopped = false;
};

namespace {

/** A browser's Server-Sent Events connection: one "data: <generation>" event per change. */
class EventStream : public std::enable_shared_from_this<EventStream> {
 public:
  explicit EventStream(tcp::socket socket) : socket_(std::move(socket)) {}

  void start(const std::string& generation) {
    // retry: a reconnect soon after the server restarts gets the new
    // generation, and the page reloads by itself.
    queue(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
        "Connection: keep-alive\r\n\r\nretry: 500\n\n");
    send(generation);
    watch_for_close();
  }
  void send(const std::string& generation) { queue("data: " + generation + "\n\n"); }
  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void queue(std::string text) {
    outbox_.push_back(std::move(text));
    if (!writing_) write_next();
  }
  void write_next() {
    if (outbox_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    asio::async_write(socket_, asio::buffer(outbox_.front()),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        self->outbox_.pop_front();
                        self->write_next();
                      });
  }
  // The browser sends nothing more; a read that ends means it went away.
  void watch_for_close() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->watch_for_close();
                            });
  }

  tcp::socket socket_;
  std::deque<std::string> outbox_;  // a deque: pushing keeps the front's buffer in place
  bool writing_ = false;
  std::array<char, 256> scratch_{};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Proxy::Impl> proxy)
      : client_(std::move(socket)), upstream_(proxy->io), retry_timer_(proxy->io), proxy_(std::move(proxy)) {}

  void start() { read_request(); }

  /** Sends the request where the proxy's mode says: to the app, to the error page, or to the wait list. */
  void dispatch() {
    if (proxy_->stopped) return close();
    switch (proxy_->mode) {
      case Proxy::Impl::Mode::Hold:
        proxy_->held.push_back(shared_from_this());
        return;
      case Proxy::Impl::Mode::Fail:
        return respond(http::status::internal_server_error, "text/html; charset=utf-8", proxy_->error_html);
      case Proxy::Impl::Mode::Forward:
        return forward();
    }
  }

  void close() {
    boost::system::error_code ignored;
    client_.shutdown(tcp::socket::shutdown_both, ignored);
    client_.close(ignored);
    upstream_.close(ignored);
    retry_timer_.cancel();
  }

 private:
  void read_request() {
    parser_.emplace();
    parser_->header_limit(kMaxHeader);
    parser_->body_limit(kMaxBody);
    http::async_read_header(client_, client_buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return close();
    const bool expects_continue = beast::iequals(parser_->get()[http::field::expect], "100-continue");
    if (!parser_->is_done() && expects_continue) {
      // curl and others wait a second for this before sending a large body.
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(client_, asio::buffer(kContinue),
                        [self = shared_from_this()](boost::system::error_code write_ec, std::size_t) {
                          if (write_ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return on_request({});
    http::async_read(client_, client_buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec) return close();
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    head_ = request_.method() == http::verb::head;
    retried_ = false;
    // The app must not answer "100 Continue" to us: the body goes with the header.
    request_.erase(http::field::expect);
    const auto target = to_std(request_.target());
    const auto path = target.substr(0, target.find('?'));
    if (path == kEventsPath) {
      auto stream = std::make_shared<EventStream>(std::move(client_));
      proxy_->streams.push_back(stream);
      stream->start(proxy_->generation);
      return;
    }
    if (path == kScriptPath) {
      return respond(http::status::ok, "text/javascript; charset=utf-8", std::string(reload_script()));
    }
    dispatch();
  }

  void forward() {
    const std::uint16_t port = proxy_->port;
    boost::system::error_code ignored;
    upstream_.close(ignored);
    upstream_buffer_.consume(upstream_buffer_.size());
    upstream_.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), port),
                            [self = shared_from_this(), port](boost::system::error_code ec) {
                              if (ec) return self->on_upstream_error(port, false);
                              self->send_upstream(port);
                            });
  }

  void send_upstream(std::uint16_t port) {
    request_.keep_alive(false);
    http::async_write(upstream_, request_, [self = shared_from_this(), port](beast::error_code ec, std::size_t) {
      // An app refusing a body early (413) may reset while we write: its answer may still be there to read.
      self->response_.emplace();
      self->response_->body_limit(kMaxBody);
      if (self->head_) self->response_->skip(true);
      http::async_read(self->upstream_, self->upstream_buffer_, *self->response_,
                       [self, port, write_failed = bool(ec)](beast::error_code read_ec, std::size_t) {
                         if (read_ec) return self->on_upstream_error(port, !write_failed);
                         self->on_upstream_response(port);
                       });
    });
  }

  void on_upstream_response(std::uint16_t port) {
    boost::system::error_code ignored;
    upstream_.close(ignored);
    if (proxy_->next_answer && port == proxy_->port) std::exchange(proxy_->next_answer, nullptr)();
    auto response = std::make_shared<http::response<http::string_body>>(response_->release());
    if (!head_) {
      const bool html =
          is_html(to_std((*response)[http::field::content_type])) && (*response)[http::field::content_encoding].empty();
      if (html) inject_before_body_end(response->body(), reload_script_tag(proxy_->generation));
      try {
        response->prepare_payload();
      } catch (const std::exception&) {  // a body on a 204 or 304: send it as the app gave it
      }
    }
    response->keep_alive(keep_alive_);
    write(std::move(response));
  }

  // The app did not answer: it is restarting or it crashed. After a moment
  // the proxy's mode says which; a request the same app already received is
  // not sent to it twice.
  void on_upstream_error(std::uint16_t port, bool delivered) {
    boost::system::error_code ignored;
    upstream_.close(ignored);
    if (!retried_) {
      retried_ = true;
      retry_timer_.expires_after(kRetryPause);
      retry_timer_.async_wait([self = shared_from_this(), port, delivered](boost::system::error_code ec) {
        if (ec) return;
        auto& proxy = *self->proxy_;
        if (delivered && proxy.mode == Proxy::Impl::Mode::Forward && proxy.port == port) return self->bad_gateway();
        self->dispatch();
      });
      return;
    }
    bad_gateway();
  }

  void bad_gateway() {
    respond(http::status::bad_gateway, "text/html; charset=utf-8",
            render_error_page({"The app did not answer",
                               "The connection to the app broke before a response came back; its output is in the "
                               "terminal.",
                               "", proxy_->generation}));
  }

  void respond(http::status status, std::string_view content_type, std::string body) {
    auto response = std::make_shared<http::response<http::string_body>>(status, request_.version());
    response->set(http::field::content_type, beast::string_view(content_type.data(), content_type.size()));
    response->set(http::field::cache_control, "no-store");
    response->body() = std::move(body);
    response->prepare_payload();
    if (head_) response->body().clear();  // Content-Length stays as a GET would have it
    response->keep_alive(keep_alive_);
    write(std::move(response));
  }

  void write(std::shared_ptr<http::response<http::string_body>> response) {
    http::async_write(client_, *response, [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->read_request();
    });
  }

  tcp::socket client_;
  beast::flat_buffer client_buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  tcp::socket upstream_;
  beast::flat_buffer upstream_buffer_;
  std::optional<http::response_parser<http::string_body>> response_;
  asio::steady_timer retry_timer_;
  std::shared_ptr<Proxy::Impl> proxy_;
  bool keep_alive_ = false;
  bool head_ = false;
  bool retried_ = false;
};

}  // namespace

void Proxy::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
    if (self->stopped) return;
    if (ec) {
      // Typically EMFILE: back off a little instead of spinning on the error.
      self->accept_retry.expires_after(std::chrono::milliseconds(50));
      self->accept_retry.async_wait([self](boost::system::error_code timer_ec) {
        if (!timer_ec && !self->stopped) self->accept();
      });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), self);
    std::erase_if(self->sessions, [](const auto& weak) { return weak.expired(); });
    self->sessions.push_back(session);
    session->start();
    self->accept();
  });
}

void Proxy::Impl::release_held() {
  auto waiting = std::move(held);
  held.clear();
  for (auto& session : waiting) session->dispatch();
}

Proxy::Proxy(asio::io_context& io, const ListenAddress& address) : impl_(std::make_shared<Impl>(io)) {
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto ip = asio::ip::make_address(address.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(ip, address.port);
  } else {
    tcp::resolver resolver(io);
    auto results = resolver.resolve(address.host, std::to_string(address.port), ec);
    if (ec || results.empty()) throw CliError("cannot resolve " + address.host + ": " + ec.message());
    endpoint = results.begin()->endpoint();
  }
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw CliError("cannot serve on " + address.url() + ": " + ec.message() +
                   "; stop the other server or choose another port");
  }
  impl_->accept();
}

Proxy::~Proxy() { stop(); }

void Proxy::hold() { impl_->mode = Impl::Mode::Hold; }

void Proxy::forward_to(std::uint16_t port) {
  impl_->mode = Impl::Mode::Forward;
  impl_->port = port;
  impl_->release_held();
}

void Proxy::on_next_answer(std::function<void()> callback) { impl_->next_answer = std::move(callback); }

void Proxy::fail(std::string html) {
  impl_->mode = Impl::Mode::Fail;
  impl_->error_html = std::move(html);
  impl_->release_held();
}

void Proxy::publish(const std::string& generation) {
  impl_->generation = generation;
  std::erase_if(impl_->streams, [](const auto& weak) { return weak.expired(); });
  for (auto& weak : impl_->streams) {
    if (auto stream = weak.lock()) stream->send(generation);
  }
}

void Proxy::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->accept_retry.cancel();
  for (auto& weak : impl_->sessions) {
    if (auto session = weak.lock()) session->close();
  }
  for (auto& weak : impl_->streams) {
    if (auto stream = weak.lock()) stream->close();
  }
  for (auto& session : impl_->held) session->close();
  impl_->held.clear();
}

}  // namespace cpprustango::cli::devserver
