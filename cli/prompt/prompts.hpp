// The questions the wizard asks: a line of text (checked, re-asked with the
// reason), a hidden password, yes/no, and a menu. They read keys from an
// Input and write to an Output, so every answer path, bad answers and
// cancellation included, is tested in-process. With live keys (raw mode)
// menus follow the arrow keys; otherwise they are numbered and read a line.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "prompt/terminal.hpp"

namespace cpprustango::cli::prompt {

/** Ctrl-C or Ctrl-D at a question: the whole wizard stops and leaves nothing behind. */
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/** Why an answer is refused, or nullopt to accept it. */
using Check = std::function<std::optional<std::string>(const std::string&)>;

struct Choice {
  std::string name;         ///< what is selected (and may be typed)
  std::string description;  ///< shown after the name
};

class Prompter {
 public:
  Prompter(Input& input, Output& output) : in_(input), out_(output) {}

  /** A line of text; Enter alone gives `fallback`. A refused answer is re-asked with the reason. */
  std::string text(const std::string& question, const std::string& fallback = {}, const Check& check = {});
  /** A line typed hidden; `check` as for text(). An empty answer is refused unless `check` accepts it. */
  std::string password(const std::string& question, const Check& check = {});
  /** y/yes or n/no; Enter gives `fallback`. */
  bool confirm(const std::string& question, bool fallback);
  /** One of `choices` by arrows and Enter, or by typing its number or name; returns its index. */
  std::size_t select(const std::string& question, const std::vector<Choice>& choices, std::size_t fallback = 0);

  /** A line of output between questions. */
  void say(const std::string& line);
  /** A refusal or failure shown before the question is asked again. */
  void complain(const std::string& line);

 private:
  /** Reads a line; echoes what is typed when keys are live (the terminal does it otherwise). */
  std::string read_line(bool hidden);
  std::size_t select_live(const std::string& question, const std::vector<Choice>& choices, std::size_t fallback);
  std::size_t select_numbered(const std::string& question, const std::vector<Choice>& choices, std::size_t fallback);
  /** With live keys, the question's line becomes "? question: answer" (the default shows what was taken). */
  void replace_last_line(const std::string& question, const std::string& answer);
  /** "? question: answer" once a question is answered. */
  void answered(const std::string& question, const std::string& answer);
  std::string paint(const std::string& text, const char* code) const;

  Input& in_;
  Output& out_;
};

/** The choice named (case-insensitively) or numbered (from 1) by `answer`. */
std::optional<std::size_t> find_choice(const std::vector<Choice>& choices, const std::string& answer);

}  // namespace cpprustango::cli::prompt
