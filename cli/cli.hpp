// The command-line interface: global flags, the verbs, and the mapping of
// failures to exit codes (0 ok, 1 error, 2 usage) described in DESIGN.md.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace cpprustango::cli {

struct GlobalOptions {
  std::optional<std::filesystem::path> project_dir;  ///< --project DIR
  bool verbose = false;
  bool quiet = false;
  std::string color = "auto";
};

/** What parsing selected: the global flags and the verb's action. */
struct Invocation {
  GlobalOptions global;
  std::function<int()> action;  ///< set by the chosen verb's callback
};

/** Registers the global flags and every verb on `app`. */
void setup_cli(CLI::App& app, Invocation& invocation);

/** Parses and runs; never throws. Returns the process exit code. */
int run_cli(int argc, char** argv);

}  // namespace cpprustango::cli
