// Conversions between model member types and db::Value, both ways. A class
// template (Convert<T>) rather than an overload set, so that specialisations
// declared later -- nlohmann::json in orm/json.hpp, generated enums through
// their to_string/from_string -- are found wherever the ORM's templates are
// instantiated, whatever the include order.
//
// Storage forms: integers, reals, bools and text natively; decimal, uuid,
// date, time, datetime and timestamp as text (ISO-8601; datetimes in UTC with
// a 'Z', timestamps with no zone at all); choices as their name; multichoices
// as names joined by ','.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/types.hpp"

namespace cpprustango::orm {

/** Specialised for every member type a generated model can have. */
template <class T>
struct Convert;

/**
 *   db::Value v = orm::to_value(std::optional<int>{});     // nullptr
 *   auto when = orm::from_value<DateTime>(row_value);
 */
template <class T>
db::Value to_value(const T& value) {
  return Convert<T>::to(value);
}
template <class T>
T from_value(const db::Value& value) {
  T out{};
  Convert<T>::from(value, out);
  return out;
}

template <class T>
inline constexpr bool is_optional_v = false;
template <class T>
inline constexpr bool is_optional_v<std::optional<T>> = true;

/** The type a column compares with: T itself, or U for std::optional<U>. */
template <class T>
struct unwrap_optional {
  using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
  using type = T;
};
template <class T>
using unwrap_optional_t = typename unwrap_optional<T>::type;

namespace detail {
/** Reads an integer cell, checking that it fits in `bits` (signed). */
std::int64_t read_integer(const db::Value& value, int bits);
/** `n`, when it fits in `bits` (signed); ConversionError otherwise. */
std::int64_t check_integer(std::int64_t n, int bits);
}  // namespace detail

template <>
struct Convert<bool> {
  static db::Value to(bool value) { return value; }
  static void from(const db::Value& value, bool& out) { out = db::as_bool(value); }
};

template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>)
struct Convert<T> {
  static db::Value to(T value) { return static_cast<std::int64_t>(value); }
  static void from(const db::Value& value, T& out) {
    out = static_cast<T>(detail::read_integer(value, static_cast<int>(sizeof(T) * 8)));
  }
};

template <std::floating_point T>
struct Convert<T> {
  static db::Value to(T value) { return static_cast<double>(value); }
  static void from(const db::Value& value, T& out) { out = static_cast<T>(db::as_double(value)); }
};

template <>
struct Convert<std::string> {
  static db::Value to(const std::string& value) { return value; }
  static void from(const db::Value& value, std::string& out) { out = db::as_string(value); }
};

template <>
struct Convert<db::Bytes> {
  static db::Value to(const db::Bytes& value) { return value; }
  static void from(const db::Value& value, db::Bytes& out);
};

template <>
struct Convert<Decimal> {
  static db::Value to(const Decimal& value) { return value.str(); }
  static void from(const db::Value& value, Decimal& out);
};

template <>
struct Convert<Uuid> {
  static db::Value to(const Uuid& value) { return value.str(); }
  static void from(const db::Value& value, Uuid& out);
};

template <>
struct Convert<Date> {
  static db::Value to(const Date& value);
  static void from(const db::Value& value, Date& out);
};

template <>
struct Convert<TimeOfDay> {
  static db::Value to(const TimeOfDay& value);
  static void from(const db::Value& value, TimeOfDay& out);
};

template <>
struct Convert<DateTime> {
  static db::Value to(const DateTime& value);
  static void from(const db::Value& value, DateTime& out);
};

template <>
struct Convert<LocalDateTime> {
  static db::Value to(const LocalDateTime& value);
  static void from(const db::Value& value, LocalDateTime& out);
};

template <class T>
struct Convert<std::optional<T>> {
  static db::Value to(const std::optional<T>& value) { return value ? Convert<T>::to(*value) : db::Value(nullptr); }
  static void from(const db::Value& value, std::optional<T>& out) {
    if (db::is_null(value)) {
      out.reset();
    } else {
      out.emplace();
      Convert<T>::from(value, *out);
    }
  }
};

/** Generated choice enums provide to_string(E) and from_string(std::string_view, E&) next to the enum. */
template <class E>
  requires std::is_enum_v<E>
struct Convert<E> {
  static db::Value to(E value) { return std::string(to_string(value)); }
  static void from(const db::Value& value, E& out) {
    const std::string& text = db::as_string(value);
    if (!from_string(text, out)) throw ConversionError("cannot read '" + text + "' as a choice of this field");
  }
};

