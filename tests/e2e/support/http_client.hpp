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

}  // namespace e2e
