// Recursive-descent parser over the token vector: the grammar of files, model
// blocks, field lines and attribute arguments. Meaning (which attribute takes
// what) lives in attributes.cpp; cross-references in validate.cpp.
//
//   file      = { comment | newline | model }
//   model     = "model" Name "{" newline { field | "@@" attribute | comment | newline } "}"
//   field     = name type ["?"] { "@" attribute } [comment] newline
//   attribute = name ["(" [arg { "," arg } [","]] ")"]
//   arg       = [name ":"] value
//   value     = number | string | name ["." name] | name "(" args ")" | "-" name
//             | "[" [value { "," value } [","]] "]" | "(" value { "," value } ")"
#include "cpprustango/schema/parser.hpp"

#include "schema/lexer.hpp"
#include "schema/syntax.hpp"

namespace cpprustango::schema {

ParseError::ParseError(std::string_view path, Location location, std::string_view message)
    : std::runtime_error(std::string(path) + ":" + std::to_string(location.line) + ":" +
                         std::to_string(location.column) + ": " + std::string(message)),
      path_(path),
      location_(location),
      message_(message) {}

namespace detail {

void Context::fail(Location location, const std::string& message) const { throw ParseError(path, location, message); }

namespace {

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string_view path, std::string_view app) : tokens_(std::move(tokens)) {
    context_.path = path;
    file_.path = path;
    file_.app = app;
  }

  SchemaFile run() {
    std::vector<std::string> pending;  // comments not yet attached to anything
    bool line_start = true;            // the previous token ended a line
    while (!at(TokenKind::End)) {
      const Token& token = peek();
      if (token.kind == TokenKind::Newline) {
        // A blank line before the first model closes the file's header comment.
        if (line_start && file_.models.empty()) move_into(file_.header_comments, pending);
        line_start = true;
        next();
      } else if (token.kind == TokenKind::Comment) {
        pending.emplace_back(next().text);
        line_start = false;
      } else if (token.kind == TokenKind::Identifier && token.text == "model") {
        parse_model(pending);
        line_start = false;
      } else {
        fail(token, "expected 'model' to start a model block, found " + describe(token));
      }
    }
    move_into(file_.models.empty() ? file_.header_comments : file_.trailing_comments, pending);
    finish_file(file_, context_);
    return std::move(file_);
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_++]; }
  bool at(TokenKind kind) const { return tokens_[pos_].kind == kind; }

  [[noreturn]] void fail(const Token& token, const std::string& message) const {
    context_.fail(token.location, message);
  }

  static void move_into(std::vector<std::string>& target, std::vector<std::string>& pending) {
    for (auto& line : pending) target.push_back(std::move(line));
    pending.clear();
  }

  /** Comments inside parentheses or brackets move above the line they were in. */
  void skip_inner_comments() {
    while (at(TokenKind::Comment)) inner_comments_.emplace_back(next().text);
  }

  /** A comment at the end of the line, then the line's end (or the '}' that closes the block). */
  std::optional<std::string> end_of_line(const std::string& expected) {
    std::optional<std::string> trailing;
    if (at(TokenKind::Comment)) trailing = std::string(next().text);
    if (at(TokenKind::Newline)) {
      next();
    } else if (!at(TokenKind::RBrace)) {
      fail(peek(), expected + ", found " + describe(peek()));
    }
    return trailing;
  }

