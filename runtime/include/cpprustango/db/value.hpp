// The values that cross the database boundary, both ways: bound parameters
// and result cells. Six kinds cover what SQLite stores and what the ORM needs
// from PostgreSQL; dates, decimals, UUIDs and JSON travel as text (ISO-8601
// for datetimes) and the ORM converts them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cpprustango::db {

using Bytes = std::vector<std::byte>;

/** NULL, boolean, 64-bit integer, double, UTF-8 text, or binary. */
using Value = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Bytes>;

/** The alternative a Value holds, in the variant's order. */
enum class ValueKind { Null, Bool, Integer, Real, Text, Binary };

ValueKind kind(const Value& value) noexcept;
/** "null", "bool", "integer", "real", "text" or "bytes". */
std::string_view kind_name(ValueKind kind) noexcept;

/**
 * Typed reads. A mismatch throws ValueTypeError ("cannot read a text value as
 * integer"), never converts silently, except where the database forces a wider
 * storage: as_bool() accepts the integers 0 and 1 (SQLite has no boolean type)
 * and as_double() accepts an integer.
 *   auto id = as_int(row.at("id"));
 *   if (!is_null(row.at("bio"))) bio = as_string(row.at("bio"));
 */
bool is_null(const Value& value) noexcept;
bool as_bool(const Value& value);
std::int64_t as_int(const Value& value);
double as_double(const Value& value);
const std::string& as_string(const Value& value);
const Bytes& as_bytes(const Value& value);

/** Copies text into Bytes: `Value blob = to_bytes("\x89PNG");` */
Bytes to_bytes(std::string_view data);

/**
 * An SQL-literal-like rendering for test output and debugging: NULL, true, 42,
 * 1.5, 'it''s', x'0aff'. Never used to build SQL: values are always bound.
 */
std::string describe(const Value& value);

}  // namespace cpprustango::db
