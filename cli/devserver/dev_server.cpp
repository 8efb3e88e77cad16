// The dev server's state machine. Everything runs on one thread, driven by
// events: a batch of changes, a build's exit, the app's readiness or exit, a
// signal. Nothing sleeps: a build starts the moment the debounce ends, and
// the app counts as ready the moment it prints that it serves.
//
//   change ─> Building ─ok─> Starting ─ready─> Running
//                 │                  └─exit──> Crashed
//                 └─fail─> BuildFailed
//
// While Building or Starting the proxy holds requests; in BuildFailed and
// Crashed it answers with the error page; Running forwards to the app.
#include "devserver/dev_server.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <tuple>

#include "devserver/child_io.hpp"
#include "devserver/pages.hpp"
#include "devserver/proxy.hpp"
#include "devserver/supervisor.hpp"
#include "devserver/timings.hpp"
#include "devserver/watcher.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace cpprustango::cli::devserver {
namespace {

// A cancelled build gets this long to stop its compilers before SIGKILL.
constexpr auto kBuildGrace = std::chrono::milliseconds(3000);

std::string seconds_since(Clock::time_point start) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

std::string describe_status(int status) {
  if (status > 128) {
    const int signal_number = status - 128;
    const char* name = ::sigabbrev_np(signal_number);
    return std::string("was killed by SIG") + (name != nullptr ? name : std::to_string(signal_number));
  }
  return "exited with status " + std::to_string(status);
}

std::optional<fs::file_time_type> modified(const fs::path& path) {
  std::error_code ec;
  auto time = fs::last_write_time(path, ec);
  if (ec) return std::nullopt;
  return time;
}

/** Prints a line from a child, keeping its colours only where the terminal shows them. */
void echo(const std::string& line) {
  std::cout << (console::color_on_stdout() ? line : strip_ansi(line)) << '\n' << std::flush;
}

class DevServer {
 public:
  explicit DevServer(const Options& options)
      : project_(options.project),
        address_(options.address),
        release_(options.release),
        timings_(options.timings),
        signals_(io_, SIGINT, SIGTERM, SIGHUP),
        proxy_(io_, address_),
        supervisor_(io_, {[this] { on_app_ready(); }, [this](int status) { on_app_exit(status); }, echo}),
        watcher_(
            io_, project_.root, [this](Batch batch) { on_batch(std::move(batch)); },
            [this](Kind kind) { on_pending(kind); }) {}

  int run() {
    signals_.async_wait([this](boost::system::error_code ec, int) {
      if (!ec) shutdown();
    });
    console::info("Starting development server at " + address_.url());
    console::info("Quit the server with CONTROL-C.\n");
    change_time_ = Clock::now();
    start_build();
    io_.run();
    return 0;
  }

 private:
  enum class Phase { Building, Starting, Running, BuildFailed, Crashed };
  enum class Step { Configure, Compile };

  // ---- changes -------------------------------------------------------------

  // A save the app must be restarted for: requests wait from this moment,
  // not from the end of the debounce, so a refresh right after a save never
  // gets the old code. The batch that follows always ends in a restart (or
  // the error page), which releases them.
  void on_pending(Kind kind) {
    if (!stopping_ && phase_ == Phase::Running && kind >= Kind::Settings) proxy_.hold();
  }

  void on_batch(Batch batch) {
    if (stopping_) return;
    const Kind kind = batch.kind();
    const std::string what = "Change in " + batch.describe();
    switch (kind) {
      case Kind::Asset:
        if (phase_ == Phase::Running) {
          console::info(what + " \u2014 reloading the browser");
          publish();
        } else if (phase_ == Phase::Crashed) {
          console::info(what + " \u2014 restarting");
          begin_cycle(batch.first_seen);
          restart(batch.first_seen, "Restarted");
        }
        return;
      case Kind::Settings:
        // Read by the app at start-up only; while it is being rebuilt, the
        // restart that follows the build picks the new settings up anyway.
        if (phase_ == Phase::Building || phase_ == Phase::BuildFailed) return;
        console::info(what + " \u2014 restarting");
        begin_cycle(batch.first_seen);
        restart(batch.first_seen, "Restarted");
        return;
      case Kind::Config:
        configure_next_ = true;
        reload_manifest();
        break;
      case Kind::Source:
      case Kind::Schema:
        break;
    }
    console::info(what + (kind == Kind::Config ? " \u2014 reconfiguring and rebuilding" : " \u2014 rebuilding"));
    change_time_ = batch.first_seen;
    begin_cycle(batch.first_seen);
    if (build_) {
      // The running build may already have read the old file. Ninja, on
      // SIGTERM, stops its compilers and deletes their half-written
      // objects; what finished stays, so the next build starts from there.
      build_again_ = true;
      build_->stop(kBuildGrace);
      return;
    }
    start_build();
  }

