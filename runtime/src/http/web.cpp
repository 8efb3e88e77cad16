// HTML escaping, form and cookie parsing for the admin and project views (see web.hpp).
#include "http/web.hpp"

#include <cctype>

namespace cpprustango::http::detail {

http::Response html(std::string body, int status) {
  auto response = http::Response::html(std::move(body), status);
  // Admin pages show private data: never cached, never framed, scripts only from here.
  response.header("Cache-Control", "no-store");
  response.header("Content-Security-Policy",
                  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                  "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  return response;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Form Form::parse(std::string_view encoded) {
  Form form;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const auto pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string name = http::url_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? std::string() : http::url_decode(pair.substr(eq + 1), true);
    form.entries_.emplace_back(std::move(name), std::move(value));
  }
  return form;
}

std::optional<std::string> first_value(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::vector<std::string> all_values(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [key, value] : pairs) {
    if (key == name) out.push_back(value);
  }
  return out;
}

std::optional<std::string> Form::get(std::string_view name) const { return first_value(entries_, name); }

std::vector<std::string> Form::all(std::string_view name) const { return all_values(entries_, name); }

std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (value.empty()) continue;
    out += (out.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value);
  }
  return out;
}

std::string cookie(const http::Request& request, std::string_view name) {
  std::string_view rest = request.header("cookie").value_or("");
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view item = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) return std::string(item.substr(eq + 1));
  }
  return {};
}

std::string set_cookie(std::string_view name, std::string_view value, long max_age, bool secure) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Lax";
  if (max_age >= 0) out += "; Max-Age=" + std::to_string(max_age);
  if (secure) out += "; Secure";
  return out;
}

std::string safe_next(std::string_view next) {
  // Only our own pages: a path under /admin/, never "//host" or a scheme.
  if (!next.starts_with("/admin/") || next.find("//") != std::string_view::npos ||
      next.find('\\') != std::string_view::npos || next.find_first_of("\r\n") != std::string_view::npos) {
    return "/admin/";
  }
  return std::string(next);
}

std::string safe_path(std::string_view next, std::string_view fallback) {
  if (!next.starts_with("/") || next.starts_with("//") || next.find('\\') != std::string_view::npos ||
      next.find_first_of("\r\n") != std::string_view::npos) {
    return std::string(fallback);
  }
  return std::string(next);
}

}  // namespace cpprustango::http::detail
