// `cpprustango runserver` with reload on save: the proxy on the user's port,
// the watcher, the builds and the app, tied together on one event loop.
#pragma once

#include "support/address.hpp"
#include "support/project.hpp"

namespace cpprustango::cli::devserver {

struct Options {
  Project project;
  ListenAddress address;
  bool release = false;
  bool timings = false;  ///< print where each rebuild's time went (devserver/timings.hpp)
};

/**
 * Builds and serves the project, rebuilding and restarting it on every save,
 * until SIGINT, SIGTERM or SIGHUP; every child is stopped before it returns.
 * Returns the exit code (0 after a signal). Throws CliError when the port
 * cannot be bound or files cannot be watched.
 */
int run(const Options& options);

}  // namespace cpprustango::cli::devserver
