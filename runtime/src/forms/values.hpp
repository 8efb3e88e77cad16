// What forms, the admin and (later) the REST serializers share below the
// HTML: reading typed text as a field's value, and turning a write the
// database refused (unique, foreign key, data error) into an error on the
// field it is about. One copy of each, so every form says the same thing.
// Private to the runtime.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/validation.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::forms::detail {

/** A typed value, or the message for the person who typed it. */
using Parsed = std::variant<db::Value, std::string>;

/** `text` without leading and trailing whitespace. */
std::string trimmed(std::string_view text);
/** How many characters (not bytes) UTF-8 `text` has. */
std::size_t characters(std::string_view text);

/**
 * One value of a cross-backend kind read from its text, as the field stores it (numbers, decimal,
 * dates and times, uuid, bytes; text kinds as they are): form inputs, array items, keys in URLs.
 */
Parsed parse_scalar(const schema::FieldSpec& field, const std::string& text);

/**
 * What was typed into a model field's input, for any kind the schema has
 * (PostgreSQL-only kinds and JSON checked as such). Blank input is NULL, an
 * empty array for a required array(T), or "This field is required.".
 */
Parsed parse_typed(const schema::FieldSpec& field, const std::string& text);

/**
 * A stored value as the field's input shows it: a datetime as datetime-local
 * takes it ("2026-01-02T03:04:05"), a timestamp to the microsecond it has, an
 * array one item per line, a bool "on" or "".
 */
std::string input_text(const schema::FieldSpec& field, const db::Value& value);

/** The field stored in exactly these columns (a one-column constraint), or nullptr. */
const schema::FieldSpec* field_of_column(const schema::ModelSpec& model, const std::vector<std::string>& columns);

/** What was typed for a field, to find the field a data error quotes; nullopt when it was not sent. */
using TypedText = std::function<std::optional<std::string>(std::string_view field)>;

/**
 * The error to show for a write the database refused: a unique violation on
 * its field ("Post with this Slug already exists."), a foreign key
 * ("Select a valid choice; ..."), another integrity error, or a data exception
 * (SQLSTATE 22...; PostgreSQL quotes the refused value, so the field whose
 * typed text that is). `field` is "" when the form as a whole is meant.
 * nullopt for anything that is not the values' fault: rethrow it.
 */
std::optional<orm::FieldError> refused_write(const schema::ModelSpec& model, const std::exception& error,
                                             const TypedText& typed);

}  // namespace cpprustango::forms::detail
