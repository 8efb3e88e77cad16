// Address parsing and a bind probe so a taken port is reported before building.
#include "support/address.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "support/errors.hpp"

namespace cpprustango::cli {

std::string ListenAddress::url() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

ListenAddress parse_listen_address(std::string_view text) {
  ListenAddress address;
  std::string_view port_text = text;
  if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    std::string_view host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) throw UsageError("'" + std::string(text) + "' has no host before ':'; use ADDR:PORT, e.g. 127.0.0.1:8000");
    address.host = std::string(host);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 || value > 65535) {
    throw UsageError("'" + std::string(text) + "' is not a valid ADDR:PORT (port must be 1-65535), e.g. 127.0.0.1:8000");
  }
  address.port = static_cast<std::uint16_t>(value);
  return address;
}

std::optional<std::string> listen_problem(const ListenAddress& address) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (int rc = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return "unknown host '" + address.host + "' (" + ::gai_strerror(rc) + ")";
  }
  std::optional<std::string> problem;
  const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) {
    problem = std::strerror(errno);
  } else {
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, 1) != 0) problem = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (problem && !problem->empty()) (*problem)[0] = static_cast<char>(std::tolower((*problem)[0]));
  return problem;
}

}  // namespace cpprustango::cli
