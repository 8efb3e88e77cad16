// Errors as RFC 9457 problem details (application/problem+json). Every layer
// of the plugin (filters, pagination, permissions, serializers) throws a
// Problem; the viewset turns it into the response, so a handler never builds
// an error body by hand. Anything else a handler throws becomes a 500 whose
// body names only a correlation id (the details go to the log).
//
//   throw rest::Problem(400, "Unknown ordering field 'secret'.");
//   throw rest::Problem::validation({{.field = "title", .code = "required", .message = "This field is required."}});
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/http/response.hpp"
#include "cpprustango/orm/validation.hpp"

namespace cpprustango::rest {

class Problem : public std::runtime_error {
 public:
  /** `status` is the HTTP status; `detail` a sentence for people, shown as is. */
  Problem(int status, std::string detail);

  /** A 400 with one entry per rejected field (the body's "errors": {"title": ["..."]}). */
  static Problem validation(std::vector<orm::FieldError> errors);

  int status() const noexcept { return status_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<orm::FieldError>& errors() const noexcept { return errors_; }
  /** Extra response headers (WWW-Authenticate, Retry-After, Allow). */
  Problem& with_header(std::string name, std::string value);
  const std::vector<std::pair<std::string, std::string>>& headers() const noexcept { return headers_; }

 private:
  int status_;
  std::string detail_;
  std::vector<orm::FieldError> errors_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

/**
 * The problem+json response for `problem`:
 *   {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "...",
 *    "instance": "/api/blog/posts/", "errors": {"title": ["This field is required."]}}
 */
http::Response problem_response(const Problem& problem, std::string_view instance);

}  // namespace cpprustango::rest
