// The API's JSON writer (codec.hpp's dump) gives the bytes nlohmann's own
// dump(-1, ' ', false, replace) gives, for every kind of value, escapes and
// invalid UTF-8 included: a response must not change by a byte.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "codec.hpp"

namespace {

using json = nlohmann::json;

std::string theirs(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

TEST(JsonText, ScalarsAsTheLibraryWritesThem) {
  const json values[] = {nullptr, true, false, 0, -1, std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max(),
                         0.0, -0.0, 1.25, 0.1, 1e300, -2.5e-8, std::nan(""), INFINITY, 3.0};
  for (const auto& value : values) EXPECT_EQ(cpprustango::rest::detail::dump(value), theirs(value)) << theirs(value);
}

TEST(JsonText, StringsWithEveryEscapeAndUtf8) {
  std::string controls;
  for (int c = 0; c < 0x20; ++c) controls += static_cast<char>(c);
  const std::string strings[] = {"", "plain", "say \"hi\"", "back\\slash", "a/b", controls, "\x7f",
                                 "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80", "mixed\n\xc3\xa9\t\"end\""};
  for (const auto& text : strings) EXPECT_EQ(cpprustango::rest::detail::dump(json(text)), theirs(json(text))) << text;
}

TEST(JsonText, InvalidUtf8IsReplacedAsTheLibraryDoes) {
  const std::string strings[] = {"\xff", "ok\xc0\x80", "\xed\xa0\x80", "cut \xe2\x82", "\xf4\x90\x80\x80",
                                 "\xc3", "a\x80z", "\xf8\x88\x80\x80\x80"};
  for (const auto& text : strings) EXPECT_EQ(cpprustango::rest::detail::dump(json(text)), theirs(json(text)));
}

TEST(JsonText, ObjectsAndArraysInTheLibrarysKeyOrder) {
  const json page = {{"results", json::array({{{"name", "b\"q"}, {"id", 2}, {"price", 1.5}, {"tags", json::array()}},
                                              {{"zeta", nullptr}, {"alpha", json::object()}, {"k\ney", {1, 2, 3}}}})},
                     {"count", 2},
                     {"next", nullptr},
                     {"previous", "/api/x/?page=1"}};
  EXPECT_EQ(cpprustango::rest::detail::dump(page), theirs(page));
  EXPECT_EQ(cpprustango::rest::detail::dump(json::object()), "{}");
  EXPECT_EQ(cpprustango::rest::detail::dump(json::array()), "[]");
}

}  // namespace
