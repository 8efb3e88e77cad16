// Reading typed text as a field's value (parse_scalar, for forms and URL
// keys alike), and form widgets and server-side checks for the PostgreSQL-only
// kinds: inet, cidr, macaddr, interval, timetz, xml, ltree, bit, tsvector and
// array(T), plus the JSON check and the mapping of a database's data error onto its field. Each
// PostgreSQL value travels as the server's text form (as the dynamic ORM
// stores it); the checks say what is wrong on the field before the database
// sees it.
#pragma once

#include <string>
#include <variant>

#include "admin/web.hpp"
#include "cpprustango/db/value.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::admin::detail {

/** A typed value, or the message for the person who typed it. */
using Parsed = std::variant<db::Value, std::string>;

/**
 * One value of a cross-backend kind read from its text, as the field stores it (numbers, decimal,
 * dates and times, uuid, bytes; text kinds as they are): form inputs, array items, keys in URLs.
 */
Parsed parse_scalar(const schema::FieldSpec& field, const std::string& text);

/** Why `text` is not JSON, with the parser's line and column; empty when it is. */
std::string json_problem(const std::string& text);
/**
 * The field a database data exception (SQLSTATE 22...) is about: PostgreSQL quotes the refused
 * value ('invalid input syntax for type interval: "x"'), so the field whose typed text that is;
 * "" (the whole form) when none matches.
 */
std::string data_error_field(const schema::ModelSpec& model, const Form& form, const std::string& reason);

/** The input of a PostgreSQL-only field; `attributes` are its id, name, required and aria ones. */
std::string pg_widget(const schema::FieldSpec& field, const std::string& value, const std::string& attributes);
/** A stored value as the field's input shows it (an array: one item per line). */
std::string pg_input_text(const schema::FieldSpec& field, const db::Value& value);
/** What was typed, checked for the field's kind; empty text is NULL, or an error when the field is required. */
Parsed parse_pg_input(const schema::FieldSpec& field, const std::string& text);
/** An array's items as a list cell shows them: "80, 443". */
std::string array_text(const db::Value& value);

}  // namespace cpprustango::admin::detail
