// Hand-written, single-pass lexer: one linear scan, no regex, tokens as
// string_views into the caller's text (the CLI parses hundreds of models per run).
#include "schema/lexer.hpp"

#include "cpprustango/schema/parser.hpp"

namespace cpprustango::schema::detail {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
/** UTF-8 continuation bytes do not start a character, so they do not advance the column. */
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

class Lexer {
 public:
  Lexer(std::string_view text, std::string_view path) : text_(text), path_(path) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    // About one token per four bytes of typical schema text: one allocation in practice.
    tokens.reserve(text_.size() / 4 + 2);
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const Location at{line_, column_};
      if (c == ' ' || c == '\t' || c == '\r') {
        advance(1);
      } else if (c == '\n') {
        if (depth_ == 0) tokens.push_back({TokenKind::Newline, text_.substr(pos_, 1), at});
        advance(1);
        ++line_;
        column_ = 1;
      } else if (c == '/' && peek(1) == '/') {
        tokens.push_back({TokenKind::Comment, comment_text(), at});
      } else if (is_ident_start(c)) {
        tokens.push_back({TokenKind::Identifier, take_while(is_ident_char), at});
      } else if (is_digit(c) || (c == '-' && is_digit(peek(1)))) {
        tokens.push_back({TokenKind::Number, number(), at});
      } else if (c == '"') {
        tokens.push_back({TokenKind::String, string_literal(), at});
      } else if (c == '@' && peek(1) == '@') {
        tokens.push_back({TokenKind::AtAt, text_.substr(pos_, 2), at});
        advance(2);
      } else {
        tokens.push_back({punctuation(c, at), text_.substr(pos_, 1), at});
        advance(1);
      }
    }
    tokens.push_back({TokenKind::End, {}, {line_, column_}});
    return tokens;
  }

 private:
  char peek(std::size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void advance(std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i, ++pos_) {
      if (starts_character(text_[pos_])) ++column_;
    }
  }

  std::string_view take_while(bool (*accept)(char)) {
    const std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && accept(text_[end])) ++end;
    advance(end - start);
    return text_.substr(start, end - start);
  }

  std::string_view comment_text() {
    advance(2);
    const std::size_t start = pos_;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::size_t last = end;
    while (last > start && (text_[last - 1] == ' ' || text_[last - 1] == '\t' || text_[last - 1] == '\r')) --last;
    advance(end - start);
    return text_.substr(start, last - start);
  }

  std::string_view number() {
    const std::size_t start = pos_;
    if (text_[pos_] == '-') advance(1);
    take_while(is_digit);
    if (peek(0) == '.' && is_digit(peek(1))) {
      advance(1);
      take_while(is_digit);
    }
    return text_.substr(start, pos_ - start);
  }

  std::string_view string_literal() {
    const Location open{line_, column_};
    const std::size_t start = pos_;
    advance(1);
    while (true) {
      if (pos_ >= text_.size() || text_[pos_] == '\n') {
        fail(open, "unterminated string: close it with '\"' on the same line");
      }
      const char c = text_[pos_];
      if (c == '"') break;
      if (c == '\\') {
        const char escaped = peek(1);
        if (escaped != '"' && escaped != '\\' && escaped != 'n' && escaped != 't') {
          const std::string shown = escaped == '\n' || escaped == '\0' ? std::string() : std::string(1, escaped);
          fail({line_, column_}, "unknown escape '\\" + shown + "' in a string; use \\\", \\\\, \\n or \\t");
        }
        advance(2);
      } else {
        advance(1);
      }
    }
    advance(1);
    return text_.substr(start, pos_ - start);
  }

  TokenKind punctuation(char c, Location at) {
    switch (c) {
      case '{':
        return TokenKind::LBrace;
      case '}':
        return TokenKind::RBrace;
      case '(':
        ++depth_;
        return TokenKind::LParen;
      case ')':
        if (depth_ > 0) --depth_;
        return TokenKind::RParen;
      case '[':
        ++depth_;
        return TokenKind::LBracket;
      case ']':
        if (depth_ > 0) --depth_;
        return TokenKind::RBracket;
      case ',':
        return TokenKind::Comma;
      case ':':
        return TokenKind::Colon;
      case '?':
        return TokenKind::Question;
      case '.':
        return TokenKind::Dot;
      case '-':
        return TokenKind::Minus;
      case '@':
        return TokenKind::At;
      default:
        break;
    }
    if (c == '#' || c == '/') fail(at, std::string("unexpected character '") + c + "'; comments start with //");
    if (std::string_view("<>=!+*%&|;").find(c) != std::string_view::npos) {
      // Most likely SQL typed bare into @@check(...) or sql(...).
      fail(at,
           std::string("unexpected character '") + c + "'; SQL is written as a string, e.g. @@check(\"price > 0\")");
    }
    // Show the whole UTF-8 sequence, not its first byte.
    std::size_t length = 1;
    while (pos_ + length < text_.size() && !starts_character(text_[pos_ + length])) ++length;
    fail(at, "unexpected character '" + std::string(text_.substr(pos_, length)) + "'");
  }

  [[noreturn]] void fail(Location at, const std::string& message) const { throw ParseError(path_, at, message); }

  std::string_view text_;
  std::string_view path_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int depth_ = 0;  // open ( and [: newlines inside them do not end a line
};

}  // namespace

bool is_identifier(std::string_view word) {
  if (word.empty() || !is_ident_start(word.front())) return false;
  for (const char c : word) {
    if (!is_ident_char(c)) return false;
  }
  return true;
}

std::vector<Token> tokenize(std::string_view text, std::string_view path) { return Lexer(text, path).run(); }

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::String:
      return "the string " + std::string(token.text);
    case TokenKind::Newline:
      return "the end of the line";
    case TokenKind::Comment:
      return "a comment";
    case TokenKind::End:
      return "the end of the file";
    default:
      return "'" + std::string(token.text) + "'";
  }
}

std::string unescape(std::string_view quoted) {
  const std::string_view inner = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] != '\\') {
      out += inner[i];
      continue;
    }
    const char escaped = inner[++i];
    out += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
  }
  return out;
}

std::string quote(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace cpprustango::schema::detail
