// The router: Django-style patterns compiled once into literal and parameter
// parts at registration, then matched per request by a small backtracking
// walk over the path (no std::regex on the request path).
#include "cpprustango/http/router.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace cpprustango::http {

namespace detail {
namespace {

enum class Converter { Str, Int, Slug, Uuid, Path };

/** One piece of a compiled pattern: literal text, or a typed parameter. */
struct Part {
  bool is_param = false;
  std::string text;  // the literal, or the parameter name
  Converter converter = Converter::Str;
};

using Captures = std::vector<std::pair<std::string_view, std::string_view>>;

[[noreturn]] void fail(std::string_view pattern, std::string_view problem) {
  std::string message = "invalid route pattern \"";
  message += pattern;
  message += "\": ";
  message += problem;
  throw RouteError(message);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

bool is_identifier(std::string_view name) {
  if (name.empty() || !(is_alpha(name[0]) || name[0] == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '_'; });
}

std::optional<Converter> converter_from_name(std::string_view name) {
  if (name == "str") return Converter::Str;
  if (name == "int") return Converter::Int;
  if (name == "slug") return Converter::Slug;
  if (name == "uuid") return Converter::Uuid;
  if (name == "path") return Converter::Path;
  return std::nullopt;
}

/** Characters a converter may consume; the matcher's fast scan. */
bool allows_char(Converter converter, char c) {
  switch (converter) {
    case Converter::Str: return c != '/';
    case Converter::Int: return is_digit(c);
    case Converter::Slug: return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
    case Converter::Uuid: return is_lower_hex(c) || c == '-';
    case Converter::Path: return true;
  }
  return false;
}

/** The whole-value check; same regexes as Django's converters. */
bool accepts(Converter converter, std::string_view value) {
  if (value.empty()) return false;
  if (converter == Converter::Uuid) {
    // Django's uuid converter: lower-case 8-4-4-4-12 hex.
    if (value.size() != 36) return false;
    for (std::size_t i = 0; i < value.size(); ++i) {
      bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_position ? value[i] != '-' : !is_lower_hex(value[i])) return false;
    }
    return true;
  }
  return std::all_of(value.begin(), value.end(), [converter](char c) { return allows_char(converter, c); });
}

std::vector<Part> compile(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') fail(pattern, "it must start with '/'");
  std::vector<Part> parts;
  std::vector<std::string_view> names;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    std::size_t open = pattern.find('<', pos);
    if (open != pos) {
      std::string_view literal = pattern.substr(pos, open - pos);
      if (literal.find('>') != std::string_view::npos) fail(pattern, "'>' without a matching '<'");
      parts.push_back(Part{false, std::string{literal}, Converter::Str});
      if (open == std::string_view::npos) break;
    }
    std::size_t close = pattern.find('>', open);
    if (close == std::string_view::npos) fail(pattern, "'<' is never closed with '>'");
    std::string_view spec = pattern.substr(open + 1, close - open - 1);
    std::string_view name = spec;
    Converter converter = Converter::Str;
    if (auto colon = spec.find(':'); colon != std::string_view::npos) {
      std::string_view converter_name = spec.substr(0, colon);
      name = spec.substr(colon + 1);
      auto found = converter_from_name(converter_name);
      if (!found) {
        fail(pattern, "unknown converter \"" + std::string{converter_name} + "\" (use str, int, slug, uuid or path)");
      }
      converter = *found;
    }
    if (!is_identifier(name)) {
      fail(pattern, "parameter name \"" + std::string{name} + "\" is not an identifier (letters, digits, '_')");
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      fail(pattern, "parameter \"" + std::string{name} + "\" appears twice");
    }
    names.push_back(name);
    parts.push_back(Part{true, std::string{name}, converter});
    pos = close + 1;
  }
  return parts;
}

bool match_from(const std::vector<Part>& parts, std::size_t index, std::string_view path, std::size_t pos,
                Captures& captures) {
  if (index == parts.size()) return pos == path.size();
  const Part& part = parts[index];
  if (!part.is_param) {
    if (path.substr(pos).substr(0, part.text.size()) != part.text) return false;
    return match_from(parts, index + 1, path, pos + part.text.size(), captures);
  }
  std::size_t end = pos;
  while (end < path.size() && allows_char(part.converter, path[end])) ++end;
  // The last part must eat the rest; otherwise back off from the longest
  // run so "/files/<name>.txt" still matches "/files/a.b.txt".
  std::size_t shortest = index + 1 == parts.size() ? end : pos + 1;
  for (std::size_t stop = end; stop >= shortest && stop > pos; --stop) {
    std::string_view value = path.substr(pos, stop - pos);
    if (!accepts(part.converter, value)) continue;
    captures.emplace_back(part.text, value);
    if (match_from(parts, index + 1, path, stop, captures)) return true;
    captures.pop_back();
  }
  return false;
}

// Methods as bits, so a route's set and a path's Allow list are one integer.
std::uint32_t bit(Method method) { return 1u << static_cast<unsigned>(method); }

constexpr std::array<Method, 8> kAllowOrder{Method::Get,    Method::Head,    Method::Post,  Method::Put,
                                            Method::Patch,  Method::Delete,  Method::Options, Method::Other};

std::string allow_header(std::uint32_t methods) {
  std::string out;
  for (Method method : kAllowOrder) {
    if ((methods & bit(method)) == 0 || method == Method::Other) continue;
    if (!out.empty()) out += ", ";
    out += to_string(method);
  }
  return out;
}

/** Percent-encodes a parameter value for a path; '/' survives only for <path:...>. */
std::string encode_path_value(std::string_view value, bool keep_slash) {
  static constexpr std::string_view kSafe = "-._~!$&'()*+,;=:@";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    if (is_alpha(c) || is_digit(c) || kSafe.find(c) != std::string_view::npos || (keep_slash && c == '/')) {
      out.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

}  // namespace

struct Route {
  std::string pattern;
  std::vector<Part> parts;
  std::uint32_t methods = 0;
  Handler handler;
  std::string name;
};

}  // namespace detail

struct Router::Impl {
  std::vector<detail::Route> routes;
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Router& Router::route(std::initializer_list<Method> methods, std::string_view pattern, Handler handler,
                      std::string name) {
  detail::Route route;
  route.pattern = std::string{pattern};
  route.parts = detail::compile(pattern);
  if (methods.size() == 0) detail::fail(pattern, "no HTTP method given");
  if (!handler) detail::fail(pattern, "the handler is empty");
  for (Method method : methods) route.methods |= detail::bit(method);
  // HEAD is GET without the body; the server drops the body.
  if (route.methods & detail::bit(Method::Get)) route.methods |= detail::bit(Method::Head);
  route.handler = std::move(handler);
  route.name = std::move(name);
  impl_->routes.push_back(std::move(route));
  return *this;
}

Router& Router::get(std::string_view pattern, Handler handler, std::string name) {
  return route({Method::Get}, pattern, std::move(handler), std::move(name));
}
Router& Router::post(std::string_view pattern, Handler handler, std::string name) {
  return route({Method::Post}, pattern, std::move(handler), std::move(name));
}
Router& Router::put(std::string_view pattern, Handler handler, std::string name) {
  return route({Method::Put}, pattern, std::move(handler), std::move(name));
}
Router& Router::patch(std::string_view pattern, Handler handler, std::string name) {
  return route({Method::Patch}, pattern, std::move(handler), std::move(name));
}
Router& Router::del(std::string_view pattern, Handler handler, std::string name) {
  return route({Method::Delete}, pattern, std::move(handler), std::move(name));
}

Response Router::dispatch(Request& request) const {
  std::uint32_t allowed = 0;
  detail::Captures captures;
  const std::string& path = request.path();
  const std::uint32_t wanted = detail::bit(request.method());
  for (const auto& route : impl_->routes) {
    captures.clear();
    if (!detail::match_from(route.parts, 0, path, 0, captures)) continue;
    if ((route.methods & wanted) == 0) {
      allowed |= route.methods;
      continue;
    }
    std::vector<std::pair<std::string, std::string>> params;
    params.reserve(captures.size());
    for (const auto& [key, value] : captures) params.emplace_back(key, value);
    request.set_params(std::move(params));
    return route.handler(request);
  }
  if (allowed != 0) {
    Response response = Response::error(405);
    response.header("Allow", detail::allow_header(allowed));
    return response;
  }
  return Response::error(404);
}

std::optional<std::string> Router::url_for(std::string_view name,
                                           const std::vector<std::pair<std::string, std::string>>& params) const {
  auto route = std::find_if(impl_->routes.begin(), impl_->routes.end(),
                            [name](const detail::Route& r) { return !r.name.empty() && r.name == name; });
  if (route == impl_->routes.end()) return std::nullopt;
  std::string url;
  std::size_t used = 0;
  for (const auto& part : route->parts) {
    if (!part.is_param) {
      url += part.text;
      continue;
    }
    auto given = std::find_if(params.begin(), params.end(), [&part](const auto& p) { return p.first == part.text; });
    if (given == params.end() || !detail::accepts(part.converter, given->second)) return std::nullopt;
    url += detail::encode_path_value(given->second, part.converter == detail::Converter::Path);
    ++used;
  }
  // A parameter the route does not take is a typo at the call site; say so
  // by failing rather than silently dropping it.
  if (used != params.size()) return std::nullopt;
  return url;
}

}  // namespace cpprustango::http
