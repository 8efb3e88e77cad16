// Form widgets and server-side checks for the PostgreSQL-only kinds: inet,
// cidr, macaddr, interval, xml, ltree, bit, tsvector and array(T). Each
// value travels as the server's text form (as the dynamic ORM stores it);
// the checks say what is wrong on the field before the database sees it.
#pragma once

#include <string>
#include <variant>

#include "cpprustango/db/value.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::admin::detail {

/** A typed value, or the message for the person who typed it. */
using Parsed = std::variant<db::Value, std::string>;
/** How the form reads one non-PostgreSQL value (an array's items: int, string, datetime, ...). */
using ScalarParser = Parsed (*)(const schema::FieldSpec& field, const std::string& text);

/** The input of a PostgreSQL-only field; `attributes` are its id, name, required and aria ones. */
std::string pg_widget(const schema::FieldSpec& field, const std::string& value, const std::string& attributes);
/** A stored value as the field's input shows it (an array: one item per line). */
std::string pg_input_text(const schema::FieldSpec& field, const db::Value& value);
/** What was typed, checked for the field's kind; empty text is NULL, or an error when the field is required. */
Parsed parse_pg_input(const schema::FieldSpec& field, const std::string& text, ScalarParser scalar);
/** An array's items as a list cell shows them: "80, 443". */
std::string array_text(const db::Value& value);

}  // namespace cpprustango::admin::detail
