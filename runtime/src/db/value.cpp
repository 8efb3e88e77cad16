// Typed reads of database values. Strict on purpose: a column that comes back
// as text where the model expects an integer is a schema mismatch the caller
// should hear about, not a value to coerce.
#include "cpprustango/db/value.hpp"

#include <charconv>
#include <cmath>

#include "cpprustango/db/errors.hpp"

namespace cpprustango::db {

ValueKind kind(const Value& value) noexcept { return static_cast<ValueKind>(value.index()); }

std::string_view kind_name(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Bool:
      return "bool";
    case ValueKind::Integer:
      return "integer";
    case ValueKind::Real:
      return "real";
    case ValueKind::Text:
      return "text";
    case ValueKind::Binary:
      return "bytes";
  }
  return "unknown";
}

bool is_null(const Value& value) noexcept { return std::holds_alternative<std::nullptr_t>(value); }

bool as_bool(const Value& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  // SQLite stores booleans as the integers 0 and 1.
  if (const auto* integer = std::get_if<std::int64_t>(&value); integer && (*integer == 0 || *integer == 1)) {
    return *integer == 1;
  }
  throw ValueTypeError(ValueKind::Bool, kind(value));
}

std::int64_t as_int(const Value& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return *integer;
  throw ValueTypeError(ValueKind::Integer, kind(value));
}

double as_double(const Value& value) {
  if (const auto* real = std::get_if<double>(&value)) return *real;
  // A REAL column holding a whole number can come back as an integer from SQLite.
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return static_cast<double>(*integer);
  throw ValueTypeError(ValueKind::Real, kind(value));
}

const std::string& as_string(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  throw ValueTypeError(ValueKind::Text, kind(value));
}

const Bytes& as_bytes(const Value& value) {
  if (const auto* bytes = std::get_if<Bytes>(&value)) return *bytes;
  throw ValueTypeError(ValueKind::Binary, kind(value));
}

Bytes to_bytes(std::string_view data) {
  Bytes bytes(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) bytes[i] = static_cast<std::byte>(data[i]);
  return bytes;
}

std::string describe(const Value& value) {
  switch (kind(value)) {
    case ValueKind::Null:
      return "NULL";
    case ValueKind::Bool:
      return std::get<bool>(value) ? "true" : "false";
    case ValueKind::Integer:
      return std::to_string(std::get<std::int64_t>(value));
    case ValueKind::Real: {
      double real = std::get<double>(value);
      if (std::isnan(real)) return "NaN";
      if (std::isinf(real)) return real > 0 ? "Infinity" : "-Infinity";
      char buffer[32];
      auto end = std::to_chars(buffer, buffer + sizeof buffer, real).ptr;
      return std::string(buffer, end);
    }
    case ValueKind::Text: {
      std::string out = "'";
      for (char c : std::get<std::string>(value)) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'";
    }
    case ValueKind::Binary: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "x'";
      for (std::byte b : std::get<Bytes>(value)) {
        auto byte = std::to_integer<unsigned>(b);
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
      }
      return out + "'";
    }
  }
  return "?";
}

}  // namespace cpprustango::db
