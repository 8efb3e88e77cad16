#include "support/secrets.hpp"

#include <cctype>
#include <cstdio>

namespace cpprustango::cli {
namespace {

struct Parts {
  std::string scheme_and_slashes;  ///< "postgresql://"
  std::string userinfo;            ///< "bob:pw" (no '@')
  std::string rest;                ///< "host:5432/db?x=y"
};

/** Splits a URL with an authority; a URL without "://" is all `rest`. */
Parts split(std::string_view url) {
  Parts parts;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    parts.rest = url;
    return parts;
  }
  parts.scheme_and_slashes = url.substr(0, scheme_end + 3);
  std::string_view after = url.substr(scheme_end + 3);
  const auto path_start = after.find_first_of("/?");
  const std::string_view authority = after.substr(0, path_start);
  const auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    parts.userinfo = authority.substr(0, at);
    after.remove_prefix(at + 1);
  }
  parts.rest = after;
  return parts;
}

std::string join(const Parts& parts) {
  return parts.scheme_and_slashes + (parts.userinfo.empty() ? "" : parts.userinfo + "@") + parts.rest;
}

std::string percent_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", byte);
      out += hex;
    }
  }
  return out;
}

}  // namespace

std::string without_password(std::string_view url) {
  Parts parts = split(url);
  parts.userinfo = parts.userinfo.substr(0, parts.userinfo.find(':'));
  return join(parts);
}

bool has_password(std::string_view url) { return split(url).userinfo.find(':') != std::string::npos; }

std::string with_password(std::string_view url, std::string_view password) {
  Parts parts = split(url);
  parts.userinfo = parts.userinfo.substr(0, parts.userinfo.find(':')) + ":" + percent_encoded(password);
  return join(parts);
}

std::string with_user(std::string_view url, std::string_view user) {
  Parts parts = split(url);
  parts.userinfo = percent_encoded(user);
  return join(parts);
}

std::string with_dbname(std::string_view url, std::string_view dbname) {
  Parts parts = split(url);
  const auto path_start = parts.rest.find_first_of("/?");
  const std::string host = parts.rest.substr(0, path_start);
  std::string query;
  if (const auto q = parts.rest.find('?'); q != std::string::npos) query = parts.rest.substr(q);
  parts.rest = host + "/" + percent_encoded(dbname) + query;
  return join(parts);
}

std::string dotenv_text(std::string_view url) {
  return "# Secrets for this machine only: git-ignored, never committed. The app and the\n"
         "# cpprustango CLI read it at start-up; a DATABASE_URL in the environment wins.\n"
         "DATABASE_URL=" +
         std::string(url) + "\n";
}

}  // namespace cpprustango::cli
