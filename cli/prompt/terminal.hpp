// The terminal under the prompts: keys decoded from the bytes a terminal
// sends (arrows arrive as escape sequences), raw mode over termios, and the
// Input/Output interfaces the prompts read and write. Only TerminalInput
// touches a real terminal; the prompts' logic is tested with scripted keys.
#pragma once

#include <signal.h>
#include <termios.h>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::cli::prompt {

enum class Key { Char, Enter, Backspace, Up, Down, Left, Right, Tab, Interrupt, EndOfInput, ClearLine, Other };

struct KeyPress {
  Key key = Key::Other;
  char ch = 0;  ///< the byte, for Key::Char (UTF-8 arrives byte by byte)

  bool operator==(const KeyPress&) const = default;
};

/**
 * Turns terminal bytes into keys, holding a partial escape sequence until it
 * completes: feed("\x1b[") gives nothing, then feed("A") gives Up.
 */
class KeyDecoder {
 public:
  std::vector<KeyPress> feed(std::string_view bytes);

 private:
  std::string pending_;
};

/** Where the prompts read keys. Interrupt and EndOfInput cancel a prompt. */
class Input {
 public:
  virtual ~Input() = default;
  /** The next key; EndOfInput when the input is closed. */
  virtual KeyPress read_key() = 0;
  /** True when keys arrive one by one (raw mode): menus can then be driven by arrows. */
  virtual bool keys_are_live() const = 0;
  /** Hides (or shows again) what is typed, for passwords; a no-op in raw mode, where the prompt echoes. */
  virtual void set_echo(bool on) = 0;
};

/** Where the prompts write. */
class Output {
 public:
  virtual ~Output() = default;
  virtual void write(std::string_view text) = 0;
  /** True when ANSI colours may be used (cursor movement is always allowed with live keys). */
  virtual bool styled() const = 0;
};

/** Keys given in advance, for tests: text is typed byte by byte, escape sequences decoded. */
class ScriptedInput : public Input {
 public:
  explicit ScriptedInput(std::string_view bytes, bool live = true);
  KeyPress read_key() override;
  bool keys_are_live() const override { return live_; }
  void set_echo(bool) override {}

 private:
  std::deque<KeyPress> keys_;
  bool live_;
};

/** Everything written, for tests. */
class StringOutput : public Output {
 public:
  explicit StringOutput(bool styled = false) : styled_(styled) {}
  void write(std::string_view text) override { text_ += text; }
  bool styled() const override { return styled_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  bool styled_;
};

/**
 * While alive, Ctrl-C (SIGINT) sets a flag instead of ending the process, and
 * interrupts a blocking read(): the caller stops at a safe point and undoes
 * what it made. The previous handler comes back on destruction.
 */
class CatchInterrupt {
 public:
  CatchInterrupt();
  ~CatchInterrupt();
  CatchInterrupt(const CatchInterrupt&) = delete;
  CatchInterrupt& operator=(const CatchInterrupt&) = delete;

  /** True once Ctrl-C came; take() also clears it. */
  static bool fired();
  static bool take();

 private:
  struct sigaction saved_ {};
};

/**
 * The process's terminal on stdin: raw mode (no line buffering, no echo,
 * Ctrl-C as a key) when the terminal allows it and TERM is not "dumb";
 * otherwise lines as typed, with Ctrl-C caught as a key too. Restores the
 * terminal's settings on destruction.
 */
class TerminalInput : public Input {
 public:
  explicit TerminalInput(bool allow_raw = true);
  ~TerminalInput() override;
  TerminalInput(const TerminalInput&) = delete;
  TerminalInput& operator=(const TerminalInput&) = delete;

  KeyPress read_key() override;
  bool keys_are_live() const override { return raw_; }
  void set_echo(bool on) override;

 private:
  KeyDecoder decoder_;
  std::deque<KeyPress> ready_;
  termios saved_{};
  bool have_saved_ = false;
  bool raw_ = false;
  std::optional<CatchInterrupt> interrupt_;  ///< without raw mode, Ctrl-C still arrives as a key
};

/** stdout, styled when console colour is on for it (a TTY, no NO_COLOR, no --color never). */
class TerminalOutput : public Output {
 public:
  void write(std::string_view text) override;
  bool styled() const override;
};

/** True when stdin and stdout are both terminals: the wizard may ask. */
bool stdin_is_terminal();

}  // namespace cpprustango::cli::prompt
