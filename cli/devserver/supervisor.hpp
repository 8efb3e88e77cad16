// Owns the app's process: starts the built binary on a free loopback port,
// reports when it serves (its "serving on" line, or a connection accepted)
// or when it exits, keeps its recent output for the error page, and retires
// the previous app in the background so a restart never waits for it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "devserver/child_io.hpp"

namespace cpprustango::cli::devserver {

class Supervisor {
 public:
  struct Events {
    std::function<void()> ready;                   ///< the app accepts connections on port()
    std::function<void(int status)> exited;        ///< the current app exited (before or after ready)
    std::function<void(const std::string&)> line;  ///< a line the current app printed
  };

  /** How long a stopped app may take to finish its requests before SIGKILL. */
  static constexpr std::chrono::milliseconds kGrace{5000};

  Supervisor(boost::asio::io_context& io, Events events);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  /**
   * Starts `program` in `cwd` with `env` plus the internal port; the app
   * running before, if any, is sent SIGTERM and finishes its in-flight
   * requests on its own port meanwhile. Throws CliError if it cannot start.
   */
  void start(const std::filesystem::path& program, const std::filesystem::path& cwd,
             std::vector<std::pair<std::string, std::string>> env);
  /** Stops the current app in the background; no events follow for it. */
  void retire();
  /** Stops every app before returning (shutdown). */
  void stop_all();

  bool running() const { return current_ != nullptr; }
  bool ready() const { return ready_; }
  std::uint16_t port() const { return port_; }
  /** The current (or last) app's recent output, newest last. */
  std::string recent_output() const;

 private:
  void on_line(std::uint64_t id, const std::string& line);
  void on_exit(std::uint64_t id, int status);
  void probe(std::uint64_t id);
  void mark_ready(std::uint64_t id);

  boost::asio::io_context& io_;
  Events events_;
  std::shared_ptr<ChildIo> current_;
  std::uint64_t current_id_ = 0;  ///< which start() the current app came from; 0: none
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, std::shared_ptr<ChildIo>> retiring_;  ///< stopped, finishing their requests
  std::uint16_t port_ = 0;
  bool ready_ = false;
  std::deque<std::string> output_;
  std::size_t output_bytes_ = 0;
  boost::asio::steady_timer probe_timer_;
  std::shared_ptr<boost::asio::ip::tcp::socket> probe_socket_;
};

}  // namespace cpprustango::cli::devserver