namespace detail {
std::vector<std::string_view> split_choices(std::string_view text);
}  // namespace detail

/** multichoice: the names joined by ',' ("mon,fri"); empty text is the empty set. */
template <class E>
  requires std::is_enum_v<E>
struct Convert<std::vector<E>> {
  static db::Value to(const std::vector<E>& values) {
    std::string text;
    for (E value : values) {
      if (!text.empty()) text += ',';
      text += to_string(value);
    }
    return text;
  }
  static void from(const db::Value& value, std::vector<E>& out) {
    out.clear();
    for (std::string_view name : detail::split_choices(db::as_string(value))) {
      E item{};
      if (!from_string(name, item)) throw ConversionError("cannot read '" + std::string(name) + "' as a choice");
      out.push_back(item);
    }
  }
};

namespace detail {
/** The items of a one-dimensional PostgreSQL array literal ({1,2} or {"a b",c}); NULL items and nesting throw. */
std::vector<std::string> parse_array(std::string_view text);
/** An array literal with every item quoted and escaped: {"1","a \"b\""}. */
std::string format_array(const std::vector<std::string>& items);
/** One item's text: a Value as PostgreSQL's array input reads it (true -> "t"). */
std::string array_item(const db::Value& value);
/** An item's text as the Value kind Convert<T> reads: an integer, a real, a bool, else the text itself. */
db::Value array_item_value(std::string text, db::ValueKind kind);
/**
 * A decimal(p, s) column's value as text with its `scale` places, as
 * PostgreSQL gives it: SQLite's numeric affinity hands 2.00 back as the
 * integer 2 and 9.50 as the real 9.5. Text comes back as it is.
 */
std::string decimal_text(const db::Value& value, int scale);
}  // namespace detail

/**
 * array(T) (PostgreSQL only): a std::vector of the element's C++ type, stored
 * as PostgreSQL's array text ({1,2,3}), which the server parses and prints.
 * NULL items and multi-dimensional arrays are not read (ConversionError).
 */
template <class T>
  requires(!std::is_enum_v<T>)
struct Convert<std::vector<T>> {
  static db::Value to(const std::vector<T>& values) {
    std::vector<std::string> items;
    items.reserve(values.size());
    for (const auto& value : values) items.push_back(detail::array_item(Convert<T>::to(value)));
    return detail::format_array(items);
  }
  static void from(const db::Value& value, std::vector<T>& out) {
    constexpr db::ValueKind kind = std::is_same_v<T, bool>  ? db::ValueKind::Bool
                                   : std::is_integral_v<T>   ? db::ValueKind::Integer
                                   : std::is_floating_point_v<T> ? db::ValueKind::Real
                                                                 : db::ValueKind::Text;
    out.clear();
    for (auto& item : detail::parse_array(db::as_string(value))) {
      T element{};
      Convert<T>::from(detail::array_item_value(std::move(item), kind), element);
      out.push_back(std::move(element));
    }
  }
};

/**
 * Text forms used for storage, public for tests and templates:
 *   format_datetime(dt) == "2026-01-02T03:04:05.000006Z";   parse_datetime("2026-01-02 03:04:05+00")
 * parse_datetime accepts 'T' or ' ', optional fractions, and Z, +hh, +hh:mm or +hhmm offsets
 * (no offset means UTC). Throws ConversionError.
 */
std::string format_date(const Date& date);
Date parse_date(std::string_view text);
std::string format_time(const TimeOfDay& time);
TimeOfDay parse_time(std::string_view text);
std::string format_datetime(const DateTime& when);
DateTime parse_datetime(std::string_view text);
/**
 * A timestamp's text: a wall-clock reading with no zone, the form PostgreSQL
 * prints for `timestamp` and SQLite's CURRENT_TIMESTAMP writes.
 *   format_local_datetime(t) == "2026-01-02 03:04:05.000006";   parse_local_datetime("2026-01-02T03:04")
 * parse_local_datetime accepts 'T' or ' ', optional seconds and fractions, and
 * refuses a zone or UTC offset (such text is an instant: a datetime). Throws ConversionError.
 */
std::string format_local_datetime(const LocalDateTime& when);
LocalDateTime parse_local_datetime(std::string_view text);
/** The current instant, truncated to microseconds. */
DateTime now_utc();
/** The current wall-clock reading in UTC, for @auto_now / @default(now()) on timestamp fields. */
LocalDateTime local_now_utc();
/** Today's date in UTC. */
Date today_utc();

}  // namespace cpprustango::orm