  void reload_manifest() {
    try {
      project_ = Project::load(project_.root);
    } catch (const CliError& e) {
      console::warning(std::string(e.what()) + "; still using the previous manifest");
    }
  }

  // ---- builds --------------------------------------------------------------

  void start_build() {
    phase_ = Phase::Building;
    proxy_.hold();
    build_again_ = false;
    binary_before_ = modified(project_.executable(release_));
    cycle_.build_start = Clock::now();
    const bool configure = configure_next_ || !is_configured(project_.build_dir(release_));
    configure_next_ = false;
    run_step(configure ? Step::Configure : Step::Compile);
  }

  void run_step(Step step) {
    step_ = step;
    if (step == Step::Compile) std::tie(ninja_log_offset_, ninja_log_inode_) = log_end(ninja_log());
    build_lines_.clear();  // what is shown, on failure or as warnings, is this step's output
    Command command;
    try {
      command = step == Step::Configure ? configure_command(project_, release_)
                                        : ninja_command(project_, release_, project_.name);
    } catch (const CliError& e) {
      return build_failed(e.what());
    }
    // Ninja keeps the compiler's colours (forced at configure time) only when told to.
    command.env.emplace_back("CLICOLOR_FORCE", "1");
    if (first_build_) console::step((step == Step::Configure ? "Configuring " : "Building ") + project_.name);
    try {
      build_ = ChildIo::start(
          io_, command,
          [this](const std::string& line) {
            build_lines_.push_back(line);
            const auto verbosity = console::verbosity();
            if ((first_build_ && verbosity != console::Verbosity::Quiet) || verbosity == console::Verbosity::Verbose) {
              echo(line);
            }
          },
          [this](int status) { on_build_exit(status); });
    } catch (const std::exception& e) {
      build_failed(e.what());
    }
  }

  void on_build_exit(int status) {
    build_.reset();
    if (stopping_) return;
    if (build_again_) return start_build();
    if (status != 0) {
      std::string output;
      for (const auto& line : step_ == Step::Compile ? compiler_messages(build_lines_) : build_lines_) {
        output += line + "\n";
      }
      if (!first_build_) {
        for (const auto& line : step_ == Step::Compile ? compiler_messages(build_lines_) : build_lines_) echo(line);
      }
      return build_failed(output);
    }
    if (step_ == Step::Configure) return run_step(Step::Compile);
    cycle_.build_end = Clock::now();
    if (timings_) cycle_.ninja = read_ninja_steps();

    if (!first_build_) {
      for (const auto& line : compiler_messages(build_lines_)) echo(line);  // warnings
    }
    first_build_ = false;
    const auto binary_now = modified(project_.executable(release_));
    if (!binary_now) {
      return build_failed("the build succeeded but produced no " + project_.executable(release_).string() +
                          "; the project's CMakeLists.txt must build an executable named " + project_.name);
    }
    if (binary_now == binary_before_ && supervisor_.ready()) {
      console::info("Nothing to rebuild for " + project_.name + " (" + seconds_since(change_time_) + ")");
      phase_ = Phase::Running;
      proxy_.forward_to(supervisor_.port());
      return;
    }
    restart(change_time_, "Rebuilt and restarted");
  }

  void build_failed(const std::string& output) {
    first_build_ = false;
    phase_ = Phase::BuildFailed;
    // The old app would serve code that no longer matches the sources; the
    // error page is all there is to serve until the build is fixed.
    supervisor_.retire();
    const std::string title = step_ == Step::Configure ? "Configuring failed" : "Build failed";
    console::error(title + " (" + seconds_since(change_time_) +
                   "): fix the errors above and save; the browser shows them too");
    show_error(title, "The last change does not build. The errors below are also in the terminal.", output);
  }

  // ---- the app -------------------------------------------------------------

  void restart(Clock::time_point since, std::string label) {
    change_time_ = since;
    cycle_.app_start = Clock::now();
    if (!cycle_.ninja) cycle_.build_start = cycle_.build_end = cycle_.batch;
    restart_label_ = std::move(label);
    phase_ = Phase::Starting;
    proxy_.hold();
    try {
      supervisor_.start(project_.executable(release_), project_.root, {});
    } catch (const std::exception& e) {
      phase_ = Phase::Crashed;
      console::error(e.what());
      show_error(project_.name + " did not start", e.what(), "");
    }
  }

