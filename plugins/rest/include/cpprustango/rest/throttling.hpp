// Rate limits per user (or API key's user) and per client address, counted
// in the database (auth.ApiThrottle), so every process serving the site
// shares one count. Past the limit a request is a 429 problem with
// Retry-After (seconds until the window ends). Fixed windows: a client gets
// `requests` per `per`, counted from its first request of the window.
//
//   api.mount(app, db, {.throttle = {.user = {.requests = 1000, .per = std::chrono::hours(1)},
//                                    .anonymous = {.requests = 60, .per = std::chrono::minutes(1)}}});
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "cpprustango/db/database.hpp"

namespace cpprustango::rest {

struct RateLimit {
  std::int64_t requests = 0;  ///< 0: no limit
  std::chrono::seconds per{60};
};

struct ThrottleOptions {
  RateLimit user{};       ///< per authenticated user
  RateLimit anonymous{};  ///< per client address, for requests without credentials
};

/**
 * Counts one request against `key` ("user:7", "ip:203.0.113.9") and throws
 * Problem(429) with Retry-After when it is over `limit`.
 */
void throttle(db::Database& database, const std::string& key, const RateLimit& limit);

}  // namespace cpprustango::rest
