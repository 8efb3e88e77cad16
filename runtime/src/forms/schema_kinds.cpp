// Inputs and checks for the PostgreSQL-only kinds and JSON (see
// schema_kinds.hpp). The checks follow what PostgreSQL accepts (a practical
// subset for interval), so a bad value is an error on its field rather than a
// failed statement.
#include "forms/schema_kinds.hpp"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <regex>
#include <vector>

#include "http/web.hpp"
#include "cpprustango/orm/convert.hpp"

namespace cpprustango::forms::detail {
namespace {

using http::detail::escape;

using schema::FieldKind;
using schema::FieldSpec;

// ---- inet, cidr, macaddr ----

/** An address with an optional /prefix: its bytes (4 or 16) and prefix (the full width when absent). */
struct Address {
  std::array<unsigned char, 16> bytes{};
  int size = 0;
  int prefix = 0;
};

std::optional<Address> parse_address(const std::string& text) {
  const auto slash = text.find('/');
  const std::string host = text.substr(0, slash);
  Address out;
  if (inet_pton(AF_INET, host.c_str(), out.bytes.data()) == 1) {
    out.size = 4;
  } else if (inet_pton(AF_INET6, host.c_str(), out.bytes.data()) == 1) {
    out.size = 16;
  } else {
    return std::nullopt;
  }
  out.prefix = out.size * 8;
  if (slash != std::string::npos) {
    const std::string prefix = text.substr(slash + 1);
    if (prefix.empty() || prefix.size() > 3 || prefix.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    out.prefix = std::stoi(prefix);
    if (out.prefix > out.size * 8) return std::nullopt;
  }
  return out;
}

bool host_bits_zero(const Address& address) {
  for (int bit = address.prefix; bit < address.size * 8; ++bit) {
    if ((address.bytes[static_cast<std::size_t>(bit / 8)] >> (7 - bit % 8)) & 1) return false;
  }
  return true;
}

/** PostgreSQL's macaddr spellings: 6 groups of 2, 3 of 4, 2 of 6 hex digits (':', '-' or '.'), or 12 digits. */
bool is_macaddr(std::string_view text) {
  const auto separator = text.find_first_of(":-.");
  std::vector<std::string_view> groups;
  if (separator == std::string_view::npos) {
    groups.push_back(text);
  } else {
    const char sep = text[separator];
    std::size_t start = 0;
    while (true) {
      const auto next = text.find(sep, start);
      groups.push_back(text.substr(start, next - start));
      if (next == std::string_view::npos) break;
      start = next + 1;
    }
  }
  if (groups.size() != 1 && groups.size() != 2 && groups.size() != 3 && groups.size() != 6) return false;
  for (const auto group : groups) {
    if (group.size() != 12 / groups.size()) return false;
    for (const char c : group) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
  }
  return true;
}

// ---- interval ----

bool is_interval(const std::string& text) {
  static const std::string unit =
      R"((?:microseconds?|usecs?|us|milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|)"
      R"(weeks?|w|months?|mons?|years?|yrs?|y|decades?|centuries|century|millennia|millennium))";
  static const std::string number = R"([+-]?\d+(?:\.\d+)?)";
  static const std::string part = number + R"(\s*)" + unit + R"((?![a-z]))";
  static const std::string clock = R"([+-]?\d+:\d{1,2}(?::\d{1,2}(?:\.\d{1,6})?)?)";
  // "1 day 02:00:00", "3 hours", "-2 mins 5 secs ago", "@ 1 year", "02:30", "90" (seconds).
  static const std::regex verbose("^@?\\s*(?:" + part + "(?:\\s+" + part + ")*(?:\\s+" + clock + ")?|" + clock + "|" +
                                      number + ")(?:\\s+ago)?$",
                                  std::regex::icase);
  // ISO 8601 durations: "P1DT2H", "PT90M", "P1Y2M3W4DT5H6M7.5S".
  static const std::regex iso(
      R"(^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?)"
      R"((?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$)",
      std::regex::icase);
  return std::regex_match(text, verbose) || std::regex_match(text, iso);
}

// ---- timetz ----

/** A time of day and an optional zone, as PostgreSQL reads a timetz: 14:30, 14:30:00+02, 09:00:00.5-05:30, 12:00Z. */
bool is_timetz(const std::string& text) {
  static const std::regex timetz(
      R"(^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?\s*(Z|UTC|GMT|[+-](0\d|1[0-5])(:?[0-5]\d)?)?$)",
      std::regex::icase);
  return std::regex_match(text, timetz);
}

// ---- xml ----

bool name_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == ':' || c >= 0x80; }
bool name_char(unsigned char c) { return name_start(c) || std::isdigit(c) || c == '-' || c == '.'; }

/** Why `text` is not well-formed XML content (what an xml column takes); empty when it is. */
std::string xml_problem(std::string_view text) {
  std::size_t i = 0;
  std::vector<std::string_view> open;
  const auto fail = [&](const std::string& what) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(i, text.size())), '\n');
    return "Enter well-formed XML (line " + std::to_string(line) + ": " + what + ").";
  };
  const auto entity = [&]() -> bool {  // at '&'
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos) return false;
    const auto name = text.substr(i + 1, semi - i - 1);
    bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
    if (!ok && name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x';
      const auto digits = name.substr(hex ? 2 : 1);
      ok = !digits.empty() && std::all_of(digits.begin(), digits.end(), [&](char c) {
        return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
    }
    if (ok) i = semi + 1;
    return ok;
  };
  const auto skip_to = [&](std::string_view end) {
    const auto found = text.find(end, i);
    if (found == std::string_view::npos) return false;
    i = found + end.size();
    return true;
  };
  const auto read_name = [&]() {
    const auto start = i;
    if (i < text.size() && name_start(static_cast<unsigned char>(text[i]))) {
      while (i < text.size() && name_char(static_cast<unsigned char>(text[i]))) ++i;
    }
    return text.substr(start, i - start);
  };
  const auto skip_space = [&]() {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '&') {
      if (!entity()) return fail("'&' must start an entity such as &amp;");
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    const auto rest = text.substr(i);
    if (rest.starts_with("<!--")) {
      if (!skip_to("-->")) return fail("a comment is not closed with -->");
    } else if (rest.starts_with("<![CDATA[")) {
      if (!skip_to("]]>")) return fail("a CDATA section is not closed with ]]>");
    } else if (rest.starts_with("<?")) {
      if (!skip_to("?>")) return fail("a processing instruction is not closed with ?>");
    } else if (rest.starts_with("<!DOCTYPE") && open.empty()) {
      if (!skip_to(">")) return fail("the DOCTYPE is not closed with >");
    } else if (rest.starts_with("</")) {
      i += 2;
      const auto name = read_name();
      skip_space();
      if (name.empty() || i >= text.size() || text[i] != '>') return fail("a closing tag is malformed");
      if (open.empty()) return fail("</" + std::string(name) + "> has no opening tag");
      if (open.back() != name) return fail("</" + std::string(name) + "> closes <" + std::string(open.back()) + ">");
      open.pop_back();
      ++i;
    } else {
      ++i;
      const auto name = read_name();
      if (name.empty()) return fail("'<' must start a tag; write &lt; for a literal <");
      std::vector<std::string_view> attributes;
      while (true) {
        skip_space();
        if (i >= text.size()) return fail("<" + std::string(name) + "> is not closed with >");
        if (text.substr(i).starts_with("/>")) {
          i += 2;
          break;
        }
        if (text[i] == '>') {
          ++i;
          open.push_back(name);
          break;
        }
        const auto attribute = read_name();
        if (attribute.empty()) return fail("unexpected '" + std::string(1, text[i]) + "' in <" + std::string(name) + ">");
        if (std::find(attributes.begin(), attributes.end(), attribute) != attributes.end()) {
          return fail("attribute " + std::string(attribute) + " appears twice");
        }
        attributes.push_back(attribute);
        skip_space();
        if (i >= text.size() || text[i] != '=') return fail("attribute " + std::string(attribute) + " needs =\"value\"");
        ++i;
        skip_space();
        if (i >= text.size() || (text[i] != '"' && text[i] != '\'')) {
          return fail("the value of " + std::string(attribute) + " must be quoted");
        }
        const char quote = text[i++];
        while (i < text.size() && text[i] != quote) {
          if (text[i] == '<') return fail("'<' inside the value of " + std::string(attribute));
          if (text[i] == '&') {
            if (!entity()) return fail("'&' must start an entity such as &amp;");
          } else {
            ++i;
          }
        }
        if (i >= text.size()) return fail("the value of " + std::string(attribute) + " is not closed");
        ++i;
      }
    }
  }
  if (!open.empty()) return fail("<" + std::string(open.back()) + "> is not closed");
  return {};
}

