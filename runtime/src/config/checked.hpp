// The runtime's own reading of settings: values checked against what they may
// hold (a value outside it is one SettingsError line naming the key), and
// which environment is production. Private to the runtime.
#pragma once

#include <cstdint>
#include <string_view>

#include "cpprustango/config/settings.hpp"

namespace cpprustango::config::detail {

/** `key` as an integer from `low` to `high` (`fallback` when unset). */
std::int64_t integer_in_range(const Settings& settings, std::string_view key, std::int64_t fallback, std::int64_t low,
                              std::int64_t high);

/** True in production (CPPRUSTANGO_ENV prod or production): secure cookies, a secret key required. */
bool production(const Settings& settings);

}  // namespace cpprustango::config::detail
