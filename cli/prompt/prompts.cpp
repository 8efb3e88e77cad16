// The prompt widgets. Output is plain text plus, with live keys, the few ANSI
// sequences that redraw a menu in place; colour only when the Output allows.
#include "prompt/prompts.hpp"

#include <algorithm>
#include <cctype>

namespace cpprustango::cli::prompt {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::size_t widest_name(const std::vector<Choice>& choices) {
  std::size_t width = 0;
  for (const auto& choice : choices) width = std::max(width, choice.name.size());
  return width;
}

std::string padded(const std::string& text, std::size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

}  // namespace

std::optional<std::size_t> find_choice(const std::vector<Choice>& choices, const std::string& answer) {
  const std::string wanted = lower(trimmed(answer));
  if (wanted.empty()) return std::nullopt;
  if (std::all_of(wanted.begin(), wanted.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (wanted.size() > 3) return std::nullopt;
    const std::size_t number = std::stoul(wanted);
    if (number >= 1 && number <= choices.size()) return number - 1;
    return std::nullopt;
  }
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (lower(choices[i].name) == wanted) return i;
  }
  return std::nullopt;
}

std::string Prompter::paint(const std::string& text, const char* code) const {
  if (!out_.styled()) return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

void Prompter::say(const std::string& line) { out_.write(line + "\n"); }

void Prompter::complain(const std::string& line) { out_.write(paint("  ! " + line, "31") + "\n"); }

void Prompter::answered(const std::string& question, const std::string& answer) {
  out_.write(paint("? ", "32") + question + ": " + paint(answer, "36") + "\n");
}

void Prompter::replace_last_line(const std::string& question, const std::string& answer) {
  if (!in_.keys_are_live()) return;  // the terminal already shows what was typed
  out_.write("\x1b[1A\r\x1b[K");
  answered(question, answer);
}

std::string Prompter::read_line(bool hidden) {
  const bool live = in_.keys_are_live();
  if (hidden) in_.set_echo(false);
  std::string line;
  while (true) {
    const KeyPress key = in_.read_key();
    switch (key.key) {
      case Key::Interrupt:
      case Key::EndOfInput:
        if (hidden) in_.set_echo(true);
        out_.write("\n");
        throw Cancelled();
      case Key::Enter:
        if (hidden) in_.set_echo(true);
        if (live || hidden) out_.write("\n");
        return line;
      case Key::Char:
        line += key.ch;
        if (live) out_.write(hidden ? std::string("*") : std::string(1, key.ch));
        break;
      case Key::Backspace:
        if (line.empty()) break;
        // Drop a whole UTF-8 character: continuation bytes, then its lead byte.
        while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) line.pop_back();
        if (!line.empty()) line.pop_back();
        if (live) out_.write("\b \b");
        break;
      case Key::ClearLine:
        if (live) {
          for (std::size_t i = 0; i < line.size(); ++i) out_.write("\b \b");
        }
        line.clear();
        break;
      default:
        break;
    }
  }
}

std::string Prompter::text(const std::string& question, const std::string& fallback, const Check& check) {
  while (true) {
    out_.write(paint("? ", "32") + question + (fallback.empty() ? "" : paint(" (" + fallback + ")", "2")) + ": ");
    std::string answer = trimmed(read_line(false));
    if (answer.empty()) answer = fallback;
    if (check) {
      if (auto problem = check(answer)) {
        complain(*problem);
        continue;
      }
    }
    replace_last_line(question, answer);
    return answer;
  }
}

std::string Prompter::password(const std::string& question, const Check& check) {
  while (true) {
    out_.write(paint("? ", "32") + question + paint(" (hidden)", "2") + ": ");
    std::string answer = read_line(true);
    if (check) {
      if (auto problem = check(answer)) {
        complain(*problem);
        continue;
      }
    } else if (answer.empty()) {
      complain("a password is needed");
      continue;
    }
    return answer;
  }
}

bool Prompter::confirm(const std::string& question, bool fallback) {
  while (true) {
    out_.write(paint("? ", "32") + question + paint(fallback ? " [Y/n]" : " [y/N]", "2") + " ");
    const std::string answer = lower(trimmed(read_line(false)));
    std::optional<bool> yes;
    if (answer.empty()) yes = fallback;
    if (answer == "y" || answer == "yes") yes = true;
    if (answer == "n" || answer == "no") yes = false;
    if (yes) {
      replace_last_line(question, *yes ? "yes" : "no");
      return *yes;
    }
    complain("answer y or n");
  }
}

std::size_t Prompter::select(const std::string& question, const std::vector<Choice>& choices, std::size_t fallback) {
  if (choices.empty()) throw std::logic_error("select() needs choices");
  fallback = std::min(fallback, choices.size() - 1);
  return in_.keys_are_live() ? select_live(question, choices, fallback) : select_numbered(question, choices, fallback);
}

std::size_t Prompter::select_numbered(const std::string& question, const std::vector<Choice>& choices,
                                      std::size_t fallback) {
  const std::size_t width = widest_name(choices);
  out_.write(paint("? ", "32") + question + ":\n");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    out_.write("  " + std::to_string(i + 1) + ") " + padded(choices[i].name, width) +
               (choices[i].description.empty() ? "" : "  " + paint(choices[i].description, "2")) + "\n");
  }
  while (true) {
    out_.write("  Choose 1-" + std::to_string(choices.size()) + paint(" [" + std::to_string(fallback + 1) + "]", "2") +
               ": ");
    const std::string answer = trimmed(read_line(false));
    if (answer.empty()) return fallback;
    if (auto found = find_choice(choices, answer)) return *found;
    complain("'" + answer + "' is not one of the choices: type a number from 1 to " + std::to_string(choices.size()) +
             " or a name");
  }
}