  void parse_model(std::vector<std::string>& pending) {
    next();  // "model"
    if (!at(TokenKind::Identifier)) fail(peek(), "expected a model name after 'model', found " + describe(peek()));
    const Token& name = next();
    if (const Model* earlier = file_.find_model(name.text)) {
      fail(name, "duplicate model '" + std::string(name.text) + "' (first defined at line " +
                     std::to_string(earlier->location.line) + ")");
    }
    if (!is_pascal_case(name.text)) {
      fail(name, "model name '" + std::string(name.text) +
                     "' must be PascalCase: a capital letter, then letters "
                     "and digits (e.g. BlogPost)");
    }
    if (is_cpp_keyword(name.text))
      fail(name, "'" + std::string(name.text) + "' is a C++ keyword and cannot name a model");
    if (!at(TokenKind::LBrace)) {
      fail(peek(), "expected '{' after the model name '" + std::string(name.text) + "', found " + describe(peek()));
    }
    const Token& brace = next();

    Model& model = file_.models.emplace_back();
    model.name = std::string(name.text);
    model.location = name.location;
    move_into(model.comments.leading, pending);
    if (at(TokenKind::Comment)) model.comments.trailing = std::string(next().text);

    ModelState state;
    while (true) {
      const Token& token = peek();
      switch (token.kind) {
        case TokenKind::Newline:
          next();
          continue;
        case TokenKind::Comment:
          pending.emplace_back(next().text);
          continue;
        case TokenKind::Identifier:
          parse_field(model, state, pending);
          continue;
        case TokenKind::AtAt:
          parse_model_attribute(model, state, pending);
          continue;
        case TokenKind::RBrace:
          break;
        case TokenKind::At:
          fail(token, "expected a field name, '@@' or '}' in model '" + model.name +
                          "', found '@': field attributes follow a field's type, model attributes start with '@@'");
        case TokenKind::End:
          fail(token, "expected '}' to close model '" + model.name + "' (opened at line " +
                          std::to_string(brace.location.line) + "), found the end of the file");
        default:
          fail(token, "expected a field name, '@@' or '}' in model '" + model.name + "', found " + describe(token));
      }
      break;
    }
    next();  // '}'
    move_into(model.end_comments, pending);
    // A comment after '}' belongs to whatever follows it.
    if (at(TokenKind::Comment)) pending.emplace_back(next().text);
    if (!at(TokenKind::Newline) && !at(TokenKind::End)) {
      fail(peek(), "expected the end of the line after '}' of model '" + model.name + "', found " + describe(peek()));
    }
    finish_model(model, state, context_);
  }

  void parse_field(Model& model, ModelState& model_state, std::vector<std::string>& pending) {
    const Token& name = next();
    const std::string field_name(name.text);
    if (const Field* earlier = model.find_field(field_name)) {
      fail(name, "duplicate field '" + field_name + "' in model '" + model.name + "' (first defined at line " +
                     std::to_string(earlier->location.line) + ")");
    }
    if (!is_snake_case(field_name)) {
      fail(name, "field name '" + field_name +
                     "' must be snake_case: lower-case letters, digits and single "
                     "underscores, starting with a letter (e.g. published_at)");
    }
    if (is_cpp_keyword(field_name)) fail(name, "'" + field_name + "' is a C++ keyword and cannot name a field");
    if (is_standard_macro(field_name)) {
      fail(name, "'" + field_name + "' is a macro of the C++ standard headers and cannot name a field; name it " +
                     field_name + "_field and keep the column with @column(\"" + field_name + "\")");
    }
    if (field_name == "pk") fail(name, "'pk' is reserved (it always means the primary key) and cannot name a field");
    if (!at(TokenKind::Identifier)) {
      fail(peek(), "expected a type after the field name '" + field_name + "', found " + describe(peek()));
    }

    Field field;
    field.name = field_name;
    field.location = name.location;
    field.type_location = peek().location;
    move_into(field.comments.leading, pending);
    inner_comments_.clear();
    const Value type = parse_value("the type of field '" + field_name + "'");
    apply_type(field.type, type, context_);
    if (at(TokenKind::Question)) {
      next();
      field.nullable = true;
    }
    FieldState field_state;
    while (at(TokenKind::At)) {
      const AttributeSyntax attribute = parse_attribute();
      apply_field_attribute(field, attribute, field_state, model_state, context_);
    }
    if (at(TokenKind::AtAt)) {
      fail(peek(), "model attributes ('@@...') go on their own line, not after field '" + field_name + "'");
    }
    field.comments.trailing =
        end_of_line("expected an attribute ('@...') or the end of the line after field '" + field_name + "'");
    move_into(field.comments.leading, inner_comments_);
    finish_field(field, field_state, context_);
    model.fields.push_back(std::move(field));
  }

  void parse_model_attribute(Model& model, ModelState& state, std::vector<std::string>& pending) {
    Comments comments;
    move_into(comments.leading, pending);
    inner_comments_.clear();
    const AttributeSyntax attribute = parse_attribute();
    apply_model_attribute(model, attribute, state, context_);
    comments.trailing = end_of_line("expected the end of the line after @@" + std::string(attribute.name) + "(...)");
    move_into(comments.leading, inner_comments_);
    if (comments.empty()) return;
    // Repeatable attributes carry their own comments; the others are keyed by name.
    if (attribute.name == "index") {
      model.indexes.back().comments = std::move(comments);
    } else if (attribute.name == "unique") {
      model.uniques.back().comments = std::move(comments);
    } else if (attribute.name == "check") {
      model.checks.back().comments = std::move(comments);
    } else {
      model.attribute_comments[std::string(attribute.name)] = std::move(comments);
    }
  }

