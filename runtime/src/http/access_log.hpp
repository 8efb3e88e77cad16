// The access log's asynchronous sink: each event loop formats its lines into
// its own buffer (no lock, no allocation once the buffer has grown), and hands
// the full buffer to one writer thread every 100 ms or every 32 KiB.
#pragma once

#include <chrono>
#include <ctime>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cpprustango::http::detail {

/** The writer thread behind every loop's buffer; writes to stdout in arrival order. */
class AccessLogSink {
 public:
  AccessLogSink();
  ~AccessLogSink();  // writes what is queued, then joins
  AccessLogSink(const AccessLogSink&) = delete;
  AccessLogSink& operator=(const AccessLogSink&) = delete;

  /** Takes `chunk`'s text (leaving it empty, with a spare buffer of the same size) for the writer. */
  void submit(std::string& chunk);
  /** Blocks until everything submitted so far is written. */
  void drain();

 private:
  void write_loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable written_;
  std::vector<std::string> queue_;
  std::vector<std::string> spares_;
  std::size_t submitted_ = 0;
  std::size_t done_ = 0;
  bool closing_ = false;
  std::thread writer_;
};

/**
 * One loop's buffer of access lines, in the runtime logger's format:
 *   2026-12-07 06:40:00.123 info GET /ping 200 0.02ms 127.0.0.1
 * `append` formats into the buffer; the loop calls `flush` on its tick.
 */
class AccessLogBuffer {
 public:
  explicit AccessLogBuffer(AccessLogSink& sink, bool color);

  /** `elapsed_ms` < 0 prints "-" (a request refused before it was handled). */
  void append(std::string_view method, std::string_view target, int status, double elapsed_ms,
              std::string_view client_ip);
  void flush();

 private:
  void stamp();

  AccessLogSink& sink_;
  bool color_;
  std::string buffer_;
  std::time_t stamped_second_ = 0;
  char second_text_[32] = {};
  std::size_t second_size_ = 0;
};

}  // namespace cpprustango::http::detail
