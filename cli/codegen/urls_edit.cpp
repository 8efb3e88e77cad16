// The src/urls.cpp editor: a small lexer that blanks comments and literals,
// then string splicing at two places (after the last #include, before the
// closing brace of add_routes()).
#include "codegen/urls_edit.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace cpprustango::cli::codegen {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

/**
 * Two views of the file, each as long as the text and with its newlines kept:
 * `code` has comments blanked; `shape` also has the inside of string and
 * character literals blanked, so only real braces, parentheses and names remain.
 */
struct Lexed {
  std::string code;
  std::string shape;
  bool unterminated = false;
};

Lexed lex(std::string_view text) {
  Lexed out{std::string(text), std::string(text), false};
  const auto blank = [&](std::size_t from, std::size_t to, bool in_code) {
    for (std::size_t i = from; i < to && i < text.size(); ++i) {
      if (text[i] == '\n') continue;
      out.shape[i] = ' ';
      if (in_code) out.code[i] = ' ';
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = text.size();
      blank(i, end, true);
      i = end;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t close = text.find("*/", i + 2);
      const std::size_t end = close == std::string_view::npos ? text.size() : close + 2;
      if (close == std::string_view::npos) out.unterminated = true;
      blank(i, end, true);
      i = end;
    } else if (c == '"' && i > 0 && text[i - 1] == 'R' && (i < 2 || !is_word(text[i - 2]) || text[i - 2] == 'u' ||
                                                            text[i - 2] == 'U' || text[i - 2] == 'L' || text[i - 2] == '8')) {
      // R"delim( ... )delim"
      const std::size_t open = text.find('(', i);
      if (open == std::string_view::npos) {
        out.unterminated = true;
        return out;
      }
      const std::string closing = ")" + std::string(text.substr(i + 1, open - i - 1)) + "\"";
      const std::size_t close = text.find(closing, open);
      if (close == std::string_view::npos) {
        out.unterminated = true;
        return out;
      }
      blank(i + 1, close + closing.size() - 1, false);
      i = close + closing.size();
    } else if (c == '"' || (c == '\'' && !(i > 0 && std::isxdigit(static_cast<unsigned char>(text[i - 1])) &&
                                           i + 1 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1]))))) {
      // A literal; a quote between two hex digits is a digit separator (1'000).
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != c && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      if (j >= text.size() || text[j] != c) {
        out.unterminated = true;
        return out;
      }
      blank(i + 1, j, false);
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

std::string without_spaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!is_space(c)) out += c;
  }
  return out;
}

std::string replace_app(std::string code, const std::string& app) {
  for (std::size_t at = code.find("$app"); at != std::string::npos; at = code.find("$app", at + app.size())) {
    code.replace(at, 4, app);
  }
  return code;
}

std::size_t line_start(std::string_view text, std::size_t at) {
  const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

std::string indentation_of(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return std::string(text.substr(start, end - start));
}

/** The include directive's path on a (comment-blanked) line, e.g. "views/about.hpp", or nullopt. */
std::optional<std::string> included_path(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i >= line.size() || line[i] != '#') return std::nullopt;
  ++i;
  while (i < line.size() && is_space(line[i])) ++i;
  if (line.substr(i, 7) != "include") return std::nullopt;
  i += 7;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i >= line.size() || (line[i] != '"' && line[i] != '<')) return std::nullopt;
  const char close = line[i] == '"' ? '"' : '>';
  const std::size_t end = line.find(close, i + 1);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(line.substr(i + 1, end - i - 1));
}

/** Where add_routes() is defined: its opening and closing braces and its App parameter's name. */
struct Function {
  std::size_t open = 0;
  std::size_t close = 0;
  std::string app;
};

class Refusal {
 public:
  Refusal(std::string_view shown, const UrlsEdit& edit) : shown_(shown), edit_(edit) {}
  [[noreturn]] void operator()(const std::string& why) const {
    std::string add;
    for (const auto& include : edit_.includes) add += (add.empty() ? "" : ", ") + std::string("`#include \"") + include + "\"`";
    std::string statements;
    for (const auto& statement : edit_.statements) {
      statements += (statements.empty() ? "`" : " `") + replace_app(statement.code, "app") + "`";
    }
    std::string message = "cannot edit " + std::string(shown_) + " safely: " + why + "; add by hand";
    if (!add.empty()) message += " " + add + " with its includes";
    if (!statements.empty()) message += (add.empty() ? " " : " and ") + statements + " inside add_routes()";
    throw UrlsEditRefused(message);
  }

 private:
  std::string_view shown_;
  const UrlsEdit& edit_;
};

