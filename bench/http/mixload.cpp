// mixload: a closed-loop HTTP load generator that knows which request was
// which, so the latency of the fast requests in a mix with slow ones is
// measured, not estimated from the mixed distribution (wrk cannot tag them).
//
//   mixload HOST PORT FAST_PATH SLOW_PATH [--connections N] [--duration S] [--slow-every K]
//
// Each connection (keep-alive, one request in flight) sends SLOW_PATH as every
// K-th request, starting at a different offset per connection, and FAST_PATH
// otherwise. Two threads, each with an epoll loop over half the connections,
// as wrk -t2 runs: a thread per connection would add its own scheduling delays
// to the latencies it measures. Prints one JSON object: requests/s, errors,
// and count/p50/p90/p99/max in microseconds for each class.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
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

/** One keep-alive connection with one request in flight. */
struct Connection {
  int fd = -1;
  long n = 0;  // requests sent on it, plus its offset
  bool slow = false;
  Clock::time_point started;
  std::string buffer;
};

/** Sends the connection's next request; false when the socket failed. */
bool send_next(Connection& c, const std::string& fast, const std::string& slow, int slow_every) {
  c.slow = slow_every > 0 && c.n % slow_every == 0;
  ++c.n;
  c.started = Clock::now();
  const std::string& request = c.slow ? slow : fast;
  // A request is far smaller than the socket's buffer: it goes out whole or the socket is broken.
  return ::send(c.fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
}

/** 1 when the buffer holds a whole response (removed from it), 0 when more is needed, -1 for a non-2xx status. */
int take_response(std::string& buffer) {
  const std::size_t header_end = buffer.find("\r\n\r\n");
  if (header_end == std::string::npos) return 0;
  std::size_t length = 0;
  for (const char* name : {"\r\nContent-Length:", "\r\ncontent-length:"}) {
    const std::size_t field = buffer.find(name);
    if (field < header_end) length = std::strtoul(buffer.c_str() + field + 17, nullptr, 10);
  }
  const std::size_t total = header_end + 4 + length;
  if (buffer.size() < total) return 0;
  const bool ok = buffer.size() > 9 && buffer[9] == '2';
  buffer.erase(0, total);
  return ok ? 1 : -1;
}

void run_thread(const char* host, int port, const std::string& fast, const std::string& slow, int slow_every,
                int first, int count, Clock::time_point until, Tally& tally) {
  const int poller = ::epoll_create1(0);
  std::vector<Connection> connections(static_cast<std::size_t>(count));
  auto open = [&](std::size_t i) {
    Connection& c = connections[i];
    c.buffer.clear();
    c.fd = connect_to(host, port);
    if (c.fd < 0) return false;
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = i;
    ::epoll_ctl(poller, EPOLL_CTL_ADD, c.fd, &event);
    return send_next(c, fast, slow, slow_every);
  };
  auto fail = [&](std::size_t i) {
    ++tally.errors;
    ::close(connections[i].fd);  // also leaves the epoll set
    connections[i].fd = -1;
  };
  for (std::size_t i = 0; i < connections.size(); ++i) {
    connections[i].n = slow_every > 0 ? (first + static_cast<int>(i)) % slow_every : 0;
    if (!open(i)) fail(i);
  }
  epoll_event events[64];
  while (Clock::now() < until) {
    const int ready = ::epoll_wait(poller, events, 64, 10);
    for (int e = 0; e < ready; ++e) {
      const std::size_t i = events[e].data.u64;
      Connection& c = connections[i];
      char chunk[16384];
      ssize_t got;
      while ((got = ::recv(c.fd, chunk, sizeof chunk, 0)) > 0) c.buffer.append(chunk, static_cast<std::size_t>(got));
      if (got == 0 || (got < 0 && errno != EAGAIN)) {
        fail(i);
        continue;
      }
      const int taken = take_response(c.buffer);
      if (taken == 0) continue;
      if (taken < 0) {
        ++tally.errors;
      } else {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - c.started).count();
        (c.slow ? tally.slow_us : tally.fast_us).push_back(static_cast<std::uint32_t>(us));
      }
      if (!send_next(c, fast, slow, slow_every)) fail(i);
    }
    for (std::size_t i = 0; i < connections.size(); ++i) {  // reconnect what failed
      if (connections[i].fd < 0 && !open(i)) fail(i);
    }
  }
  for (auto& c : connections) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(poller);
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
  constexpr int kThreads = 2;
  std::vector<Tally> tallies(kThreads);
  std::vector<std::thread> threads;
  const auto started = Clock::now();
  const auto until = started + std::chrono::seconds(duration);
  for (int t = 0; t < kThreads; ++t) {
    const int first = connections * t / kThreads, last = connections * (t + 1) / kThreads;
    threads.emplace_back(run_thread, host, port, std::cref(fast), std::cref(slow), slow_every, first, last - first,
                         until, std::ref(tallies[static_cast<std::size_t>(t)]));
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
