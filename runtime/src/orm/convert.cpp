// Storage forms of the ORM's value types: ISO-8601 text for dates and times,
// canonical text for UUIDs and decimals, checked integer widths.
#include "cpprustango/orm/convert.hpp"

#include <charconv>
#include <cstdio>
#include <limits>

namespace cpprustango::orm {

namespace chr = std::chrono;

namespace {

[[noreturn]] void fail(std::string_view text, std::string_view what) {
  throw ConversionError("cannot read '" + std::string(text) + "' as " + std::string(what));
}

/** Reads exactly `digits` decimal digits at `pos`, advancing it. */
bool read_digits(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

bool read_date(std::string_view text, std::size_t& pos, Date& out) {
  int y = 0, m = 0, d = 0;
  if (!read_digits(text, pos, 4, y) || !expect(text, pos, '-') || !read_digits(text, pos, 2, m) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, d)) {
    return false;
  }
  out = chr::year{y} / chr::month{static_cast<unsigned>(m)} / chr::day{static_cast<unsigned>(d)};
  return out.ok();
}

/** HH:MM[:SS[.ffffff]] as a duration since midnight. */
bool read_time(std::string_view text, std::size_t& pos, chr::microseconds& out) {
  int h = 0, m = 0, s = 0;
  if (!read_digits(text, pos, 2, h) || !expect(text, pos, ':') || !read_digits(text, pos, 2, m)) return false;
  if (pos < text.size() && text[pos] == ':' && !read_digits(text, ++pos, 2, s)) return false;
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100000;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      micros += (text[pos] - '0') * scale;  // digits past the sixth are dropped (scale reaches 0)
      scale /= 10;
      ++pos;
    }
    if (pos == start) return false;
  }
  if (h > 24 || m > 59 || s > 60) return false;
  out = chr::hours{h} + chr::minutes{m} + chr::seconds{s} + chr::microseconds{micros};
  return true;
}

/** A date, 'T' or ' ', and a time: the reading shared by datetime and timestamp text. */
bool read_date_time(std::string_view text, std::size_t& pos, chr::local_time<chr::microseconds>& out) {
  Date date;
  chr::microseconds time{};
  if (!read_date(text, pos, date) || !(expect(text, pos, 'T') || expect(text, pos, ' ') || expect(text, pos, 't')) ||
      !read_time(text, pos, time)) {
    return false;
  }
  out = chr::local_days(date) + time;
  return true;
}

std::string two(long long n) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02lld", n);
  return buffer;
}

std::string time_text(chr::microseconds since_midnight) {
  const chr::hh_mm_ss<chr::microseconds> t(since_midnight);
  std::string text = two(t.hours().count()) + ":" + two(t.minutes().count()) + ":" + two(t.seconds().count());
  if (t.subseconds().count() != 0) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(t.subseconds().count()));
    text += buffer;
  }
  return text;
}

}  // namespace

