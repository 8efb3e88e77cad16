// Response factories and reason phrases: the common shapes a handler returns.
#include "cpprustango/http/response.hpp"

#include <string_view>
#include <utility>

namespace cpprustango::http {

Response::Response(int status, std::string body, std::string content_type) : status_(status), body_(std::move(body)) {
  if (!content_type.empty()) headers_.set("Content-Type", std::move(content_type));
}

Response Response::text(std::string body, int status) {
  return Response{status, std::move(body), "text/plain; charset=utf-8"};
}

Response Response::html(std::string body, int status) {
  return Response{status, std::move(body), "text/html; charset=utf-8"};
}

Response Response::json(std::string body, int status) { return Response{status, std::move(body), "application/json"}; }

Response Response::redirect(std::string location, int status) {
  Response response{status, {}, {}};
  response.headers_.set("Location", std::move(location));
  return response;
}

Response Response::error(int status) {
  std::string body = std::to_string(status);
  body += ' ';
  body += reason_phrase(status);
  return text(std::move(body), status);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

}  // namespace cpprustango::http