Function find_add_routes(const Lexed& lexed, const Refusal& refuse) {
  const std::string& shape = lexed.shape;
  std::optional<Function> found;
  constexpr std::string_view kName = "add_routes";
  for (std::size_t at = shape.find(kName); at != std::string::npos; at = shape.find(kName, at + kName.size())) {
    const std::size_t after = at + kName.size();
    if ((at > 0 && is_word(shape[at - 1])) || (after < shape.size() && is_word(shape[after]))) continue;
    std::size_t i = after;
    while (i < shape.size() && is_space(shape[i])) ++i;
    if (i >= shape.size() || shape[i] != '(') continue;
    const std::size_t params_open = i;
    int depth = 0;
    for (; i < shape.size(); ++i) {
      if (shape[i] == '(') ++depth;
      if (shape[i] == ')' && --depth == 0) break;
    }
    if (i >= shape.size()) refuse("the parentheses after add_routes do not close");
    const std::size_t params_close = i;
    ++i;
    while (i < shape.size() && (is_space(shape[i]) || is_word(shape[i]))) ++i;  // const, noexcept
    if (i >= shape.size() || shape[i] != '{') continue;  // a declaration or a call
    if (found) refuse("it defines add_routes() twice");
    Function function;
    function.open = i;
    depth = 0;
    for (; i < shape.size(); ++i) {
      if (shape[i] == '{') ++depth;
      if (shape[i] == '}' && --depth == 0) break;
    }
    if (i >= shape.size()) refuse("the braces of add_routes() do not balance");
    function.close = i;
    // The parameter's name: the last word of the parameter list.
    std::size_t end = params_close;
    while (end > params_open && !is_word(shape[end - 1])) --end;
    std::size_t begin = end;
    while (begin > params_open && is_word(shape[begin - 1])) --begin;
    function.app = shape.substr(begin, end - begin);
    const std::string_view params(shape.data() + params_open + 1, params_close - params_open - 1);
    if (function.app.empty() || params.find("App") == std::string_view::npos || function.app == "App" ||
        std::isdigit(static_cast<unsigned char>(function.app.front()))) {
      refuse("add_routes() does not name its cpprustango::App parameter");
    }
    found = function;
  }
  if (!found) refuse("it has no add_routes(cpprustango::App& app) { ... } definition");
  return *found;
}

}  // namespace

UrlsEditResult add_to_urls(std::string_view text, std::string_view shown, const UrlsEdit& edit) {
  const Refusal refuse(shown, edit);
  const Lexed lexed = lex(text);
  if (lexed.unterminated) refuse("a comment or literal in it does not end");
  const Function function = find_add_routes(lexed, refuse);

  // Statements first (they come after the includes in the file, so inserting
  // them leaves the include offsets valid).
  const std::string_view body_code(lexed.code.data() + function.open + 1, function.close - function.open - 1);
  const std::string body = without_spaces(body_code);
  std::vector<std::string> statements;
  for (const auto& statement : edit.statements) {
    const std::string code = replace_app(statement.code, function.app);
    const std::string compact = without_spaces(code);
    if (body.find(compact) != std::string::npos) continue;
    if (std::find(statements.begin(), statements.end(), code) != statements.end()) continue;
    if (!statement.conflict.empty() && body_code.find(statement.conflict) != std::string_view::npos) {
      throw UrlsEditRefused(std::string(shown) + " already has " + statement.conflict + " in add_routes(); pick another or remove that line first");
    }
    statements.push_back(code);
  }

  std::string result(text);
  bool changed = false;
  if (!statements.empty()) {
    const std::size_t close_line = line_start(text, function.close);
    for (std::size_t i = close_line; i < function.close; ++i) {
      if (!is_space(lexed.code[i])) refuse("the closing brace of add_routes() shares its line with code");
    }
    if (close_line <= function.open) refuse("add_routes() is written on one line");
    // Indent like the body's last line, else one step in from the brace.
    std::string indent = indentation_of(text, close_line) + "  ";
    for (std::size_t at = close_line; at > function.open + 1;) {
      const std::size_t start = line_start(text, at - 1);
      if (start <= function.open) break;
      const std::string_view line = std::string_view(lexed.code).substr(start, at - start);
      if (std::any_of(line.begin(), line.end(), [](char c) { return !is_space(c); })) {
        indent = indentation_of(text, start);
        break;
      }
      at = start;
    }
    std::string inserted;
    for (const auto& code : statements) inserted += indent + code + "\n";
    result.insert(close_line, inserted);
    changed = true;
  }

  std::vector<std::string> present;
  std::size_t after_last_include = std::string::npos;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    if (start > function.open) break;
    if (auto path = included_path(std::string_view(lexed.code).substr(start, end - start))) {
      present.push_back(*path);
      after_last_include = end;
    }
    start = end;
  }
  std::string includes;
  for (const auto& include : edit.includes) {
    if (std::find(present.begin(), present.end(), include) != present.end()) continue;
    present.push_back(include);
    includes += "#include \"" + include + "\"\n";
  }
  if (!includes.empty()) {
    if (after_last_include == std::string::npos) refuse("it has no #include line to add one after");
    if (after_last_include > text.size() || text[after_last_include - 1] != '\n') includes = "\n" + includes;
    result.insert(after_last_include, includes);
    changed = true;
  }
  return {changed ? result : std::string(text), changed};
}

}  // namespace cpprustango::cli::codegen
