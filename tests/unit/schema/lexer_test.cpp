// Lexer: token kinds and texts, positions (in characters), newlines inside
// brackets, and the errors for text the language does not allow.
#include "schema/lexer.hpp"

#include <gtest/gtest.h>

#include "cpprustango/schema/parser.hpp"

namespace schema = cpprustango::schema;
using schema::detail::Token;
using schema::detail::TokenKind;

namespace {

std::vector<TokenKind> kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& token : schema::detail::tokenize(text, "t.schema")) out.push_back(token.kind);
  return out;
}

std::string lex_error(std::string_view text) {
  try {
    schema::detail::tokenize(text, "apps/blog/models.schema");
  } catch (const schema::ParseError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(SchemaLexer, SplitsAFieldLineIntoTokens) {
  const auto tokens = schema::detail::tokenize("title string(200)? @index\n", "t.schema");
  ASSERT_EQ(tokens.size(), 10u);
  EXPECT_EQ(tokens[0].kind, TokenKind::Identifier);
  EXPECT_EQ(tokens[0].text, "title");
  EXPECT_EQ(tokens[1].text, "string");
  EXPECT_EQ(tokens[2].kind, TokenKind::LParen);
  EXPECT_EQ(tokens[3].kind, TokenKind::Number);
  EXPECT_EQ(tokens[3].text, "200");
  EXPECT_EQ(tokens[4].kind, TokenKind::RParen);
  EXPECT_EQ(tokens[5].kind, TokenKind::Question);
  EXPECT_EQ(tokens[6].kind, TokenKind::At);
  EXPECT_EQ(tokens[7].text, "index");
  EXPECT_EQ(tokens[8].kind, TokenKind::Newline);
  EXPECT_EQ(schema::detail::tokenize("", "t").back().kind, TokenKind::End);
}

TEST(SchemaLexer, ReadsEveryPunctuationMark) {
  EXPECT_EQ(kinds("{ } ( ) [ ] , : ? . - @ @@"),
            (std::vector<TokenKind>{TokenKind::LBrace, TokenKind::RBrace, TokenKind::LParen, TokenKind::RParen,
                                    TokenKind::LBracket, TokenKind::RBracket, TokenKind::Comma, TokenKind::Colon,
                                    TokenKind::Question, TokenKind::Dot, TokenKind::Minus, TokenKind::At,
                                    TokenKind::AtAt, TokenKind::End}));
}

TEST(SchemaLexer, ReadsNegativeAndDecimalNumbersButKeepsMinusBeforeNames) {
  const auto tokens = schema::detail::tokenize("-12 3.25 -published_at 7.", "t");
  EXPECT_EQ(tokens[0].text, "-12");
  EXPECT_EQ(tokens[0].kind, TokenKind::Number);
  EXPECT_EQ(tokens[1].text, "3.25");
  EXPECT_EQ(tokens[2].kind, TokenKind::Minus);
  EXPECT_EQ(tokens[3].text, "published_at");
  EXPECT_EQ(tokens[4].text, "7");
  EXPECT_EQ(tokens[5].kind, TokenKind::Dot);
}

TEST(SchemaLexer, KeepsStringsRawAndUnescapesThemOnRequest) {
  const auto tokens = schema::detail::tokenize(R"("say \"hi\"\n\tand \\ bye")", "t");
  EXPECT_EQ(tokens[0].kind, TokenKind::String);
  EXPECT_EQ(tokens[0].text, R"("say \"hi\"\n\tand \\ bye")");
  EXPECT_EQ(schema::detail::unescape(tokens[0].text), "say \"hi\"\n\tand \\ bye");
}

TEST(SchemaLexer, QuoteIsTheInverseOfUnescape) {
  for (const std::string value : {"", "plain", "a \"quoted\" word", "back\\slash", "two\nlines\tand tab"}) {
    EXPECT_EQ(schema::detail::unescape(schema::detail::quote(value)), value);
  }
}

TEST(SchemaLexer, CommentsKeepTheirTextWithoutTrailingSpace) {
  const auto tokens = schema::detail::tokenize("// Blog models.   \n/// doc\nx //tail", "t");
  EXPECT_EQ(tokens[0].kind, TokenKind::Comment);
  EXPECT_EQ(tokens[0].text, " Blog models.");
  EXPECT_EQ(tokens[2].text, "/ doc");
  EXPECT_EQ(tokens[5].text, "tail");
}

TEST(SchemaLexer, NewlinesInsideBracketsDoNotEndTheLine) {
  EXPECT_EQ(kinds("a(b,\n c)\n[d,\ne]\n"),
            (std::vector<TokenKind>{TokenKind::Identifier, TokenKind::LParen, TokenKind::Identifier, TokenKind::Comma,
                                    TokenKind::Identifier, TokenKind::RParen, TokenKind::Newline, TokenKind::LBracket,
                                    TokenKind::Identifier, TokenKind::Comma, TokenKind::Identifier, TokenKind::RBracket,
                                    TokenKind::Newline, TokenKind::End}));
}

TEST(SchemaLexer, CountsLinesAndColumnsInCharacters) {
  const auto tokens = schema::detail::tokenize("model X {\n  name \"é€\" @x\n}", "t");
  EXPECT_EQ(tokens[4].text, "name");
  EXPECT_EQ(tokens[4].location.line, 2);
  EXPECT_EQ(tokens[4].location.column, 3);
  EXPECT_EQ(tokens[5].location.column, 8);
  // The two non-ASCII characters count one column each.
  EXPECT_EQ(tokens[6].kind, TokenKind::At);
  EXPECT_EQ(tokens[6].location.column, 13);
  EXPECT_EQ(tokens[9].location.line, 3);
}

TEST(SchemaLexer, DescribesTokensForMessages) {
  const auto tokens = schema::detail::tokenize("@ name \"x\" 12 // c\n", "t");
  EXPECT_EQ(schema::detail::describe(tokens[0]), "'@'");
  EXPECT_EQ(schema::detail::describe(tokens[1]), "'name'");
  EXPECT_EQ(schema::detail::describe(tokens[2]), "the string \"x\"");
  EXPECT_EQ(schema::detail::describe(tokens[3]), "'12'");
  EXPECT_EQ(schema::detail::describe(tokens[4]), "a comment");
  EXPECT_EQ(schema::detail::describe(tokens[5]), "the end of the line");
  EXPECT_EQ(schema::detail::describe(tokens[6]), "the end of the file");
}

TEST(SchemaLexer, RejectsAnUnterminatedString) {
  EXPECT_EQ(lex_error("model A {\n  x string(2) @help(\"oops)\n}"),
            "apps/blog/models.schema:2:21: unterminated string: close it with '\"' on the same line");
}

TEST(SchemaLexer, RejectsAnUnknownEscape) {
  EXPECT_EQ(lex_error("@help(\"a\\qb\")"),
            "apps/blog/models.schema:1:9: unknown escape '\\q' in a string; use \\\", \\\\, \\n or \\t");
}

TEST(SchemaLexer, RejectsCharactersOutsideTheLanguage) {
  EXPECT_EQ(lex_error("model A {\n  price $\n}"), "apps/blog/models.schema:2:9: unexpected character '$'");
  EXPECT_EQ(lex_error("  nom é"), "apps/blog/models.schema:1:7: unexpected character 'é'");
}

TEST(SchemaLexer, PointsShellAndCStyleCommentsAtDoubleSlash) {
  EXPECT_EQ(lex_error("# models"), "apps/blog/models.schema:1:1: unexpected character '#'; comments start with //");
  EXPECT_EQ(lex_error("x /* no */"), "apps/blog/models.schema:1:3: unexpected character '/'; comments start with //");
}