namespace detail {

std::int64_t read_integer(const db::Value& value, int bits) { return check_integer(db::as_int(value), bits); }

std::int64_t check_integer(std::int64_t n, int bits) {
  if (bits < 64) {
    const std::int64_t limit = std::int64_t{1} << (bits - 1);
    if (n < -limit || n >= limit) {
      throw ConversionError("cannot read " + std::to_string(n) + " as a " + std::to_string(bits) + "-bit integer");
    }
  }
  return n;
}

std::vector<std::string_view> split_choices(std::string_view text) {
  std::vector<std::string_view> names;
  while (!text.empty()) {
    const auto comma = text.find(',');
    names.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return names;
}

std::vector<std::string> parse_array(std::string_view text) {
  auto bad = [&](const char* why) { return ConversionError("cannot read '" + std::string(text) + "' as an array: " + why); };
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw bad("it is not in braces");
  std::vector<std::string> items;
  std::string_view rest = text.substr(1, text.size() - 2);
  if (rest.empty()) return items;
  std::size_t i = 0;
  while (true) {
    std::string item;
    if (i < rest.size() && rest[i] == '"') {
      for (++i; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        item += rest[i];
      }
      if (i >= rest.size()) throw bad("a quote is not closed");
      ++i;
    } else {
      const std::size_t start = i;
      bool escaped = false;
      for (; i < rest.size() && rest[i] != ','; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
          ++i;
          escaped = true;
        }
        item += rest[i];
      }
      if (i == start || rest[start] == '{') throw bad("nested or empty items are not read");
      if (item == "NULL" && !escaped) throw bad("NULL items are not read");
    }
    items.push_back(std::move(item));
    if (i == rest.size()) return items;
    if (rest[i] != ',') throw bad("expected ',' after an item");
    ++i;
  }
}

std::string format_array(const std::vector<std::string>& items) {
  std::string text = "{";
  for (const auto& item : items) {
    if (text.size() > 1) text += ',';
    text += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

std::string decimal_text(const db::Value& value, int scale) {
  switch (db::kind(value)) {
    case db::ValueKind::Integer:
      return std::to_string(db::as_int(value)) + (scale > 0 ? "." + std::string(static_cast<std::size_t>(scale), '0') : "");
    case db::ValueKind::Real: {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.*f", scale, db::as_double(value));
      return buffer;
    }
    default:
      return db::as_string(value);
  }
}

std::string array_item(const db::Value& value) {
  switch (db::kind(value)) {
    case db::ValueKind::Null: throw ConversionError("an array item cannot be NULL");
    case db::ValueKind::Bool: return db::as_bool(value) ? "t" : "f";
    case db::ValueKind::Integer: return std::to_string(db::as_int(value));
    case db::ValueKind::Real: {
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, db::as_double(value));
      return std::string(buffer, result.ptr);
    }
    case db::ValueKind::Text: return db::as_string(value);
    case db::ValueKind::Binary: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string hex = "\\x";
      for (std::byte b : db::as_bytes(value)) {
        hex += kHex[std::to_integer<int>(b) >> 4];
        hex += kHex[std::to_integer<int>(b) & 15];
      }
      return hex;
    }
  }
  return {};
}

db::Value array_item_value(std::string text, db::ValueKind kind) {
  auto bad = [&](const char* what) { return ConversionError("cannot read the array item '" + text + "' as " + what); };
  switch (kind) {
    case db::ValueKind::Bool:
      if (text == "t" || text == "true") return true;
      if (text == "f" || text == "false") return false;
      throw bad("a bool");
    case db::ValueKind::Integer: {
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc{} || end != text.data() + text.size()) throw bad("an integer");
      return number;
    }
    case db::ValueKind::Real: {
      double number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc{} || end != text.data() + text.size()) throw bad("a number");
      return number;
    }
    default: return std::move(text);
  }
}

}  // namespace detail

void Convert<db::Bytes>::from(const db::Value& value, db::Bytes& out) {
  // Text arrives when a blob was written as text (SQLite keeps what it is given).
  if (const auto* text = std::get_if<std::string>(&value)) {
    out = db::to_bytes(*text);
  } else {
    out = db::as_bytes(value);
  }
}

void Convert<Decimal>::from(const db::Value& value, Decimal& out) {
  // A column with numeric affinity on SQLite may hand back a number.
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    out = Decimal(std::to_string(*n));
    return;
  }
  if (const auto* d = std::get_if<double>(&value)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.15g", *d);
    out = Decimal(buffer);
    return;
  }
  const std::string& text = db::as_string(value);
  try {
    out = Decimal(text);
  } catch (const std::invalid_argument&) {
    fail(text, "a decimal");
  }
}

void Convert<Uuid>::from(const db::Value& value, Uuid& out) {
  if (const auto* bytes = std::get_if<db::Bytes>(&value); bytes && bytes->size() == 16) {
    std::array<std::uint8_t, 16> raw{};
    for (std::size_t i = 0; i < 16; ++i) raw[i] = static_cast<std::uint8_t>((*bytes)[i]);
    out = Uuid(raw);
    return;
  }
  const std::string& text = db::as_string(value);
  try {
    out = Uuid::parse(text);
  } catch (const std::invalid_argument&) {
    fail(text, "a uuid");
  }
}

