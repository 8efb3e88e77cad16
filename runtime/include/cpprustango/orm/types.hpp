// Value types for model fields that the standard library lacks: a UUID and an
// exact decimal. Both are small and header-light, so generated model headers
// can hold them by value.
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cpprustango {

/** date fields: a calendar day. */
using Date = std::chrono::year_month_day;
/** time fields: a time of day with microseconds (PostgreSQL's precision). */
using TimeOfDay = std::chrono::hh_mm_ss<std::chrono::microseconds>;
/** datetime fields: an instant in UTC, to the microsecond. */
using DateTime = std::chrono::sys_time<std::chrono::microseconds>;
/**
 * timestamp fields: a wall-clock date and time in no particular time zone (a
 * local_time, not a sys_time, so the compiler keeps it apart from DateTime).
 * Turning one into an instant needs a zone the program chooses:
 *   DateTime at_utc{reading.time_since_epoch()};   // read as UTC, explicitly
 */
using LocalDateTime = std::chrono::local_time<std::chrono::microseconds>;

/**
 * A 128-bit UUID, stored as 16 bytes and written in the canonical 8-4-4-4-12 form.
 *   auto id = Uuid::random();                       // version 4
 *   auto same = Uuid::parse(id.str());              // throws std::invalid_argument on bad text
 */
class Uuid {
 public:
  /** The nil UUID (all zero). */
  constexpr Uuid() = default;
  constexpr explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  /** Accepts "550e8400-e29b-41d4-a716-446655440000", with or without dashes or braces, any case. */
  static Uuid parse(std::string_view text);
  /** A random (version 4) UUID from std::random_device. */
  static Uuid random();

  /** Lower-case 8-4-4-4-12 text. */
  std::string str() const;
  constexpr const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  constexpr bool is_nil() const {
    for (auto b : bytes_) {
      if (b != 0) return false;
    }
    return true;
  }

  friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

/**
 * An exact decimal kept as its canonical text ("-12.50"): the ORM stores it as
 * text on SQLite and numeric on PostgreSQL, so no binary rounding ever happens.
 * Arithmetic is left to the application (convert with to_double() where exactness
 * does not matter).
 *   Decimal price("19.99");   // throws std::invalid_argument for "1e5", "abc", ""
 *   price.str();              // "19.99"
 */
class Decimal {
 public:
  Decimal() : text_("0") {}
  /** Validates and normalises ("+1.50" -> "1.50", "-0" -> "0", "007" -> "7"); trailing zeros are kept. */
  explicit Decimal(std::string_view text);

  const std::string& str() const { return text_; }
  double to_double() const;

  /** Equal when the texts are equal: "1.5" and "1.50" differ, as they do in a numeric(p,s) column. */
  friend bool operator==(const Decimal&, const Decimal&) = default;

 private:
  std::string text_;
};

}  // namespace cpprustango
