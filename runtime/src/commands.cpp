// Project commands: the context they run in and the `run` dispatcher serve() uses.
#include "cpprustango/commands.hpp"

#include <algorithm>
#include <exception>
#include <ostream>
#include <stdexcept>

#include "cpprustango/app.hpp"

namespace cpprustango {

CommandContext::CommandContext(const App& app, std::vector<std::string> args, std::ostream& out, std::ostream& err)
    : app_(app), args_(std::move(args)), out_(out), err_(err) {}

db::Database& CommandContext::database() const {
  if (!app_.has_database()) throw std::runtime_error("no database is configured (set [database] url in config/default.toml)");
  return app_.database();
}

int run_command(const App& app, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const auto& commands = app.commands();
  if (args.empty()) {
    if (commands.empty()) {
      out << "This project has no commands yet; add one with `cpprustango make:command NAME`.\n";
      return 0;
    }
    std::size_t width = 0;
    for (const auto& command : commands) width = std::max(width, command.name.size());
    out << "Commands of this project (cpprustango run NAME [ARGS...]):\n";
    for (const auto& command : commands) {
      out << "  " << command.name << std::string(width - command.name.size() + 2, ' ') << command.help << "\n";
    }
    return 0;
  }
  const auto found = std::find_if(commands.begin(), commands.end(), [&](const CommandEntry& c) { return c.name == args.front(); });
  if (found == commands.end()) {
    err << "error: this project has no command '" << args.front() << "'; `cpprustango run` lists them\n";
    return 2;
  }
  try {
    CommandContext context(app, std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    return found->run(context);
  } catch (const std::exception& e) {
    err << "error: " << found->name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace cpprustango
