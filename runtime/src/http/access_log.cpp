// The access log sink: a writer thread fed whole buffers by the event loops,
// so a request costs one formatted line in memory, never a lock or a write().
#include "http/access_log.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>

namespace cpprustango::http::detail {

namespace {

constexpr std::size_t kFlushBytes = 32 * 1024;

void write_all(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stdout closed: the log is lost, the server goes on
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void append_number(std::string& out, long long value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace

AccessLogSink::AccessLogSink() : writer_([this] { write_loop(); }) {}

AccessLogSink::~AccessLogSink() {
  {
    std::lock_guard lock{mutex_};
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void AccessLogSink::submit(std::string& chunk) {
  if (chunk.empty()) return;
  std::string spare;
  {
    std::lock_guard lock{mutex_};
    queue_.push_back(std::move(chunk));
    ++submitted_;
    if (!spares_.empty()) {
      spare = std::move(spares_.back());
      spares_.pop_back();
    }
  }
  wake_.notify_one();
  chunk = std::move(spare);
  chunk.clear();
  if (chunk.capacity() < kFlushBytes) chunk.reserve(kFlushBytes + 512);
}

void AccessLogSink::drain() {
  std::unique_lock lock{mutex_};
  const std::size_t target = submitted_;
  written_.wait(lock, [&] { return done_ >= target; });
}

void AccessLogSink::write_loop() {
  std::vector<std::string> batch;
  std::unique_lock lock{mutex_};
  while (true) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    if (queue_.empty() && closing_) return;
    batch.swap(queue_);
    lock.unlock();
    for (const auto& chunk : batch) write_all(chunk);
    lock.lock();
    done_ += batch.size();
    // Keep a few buffers for the loops to reuse instead of allocating new ones.
    for (auto& chunk : batch) {
      if (spares_.size() < 8) spares_.push_back(std::move(chunk));
    }
    batch.clear();
    written_.notify_all();
  }
}

AccessLogBuffer::AccessLogBuffer(AccessLogSink& sink, bool color) : sink_(sink), color_(color) {
  buffer_.reserve(kFlushBytes + 512);
}

void AccessLogBuffer::stamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto since_epoch = duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::time_t second = static_cast<std::time_t>(since_epoch / 1000);
  if (second != stamped_second_) {
    std::tm parts{};
    localtime_r(&second, &parts);
    second_size_ = std::strftime(second_text_, sizeof second_text_, "%Y-%m-%d %H:%M:%S", &parts);
    stamped_second_ = second;
  }
  buffer_.append(second_text_, second_size_);
  const int millis = static_cast<int>(since_epoch % 1000);
  char fraction[5] = {'.', static_cast<char>('0' + millis / 100), static_cast<char>('0' + millis / 10 % 10),
                      static_cast<char>('0' + millis % 10), ' '};
  buffer_.append(fraction, sizeof fraction);
}

void AccessLogBuffer::append(std::string_view method, std::string_view target, int status, double elapsed_ms,
                             std::string_view client_ip) {
  stamp();
  buffer_.append(color_ ? "\033[32minfo\033[m " : "info ");
  buffer_.append(method.empty() ? std::string_view{"-"} : method);
  buffer_.push_back(' ');
  buffer_.append(target.empty() ? std::string_view{"-"} : target);
  buffer_.push_back(' ');
  append_number(buffer_, status);
  buffer_.push_back(' ');
  if (elapsed_ms < 0) {
    buffer_.push_back('-');
  } else {
    // Two decimals, as the synchronous log printed them.
    auto hundredths = static_cast<long long>(elapsed_ms * 100.0 + 0.5);
    append_number(buffer_, hundredths / 100);
    buffer_.push_back('.');
    buffer_.push_back(static_cast<char>('0' + hundredths / 10 % 10));
    buffer_.push_back(static_cast<char>('0' + hundredths % 10));
    buffer_.append("ms");
  }
  buffer_.push_back(' ');
  buffer_.append(client_ip);
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) flush();
}

void AccessLogBuffer::flush() { sink_.submit(buffer_); }

}  // namespace cpprustango::http::detail
