// Small web pieces the admin's pages and project views (forms, sessions,
// generic views) share: HTML escaping, form bodies, query strings, cookies.
// Private to the runtime.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"

namespace cpprustango::http::detail {

/** A private page (the admin's, a form's): HTML, never cached, CSP allowing only this site's scripts and styles. */
http::Response html(std::string body, int status = 200);

/** Text safe inside HTML element content and double-quoted attributes. */
std::string escape(std::string_view text);

/** An application/x-www-form-urlencoded body or query string, decoded, in order, duplicates kept. */
class Form {
 public:
  Form() = default;
  static Form parse(std::string_view encoded);

  std::optional<std::string> get(std::string_view name) const;
  std::string value(std::string_view name) const { return get(name).value_or(""); }
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

/** The first value named `name` among `pairs` (a form's or a query's, in order), or nullopt. */
std::optional<std::string> first_value(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name);
/** Every value named `name` among `pairs`, in order (a multiple choice, repeated checkboxes). */
std::vector<std::string> all_values(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name);

/** "a=1&b=x%20y" from pairs, skipping empty values. */
std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs);

/** The value of cookie `name` in the request's Cookie header(s), or "". */
std::string cookie(const http::Request& request, std::string_view name);
/** A Set-Cookie value: Path=/ (one login serves the admin and the site), HttpOnly, SameSite=Lax, Secure when asked; max_age < 0: session cookie, 0: delete. */
std::string set_cookie(std::string_view name, std::string_view value, long max_age, bool secure);

/** A same-site path to go back to after login, or "/admin/" for anything else (no open redirects). */
std::string safe_next(std::string_view next);
/** `next` when it is a path on this site ("/posts/?page=2"), else `fallback`: never "//host", a scheme or a backslash. */
std::string safe_path(std::string_view next, std::string_view fallback);

}  // namespace cpprustango::http::detail
