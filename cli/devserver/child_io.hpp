// A background Child (support/process.hpp) on the dev server's event loop:
// its output arrives line by line and its exit as an event, so builds and the
// app run while the proxy keeps serving, all on one thread.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "support/process.hpp"

namespace cpprustango::cli::devserver {

class ChildIo : public std::enable_shared_from_this<ChildIo> {
 public:
  using LineHandler = std::function<void(const std::string& line)>;
  /** Runs once, after the last line: with the exit status as run() reports it. */
  using ExitHandler = std::function<void(int status)>;

  /** Starts `command`; throws CliError when it cannot. */
  static std::shared_ptr<ChildIo> start(boost::asio::io_context& io, const Command& command, LineHandler on_line,
                                        ExitHandler on_exit);

  ChildIo(boost::asio::io_context& io, Child child, LineHandler on_line, ExitHandler on_exit);
  ChildIo(const ChildIo&) = delete;
  ChildIo& operator=(const ChildIo&) = delete;

  bool running() const { return !exited_; }
  /** SIGTERM now, SIGKILL if it still runs after `grace`; the exit handler runs as usual. */
  void stop(std::chrono::milliseconds grace);
  /** Stops it before returning (for shutdown); no handler runs any more. */
  void stop_now(std::chrono::milliseconds grace);

 private:
  void wait_output();
  void wait_exit();
  /** Reads what the pipe holds now, handing out complete lines; false at EOF. */
  bool drain();
  void finish(int status);

  Child child_;
  boost::asio::posix::stream_descriptor output_;
  boost::asio::posix::stream_descriptor exit_;
  boost::asio::steady_timer timer_;
  LineHandler on_line_;
  ExitHandler on_exit_;
  std::string partial_;
  std::array<char, 16384> buffer_{};
  bool output_open_ = true;
  bool exited_ = false;
};

}  // namespace cpprustango::cli::devserver
