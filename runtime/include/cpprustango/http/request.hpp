// An HTTP request as handlers see it: method, path, query, headers, body and
// the typed parameters the router captured. Plain data, no Beast types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpprustango::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

/** The canonical upper-case name: `to_string(Method::Get) == "GET"`. */
std::string_view to_string(Method method);
/** Parses an upper-case method name; unknown names give Method::Other. */
Method method_from_string(std::string_view name);

/** Header list with case-insensitive lookup; order and duplicates are kept. */
class Headers {
 public:
  void add(std::string name, std::string value);
  /** Replaces every header of that name with one value. */
  void set(std::string name, std::string value);
  void remove(std::string_view name);
  /** The first value of `name`, compared without case: `get("content-type")`. */
  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

class Request {
 public:
  Request() = default;
  /** Builds a request by hand, as tests do: `Request req{Method::Get, "/ping?x=1"}`. */
  Request(Method method, std::string_view target, std::string body = {});

  Method method() const { return method_; }
  /** The decoded path without the query string: "/posts/7/". */
  const std::string& path() const { return path_; }
  /** The raw query string without '?': "q=c%2B%2B&page=2". */
  const std::string& query_string() const { return query_string_; }
  /** A decoded query parameter: `req.query("q")`. */
  std::optional<std::string> query(std::string_view name) const;
  const Headers& headers() const { return headers_; }
  Headers& headers() { return headers_; }
  std::optional<std::string_view> header(std::string_view name) const { return headers_.get(name); }
  const std::string& body() const { return body_; }
  const std::string& client_ip() const { return client_ip_; }

  /** A path parameter captured by the route: for "/posts/<int:id>/", `req.param("id")`. */
  std::optional<std::string_view> param(std::string_view name) const;
  /** An `<int:...>` parameter as a number; nullopt when absent. */
  std::optional<std::int64_t> param_int(std::string_view name) const;

  /**
   * Data a middleware attaches for the handlers after it (the session and
   * user of auth::use_sessions), by key; nullptr when absent.
   */
  std::shared_ptr<const void> local(std::string_view key) const;
  void set_local(std::string key, std::shared_ptr<const void> value);

  // Filled by the server and the router.
  void set_target(std::string_view target);
  void set_body(std::string body) { body_ = std::move(body); }
  void set_client_ip(std::string ip) { client_ip_ = std::move(ip); }
  void set_params(std::vector<std::pair<std::string, std::string>> params) { params_ = std::move(params); }

 private:
  Method method_ = Method::Get;
  std::string path_ = "/";
  std::string query_string_;
  Headers headers_;
  std::string body_;
  std::string client_ip_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<std::pair<std::string, std::shared_ptr<const void>>> locals_;
};

/** Percent-decodes a URL component; '+' becomes a space when `plus_is_space`. */
std::string url_decode(std::string_view text, bool plus_is_space = false);
/** Percent-encodes a URL component (a query name or value, a path segment): all but A-Z a-z 0-9 - _ . ~ */
std::string url_encode(std::string_view text);

}  // namespace cpprustango::http