// ---- ltree, bit, tsvector ----

bool is_ltree(std::string_view text) {
  std::size_t label = 0;
  for (const char c : text) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      if (++label > 1000) return false;
    } else {
      return false;
    }
  }
  return label > 0;
}

/** tsvector text: lexemes, 'quoted lexemes' ('' inside for a quote), optional :positions. Only the quotes can be wrong. */
bool quotes_balance(std::string_view text) {
  bool inside = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '\'') {
      if (inside && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        inside = !inside;
      }
    }
  }
  return !inside;
}

/** A single PostgreSQL-only value (not an array); `text` is trimmed and not empty. */
std::optional<std::string> pg_problem(const FieldSpec& field, const std::string& text) {
  switch (field.kind) {
    case FieldKind::Inet:
      if (!parse_address(text)) return "Enter a valid IPv4 or IPv6 address, optionally with a /prefix (192.168.0.1/24, ::1).";
      return std::nullopt;
    case FieldKind::Cidr: {
      const auto address = parse_address(text);
      if (!address) return "Enter a valid IPv4 or IPv6 network (10.1.0.0/16, 2001:db8::/32).";
      if (!host_bits_zero(*address)) {
        return "Enter a network whose host bits are zero: " + text + " has bits set to the right of the /" +
               std::to_string(address->prefix) + " mask.";
      }
      return std::nullopt;
    }
    case FieldKind::MacAddr:
      if (!is_macaddr(text)) return "Enter a valid MAC address (08:00:2b:01:02:03).";
      return std::nullopt;
    case FieldKind::Interval:
      if (!is_interval(text)) return "Enter a valid interval (1 day 02:00:00, 3 hours, 90 minutes, P1DT2H).";
      return std::nullopt;
    case FieldKind::TimeTz:
      if (!is_timetz(text)) return "Enter a time with an optional UTC offset (14:30:00+02, 09:00-05:30, 12:00Z).";
      return std::nullopt;
    case FieldKind::Xml: {
      std::string problem = xml_problem(text);
      if (!problem.empty()) return problem;
      return std::nullopt;
    }
    case FieldKind::LTree:
      if (!is_ltree(text)) {
        return "Enter labels of letters, digits, _ and - separated by dots (Top.Science.Astronomy).";
      }
      return std::nullopt;
    case FieldKind::Bit: {
      if (text.find_first_not_of("01") != std::string::npos) return "Enter bits: only 0 and 1.";
      if (field.bit_length > 0 && text.size() != static_cast<std::size_t>(field.bit_length)) {
        return "Enter exactly " + std::to_string(field.bit_length) + " bits (it has " + std::to_string(text.size()) + ").";
      }
      return std::nullopt;
    }
    case FieldKind::TsVector:
      if (!quotes_balance(text)) return "Close the quote: a lexeme with spaces is written 'like this'.";
      return std::nullopt;
    default: return std::nullopt;
  }
}