  AttributeSyntax parse_attribute() {
    const Token& sigil = next();  // '@' or '@@'
    AttributeSyntax attribute;
    attribute.location = sigil.location;
    if (!at(TokenKind::Identifier)) {
      fail(peek(), "expected an attribute name after '" + std::string(sigil.text) + "', found " + describe(peek()));
    }
    attribute.name = next().text;
    if (at(TokenKind::LParen)) {
      next();
      attribute.parenthesized = true;
      attribute.args = parse_args(TokenKind::RParen, std::string(sigil.text) + std::string(attribute.name) + "(...)");
    }
    return attribute;
  }

  /** Arguments up to and including `closing`; `where` names the construct in messages. */
  std::vector<Arg> parse_args(TokenKind closing, const std::string& where) {
    std::vector<Arg> args;
    const char* close_text = closing == TokenKind::RParen ? "')'" : "']'";
    while (true) {
      skip_inner_comments();
      if (at(closing)) break;
      Arg arg;
      if (at(TokenKind::Identifier) && tokens_[pos_ + 1].kind == TokenKind::Colon) {
        arg.name = peek().text;
        arg.name_location = peek().location;
        pos_ += 2;
        skip_inner_comments();
      }
      arg.value = parse_value(where);
      args.push_back(std::move(arg));
      skip_inner_comments();
      if (at(TokenKind::Comma)) {
        next();
        continue;
      }
      if (!at(closing))
        fail(peek(), "expected ',' or " + std::string(close_text) + " in " + where + ", found " + describe(peek()));
    }
    next();
    return args;
  }

  Value parse_value(const std::string& where) {
    skip_inner_comments();
    const Token& token = peek();
    Value value;
    value.location = token.location;
    switch (token.kind) {
      case TokenKind::Number:
        value.kind = Value::Kind::Number;
        value.text = next().text;
        return value;
      case TokenKind::String:
        value.kind = Value::Kind::String;
        value.text = next().text;
        value.string = unescape(value.text);
        return value;
      case TokenKind::Minus:
        next();
        if (!at(TokenKind::Identifier))
          fail(peek(), "expected a field name after '-' in " + where + ", found " + describe(peek()));
        value.kind = Value::Kind::Descending;
        value.text = next().text;
        return value;
      case TokenKind::LBracket:
        next();
        value.kind = Value::Kind::List;
        value.args = parse_args(TokenKind::RBracket, "a list in " + where);
        return value;
      case TokenKind::LParen:
        next();
        value.kind = Value::Kind::Tuple;
        value.args = parse_args(TokenKind::RParen, "a group in " + where);
        return value;
      case TokenKind::Identifier:
        break;
      default:
        fail(token, "expected a value in " + where + ", found " + describe(token));
    }
    value.text = next().text;
    if (at(TokenKind::Dot)) {
      // A qualified name is one word: "shop.Product", without spaces around the dot.
      const Token& dot = next();
      if (!at(TokenKind::Identifier))
        fail(peek(), "expected a name after '.' in " + where + ", found " + describe(peek()));
      const Token& second = next();
      if (dot.text.data() != value.text.data() + value.text.size() || second.text.data() != dot.text.data() + 1) {
        context_.fail(value.location, "write '" + std::string(value.text) + "." + std::string(second.text) +
                                          "' without spaces around the dot");
      }
      value.text = std::string_view(value.text.data(), value.text.size() + 1 + second.text.size());
      value.kind = Value::Kind::Path;
      return value;
    }
    if (at(TokenKind::LParen)) {
      next();
      value.kind = Value::Kind::Call;
      value.args = parse_args(TokenKind::RParen, std::string(value.text) + "(...)");
      return value;
    }
    value.kind = Value::Kind::Identifier;
    return value;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  Context context_;
  SchemaFile file_;
  std::vector<std::string> inner_comments_;
};

}  // namespace
}  // namespace detail

SchemaFile parse(std::string_view text, std::string_view path, std::string_view app) {
  return detail::Parser(detail::tokenize(text, path), path, app).run();
}

}  // namespace cpprustango::schema
