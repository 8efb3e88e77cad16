// Tokens of the schema language. The lexer works on the caller's text and
// hands out string_views into it, so a token costs no allocation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema::detail {

enum class TokenKind : unsigned char {
  Identifier,
  Number,
  String,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Question,
  Dot,
  Minus,
  At,
  AtAt,
  Newline,
  Comment,
  End
};

struct Token {
  TokenKind kind = TokenKind::End;
  /** Identifier/Number: as written; String: with its quotes and escapes; Comment: what follows "//". */
  std::string_view text;
  Location location;
};

/**
 * Splits a schema file into tokens ending with one End token. Newlines are tokens
 * (a field is one line) except inside () and [], so long attributes may wrap.
 * Throws ParseError for a character or string the language does not allow.
 */
std::vector<Token> tokenize(std::string_view text, std::string_view path);

/** How a token reads in "found ..." messages: "'@'", "the string \"x\"", "the end of the line". */
std::string describe(const Token& token);

/** The value of a string token (escapes already validated by tokenize). */
std::string unescape(std::string_view quoted);

/** Whether `word` lexes as one identifier token (a name the language takes without quotes). */
bool is_identifier(std::string_view word);

/** Prints `value` as a string literal, escaping what unescape() reverses. */
std::string quote(std::string_view value);

}  // namespace cpprustango::schema::detail
