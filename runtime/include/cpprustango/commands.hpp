// Project commands: what `cpprustango run NAME [ARGS...]` runs, as Django's
// management commands. A project declares them next to its routes:
//
//   app.command("close_polls", "Closes the polls past their end date", commands::close_polls);
//
// and the app binary runs one inside the app, with its settings and
// database: `./build/debug/mysite run close_polls --dry-run` (serve() does it).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace cpprustango {

class App;
namespace db {
class Database;
}

/** What a command receives: the app, its arguments and where to write. */
class CommandContext {
 public:
  CommandContext(const App& app, std::vector<std::string> args, std::ostream& out, std::ostream& err);

  const App& app() const { return app_; }
  /** The arguments after the command's name. */
  const std::vector<std::string>& args() const { return args_; }
  std::ostream& out() const { return out_; }
  std::ostream& err() const { return err_; }
  /**
   * The project's database (database.url; app.database()):
   *   auto polls = polls::Poll::objects().fetch(context.database());
   * Throws std::runtime_error when none is configured. Include
   * <cpprustango/db/database.hpp> to use it.
   */
  db::Database& database() const;

 private:
  const App& app_;
  std::vector<std::string> args_;
  std::ostream& out_;
  std::ostream& err_;
};

/** A command's body; its return value is the process's exit code. */
using Command = std::function<int(CommandContext&)>;

struct CommandEntry {
  std::string name;
  std::string help;  ///< one line, shown by `cpprustango run`
  Command run;
};

/**
 * Runs `args` (the words after `run`) against the commands declared on `app`:
 * none lists them; a known name runs it; an unknown one prints an error and
 * returns 2. Exceptions from the command print "error: ..." and return 1.
 */
int run_command(const App& app, const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cpprustango
