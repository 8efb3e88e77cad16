// One field's value to JSON and back, by field kind, as JSON clients expect:
// decimals as strings (no binary rounding), datetimes in RFC 3339 with their
// offset, UUIDs as strings, bytes as base64, json fields as JSON, multichoice
// and arrays as lists. Reading refuses a value of the wrong JSON type with
// the message a client shows beside the field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "cpprustango/db/value.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::rest::detail {

/** The JSON form of a stored value of `field`. */
nlohmann::json encode(const schema::FieldSpec& field, const db::Value& value);

/** A typed value, or why the JSON cannot be one ("Enter a valid date (YYYY-MM-DD)."). */
using Decoded = std::variant<db::Value, std::string>;
/** The value to store for `field` from its JSON (refs: the target key, of `key_field`'s kind). */
Decoded decode(const schema::FieldSpec& field, const nlohmann::json& json, const schema::FieldSpec* key_field = nullptr);

/** A value of `field` from query-string or URL text (filters, keys); the same messages as decode(). */
Decoded parse_text(const schema::FieldSpec& field, std::string_view text);

std::string base64_encode(std::string_view data);
/** Standard alphabet with padding; nullopt-like empty variant on bad input. */
bool base64_decode(std::string_view text, std::string& out);
std::string base64url_encode(std::string_view data);
bool base64url_decode(std::string_view text, std::string& out);

/** The SHA-256 of `data` in lower-case hex (ETags; the credential cache's keys, so no key is kept in memory). */
std::string sha256_hex(std::string_view data);

/**
 * JSON text of `json`, invalid UTF-8 replaced rather than thrown on: the
 * bytes of nlohmann's dump(-1, ' ', false, replace), written faster (json_text.cpp).
 */
std::string dump(const nlohmann::json& json);
/** dump() appended to `out`. */
void append_json(std::string& out, const nlohmann::json& json);
/** A JSON string's text appended to `out`. */
void append_json_string(std::string& out, std::string_view text);

}  // namespace cpprustango::rest::detail
