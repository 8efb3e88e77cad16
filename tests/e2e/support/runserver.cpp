#include "support/runserver.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "support/http_client.hpp"

namespace e2e {

std::unique_ptr<Background> runserver(int port, const Options& options, std::chrono::seconds timeout) {
  auto server = std::make_unique<Background>(
      std::vector<std::string>{cpprustango(), "runserver", "127.0.0.1:" + std::to_string(port), "--no-reload"},
      options);
  // Polls /health, giving up at once if runserver exits (a failed build).
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (http_get(port, "/health").status == 0) {
    if (!server->running() || std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "runserver is not serving on port " << port << ":\n" << server->output();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return server;
}

}  // namespace e2e
