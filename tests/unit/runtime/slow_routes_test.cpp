// Which routes the server sends to its pool of threads for blocking views
// (runtime/src/http/handler_pool.*): marked after blocking on their loop,
// back on their loop once the mark lapses.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http/handler_pool.hpp"

namespace {

using cpprustango::http::detail::SlowRoutes;
using namespace std::chrono_literals;

constexpr auto kThreshold = std::chrono::microseconds(2000);

/** One slow run gets the route watched; 4 watched runs slow while sleeping mark it. */
void block_on_the_loop(SlowRoutes& routes, std::uint64_t route) {
  routes.record(route, 5ms, SlowRoutes::Run::Inline, false);
  for (int i = 0; i < 4; ++i) routes.record(route, 5ms, SlowRoutes::Run::Watched, true);
}

TEST(SlowRoutes, ARouteThatBlocksOnItsLoopIsMarked) {
  SlowRoutes routes{kThreshold};
  const auto route = SlowRoutes::key("GET", "/report?year=2026");
  EXPECT_EQ(route, SlowRoutes::key("GET", "/report")) << "the query string does not pick the view";
  EXPECT_FALSE(routes.slow(route));
  routes.record(route, 5ms, SlowRoutes::Run::Inline, false);
  EXPECT_TRUE(routes.watched(route));
  for (int i = 0; i < 3; ++i) routes.record(route, 5ms, SlowRoutes::Run::Watched, true);
  EXPECT_FALSE(routes.slow(route)) << "three blocked runs of the watched sixteen are not enough";
  routes.record(route, 5ms, SlowRoutes::Run::Watched, true);
  EXPECT_TRUE(routes.slow(route));
}

TEST(SlowRoutes, ABusyMachineDoesNotMarkARoute) {
  SlowRoutes routes{kThreshold};
  const auto route = SlowRoutes::key("GET", "/items/");
  routes.record(route, 5ms, SlowRoutes::Run::Inline, false);
  // Slow, but preempted rather than asleep: the thread never waited on anything.
  for (int i = 0; i < 16; ++i) routes.record(route, 5ms, SlowRoutes::Run::Watched, false);
  EXPECT_FALSE(routes.slow(route));
  EXPECT_FALSE(routes.watched(route)) << "sixteen watched runs, then the watch ends";
}

TEST(SlowRoutes, TheMarkLapsesSoARouteComesBackToItsLoop) {
  SlowRoutes routes{kThreshold, 1s};
  const auto route = SlowRoutes::key("GET", "/items/");
  block_on_the_loop(routes, route);
  ASSERT_TRUE(routes.slow(route));
  // Runs on the pool record nothing: their time includes the pool's queue, which
  // would keep a fast view there for good after one busy moment.
  std::this_thread::sleep_for(2100ms);
  EXPECT_FALSE(routes.slow(route)) << "the route must show again, on its loop, that it blocks";
  block_on_the_loop(routes, route);
  EXPECT_TRUE(routes.slow(route));
}

}  // namespace
