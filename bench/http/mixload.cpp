// mixload: a closed-loop HTTP load generator that knows which request was
// which, so the latency of the fast requests in a mix with slow ones is
// measured, not estimated from the mixed distribution (wrk cannot tag them).
//
//   mixload HOST PORT FAST_PATH SLOW_PATH [--connections N] [--duration S] [--slow-every K]
//
// Each connection (keep-alive, one request in flight, one thread each) sends
// SLOW_PATH as every K-th request, starting at a different offset per
// connection, and FAST_PATH otherwise. Prints one JSON object: requests/s,
// errors, and count/p50/p90/p99/max in microseconds for each class.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Tally {
  std::vector<std::uint32_t> fast_us, slow_us;
  long errors = 0;
};

int connect_to(const char* host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host, &address.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

/** Reads one response (headers and a Content-Length body); false on a closed socket or a non-2xx status. */
bool read_response(int fd, std::string& buffer) {
  std::size_t header_end;
  while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  const bool ok = buffer.size() > 9 && buffer[9] == '2';
  std::size_t length = 0;
  const std::size_t at = buffer.find("\r\nContent-Length:");
  const std::size_t at_lower = buffer.find("\r\ncontent-length:");
  const std::size_t field = std::min(at, at_lower);
  if (field < header_end) length = std::strtoul(buffer.c_str() + field + 17, nullptr, 10);
  const std::size_t total = header_end + 4 + length;
  while (buffer.size() < total) {
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  buffer.erase(0, total);
  return ok;
}

void run_connection(const char* host, int port, const std::string& fast, const std::string& slow, int slow_every,
                    int offset, Clock::time_point until, Tally& tally) {
  int fd = connect_to(host, port);
  std::string buffer;
  for (long n = offset; Clock::now() < until; ++n) {
    if (fd < 0 && (fd = connect_to(host, port)) < 0) {
      ++tally.errors;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    const bool is_slow = slow_every > 0 && n % slow_every == 0;
    const auto started = Clock::now();
    if (!send_all(fd, is_slow ? slow : fast) || !read_response(fd, buffer)) {
      ++tally.errors;
      ::close(fd);
      fd = -1;
      buffer.clear();
      continue;
    }
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    (is_slow ? tally.slow_us : tally.fast_us).push_back(static_cast<std::uint32_t>(us));
  }
  if (fd >= 0) ::close(fd);
}

std::string stats(std::vector<std::uint32_t> values) {
  if (values.empty()) return R"({"count": 0})";
  std::sort(values.begin(), values.end());
  auto at = [&values](double q) { return values[std::min(values.size() - 1, static_cast<std::size_t>(q * values.size()))]; };
  char out[200];
  std::snprintf(out, sizeof out, R"({"count": %zu, "p50_us": %u, "p90_us": %u, "p99_us": %u, "max_us": %u})",
                values.size(), at(0.50), at(0.90), at(0.99), values.back());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: mixload HOST PORT FAST_PATH SLOW_PATH [--connections N] [--duration S] [--slow-every K]\n");
    return 2;
  }
  const char* host = argv[1];
  const int port = std::atoi(argv[2]);
  int connections = 64, duration = 10, slow_every = 10;
  for (int i = 5; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (option == "--connections") connections = value;
    else if (option == "--duration") duration = value;
    else if (option == "--slow-every") slow_every = value;
    else {
      std::fprintf(stderr, "mixload: unknown option '%s'\n", option.c_str());
      return 2;
    }
  }
  auto request = [host, port](const char* path) {
    return std::string{"GET "} + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) + "\r\n\r\n";
  };
  const std::string fast = request(argv[3]), slow = request(argv[4]);
  std::vector<Tally> tallies(static_cast<std::size_t>(connections));
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  const auto until = started + std::chrono::seconds(duration);
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back(run_connection, host, port, std::cref(fast), std::cref(slow), slow_every,
                         slow_every > 0 ? c % slow_every : 0, until, std::ref(tallies[static_cast<std::size_t>(c)]));
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  Tally all;
  for (auto& tally : tallies) {
    all.fast_us.insert(all.fast_us.end(), tally.fast_us.begin(), tally.fast_us.end());
    all.slow_us.insert(all.slow_us.end(), tally.slow_us.begin(), tally.slow_us.end());
    all.errors += tally.errors;
  }
  std::printf(R"({"rps": %.1f, "errors": %ld, "fast": %s, "slow": %s})" "\n",
              static_cast<double>(all.fast_us.size() + all.slow_us.size()) / seconds, all.errors,
              stats(all.fast_us).c_str(), stats(all.slow_us).c_str());
  return 0;
}
