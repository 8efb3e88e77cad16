// One HTTP/1.1 connection on its event loop: parse from a reused buffer
// (pipelined requests wait there), run the view inline or on the blocking
// pool, write the response in one gather write, repeat while kept alive.
// Limits come from Beast's parser (431, 413, 400); after an error response
// the connection lingers, dropping the refused body, before it closes.
#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <charconv>
#include <cstring>
#include <ctime>

#include "http/engine.hpp"

using namespace std::string_view_literals;

namespace cpprustango::http::detail {

namespace bhttp = boost::beast::http;

namespace {

// After an error response the client may still be sending the body we
// refused; reading (and dropping) it for a moment before closing keeps the
// kernel from answering with a RST that would destroy our response in flight.
constexpr std::uint64_t kLingerTicks = 20;  // 2 s
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;
constexpr std::size_t kReadChunk = 8 * 1024;

std::string_view view(boost::beast::string_view text) { return {text.data(), text.size()}; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

/** Whether `text` holds any of `bytes`: one vectorized memchr per byte (find_first_of calls memchr per character). */
bool contains_any(std::string_view text, std::string_view bytes) {
  for (char b : bytes) {
    if (std::memchr(text.data(), b, text.size()) != nullptr) return true;
  }
  return false;
}

/** The RFC 9110 Date header value, formatted at most once a second per thread. */
std::string_view http_date() {
  thread_local std::time_t cached_second = 0;
  thread_local char cached[64];
  thread_local std::size_t size = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    size = std::strftime(cached, sizeof cached, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    cached_second = now;
  }
  return {cached, size};
}

void append_number(std::string& out, std::uint64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

Response call_view(const RequestHandler& handler, Request request) {
  try {
    return handler(std::move(request));
  } catch (...) {
    // App::handle already turns exceptions into a 500; this is the backstop.
    Response response = Response::error(500);
    add_security_headers(response);
    return response;
  }
}

}  // namespace

Connection::Connection(Loop& loop, tcp::socket socket) : loop_(loop), socket_(std::move(socket)) {
  head_.reserve(512);
  boost::system::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  if (!ec) client_ip_ = remote.address().to_string();
}

void Connection::start() { begin_request(); }

void Connection::close_if_idle() {
  const bool waiting = state_ == State::Reading && !parser_->is_header_done();
  if (waiting || state_ == State::Lingering) close();
}

void Connection::expire(std::uint64_t tick) {
  // A running view has no deadline: it is not the client being slow.
  if (state_ == State::Handling || state_ == State::Closed) return;
  if (tick >= deadline_) close();
}

void Connection::begin_request() {
  Engine& engine = loop_.engine();
  if (engine.stopping()) {
    close();
    end();
    return;
  }
  state_ = State::Reading;
  parser_.emplace();
  parser_->header_limit(engine.options().max_header_bytes);
  parser_->body_limit(engine.options().max_body_bytes);
  parser_->eager(true);
  continue_sent_ = false;
  // One deadline covers an idle keep-alive wait and a slow header alike.
  deadline_ = loop_.tick() + engine.timeout_ticks() + 1;
  parse();  // a pipelined request may already be in the buffer
}

void Connection::read_more() {
  socket_.async_read_some(buffer_.prepare(kReadChunk),
                          [this](const boost::system::error_code& ec, std::size_t bytes) { on_read(ec, bytes); });
}

void Connection::on_read(const boost::system::error_code& ec, std::size_t bytes) {
  if (state_ == State::Closed || ec) {
    // Closed by the tick or the shutdown, or the client went away or reset.
    close();
    end();
    return;
  }
  buffer_.commit(bytes);
  parse();
}

void Connection::parse() {
  boost::system::error_code ec;
  while (buffer_.size() > 0) {
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == bhttp::error::need_more) break;
    if (ec == bhttp::error::body_limit) return respond_error(413);
    if (ec == bhttp::error::header_limit) return respond_error(431);
    if (ec) return respond_error(400);
    if (parser_->is_done()) return dispatch();
    if (used == 0) break;
  }
  if (parser_->is_header_done() && !continue_sent_) {
    continue_sent_ = true;
    // The body gets its own deadline, as the header did.
    deadline_ = loop_.tick() + loop_.engine().timeout_ticks() + 1;
    auto expect = parser_->get()[bhttp::field::expect];
    // curl and others wait a second for this before sending a large body.
    if (iequals(view(expect), "100-continue")) return send_continue();
  }
  read_more();
}

void Connection::dispatch() {
  state_ = State::Handling;
  auto& message = parser_->get();
  method_.assign(view(message.method_string()));
  target_.assign(view(message.target()));
  keep_alive_ = message.keep_alive();
  http10_ = message.version() == 10;
  head_request_ = message.method() == bhttp::verb::head;

  Request request{method_from_string(method_), target_, std::move(message.body())};
  for (const auto& field : message) {
    request.headers().add(std::string{view(field.name_string())}, std::string{view(field.value())});
  }
  request.set_client_ip(client_ip_);

  Engine& engine = loop_.engine();
  const auto route = SlowRoutes::key(method_, target_);
  started_ = std::chrono::steady_clock::now();
  if (engine.pool().enabled() && engine.slow_routes().slow(route)) {
    engine.pool().submit(
        [this, request = std::move(request)]() mutable { run_offloaded(std::move(request)); });
    return;
  }
  const bool watched = engine.pool().enabled() && engine.slow_routes().watched(route);
  const long sleeps_before = watched ? SlowRoutes::sleeps() : 0;
  Response response = call_view(engine.handler(), std::move(request));
  const auto took = std::chrono::steady_clock::now() - started_;
  if (engine.pool().enabled()) {
    engine.slow_routes().record(route, took, watched ? SlowRoutes::Run::Watched : SlowRoutes::Run::Inline,
                                watched && SlowRoutes::sleeps() > sleeps_before);
  }
  respond(std::move(response), took);
}

void Connection::run_offloaded(Request request) {
  // On a pool thread: only the view runs here; the socket stays with the loop.
  Response response = call_view(loop_.engine().handler(), std::move(request));
  const auto took = std::chrono::steady_clock::now() - started_;
  asio::post(loop_.context(),
             [this, response = std::move(response), took]() mutable { respond(std::move(response), took); });
}

void Connection::respond(Response response, std::chrono::steady_clock::duration took) {
  Engine& engine = loop_.engine();
  if (response.status() < 100 || response.status() > 999) {
    if (auto* logger = engine.logger()) logger->error("handler returned invalid status {}", response.status());
    response = Response::error(500);
    add_security_headers(response);
  }
  if (auto* log = loop_.access_log()) {
    log->append(method_, target_, response.status(), std::chrono::duration<double, std::milli>(took).count(),
                client_ip_);
  }
  const bool alive = keep_alive_ && !engine.stopping();
  serialize(response, alive);
  write(alive ? After::Read : After::Close);
}

void Connection::serialize(Response& response, bool alive) {
  const int status = response.status();
  const bool bodiless_status = status < 200 || status == 204 || status == 304;
  head_.clear();
  head_.append(http10_ ? "HTTP/1.0 "sv : "HTTP/1.1 "sv);
  append_number(head_, static_cast<std::uint64_t>(status));
  head_.push_back(' ');
  head_.append(reason_phrase(status));
  head_.append("\r\n"sv);
  bool has_date = false;
  for (const auto& [name, value] : response.headers().entries()) {
    // The server owns framing; a CR or LF in a value would split the response.
    if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection")) {
      continue;
    }
    if (contains_any(value, "\r\n") || contains_any(name, "\r\n: ")) {
      if (auto* logger = loop_.engine().logger()) logger->warn("dropped response header {} with CR/LF", name);
      continue;
    }
    has_date = has_date || iequals(name, "Date");
    head_.append(name).append(": "sv).append(value).append("\r\n"sv);
  }
  if (!has_date) head_.append("Date: "sv).append(http_date()).append("\r\n"sv);
  if (!alive) {
    head_.append("Connection: close\r\n"sv);
  } else if (http10_) {
    head_.append("Connection: keep-alive\r\n"sv);
  }
  // HEAD carries the Content-Length a GET would have, but no body.
  if (!bodiless_status) {
    head_.append("Content-Length: "sv);
    append_number(head_, response.body().size());
    head_.append("\r\n"sv);
  }
  head_.append("\r\n"sv);
  if (head_request_ || bodiless_status) {
    body_.clear();
  } else {
    body_ = std::move(response.body());
  }
}

void Connection::respond_error(int status) {
  state_ = State::Handling;
  Response response = Response::error(status);
  add_security_headers(response);
  if (auto* log = loop_.access_log()) {
    // Same shape as the normal access line; "-" where the header never parsed.
    // The request line is stored as soon as it parses, even when a later
    // header or the declared length is what got the request refused.
    auto& message = parser_->get();
    log->append(view(message.method_string()), view(message.target()), status, -1, client_ip_);
  }
  http10_ = false;
  head_request_ = false;
  serialize(response, false);
  write(After::Linger);
}

void Connection::send_continue() {
  head_.assign(http10_ ? "HTTP/1.0 100 Continue\r\n\r\n" : "HTTP/1.1 100 Continue\r\n\r\n");
  body_.clear();
  write(After::Resume);
}

void Connection::write(After after) {
  state_ = State::Writing;
  after_ = after;
  deadline_ = loop_.tick() + loop_.engine().timeout_ticks() + 1;
  std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
  asio::async_write(socket_, buffers,
                    [this](const boost::system::error_code& ec, std::size_t) { on_written(ec); });
}

void Connection::on_written(const boost::system::error_code& ec) {
  if (state_ == State::Closed || ec) {
    close();
    end();
    return;
  }
  switch (after_) {
    case After::Read:
      begin_request();
      return;
    case After::Resume:
      state_ = State::Reading;
      read_more();
      return;
    case After::Close:
      close();
      end();
      return;
    case After::Linger: {
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_send, ignored);
      state_ = State::Lingering;
      deadline_ = loop_.tick() + kLingerTicks;
      buffer_.clear();
      linger();
      return;
    }
  }
}

void Connection::linger() {
  socket_.async_read_some(buffer_.prepare(kReadChunk), [this](const boost::system::error_code& ec, std::size_t n) {
    lingered_ += n;
    if (state_ == State::Closed || ec || lingered_ > kLingerBytes) {
      close();
      end();
      return;
    }
    linger();
  });
}

void Connection::close() {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  socket_.close(ignored);
}

void Connection::end() {
  loop_.remove(this);
  delete this;
}

}  // namespace cpprustango::http::detail
