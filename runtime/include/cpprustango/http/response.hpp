// An HTTP response a handler returns. Factories cover the common cases:
// `Response::text("pong")`, `Response::html(page)`, `Response::json(body)`.
#pragma once

#include <string>
#include <utility>

#include "cpprustango/http/request.hpp"

namespace cpprustango::http {

class Response {
 public:
  Response() = default;
  Response(int status, std::string body, std::string content_type);

  static Response text(std::string body, int status = 200);
  static Response html(std::string body, int status = 200);
  /** `body` must already be serialized JSON. */
  static Response json(std::string body, int status = 200);
  static Response redirect(std::string location, int status = 302);
  /** A plain-text error page: "404 Not Found". */
  static Response error(int status);

  int status() const { return status_; }
  void set_status(int status) { status_ = status; }
  const std::string& body() const { return body_; }
  /** Mutable access, so the server can move a large body out without a copy. */
  std::string& body() { return body_; }
  void set_body(std::string body) { body_ = std::move(body); }
  const Headers& headers() const { return headers_; }
  Headers& headers() { return headers_; }
  Response& header(std::string name, std::string value) {
    headers_.set(std::move(name), std::move(value));
    return *this;
  }

 private:
  int status_ = 200;
  std::string body_;
  Headers headers_;
};

/** The reason phrase of a status code: `reason_phrase(404) == "Not Found"`. */
std::string_view reason_phrase(int status);

}  // namespace cpprustango::http
