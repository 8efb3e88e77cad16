// Real-socket helpers for the server tests: a descriptor owner, connect
// with retry, send, and a minimal HTTP/1.1 response reader.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "cpprustango/config/settings.hpp"

namespace server_test {

/** Closes a socket descriptor at scope exit. */
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

/** A port nobody listens on right now: bind to 0, read it back, close. */
inline std::uint16_t free_port() {
  Fd fd{::socket(AF_INET, SOCK_STREAM, 0)};
  auto address = loopback(0);
  EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t size = sizeof address;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &size);
  return ntohs(address.sin_port);
}

inline Fd try_connect(std::uint16_t port) {
  Fd fd{::socket(AF_INET, SOCK_STREAM, 0)};
  auto address = loopback(port);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return Fd{};
  timeval timeout{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

/** Polls until the server accepts connections (it binds on its own thread). */
inline Fd connect_when_up(std::uint16_t port) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (Fd fd = try_connect(port); fd.get() >= 0) return fd;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "server never came up on port " << port;
  return Fd{};
}

inline void send_all(const Fd& fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    auto n = ::send(fd.get(), data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (413/431); reading tells the rest
    sent += static_cast<std::size_t>(n);
  }
}

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

/** Reads one response; `head_only` for HEAD, whose Content-Length announces a body never sent. */
inline Reply read_reply(const Fd& fd, bool head_only = false) {
  std::string data;
  char buffer[4096];
  std::size_t end_of_head;
  while ((end_of_head = data.find("\r\n\r\n")) == std::string::npos) {
    auto n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0) return {};
    data.append(buffer, static_cast<std::size_t>(n));
  }
  Reply reply;
  reply.head = data.substr(0, end_of_head + 2);
  reply.status = std::stoi(reply.head.substr(9, 3));
  std::size_t length = 0;
  if (auto at = reply.head.find("Content-Length: "); at != std::string::npos && !head_only) {
    length = std::stoul(reply.head.substr(at + 16));
  }
  reply.body = data.substr(end_of_head + 4);
  while (reply.body.size() < length) {
    auto n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.body.append(buffer, static_cast<std::size_t>(n));
  }
  return reply;
}

inline bool closed_by_peer(const Fd& fd) {
  char byte;
  return ::recv(fd.get(), &byte, 1, 0) == 0;
}

inline cpprustango::config::Settings server_settings(std::uint16_t port) {
  cpprustango::config::Settings settings;
  settings.set("server.port", std::int64_t{port});
  settings.set("server.threads", std::int64_t{2});
  settings.set("server.max_body_bytes", std::int64_t{1024});
  settings.set("server.shutdown_timeout_s", std::int64_t{10});
  return settings;
}

}  // namespace server_test