db::Value Convert<Date>::to(const Date& value) { return format_date(value); }
void Convert<Date>::from(const db::Value& value, Date& out) { out = parse_date(db::as_string(value)); }
db::Value Convert<TimeOfDay>::to(const TimeOfDay& value) { return format_time(value); }
void Convert<TimeOfDay>::from(const db::Value& value, TimeOfDay& out) { out = parse_time(db::as_string(value)); }
db::Value Convert<DateTime>::to(const DateTime& value) { return format_datetime(value); }
void Convert<DateTime>::from(const db::Value& value, DateTime& out) { out = parse_datetime(db::as_string(value)); }
db::Value Convert<LocalDateTime>::to(const LocalDateTime& value) { return format_local_datetime(value); }
void Convert<LocalDateTime>::from(const db::Value& value, LocalDateTime& out) {
  out = parse_local_datetime(db::as_string(value));
}

std::string format_date(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

Date parse_date(std::string_view text) {
  Date date;
  std::size_t pos = 0;
  if (!read_date(text, pos, date) || pos != text.size()) fail(text, "a date (YYYY-MM-DD)");
  return date;
}

std::string format_time(const TimeOfDay& time) { return time_text(time.to_duration()); }

TimeOfDay parse_time(std::string_view text) {
  chr::microseconds since_midnight{};
  std::size_t pos = 0;
  if (!read_time(text, pos, since_midnight) || pos != text.size() || since_midnight >= chr::hours{24}) {
    fail(text, "a time (HH:MM:SS)");
  }
  return TimeOfDay(since_midnight);
}

std::string format_datetime(const DateTime& when) {
  const auto day = chr::floor<chr::days>(when);
  // The same form PostgreSQL accepts for timestamptz and that sorts correctly as SQLite text.
  return format_date(Date(day)) + "T" + time_text(when - day) + "Z";
}

DateTime parse_datetime(std::string_view text) {
  chr::local_time<chr::microseconds> reading;
  std::size_t pos = 0;
  if (!read_date_time(text, pos, reading)) fail(text, "a datetime (YYYY-MM-DDTHH:MM:SSZ)");
  chr::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos++] == '-';
    int h = 0, m = 0;
    if (!read_digits(text, pos, 2, h)) fail(text, "a datetime (bad UTC offset)");
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && !read_digits(text, pos, 2, m)) fail(text, "a datetime (bad UTC offset)");
    offset = chr::hours{h} + chr::minutes{m};
    if (negative) offset = -offset;
  }
  if (pos != text.size()) fail(text, "a datetime (YYYY-MM-DDTHH:MM:SSZ)");
  return DateTime(reading.time_since_epoch()) - offset;
}

std::string format_local_datetime(const LocalDateTime& when) {
  const auto day = chr::floor<chr::days>(when);
  // A space, not 'T': PostgreSQL prints timestamps so and SQLite's CURRENT_TIMESTAMP writes them so, which
  // keeps rows written by the ORM, by SQL defaults and by other programs in one order as text.
  return format_date(Date(day)) + " " + time_text(when - day);
}

LocalDateTime parse_local_datetime(std::string_view text) {
  LocalDateTime reading;
  std::size_t pos = 0;
  if (!read_date_time(text, pos, reading)) fail(text, "a timestamp (YYYY-MM-DD HH:MM:SS)");
  if (pos != text.size()) fail(text, "a timestamp (YYYY-MM-DD HH:MM:SS, with no time zone)");
  return reading;
}

DateTime now_utc() { return chr::floor<chr::microseconds>(chr::system_clock::now()); }

LocalDateTime local_now_utc() { return LocalDateTime(now_utc().time_since_epoch()); }

Date today_utc() { return Date(chr::floor<chr::days>(chr::system_clock::now())); }

}  // namespace cpprustango::orm
