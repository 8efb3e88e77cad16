// Blocking-socket HTTP GET with Connection: close; reads to EOF.
#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>


namespace e2e {

HttpResponse http_get(int port, const std::string& path) { return http_request(port, "GET", path, ""); }

std::string set_cookie(const HttpResponse& response, const std::string& name) {
  const std::string marker = "Set-Cookie: " + name + "=";
  const auto at = response.headers.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + 12;
  return response.headers.substr(start, response.headers.find_first_of(";\r", start) - start);
}

HttpResponse http_request(int port, const std::string& method, const std::string& path, const std::string& headers,
                          const std::string& body) {
  HttpResponse response;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return response;
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers;
  if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string raw;
  char buffer[8192];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) raw.append(buffer, static_cast<size_t>(n));
  ::close(fd);
  const auto split = raw.find("\r\n\r\n");
  if (raw.size() < 12 || split == std::string::npos) return response;
  response.status = std::stoi(raw.substr(9, 3));
  response.headers = raw.substr(0, split);
  response.body = raw.substr(split + 4);
  return response;
}

}  // namespace e2e
