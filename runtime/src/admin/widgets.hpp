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
#include "forms/values.hpp"
#include "cpprustango/db/value.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::admin::detail {

// Reading typed text is the forms module's (forms/values.hpp), shared with project forms.
using forms::detail::Parsed;
using forms::detail::parse_scalar;

/** Why `text` is not JSON, with the parser's line and column; empty when it is. */
std::string json_problem(const std::string& text);

/** The input of a PostgreSQL-only field; `attributes` are its id, name, required and aria ones. */
std::string pg_widget(const schema::FieldSpec& field, const std::string& value, const std::string& attributes);
/** A stored value as the field's input shows it (an array: one item per line). */
std::string pg_input_text(const schema::FieldSpec& field, const db::Value& value);
/** What was typed, checked for the field's kind; empty text is NULL, or an error when the field is required. */
Parsed parse_pg_input(const schema::FieldSpec& field, const std::string& text);
/** An array's items as a list cell shows them: "80, 443". */
std::string array_text(const db::Value& value);

}  // namespace cpprustango::admin::detail
