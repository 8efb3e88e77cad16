// The CMakeLists.txt source-list editor: blanks comments and quoted
// arguments, finds the call by command and first argument, and splices the
// new sources before its closing parenthesis.
#include "codegen/cmake_edit.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "support/errors.hpp"

namespace cpprustango::cli::codegen {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_name(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

/** The text with # comments and the inside of "quoted" arguments blanked (newlines kept). */
std::string shape_of(std::string_view text) {
  std::string shape(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#') {
      for (; i < text.size() && text[i] != '\n'; ++i) shape[i] = ' ';
    } else if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') shape[i++] = ' ';
        if (i < text.size() && text[i] != '\n') shape[i] = ' ';
      }
    }
  }
  return shape;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

CmakeEditResult add_sources(std::string_view text, std::string_view shown, std::string_view command,
                            std::string_view target, const std::vector<std::string>& sources) {
  std::string listed;
  for (const auto& source : sources) listed += " " + source;
  const auto refuse = [&](const std::string& why) {
    throw CliError("cannot edit " + std::string(shown) + " safely: " + why + "; add" + listed + " to " +
                   std::string(command) + "(" + std::string(target) + " ...) by hand");
  };
  const std::string shape = shape_of(text);
  const std::string folded = lower(shape);  // CMake commands are case-insensitive
  std::optional<std::pair<std::size_t, std::size_t>> call;  // the argument list's '(' and ')'
  for (std::size_t at = folded.find(command); at != std::string::npos; at = folded.find(command, at + 1)) {
    if ((at > 0 && is_name(folded[at - 1]))) continue;
    std::size_t i = at + command.size();
    while (i < shape.size() && is_space(shape[i])) ++i;
    if (i >= shape.size() || shape[i] != '(') continue;
    const std::size_t open = i++;
    while (i < shape.size() && is_space(shape[i])) ++i;
    if (shape.compare(i, target.size(), target) != 0) continue;
    const std::size_t after = i + target.size();
    if (after < shape.size() && !is_space(shape[after]) && shape[after] != ')') continue;
    if (call) refuse("it calls " + std::string(command) + "(" + std::string(target) + " ...) twice");
    const std::size_t close = shape.find(')', after);
    if (close == std::string::npos) refuse("the " + std::string(command) + "(" + std::string(target) + " ...) call does not close");
    call = {{open, close}};
  }
  if (!call) refuse("it has no " + std::string(command) + "(" + std::string(target) + " ...) call");
  const auto [open, close] = *call;

  std::vector<std::string> present;
  for (std::size_t i = open + 1; i < close;) {
    while (i < close && is_space(shape[i])) ++i;
    std::size_t end = i;
    while (end < close && !is_space(shape[end])) ++end;
    if (end > i) present.emplace_back(text.substr(i, end - i));
    i = end;
  }
  std::vector<std::string> added;
  for (const auto& source : sources) {
    if (std::find(present.begin(), present.end(), source) != present.end()) continue;
    if (std::find(added.begin(), added.end(), source) != added.end()) continue;
    added.push_back(source);
  }
  if (added.empty()) return {std::string(text), false};

  std::string result(text);
  const std::size_t open_line_end = text.find('\n', open);
  if (open_line_end != std::string_view::npos && open_line_end < close) {
    // One argument per line: add lines indented like the last one.
    std::size_t last_line = text.rfind('\n', close);
    std::size_t insert_at = close;
    std::string indent = "  ";
    const bool closing_alone = std::all_of(shape.begin() + static_cast<std::ptrdiff_t>(last_line + 1),
                                           shape.begin() + static_cast<std::ptrdiff_t>(close), is_space);
    std::size_t previous = closing_alone ? text.rfind('\n', last_line - 1) : last_line;
    std::size_t start = previous + 1;
    std::size_t end = start;
    while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
    indent = std::string(text.substr(start, end - start));
    std::string lines;
    for (const auto& source : added) lines += indent + source + "\n";
    if (closing_alone) {
      insert_at = last_line + 1;
      result.insert(insert_at, lines);
    } else {
      result.insert(close, "\n" + lines.substr(0, lines.size() - 1));
    }
  } else {
    std::string appended;
    for (const auto& source : added) appended += " " + source;
    result.insert(close, appended);
  }
  return {result, true};
}

}  // namespace cpprustango::cli::codegen
