// The front door on the user's ADDR:PORT during `runserver`: forwards each
// request to the app's internal port, holds requests while a build or restart
// is under way, answers with the error page while there is nothing to serve,
// adds the live-reload script to HTML pages and serves the event stream that
// tells open pages to reload.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "support/address.hpp"

namespace cpprustango::cli::devserver {

class Proxy {
 public:
  /** Binds and listens on `address` at once, so the port is ours from the start; throws CliError. */
  Proxy(boost::asio::io_context& io, const ListenAddress& address);
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  /** From now on requests wait (a build or a restart is under way). */
  void hold();
  /** Requests go to the app on 127.0.0.1:`port`; the waiting ones are sent now. */
  void forward_to(std::uint16_t port);
  /** Calls `callback` once, when the next response from the app on the current port is on its way to the client. */
  void on_next_answer(std::function<void()> callback);
  /** Requests get `html` as a 500 (the build is broken, or the app is down); the waiting ones too. */
  void fail(std::string html);
  /** Pages served from now on belong to `generation`; open pages of an older one reload. */
  void publish(const std::string& generation);
  /** Closes the port and every connection. */
  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace cpprustango::cli::devserver
