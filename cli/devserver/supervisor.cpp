// Each start() gets a new port, so the new app can bind while the old one is
// still draining its requests: a restart costs the app's start-up time only.
// Readiness comes from the runtime's "serving on" line, printed right after
// listen(); a connect probe covers apps that print something else.
#include "devserver/supervisor.hpp"

#include <algorithm>

#include "support/errors.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace cpprustango::cli::devserver {
namespace {

constexpr std::size_t kKeptOutputBytes = 64 * 1024;
constexpr auto kProbeInterval = std::chrono::milliseconds(50);

std::uint16_t free_loopback_port(asio::io_context& io) {
  tcp::acceptor probe(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return probe.local_endpoint().port();
}

bool serving_line(const std::string& line) {
  return line.rfind("cpprustango ", 0) == 0 && line.find(": serving on http://") != std::string::npos;
}

}  // namespace

Supervisor::Supervisor(asio::io_context& io, Events events) : io_(io), events_(std::move(events)), probe_timer_(io) {}

Supervisor::~Supervisor() { stop_all(); }

void Supervisor::start(const std::filesystem::path& program, const std::filesystem::path& cwd,
                       std::vector<std::pair<std::string, std::string>> env) {
  retire();
  const std::uint64_t id = ++next_id_;
  port_ = free_loopback_port(io_);
  output_.clear();
  output_bytes_ = 0;

  Command command;
  command.program = program;
  command.cwd = cwd;
  command.env = std::move(env);
  command.env.emplace_back("CPPRUSTANGO__SERVER__HOST", "127.0.0.1");
  command.env.emplace_back("CPPRUSTANGO__SERVER__PORT", std::to_string(port_));
  current_ = ChildIo::start(
      io_, command, [this, id](const std::string& line) { on_line(id, line); },
      [this, id](int status) { on_exit(id, status); });
  current_id_ = id;
  probe_timer_.expires_after(kProbeInterval);
  probe_timer_.async_wait([this, id](boost::system::error_code ec) {
    if (!ec) probe(id);
  });
}

void Supervisor::retire() {
  probe_timer_.cancel();
  if (probe_socket_) {
    boost::system::error_code ignored;
    probe_socket_->close(ignored);
    probe_socket_.reset();
  }
  ready_ = false;
  const std::uint64_t id = std::exchange(current_id_, 0);
  auto old = std::move(current_);
  if (!old || !old->running()) return;
  old->stop(kGrace);
  retiring_.emplace(id, std::move(old));  // until its exit event arrives
}

void Supervisor::stop_all() {
  probe_timer_.cancel();
  if (current_) current_->stop_now(kGrace);
  current_.reset();
  current_id_ = 0;
  for (auto& [id, child] : retiring_) child->stop_now(kGrace);
  retiring_.clear();
  ready_ = false;
}

std::string Supervisor::recent_output() const {
  std::string text;
  for (const auto& line : output_) text += line + "\n";
  return text;
}

void Supervisor::on_line(std::uint64_t id, const std::string& line) {
  if (id != current_id_) return;
  if (!ready_ && serving_line(line)) {
    // Its URL names the internal port, which would only confuse: not echoed.
    mark_ready(id);
    return;
  }
  output_.push_back(line);
  output_bytes_ += line.size() + 1;
  while (output_bytes_ > kKeptOutputBytes && output_.size() > 1) {
    output_bytes_ -= output_.front().size() + 1;
    output_.pop_front();
  }
  if (events_.line) events_.line(line);
}

void Supervisor::on_exit(std::uint64_t id, int status) {
  if (id != current_id_) {
    retiring_.erase(id);
    return;
  }
  probe_timer_.cancel();
  current_id_ = 0;
  current_.reset();
  ready_ = false;
  if (events_.exited) events_.exited(status);
}

void Supervisor::probe(std::uint64_t id) {
  if (id != current_id_ || ready_) return;
  probe_socket_ = std::make_shared<tcp::socket>(io_);
  auto socket = probe_socket_;
  socket->async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), port_),
                        [this, id, socket](boost::system::error_code ec) {
                          boost::system::error_code ignored;
                          socket->close(ignored);
                          if (id != current_id_ || ready_) return;
                          if (!ec) {
                            mark_ready(id);
                            return;
                          }
                          probe_timer_.expires_after(kProbeInterval);
                          probe_timer_.async_wait([this, id](boost::system::error_code timer_ec) {
                            if (!timer_ec) probe(id);
                          });
                        });
}

void Supervisor::mark_ready(std::uint64_t id) {
  if (id != current_id_ || ready_) return;
  ready_ = true;
  probe_timer_.cancel();
  if (events_.ready) events_.ready();
}

}  // namespace cpprustango::cli::devserver
