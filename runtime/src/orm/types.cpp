// Uuid and Decimal: parsing, printing and validation.
#include "cpprustango/orm/types.hpp"

#include <charconv>
#include <random>

namespace cpprustango {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Uuid Uuid::parse(std::string_view text) {
  const std::string_view original = text;
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  std::array<std::uint8_t, 16> bytes{};
  std::size_t count = 0;
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // Dashes only where the canonical form has them.
    if (c == '-' && (i == 8 || i == 13 || i == 18 || i == 23) && text.size() == 36) continue;
    const int digit = hex_digit(c);
    if (digit < 0 || count == 16) throw std::invalid_argument("'" + std::string(original) + "' is not a UUID");
    if (high < 0) {
      high = digit;
    } else {
      bytes[count++] = static_cast<std::uint8_t>(high * 16 + digit);
      high = -1;
    }
  }
  if (count != 16 || high >= 0) throw std::invalid_argument("'" + std::string(original) + "' is not a UUID");
  return Uuid(bytes);
}

Uuid Uuid::random() {
  // random_device per call: UUIDs are not made in hot loops, and this needs no shared state.
  std::random_device device;
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const auto word = device();
    for (std::size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return Uuid(bytes);
}

std::string Uuid::str() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes_[i] >> 4];
    text += kHex[bytes_[i] & 0x0F];
  }
  return text;
}

Decimal::Decimal(std::string_view text) {
  const std::string_view original = text;
  auto bad = [&] { return std::invalid_argument("'" + std::string(original) + "' is not a decimal number"); };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() && fraction.empty()) throw bad();
  if (dot != std::string_view::npos && fraction.empty()) throw bad();
  for (char c : whole) {
    if (c < '0' || c > '9') throw bad();
  }
  for (char c : fraction) {
    if (c < '0' || c > '9') throw bad();
  }
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  std::string normal = whole.empty() ? "0" : std::string(whole);
  if (!fraction.empty()) normal += "." + std::string(fraction);
  const bool zero = normal.find_first_not_of("0.") == std::string::npos;
  text_ = (negative && !zero ? "-" : "") + normal;
}

double Decimal::to_double() const {
  double value = 0;
  std::from_chars(text_.data(), text_.data() + text_.size(), value);
  return value;
}

}  // namespace cpprustango