std::string hint(const FieldSpec& field) {
  if (field.kind == FieldKind::Bit && field.bit_length > 0) return std::to_string(field.bit_length) + " bits, 0 or 1";
  switch (field.kind) {
    case FieldKind::Inet: return "IPv4 or IPv6, optional /prefix";
    case FieldKind::Cidr: return "network, host bits zero";
    case FieldKind::MacAddr: return "MAC address";
    case FieldKind::Interval: return "1 day 02:00:00, 3 hours or P1DT2H";
    case FieldKind::TimeTz: return "time and UTC offset";
    case FieldKind::LTree: return "labels separated by dots";
    case FieldKind::Bit: return "0s and 1s";
    default: return {};
  }
}

std::string placeholder(FieldKind kind) {
  switch (kind) {
    case FieldKind::Inet: return "192.168.0.1/24";
    case FieldKind::Cidr: return "10.1.0.0/16";
    case FieldKind::MacAddr: return "08:00:2b:01:02:03";
    case FieldKind::Interval: return "1 day 02:00:00";
    case FieldKind::TimeTz: return "14:30:00+02";
    case FieldKind::LTree: return "Top.Science.Astronomy";
    default: return {};
  }
}

/** An array item's text as PostgreSQL's array input reads it. */
std::string item_text(const db::Value& value) { return orm::detail::array_item(value); }

