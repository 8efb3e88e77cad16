// Listen addresses as runserver takes them: "8000", "0.0.0.0:8000",
// "localhost:9000", "[::1]:8000".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cpprustango::cli {

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  /** "http://127.0.0.1:8000/" (IPv6 hosts in brackets). */
  std::string url() const;
};

/** Parses ADDR:PORT or PORT; throws UsageError saying what is wrong. */
ListenAddress parse_listen_address(std::string_view text);

/** Why nothing can listen on `address` right now ("address already in use"), or nullopt if it can. */
std::optional<std::string> listen_problem(const ListenAddress& address);

}  // namespace cpprustango::cli
