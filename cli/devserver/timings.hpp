// Where one rebuild's time went, for `runserver --timings`: the debounce, the
// Ninja run split by its own log (start and dependency scan, compiles, link),
// the app's start-up and the proxy's switch-over to it. Pure logic: the dev
// server records the moments, Ninja's log supplies the steps inside the build.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cpprustango::cli::devserver {

/** The steps of one Ninja run, from the lines it appended to .ninja_log (times in ms from Ninja's start). */
struct NinjaSteps {
  int edges = 0;          ///< commands run
  int compiles = 0;       ///< of which produced an object file
  long first_start = 0;   ///< when the first command started
  long link_start = -1;   ///< the command producing `executable`, if it ran
  long link_end = -1;
  long last_end = 0;      ///< when the last command ended
  bool known = true;      ///< false: the log was rewritten meanwhile, the steps are not known
};

/**
 * Reads the lines of a .ninja_log (version 5 or 6) appended by one run: the
 * text after the offset the log had before the run. `executable` is the
 * path, relative to the build folder, of the output counted as the link.
 *
 *   parse_ninja_log("2\t491\t0\tCMakeFiles/a.dir/v.cpp.o\tff\n492\t621\t0\tlive\tee\n", "live")
 *     == NinjaSteps{2, 1, 2, 492, 621, 621}
 */
NinjaSteps parse_ninja_log(std::string_view appended, std::string_view executable);

/** The moments of one save-to-served cycle, on the dev server's steady clock. */
struct CycleTimes {
  using Clock = std::chrono::steady_clock;
  Clock::time_point first_change;  ///< the first inotify event of the batch
  Clock::time_point batch;         ///< the debounce let the batch through
  Clock::time_point build_start;   ///< Ninja spawned
  Clock::time_point build_end;     ///< Ninja's exit seen
  Clock::time_point app_start;     ///< the new app spawned
  Clock::time_point app_ready;     ///< its "serving on" line (or a connect)
  std::optional<Clock::time_point> first_answer;  ///< the proxy forwarded its first response
  std::optional<NinjaSteps> ninja;                 ///< nullopt when no build ran (settings only)
};

/**
 * One line for the terminal, stable enough for bench/devloop to read:
 *
 *   timings: debounce 51 ms, ninja start+scan 9 ms, compile 230 ms (1 file), link 61 ms,
 *   start-up 31 ms, switch-over 2 ms, total 384 ms
 *
 * (on one line). Without a first answer the switch-over reads "no request"
 * and the total ends at the app's readiness.
 */
std::string format_timings(const CycleTimes& times);

}  // namespace cpprustango::cli::devserver
