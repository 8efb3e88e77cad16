// Output is read with wait-then-read rather than async_read_some, so no bytes
// sit inside a pending operation when the exit arrives: the exit handler reads
// the pipe dry itself and every line is delivered before the exit event.
#include "devserver/child_io.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace asio = boost::asio;

namespace cpprustango::cli::devserver {

std::shared_ptr<ChildIo> ChildIo::start(asio::io_context& io, const Command& command, LineHandler on_line,
                                        ExitHandler on_exit) {
  auto child = std::make_shared<ChildIo>(io, Child::start(command), std::move(on_line), std::move(on_exit));
  child->wait_output();
  child->wait_exit();
  return child;
}

ChildIo::ChildIo(asio::io_context& io, Child child, LineHandler on_line, ExitHandler on_exit)
    : child_(std::move(child)),
      output_(io, ::dup(child_.output_fd())),
      exit_(io),
      timer_(io),
      on_line_(std::move(on_line)),
      on_exit_(std::move(on_exit)) {
  if (child_.exit_fd() >= 0) exit_.assign(::dup(child_.exit_fd()));
}

void ChildIo::wait_output() {
  output_.async_wait(asio::posix::stream_descriptor::wait_read,
                     [self = shared_from_this()](boost::system::error_code ec) {
                       if (ec || self->exited_) return;
                       if (self->drain()) self->wait_output();
                     });
}

void ChildIo::wait_exit() {
  auto on_ready = [self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->exited_) return;
    if (auto status = self->child_.poll()) {
      self->finish(*status);
    } else {
      self->wait_exit();
    }
  };
  if (exit_.is_open()) {
    exit_.async_wait(asio::posix::stream_descriptor::wait_read, on_ready);
  } else {  // no pidfd (kernels before 5.3): look every 20 ms
    timer_.expires_after(std::chrono::milliseconds(20));
    timer_.async_wait(on_ready);
  }
}

bool ChildIo::drain() {
  while (output_open_) {
    const ssize_t n = ::read(output_.native_handle(), buffer_.data(), buffer_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n <= 0) {
      output_open_ = false;
      break;
    }
    partial_.append(buffer_.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t newline; (newline = partial_.find('\n', start)) != std::string::npos; start = newline + 1) {
      std::string line = partial_.substr(start, newline - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (on_line_) on_line_(line);
    }
    partial_.erase(0, start);
  }
  return false;
}

void ChildIo::finish(int status) {
  drain();
  if (!partial_.empty() && on_line_) on_line_(partial_);
  partial_.clear();
  exited_ = true;
  boost::system::error_code ignored;
  output_.close(ignored);
  exit_.close(ignored);
  timer_.cancel();
  auto on_exit = std::move(on_exit_);
  on_line_ = nullptr;
  on_exit_ = nullptr;
  if (on_exit) on_exit(status);
}

void ChildIo::stop(std::chrono::milliseconds grace) {
  if (exited_) return;
  child_.signal(SIGTERM);
  if (!exit_.is_open()) return;  // the polling timer is busy; SIGTERM must do
  timer_.expires_after(grace);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && !self->exited_) self->child_.signal(SIGKILL);
  });
}

void ChildIo::stop_now(std::chrono::milliseconds grace) {
  on_line_ = nullptr;
  on_exit_ = nullptr;
  exited_ = true;
  boost::system::error_code ignored;
  output_.close(ignored);
  exit_.close(ignored);
  timer_.cancel();
  child_.stop(grace);
}

}  // namespace cpprustango::cli::devserver
