// A minimal HTTP/1.1 client for the e2e tests: one request per connection.
#pragma once

#include <string>

namespace e2e {

struct HttpResponse {
  int status = 0;  ///< 0 when the connection failed
  std::string headers;
  std::string body;
};

HttpResponse http_get(int port, const std::string& path);

/** Any request: `headers` are extra "Name: value\r\n" lines; a body gets its Content-Length. */
HttpResponse http_request(int port, const std::string& method, const std::string& path, const std::string& headers,
                          const std::string& body = {});

/** "name=value" from the response's Set-Cookie header for `name`, or "". */
std::string set_cookie(const HttpResponse& response, const std::string& name);

}  // namespace e2e