std::size_t Prompter::select_live(const std::string& question, const std::vector<Choice>& choices,
                                  std::size_t fallback) {
  const std::size_t width = widest_name(choices);
  std::size_t current = fallback;
  std::string typed;
  std::string problem;
  std::size_t drawn = 0;  // lines of the last drawing, to move back over
  auto draw = [&] {
    std::string frame;
    if (drawn > 0) frame += "\x1b[" + std::to_string(drawn) + "A";
    frame += "\r\x1b[J";
    frame += paint("? ", "32") + question + paint(" (arrows and Enter, or type a number or name)", "2") + ": " + typed +
             "\n";
    for (std::size_t i = 0; i < choices.size(); ++i) {
      const bool on = i == current;
      std::string line = (on ? "> " : "  ") + std::to_string(i + 1) + ") " + padded(choices[i].name, width);
      if (!choices[i].description.empty()) line += "  " + choices[i].description;
      frame += (on ? paint(line, "36") : line) + "\n";
    }
    drawn = choices.size() + 1;
    if (!problem.empty()) {
      frame += paint("  ! " + problem, "31") + "\n";
      ++drawn;
    }
    out_.write(frame);
  };
  draw();
  while (true) {
    const KeyPress key = in_.read_key();
    problem.clear();
    switch (key.key) {
      case Key::Interrupt:
      case Key::EndOfInput:
        throw Cancelled();
      case Key::Up:
        current = current == 0 ? choices.size() - 1 : current - 1;
        break;
      case Key::Down:
      case Key::Tab:
        current = (current + 1) % choices.size();
        break;
      case Key::Char:
        typed += key.ch;
        if (auto found = find_choice(choices, typed)) current = *found;
        break;
      case Key::Backspace:
        if (!typed.empty()) typed.pop_back();
        break;
      case Key::Enter:
        if (!typed.empty()) {
          auto found = find_choice(choices, typed);
          if (!found) {
            problem = "'" + typed + "' is not one of the choices";
            typed.clear();
            break;
          }
          current = *found;
        }
        out_.write("\x1b[" + std::to_string(drawn) + "A\r\x1b[J");
        answered(question, choices[current].name);
        return current;
      default:
        break;
    }
    draw();
  }
}

}  // namespace cpprustango::cli::prompt
