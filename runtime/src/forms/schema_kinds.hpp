// The schema kinds a form has no Kind of its own for: the PostgreSQL-only
// ones (inet, cidr, macaddr, interval, timetz, xml, ltree, bit, tsvector and
// array(T)) and JSON. Each PostgreSQL value travels as the server's text form
// (as the dynamic ORM stores it); the checks say what is wrong on the field
// before the database sees it. Model forms, and so the admin, render and read
// these fields through here. Private to the runtime.
#pragma once

#include <string>
#include <vector>

#include "forms/values.hpp"
#include "cpprustango/db/value.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::forms::detail {

/** Why `text` is not JSON, with the parser's line and column; empty when it is. */
std::string json_problem(const std::string& text);

/** The input of a PostgreSQL-only field; `attributes` are its id, name, required and aria ones. */
std::string pg_widget(const schema::FieldSpec& field, const std::string& value, const std::string& attributes);
/** A stored value as the field's input shows it (an array: one item per line). */
std::string pg_input_text(const schema::FieldSpec& field, const db::Value& value);
/** What was typed, checked for the field's kind; empty text is NULL, or an error when the field is required. */
Parsed parse_pg_input(const schema::FieldSpec& field, const std::string& text);
/**
 * An array(T) field's items, each checked as a T, as the array's value, or the
 * message naming the first bad item ("Item 2 (x): Enter a whole number.").
 * Items are taken as given: a form's lines come trimmed, a REST body's strings as sent.
 */
Parsed parse_array_items(const schema::FieldSpec& field, const std::vector<std::string>& items);
/** An array's items as a list cell shows them: "80, 443". */
std::string array_text(const db::Value& value);

}  // namespace cpprustango::forms::detail
