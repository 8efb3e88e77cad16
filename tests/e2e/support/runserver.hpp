// Starts a generated project's dev server the way a user does and waits for it.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "support/subprocess.hpp"

namespace e2e {

/**
 * Starts `cpprustango runserver 127.0.0.1:PORT --no-reload` in `options.cwd` (with
 * `options.env` added) and waits until /health answers; a failed build or a timeout is a
 * test failure that shows what runserver printed.
 *   auto server = runserver(port, {.cwd = project}, 600s);
 */
std::unique_ptr<Background> runserver(int port, const Options& options, std::chrono::seconds timeout);

}  // namespace e2e
