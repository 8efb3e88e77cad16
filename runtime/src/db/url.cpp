// Database URL parsing. The accepted forms are a product contract (the CLI's
// --database and DATABASE_URL use this parser), so anything else is refused
// with a message that lists them, instead of being guessed at.
#include "cpprustango/db/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "cpprustango/db/errors.hpp"

namespace cpprustango::db {

namespace {

constexpr std::string_view kForms = "use sqlite:PATH, sqlite::memory: or postgresql://...";

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, std::string_view whole_url) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      throw UrlError("invalid percent-encoding in database URL '" + redact_url(whole_url) +
                     "': '%' must be followed by two hex digits");
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string percent_encode_userinfo(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

Url parse_sqlite(std::string_view url, std::string_view rest, const std::filesystem::path& base_dir) {
  Url parsed;
  parsed.dialect = Dialect::Sqlite;
  if (rest == ":memory:" || rest == "//:memory:") {
    parsed.path = ":memory:";
    return parsed;
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    if (rest.empty() || rest.front() != '/') {
      throw UrlError("ambiguous database URL '" + std::string{url} + "': use sqlite:" + std::string{rest} +
                     " for a relative path or sqlite:///" + std::string{rest} + " for an absolute one");
    }
  }
  if (rest.empty()) {
    throw UrlError("missing file path in database URL '" + std::string{url} + "': use sqlite:PATH or sqlite::memory:");
  }
  std::filesystem::path path{std::string{rest}};
  if (path.is_relative() && !base_dir.empty()) path = base_dir / path;
  parsed.path = path.lexically_normal().string();
  return parsed;
}

std::uint16_t parse_port(std::string_view text, std::string_view url) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) {
    throw UrlError("invalid port '" + std::string{text} + "' in database URL '" + redact_url(url) +
                   "': expected a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

Url parse_postgres(std::string_view url, std::string_view rest) {
  Url parsed;
  parsed.dialect = Dialect::Postgresql;

  if (auto question = rest.find('?'); question != std::string_view::npos) {
    std::string_view query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    while (!query.empty()) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      if (pair.empty()) continue;
      auto equals = pair.find('=');
      if (equals == std::string_view::npos || equals == 0) {
        throw UrlError("invalid parameter '" + std::string{pair.substr(0, pair.find('='))} + "' in database URL '" +
                       redact_url(url) + "': expected key=value");
      }
      parsed.params.emplace_back(percent_decode(pair.substr(0, equals), url),
                                 percent_decode(pair.substr(equals + 1), url));
    }
  }

  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) parsed.dbname = percent_decode(rest.substr(slash + 1), url);

  // The last '@' ends the user info, so an unencoded '@' in a password still works.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    parsed.user = percent_decode(userinfo.substr(0, colon), url);
    if (colon != std::string_view::npos) parsed.password = percent_decode(userinfo.substr(colon + 1), url);
  }

  std::optional<std::string_view> port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      throw UrlError("invalid host in database URL '" + redact_url(url) + "': missing ']' after an IPv6 address");
    }
    parsed.host = std::string{authority.substr(1, close - 1)};
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        throw UrlError("invalid host in database URL '" + redact_url(url) + "': expected ':PORT' after ']'");
      }
      port = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    parsed.host = percent_decode(authority.substr(0, colon), url);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (port) parsed.port = parse_port(*port, url);
  return parsed;
}

}  // namespace

std::string_view dialect_name(Dialect dialect) noexcept { return dialect == Dialect::Sqlite ? "sqlite" : "postgresql"; }

std::string redact_url(std::string_view url) {
  std::string text{url};
  auto scheme_end = text.find("://");
  if (scheme_end == std::string::npos) return text;
  auto authority_start = scheme_end + 3;
  auto authority_end = text.find_first_of("/?", authority_start);
  if (authority_end == std::string::npos) authority_end = text.size();
  auto at = text.rfind('@', authority_end);
  if (at == std::string::npos || at < authority_start) return text;
  auto colon = text.find(':', authority_start);
  if (colon == std::string::npos || colon > at) return text;
  return text.substr(0, colon + 1) + "***" + text.substr(at);
}

std::string Url::redacted() const {
  if (dialect == Dialect::Sqlite) return "sqlite:" + path;
  std::string out = "postgresql://";
  if (!user.empty() || !password.empty()) {
    out += percent_encode_userinfo(user);
    if (!password.empty()) out += ":***";
    out += '@';
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  if (!dbname.empty() || !params.empty()) out += "/" + dbname;
  char separator = '?';
  for (const auto& [key, value] : params) {
    out += separator;
    out += key + "=" + (key == "password" ? std::string{"***"} : value);
    separator = '&';
  }
  return out;
}

Url parse_url(std::string_view url, const std::filesystem::path& base_dir) {
  if (url.empty()) throw UrlError("empty database URL: " + std::string{kForms});
  if (starts_with_nocase(url, "sqlite:")) return parse_sqlite(url, url.substr(7), base_dir);
  if (starts_with_nocase(url, "postgresql://")) return parse_postgres(url, url.substr(13));
  if (starts_with_nocase(url, "postgres://")) return parse_postgres(url, url.substr(11));
  throw UrlError("unsupported database URL '" + redact_url(url) + "': " + std::string{kForms});
}

}  // namespace cpprustango::db