  void on_app_ready() {
    const bool first = !served_before_;
    served_before_ = true;
    phase_ = Phase::Running;
    cycle_.app_ready = Clock::now();
    if (timings_ && !first) {
      timing_pending_ = true;
      proxy_.on_next_answer([this] {
        cycle_.first_answer = Clock::now();
        print_timings();
      });
    }
    proxy_.forward_to(supervisor_.port());
    publish();
    if (first) {
      console::success("Serving " + project_.name + " at " + address_.url() + " (ready in " +
                       seconds_since(change_time_) + "); watching " + std::to_string(watcher_.folders()) +
                       " folders for changes");
    } else {
      console::success(restart_label_ + " in " + seconds_since(change_time_));
    }
  }

  void on_app_exit(int status) {
    if (stopping_) return;
    if (phase_ == Phase::Building) {
      // The build under way ends in a restart anyway; keep the requests waiting for it.
      console::warning(project_.name + " " + describe_status(status) + " during the build");
      return;
    }
    const bool before_serving = phase_ == Phase::Starting;
    phase_ = Phase::Crashed;
    const std::string what =
        project_.name + " " + describe_status(status) + (before_serving ? " before serving" : " while serving");
    console::error(what + "; its output is above (and in the browser). Save a file to start it again.");
    show_error(project_.name + " is not running", what + ". Its last output:", supervisor_.recent_output());
  }

  // ---- timings (--timings) -------------------------------------------------

  /** A new change: the previous cycle's line goes out now if no request came to finish it. */
  void begin_cycle(Clock::time_point first_seen) {
    if (timing_pending_) {
      proxy_.on_next_answer(nullptr);
      print_timings();
    }
    cycle_ = {};
    cycle_.first_change = first_seen;
    cycle_.batch = Clock::now();
  }

  void print_timings() {
    timing_pending_ = false;
    console::info(format_timings(cycle_));
  }

  fs::path ninja_log() const { return project_.build_dir(release_) / ".ninja_log"; }

  /** Where Ninja's log ends now, and which file it is (Ninja rewrites it when it recompacts it). */
  static std::pair<std::uintmax_t, ino_t> log_end(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return {0, 0};
    return {static_cast<std::uintmax_t>(info.st_size), info.st_ino};
  }

  /**
   * The steps this build's Ninja appended to its log. After a recompaction
   * (once in some hundreds of builds) the new lines cannot be told from the
   * old ones: the line then shows Ninja's time unsplit.
   */
  std::optional<NinjaSteps> read_ninja_steps() const {
    const auto [size, inode] = log_end(ninja_log());
    const bool same_file = inode == ninja_log_inode_ && size >= ninja_log_offset_;
    if (!same_file && ninja_log_inode_ != 0) return NinjaSteps{.known = false};
    std::ifstream in(ninja_log(), std::ios::binary);
    if (same_file) in.seekg(static_cast<std::streamoff>(ninja_log_offset_));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_ninja_log(text.str(), project_.name);
  }

  // ---- the browser ---------------------------------------------------------

  void publish() { proxy_.publish(std::to_string(::getpid()) + "-" + std::to_string(++generation_)); }

  void show_error(const std::string& title, const std::string& summary, const std::string& output) {
    const std::string generation = std::to_string(::getpid()) + "-" + std::to_string(++generation_);
    proxy_.fail(render_error_page({title, summary, output, generation}));
    proxy_.publish(generation);
  }

  void shutdown() {
    stopping_ = true;
    proxy_.stop();
    watcher_.stop();
    if (build_) build_->stop_now(kBuildGrace);
    build_.reset();
    supervisor_.stop_all();
    io_.stop();
  }

  Project project_;
  ListenAddress address_;
  bool release_;
  bool timings_;
  asio::io_context io_;
  asio::signal_set signals_;
  Proxy proxy_;
  Supervisor supervisor_;
  Watcher watcher_;

  Phase phase_ = Phase::Building;
  Step step_ = Step::Compile;
  std::shared_ptr<ChildIo> build_;
  std::vector<std::string> build_lines_;
  std::optional<fs::file_time_type> binary_before_;
  Clock::time_point change_time_;
  std::string restart_label_;
  CycleTimes cycle_;
  std::uintmax_t ninja_log_offset_ = 0;
  ino_t ninja_log_inode_ = 0;  ///< 0: there was no log before this build
  bool timing_pending_ = false;
  std::uint64_t generation_ = 0;
  bool configure_next_ = false;
  bool build_again_ = false;
  bool first_build_ = true;
  bool served_before_ = false;
  bool stopping_ = false;
};

}  // namespace

int run(const Options& options) {
  DevServer server(options);
  return server.run();
}

}  // namespace cpprustango::cli::devserver