std::vector<std::string> stored_items(const db::Value& value, bool boolean) {
  std::vector<std::string> items = orm::detail::parse_array(db::as_string(value));
  if (boolean) {
    for (auto& item : items) item = item == "t" ? "true" : item == "f" ? "false" : item;
  }
  return items;
}

}  // namespace

/** Why `text` is not JSON, for the person who typed it; empty when it is JSON. */
std::string json_problem(const std::string& text) {
  try {
    [[maybe_unused]] const auto parsed = nlohmann::json::parse(text);  // its parse_error says where
    return {};
  } catch (const nlohmann::json::parse_error& error) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while parsing
    // value - invalid literal; last read: ..." as "line 1, column 9: invalid literal; last read: ...".
    static const std::regex noise(R"(^\[json\.exception\.[a-z_]+\.\d+\] (parse error )?(at )?|syntax error while parsing [a-z ]+ - )");
    return "Enter valid JSON (" + std::regex_replace(std::string(error.what()), noise, "") + ").";
  }
}

std::string pg_widget(const FieldSpec& field, const std::string& value, const std::string& attributes) {
  const std::string id = "id_" + std::string(field.name);
  if (field.kind == FieldKind::Array) {
    // One item per line; the admin's script turns it into a list of inputs with add and remove buttons.
    const std::string element(schema::type_name(field.element));
    return "<div class=\"array\" data-array-editor data-element=\"" + escape(element) + "\"><textarea" + attributes +
           " class=\"code\" spellcheck=\"false\" rows=\"4\">" + escape(value) +
           "</textarea><span class=\"count\">One " + escape(element) + " per line</span></div>";
  }
  if (field.kind == FieldKind::Xml || field.kind == FieldKind::TsVector) {
    return "<textarea" + attributes + " class=\"code\" spellcheck=\"false\" rows=\"" +
           (field.kind == FieldKind::Xml ? "8" : "3") + "\">" + escape(value) + "</textarea>";
  }
  std::string extra;
  if (field.kind == FieldKind::Bit && field.bit_length > 0) {
    extra = " maxlength=\"" + std::to_string(field.bit_length) + "\" pattern=\"[01]{" +
            std::to_string(field.bit_length) + "}\" inputmode=\"numeric\"";
  }
  if (field.example.empty() && !placeholder(field.kind).empty()) {
    extra += " placeholder=\"" + escape(placeholder(field.kind)) + "\"";
  }
  return "<input type=\"text\" class=\"mono\" spellcheck=\"false\" autocomplete=\"off\"" + attributes + extra +
         " value=\"" + escape(value) + "\"> <span class=\"count\">" + escape(hint(field)) + "</span>";
}

