// Key decoding and the termios side of the prompts.
#include "prompt/terminal.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "support/console.hpp"

namespace cpprustango::cli::prompt {
namespace {

constexpr char kEscape = '\x1b';

/** The key for a complete CSI/SS3 sequence body ("A", "B", "3~", ...). */
Key sequence_key(std::string_view body) {
  if (body == "A") return Key::Up;
  if (body == "B") return Key::Down;
  if (body == "C") return Key::Right;
  if (body == "D") return Key::Left;
  if (body == "3~") return Key::Backspace;  // Delete: as good as backspace at the end of a line
  return Key::Other;
}

KeyPress control_key(char c) {
  switch (c) {
    case '\r':
    case '\n':
      return {Key::Enter};
    case '\x7f':
    case '\b':
      return {Key::Backspace};
    case '\t':
      return {Key::Tab};
    case '\x03':
      return {Key::Interrupt};
    case '\x04':
      return {Key::EndOfInput};
    case '\x15':
      return {Key::ClearLine};
    case '\x10':
      return {Key::Up};  // Ctrl-P
    case '\x0e':
      return {Key::Down};  // Ctrl-N
    default:
      return {Key::Other};
  }
}

volatile std::sig_atomic_t g_interrupted = 0;
void note_interrupt(int) { g_interrupted = 1; }

}  // namespace

std::vector<KeyPress> KeyDecoder::feed(std::string_view bytes) {
  std::vector<KeyPress> keys;
  pending_ += bytes;
  std::size_t i = 0;
  while (i < pending_.size()) {
    const char c = pending_[i];
    if (c != kEscape) {
      const auto byte = static_cast<unsigned char>(c);
      keys.push_back(byte < 0x20 || byte == 0x7f ? control_key(c) : KeyPress{Key::Char, c});
      ++i;
      continue;
    }
    // ESC [ params final, or ESC O final; a lone ESC waits for more bytes.
    if (i + 1 >= pending_.size()) break;
    const char kind = pending_[i + 1];
    if (kind != '[' && kind != 'O') {
      keys.push_back({Key::Other});
      i += 1;
      continue;
    }
    std::size_t end = i + 2;
    while (end < pending_.size() && !(pending_[end] >= 0x40 && pending_[end] <= 0x7e)) ++end;
    if (end >= pending_.size()) break;
    keys.push_back({sequence_key(std::string_view(pending_).substr(i + 2, end - i - 1))});
    i = end + 1;
  }
  pending_.erase(0, i);
  return keys;
}

ScriptedInput::ScriptedInput(std::string_view bytes, bool live) : live_(live) {
  KeyDecoder decoder;
  for (const auto& key : decoder.feed(bytes)) keys_.push_back(key);
}

KeyPress ScriptedInput::read_key() {
  if (keys_.empty()) return {Key::EndOfInput};
  const KeyPress key = keys_.front();
  keys_.pop_front();
  return key;
}

TerminalInput::TerminalInput(bool allow_raw) {
  have_saved_ = ::tcgetattr(STDIN_FILENO, &saved_) == 0;
  const char* term = std::getenv("TERM");
  const bool dumb = term == nullptr || std::string_view(term) == "dumb" || *term == '\0';
  if (have_saved_ && allow_raw && !dumb) {
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    raw_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0;
  }
  if (!raw_) interrupt_.emplace();  // lines as typed: Ctrl-C interrupts read() and becomes a key
}

TerminalInput::~TerminalInput() {
  if (have_saved_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
}

CatchInterrupt::CatchInterrupt() {
  g_interrupted = 0;
  struct sigaction action {};
  action.sa_handler = note_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking read() returns EINTR
  ::sigaction(SIGINT, &action, &saved_);
}

CatchInterrupt::~CatchInterrupt() { ::sigaction(SIGINT, &saved_, nullptr); }

bool CatchInterrupt::fired() { return g_interrupted != 0; }

bool CatchInterrupt::take() {
  const bool was = g_interrupted != 0;
  g_interrupted = 0;
  return was;
}

KeyPress TerminalInput::read_key() {
  while (ready_.empty()) {
    char buffer[64];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      if (CatchInterrupt::take()) return {Key::Interrupt};
      continue;
    }
    if (n <= 0) return {Key::EndOfInput};
    for (const auto& key : decoder_.feed(std::string_view(buffer, static_cast<std::size_t>(n)))) ready_.push_back(key);
  }
  const KeyPress key = ready_.front();
  ready_.pop_front();
  return key;
}

void TerminalInput::set_echo(bool on) {
  if (raw_ || !have_saved_) return;
  termios now{};
  if (::tcgetattr(STDIN_FILENO, &now) != 0) return;
  if (on) {
    now.c_lflag |= ECHO;
  } else {
    now.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  }
  ::tcsetattr(STDIN_FILENO, TCSANOW, &now);
}

void TerminalOutput::write(std::string_view text) { std::cout << text << std::flush; }

bool TerminalOutput::styled() const { return console::color_on_stdout(); }

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1; }

}  // namespace cpprustango::cli::prompt
