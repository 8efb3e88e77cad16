// Request, Headers and URL decoding: the plain-data side of HTTP that
// handlers, the router and the server share.
#include "cpprustango/http/request.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace cpprustango::http {

namespace detail {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Header names are ASCII tokens (RFC 9110), so an ASCII fold is exact and
// avoids the locale dependence of std::tolower.
bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct MethodName {
  Method method;
  std::string_view name;
};

constexpr std::array<MethodName, 7> kMethods{{
    {Method::Get, "GET"},
    {Method::Head, "HEAD"},
    {Method::Post, "POST"},
    {Method::Put, "PUT"},
    {Method::Patch, "PATCH"},
    {Method::Delete, "DELETE"},
    {Method::Options, "OPTIONS"},
}};

}  // namespace
}  // namespace detail

std::string_view to_string(Method method) {
  for (const auto& entry : detail::kMethods) {
    if (entry.method == method) return entry.name;
  }
  return "OTHER";
}

Method method_from_string(std::string_view name) {
  // Method names are case-sensitive (RFC 9110 9.1): "get" is not GET.
  for (const auto& entry : detail::kMethods) {
    if (entry.name == name) return entry.method;
  }
  return Method::Other;
}

void Headers::add(std::string name, std::string value) { entries_.emplace_back(std::move(name), std::move(value)); }

void Headers::set(std::string name, std::string value) {
  remove(name);
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(entries_, [name](const auto& entry) { return detail::iequals(entry.first, name); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [key, value] : entries_) {
    if (detail::iequals(key, name)) return std::string_view{value};
  }
  return std::nullopt;
}

Request::Request(Method method, std::string_view target, std::string body) : method_(method), body_(std::move(body)) {
  set_target(target);
}

void Request::set_target(std::string_view target) {
  // A fragment never reaches a server, but a hand-built target may carry one.
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  auto question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  query_string_ = question == std::string_view::npos ? std::string{} : std::string{target.substr(question + 1)};
  // '+' means space only in form-encoded query strings, never in paths.
  path_ = url_decode(raw_path, false);
  if (path_.empty()) path_ = "/";
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::string_view rest = query_string_;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (url_decode(raw_key, true) == name) return url_decode(raw_value, true);
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return std::string_view{value};
  }
  return std::nullopt;
}

std::optional<std::int64_t> Request::param_int(std::string_view name) const {
  auto text = param(name);
  if (!text || text->empty()) return std::nullopt;
  std::int64_t number = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, number);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return number;
}

std::shared_ptr<const void> Request::local(std::string_view key) const {
  for (const auto& [name, value] : locals_) {
    if (name == key) return value;
  }
  return nullptr;
}

void Request::set_local(std::string key, std::shared_ptr<const void> value) {
  for (auto& [name, existing] : locals_) {
    if (name == key) {
      existing = std::move(value);
      return;
    }
  }
  locals_.emplace_back(std::move(key), std::move(value));
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string url_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int high = detail::hex_value(text[i + 1]);
      int low = detail::hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    // A '%' not followed by two hex digits is kept literally, as browsers do.
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

}  // namespace cpprustango::http