std::string pg_input_text(const FieldSpec& field, const db::Value& value) {
  if (db::is_null(value)) return {};
  if (db::kind(value) != db::ValueKind::Text) return {};
  if (field.kind != FieldKind::Array) return db::as_string(value);
  try {
    std::string out;
    for (const auto& item : stored_items(value, field.element == FieldKind::Bool)) out += (out.empty() ? "" : "\n") + item;
    return out;
  } catch (const std::exception&) {
    return db::as_string(value);  // NULL items or nesting: shown as the server wrote it
  }
}

std::string array_text(const db::Value& value) {
  if (db::kind(value) != db::ValueKind::Text) return {};
  try {
    std::string out;
    for (const auto& item : orm::detail::parse_array(db::as_string(value))) out += (out.empty() ? "" : ", ") + item;
    return out;
  } catch (const std::exception&) {
    return db::as_string(value);
  }
}

Parsed parse_pg_input(const FieldSpec& field, const std::string& typed) {
  // xml and tsvector keep their whitespace; the one-line kinds are trimmed.
  const bool multiline = field.kind == FieldKind::Xml || field.kind == FieldKind::TsVector;
  const std::string text = multiline ? typed : trimmed(typed);
  if (trimmed(text).empty()) {
    if (field.nullable) return db::Value(nullptr);
    if (field.kind == FieldKind::Array) return db::Value(std::string("{}"));
    return std::string("This field is required.");
  }
  if (field.kind != FieldKind::Array) {
    if (auto problem = pg_problem(field, multiline ? text : trimmed(text))) return *problem;
    return db::Value(text);
  }
  // array(T): one item per line (blank lines are not items), each checked as a T.
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    std::string line = trimmed(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    if (!line.empty()) lines.push_back(std::move(line));
  }
  return parse_array_items(field, lines);
}

Parsed parse_array_items(const FieldSpec& field, const std::vector<std::string>& given) {
  FieldSpec element = field;
  element.kind = field.element;
  element.nullable = false;
  std::vector<std::string> items;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const std::string& item = given[i];
    const std::string where = "Item " + std::to_string(i + 1) + " (" + item + "): ";
    if (element.kind == FieldKind::Bool) {
      std::string lower = item;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower == "true" || lower == "t" || lower == "yes" || lower == "1") {
        items.emplace_back("true");
      } else if (lower == "false" || lower == "f" || lower == "no" || lower == "0") {
        items.emplace_back("false");
      } else {
        return where + "enter true or false.";
      }
      continue;
    }
    if (schema::is_postgres_only(element.kind)) {
      if (auto problem = pg_problem(element, item)) return where + *problem;
      items.push_back(item);
      continue;
    }
    if (schema::is_textual(element.kind) && element.max_length > 0 &&
        characters(item) > static_cast<std::size_t>(element.max_length)) {
      return where + "ensure it has at most " + std::to_string(element.max_length) + " characters (it has " +
             std::to_string(characters(item)) + ").";
    }
    auto parsed = parse_scalar(element, item);
    if (auto* message = std::get_if<std::string>(&parsed)) return where + *message;
    if (const auto* integer = std::get_if<std::int64_t>(&std::get<db::Value>(parsed))) {
      // The column's integer width, which PostgreSQL would otherwise refuse with a statement error.
      const std::int64_t bound = element.kind == FieldKind::SmallInt ? 32767 : element.kind == FieldKind::Int ? 2147483647 : 0;
      if (bound != 0 && (*integer > bound || *integer < -bound - 1)) {
        return where + "ensure it is between " + std::to_string(-bound - 1) + " and " + std::to_string(bound) + ".";
      }
    }
    items.push_back(item_text(std::get<db::Value>(parsed)));
  }
  return db::Value(orm::detail::format_array(items));
}

}  // namespace cpprustango::forms::detail
