// Reads one app's models.schema into a SchemaFile. Parsing also validates
// everything that does not depend on the database backend (types, attributes,
// field references, keys); backend rules live in check.hpp.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema {

/**
 * The first syntax or validation error of a file. what() reads
 * "apps/blog/models.schema:12:18: expected a type after the field name 'title', found '@'".
 */
class ParseError : public std::runtime_error {
 public:
  ParseError(std::string_view path, Location location, std::string_view message);

  const std::string& path() const { return path_; }
  int line() const { return location_.line; }
  int column() const { return location_.column; }
  /** The message without the "path:line:column: " prefix. */
  const std::string& message() const { return message_; }

 private:
  std::string path_;
  Location location_;
  std::string message_;
};

/**
 * Parses and validates a schema file. `path` only labels messages; `app` names the
 * app (it prefixes default table names). Models without a key get an implicit id.
 *   auto file = schema::parse(text, "apps/blog/models.schema", "blog");
 *   file.find_model("Post")->find_field("title")->type.max_length;  // 200
 * Throws ParseError on the first problem.
 */
SchemaFile parse(std::string_view text, std::string_view path, std::string_view app);

}  // namespace cpprustango::schema
