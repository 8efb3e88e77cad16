// The Authorization header, read the same way by every authenticator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cpprustango/http/request.hpp"
#include "cpprustango/rest/problem.hpp"

namespace cpprustango::rest::detail {

/** The credentials after "<scheme> " (scheme compared without case); nullopt for another scheme or none. */
inline std::optional<std::string> credentials(const http::Request& request, std::string_view scheme) {
  const auto header = request.header("authorization");
  if (!header || header->size() <= scheme.size() + 1 || (*header)[scheme.size()] != ' ') return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>((*header)[i])) != std::tolower(static_cast<unsigned char>(scheme[i]))) {
      return std::nullopt;
    }
  }
  std::string value(header->substr(scheme.size() + 1));
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value;
}

/** A 401 naming the scheme the client should use. */
inline Problem unauthorized(std::string_view scheme, std::string detail) {
  Problem problem(401, std::move(detail));
  problem.with_header("WWW-Authenticate", std::string(scheme) + " realm=\"api\"");
  return problem;
}

}  // namespace cpprustango::rest::detail
