// The write-path rules of validation.hpp. Each check_* function looks at one
// value and adds at most one FieldError, so a field reports its first problem
// per rule and the whole row is still checked before ValidationError is thrown.
#include <algorithm>
#include <charconv>
#include <chrono>

#include "cpprustango/orm/validation.hpp"

#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/query.hpp"

namespace cpprustango::orm {

namespace {

using schema::FieldKind;
using schema::FieldSpec;

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Control characters and spaces; bytes of multi-byte UTF-8 sequences are >= 0x80 and pass.
bool is_space(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }

/** Characters, not bytes: the schema's string(200) means 200 characters, as in PostgreSQL's varchar. */
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/** A bound as people write it: 5, not 5.0; 0.5 stays 0.5. */
std::string show_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string join_choices(std::span<const std::string_view> choices) {
  std::string out;
  for (const auto choice : choices) out += (out.empty() ? "" : ", ") + std::string(choice);
  return out;
}

bool valid_email(std::string_view text) {
  // Pragmatic, like most frameworks: the mail server is the real judge; this catches typing slips.
  if (std::any_of(text.begin(), text.end(), is_space)) return false;
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = text.substr(at + 1);
  return domain.find('.') != std::string_view::npos && domain.front() != '.' && domain.back() != '.' &&
         domain.find("..") == std::string_view::npos;
}

bool valid_url(std::string_view text) {
  if (std::any_of(text.begin(), text.end(), is_space)) return false;
  auto starts = [&](std::string_view prefix) {
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
             return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
  };
  std::string_view rest;
  if (starts("http://")) {
    rest = text.substr(7);
  } else if (starts("https://")) {
    rest = text.substr(8);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = authority.substr(0, close + 1);
    port = authority.substr(close + 1);
    if (!port.empty() && port.front() != ':') return false;
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon);
  }
  if (!port.empty()) {
    port.remove_prefix(1);
    if (port.empty() || !std::all_of(port.begin(), port.end(), is_digit)) return false;
  }
  if (host.empty() || host.front() == '.' || host.front() == '-') return false;
  if (host.front() == '[') return true;
  // Non-ASCII bytes are allowed: internationalised host names.
  return std::all_of(host.begin(), host.end(), [](char c) {
    return is_ascii_alnum(c) || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  });
}

bool valid_slug(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return is_ascii_alnum(c) || c == '-' || c == '_'; });
}

/** Digits of a plain decimal text ("-12.50": 2 whole, 2 places); false when it is not one. */
bool decimal_digits(std::string_view text, std::size_t& whole, std::size_t& places) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const auto dot = text.find('.');
  std::string_view integer = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if ((integer.empty() && fraction.empty()) || !std::all_of(integer.begin(), integer.end(), is_digit) ||
      !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
    return false;
  }
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);  // 0.5 has no whole digits
  whole = integer.size();
  places = fraction.size();
  return true;
}

class Checker {
 public:
  Checker(const FieldSpec& field, std::vector<FieldError>& errors) : field_(field), errors_(errors) {}

  void value(const db::Value& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
      this->text(*text);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      if (schema::is_numeric(field_.kind)) bounds(static_cast<double>(*integer), std::to_string(*integer));
    } else if (const auto* real = std::get_if<double>(&value)) {
      if (schema::is_numeric(field_.kind)) bounds(*real, show_number(*real));
    }
  }

  void add(std::string code, std::string message) {
    errors_.push_back({std::string(field_.name), std::move(code), std::move(message)});
  }

 private:
  static std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

  void text(const std::string& text) {
    const FieldKind kind = field_.kind;
    if (schema::is_textual(kind) && field_.max_length > 0) {
      const std::size_t length = code_points(text);
      if (length > static_cast<std::size_t>(field_.max_length)) {
        add("max_length", "at most " + std::to_string(field_.max_length) + " characters (got " +
                              std::to_string(length) + ")");
      }
    }
    switch (kind) {
      case FieldKind::Email:
        if (!valid_email(text)) add("invalid_email", quoted(text) + " is not a valid email address");
        break;
      case FieldKind::Url:
        if (!valid_url(text)) add("invalid_url", quoted(text) + " is not a valid URL (http:// or https:// and a host)");
        break;
      case FieldKind::Slug:
        if (!valid_slug(text)) add("invalid_slug", quoted(text) + " is not a valid slug (letters, digits, '-' and '_')");
        break;
      case FieldKind::Choice: choice(text); break;
      case FieldKind::MultiChoice: {
        // Stored as "a,b"; each item must be a choice, and the first bad one is reported.
        std::string_view rest = text;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          if (!choice(rest.substr(0, comma))) break;
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        break;
      }
      case FieldKind::Decimal: decimal(text); break;
      case FieldKind::Timestamp:
        // A datetime's text ("...Z") would be stored as it is and read back as a different wall-clock reading.
        try {
          parse_local_datetime(text);
        } catch (const ConversionError&) {
          add("invalid_timestamp", quoted(text) + " is not a timestamp (YYYY-MM-DD HH:MM:SS, with no time zone)");
        }
        break;
      default:
        // Integers and floats from some drivers arrive as text; bounds still apply.
        if (schema::is_numeric(kind) && (field_.min || field_.max)) {
          double number = 0;
          const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
          if (error == std::errc{} && end == text.data() + text.size()) bounds(number, text);
        }
        break;
    }
  }

  bool choice(std::string_view item) {
    if (std::find(field_.choices.begin(), field_.choices.end(), item) != field_.choices.end()) return true;
    add("invalid_choice", quoted(item) + " is not one of " + join_choices(field_.choices));
    return false;
  }

  void decimal(const std::string& text) {
    std::size_t whole = 0;
    std::size_t places = 0;
    if (!decimal_digits(text, whole, places)) {
      add("invalid_decimal", quoted(text) + " is not a decimal number");
      return;
    }
    // The order of Django's DecimalValidator: the most general complaint first, one per value.
    if (field_.precision > 0) {
      const auto precision = static_cast<std::size_t>(field_.precision);
      const auto scale = static_cast<std::size_t>(std::max(field_.scale, 0));
      if (whole + places > precision) {
        add("max_digits", "at most " + std::to_string(precision) + " digits in total (got " +
                              std::to_string(whole + places) + ")");
      } else if (places > scale) {
        add("max_decimal_places",
            "at most " + std::to_string(scale) + " decimal places (got " + std::to_string(places) + ")");
      } else if (whole > precision - scale) {
        add("max_whole_digits", "at most " + std::to_string(precision - scale) +
                                    " digits before the decimal point (got " + std::to_string(whole) + ")");
      }
    }
    double number = 0;
    std::string_view digits = text;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);  // from_chars takes no '+'
    std::from_chars(digits.data(), digits.data() + digits.size(), number);
    bounds(number, text);
  }

  void bounds(double number, std::string_view shown) {
    if (field_.min && number < *field_.min) {
      add("min", "at least " + show_number(*field_.min) + " (got " + std::string(shown) + ")");
    } else if (field_.max && number > *field_.max) {
      add("max", "at most " + show_number(*field_.max) + " (got " + std::string(shown) + ")");
    }
  }

  const FieldSpec& field_;
  std::vector<FieldError>& errors_;
};

