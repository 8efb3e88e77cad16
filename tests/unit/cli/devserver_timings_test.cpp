// `runserver --timings`: Ninja's log split into its steps, and the phases of
// one save-to-served cycle adding up to its total. Also the choice of the
// debug build's compiler.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>

#include "devserver/timings.hpp"
#include "support/builder.hpp"

namespace cpprustango::cli::devserver {
namespace {

using namespace std::chrono_literals;

TEST(DevserverTimings, NinjaLogGivesTheCompileAndTheLink) {
  const auto steps = parse_ninja_log(
      "2\t491\t1796625744615163376\tCMakeFiles/live_app.dir/src/views.cpp.o\t34463b6a0db53288\n"
      "492\t621\t1796625744731163381\tlive\tc339ef9fbd3293c\n",
      "live");
  EXPECT_EQ(steps.edges, 2);
  EXPECT_EQ(steps.compiles, 1);
  EXPECT_EQ(steps.first_start, 2);
  EXPECT_EQ(steps.link_start, 492);
  EXPECT_EQ(steps.link_end, 621);
  EXPECT_EQ(steps.last_end, 621);
}

TEST(DevserverTimings, NinjaLogHeaderAndPartialLinesAreSkipped) {
  const auto steps = parse_ninja_log("# ninja log v5\n10\t20\t0\ta.o\tff\n30\t4", "live");
  EXPECT_EQ(steps.edges, 1);
  EXPECT_EQ(steps.link_start, -1);  // the executable was not linked
  EXPECT_EQ(steps.first_start, 10);
  EXPECT_EQ(steps.last_end, 20);
}

TEST(DevserverTimings, NothingRunIsNoSteps) {
  const auto steps = parse_ninja_log("", "live");
  EXPECT_EQ(steps.edges, 0);
  EXPECT_EQ(steps.link_start, -1);
}

TEST(DevserverTimings, PhasesAddUpToTheTotal) {
  CycleTimes t;
  t.first_change = CycleTimes::Clock::time_point{} + 1h;
  t.batch = t.first_change + 20ms;
  t.build_start = t.batch + 1ms;
  t.build_end = t.batch + 200ms;  // Ninja's commands: 8 to 188 ms of its own clock
  t.ninja = parse_ninja_log("8\t138\t0\tCMakeFiles/a.dir/src/views.cpp.o\tff\n138\t188\t0\tlive\tee\n", "live");
  t.app_ready = t.build_end + 15ms;
  t.first_answer = t.app_ready + 2ms;
  EXPECT_EQ(format_timings(t),
            "timings: debounce 20 ms, ninja start+scan 20 ms, compile 130 ms (1 file), link 50 ms, start-up 15 ms, "
            "switch-over 2 ms, total 237 ms");
}

TEST(DevserverTimings, ARewrittenLogLeavesNinjaUnsplit) {
  CycleTimes t;
  t.first_change = CycleTimes::Clock::time_point{} + 1h;
  t.batch = t.first_change + 20ms;
  t.build_start = t.batch;
  t.build_end = t.batch + 180ms;
  t.ninja = NinjaSteps{.known = false};
  t.app_ready = t.build_end + 15ms;
  t.first_answer = t.app_ready;
  EXPECT_EQ(format_timings(t),
            "timings: debounce 20 ms, ninja 180 ms (its log was rewritten: not split), start-up 15 ms, "
            "switch-over 0 ms, total 215 ms");
}

TEST(DevserverTimings, WithoutARequestTheTotalEndsAtReadiness) {
  CycleTimes t;
  t.first_change = CycleTimes::Clock::time_point{} + 1h;
  t.batch = t.first_change + 20ms;
  t.build_start = t.build_end = t.batch;  // a settings change: a restart, no build
  t.app_ready = t.batch + 12ms;
  EXPECT_EQ(format_timings(t), "timings: debounce 20 ms, start-up 12 ms, switch-over no request, total 32 ms");
}

TEST(DebugCompiler, ReleaseBuildsKeepTheDefaultCompiler) { EXPECT_FALSE(debug_compiler(true)); }

/** Sets (or, with nullptr, unsets) CXX for one test, then puts it back. */
class ScopedCxx {
 public:
  explicit ScopedCxx(const char* value) {
    if (const char* before = std::getenv("CXX")) saved_ = before;
    value ? ::setenv("CXX", value, 1) : ::unsetenv("CXX");
  }
  ~ScopedCxx() { saved_ ? ::setenv("CXX", saved_->c_str(), 1) : ::unsetenv("CXX"); }

 private:
  std::optional<std::string> saved_;
};

TEST(DebugCompiler, CxxFromTheEnvironmentWins) {
  ScopedCxx cxx("g++");
  EXPECT_FALSE(debug_compiler(false));
}

TEST(DebugCompiler, ClangWhenInstalled) {
  ScopedCxx cxx(nullptr);
  EXPECT_EQ(debug_compiler(false), which("clang++"));
}

}  // namespace
}  // namespace cpprustango::cli::devserver