std::string summary(std::string_view model, const std::vector<FieldError>& errors) {
  std::string out(model);
  out += ": ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += "; ";
    out += errors[i].field + ": " + errors[i].message;
  }
  return out;
}

/** The ASCII spelling of U+00C0..U+00FF (Latin-1 letters), for slugify; "" for × and ÷. */
std::string_view latin1_ascii(unsigned code) {
  static constexpr std::string_view kTable[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};  // F0
  return code >= 0xC0 && code <= 0xFF ? kTable[code - 0xC0] : std::string_view{};
}

}  // namespace

ValidationError::ValidationError(std::string_view model, std::vector<FieldError> errors)
    : Error(summary(model, errors)), errors_(std::move(errors)) {}

std::vector<FieldError> ValidationError::errors_of(std::string_view field) const {
  std::vector<FieldError> out;
  for (const auto& error : errors_) {
    if (error.field == field) out.push_back(error);
  }
  return out;
}

std::vector<FieldError> check_row(const schema::ModelSpec& model, std::span<const db::Value> row, bool insert) {
  std::vector<FieldError> errors;
  const auto& fields = model.fields;
  if (row.size() != fields.size()) {
    throw QueryError(std::string(model.name) + ": a row of " + std::to_string(row.size()) + " values for " +
                     std::to_string(fields.size()) + " fields");
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldSpec& field = fields[i];
    if (field.kind == FieldKind::Many || (insert && field.primary_key && field.auto_increment)) continue;
    Checker checker(field, errors);
    if (db::is_null(row[i])) {
      // A field declared for one backend has no value in a row built for the other.
      if (!field.nullable && !field.backend) checker.add("required", "this field is required");
      continue;
    }
    checker.value(row[i]);
  }
  return errors;
}

void validate_row(const schema::ModelSpec& model, std::span<const db::Value> row, bool insert) {
  auto errors = check_row(model, row, insert);
  if (!errors.empty()) throw ValidationError(model.name, std::move(errors));
}

std::string slugify(std::string_view text, std::size_t max_length) {
  std::string out;
  bool gap = false;  // a run of other characters is pending; it becomes one '-' before the next letter
  auto letters = [&](std::string_view ascii) {
    if (ascii.empty()) {
      gap = true;
      return;
    }
    if (gap && !out.empty()) out += '-';
    gap = false;
    out += ascii;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      const char c = static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
      letters(is_ascii_alnum(c) ? std::string_view(&c, 1) : std::string_view{});
    } else if ((byte & 0xE0) == 0xC0 && i + 1 < text.size()) {
      // Two-byte UTF-8: U+0080..U+07FF, where the accented Latin letters are.
      const unsigned code = ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      letters(latin1_ascii(code));
      ++i;
    } else {
      letters({});
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
    }
  }
  if (max_length > 0 && out.size() > max_length) out.resize(max_length);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

TimeOfDay time_now_utc() {
  namespace chr = std::chrono;
  const auto now = chr::floor<chr::microseconds>(chr::system_clock::now());
  return TimeOfDay(now - chr::floor<chr::days>(now));
}

std::string timetz_now_utc() { return format_time(time_now_utc()) + "+00"; }

namespace detail {
std::string slug_source(const db::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return {};
}
}  // namespace detail

}  // namespace cpprustango::orm
