// JSON text for responses (codec.hpp's dump): the same bytes as nlohmann's
// dump(-1, ' ', false, replace), written straight into one string. The
// library's own serializer decodes every character of every string through a
// UTF-8 state machine; the API's strings are valid UTF-8 and mostly plain
// ASCII, so here valid strings are copied in runs and only the characters
// JSON must escape are looked at. Strings with invalid UTF-8 still go
// through the library, and floats through its Grisu2 writer, so the library
// decides their exact text.
#include <charconv>
#include <cmath>

#include "codec.hpp"

namespace cpprustango::rest::detail {

using json = nlohmann::json;

namespace {

/**
 * The length of the well-formed UTF-8 sequence starting at text[at] (no overlong forms,
 * surrogates or code points past U+10FFFF; `text[at]` is not ASCII), or 0 when it is not one.
 */
std::size_t sequence(std::string_view text, std::size_t at) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + at;
  const std::size_t left = text.size() - at;
  const unsigned char c = p[0];
  std::size_t more = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    more = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    more = 2;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    more = 3;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (left <= more || p[1] < low || p[1] > high) return 0;
  for (std::size_t i = 2; i <= more; ++i) {
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  }
  return more + 1;
}

void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  std::size_t run = 0;  // start of the characters not written yet
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = sequence(text, i);
      if (length == 0) {
        // Invalid UTF-8: the library's replacement rules decide the text of the whole string.
        out.resize(start);
        out += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
      }
      i += length - 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

template <class Integer>
void append_integer(std::string& out, Integer value) {
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void append(std::string& out, const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ',';
        first = false;
        append_string(out, key);
        out += ':';
        append(out, item);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ',';
        first = false;
        append(out, item);
      }
      out += ']';
      return;
    }
    case json::value_t::string: append_string(out, value.get_ref<const std::string&>()); return;
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::number_integer: append_integer(out, value.get<std::int64_t>()); return;
    case json::value_t::number_unsigned: append_integer(out, value.get<std::uint64_t>()); return;
    case json::value_t::null: out += "null"; return;
    case json::value_t::number_float: {
      // The library's own shortest round-trip form (Grisu2, "1.0" for whole numbers), as its serializer writes it.
      const double number = value.get<double>();
      if (!std::isfinite(number)) {
        out += "null";
        return;
      }
      char buffer[64];
      out.append(buffer, nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, number));
      return;
    }
    default: out += value.dump(-1, ' ', false, json::error_handler_t::replace); return;  // binary, discarded
  }
}

}  // namespace

std::string dump(const json& value) {
  std::string out;
  out.reserve(256);
  append(out, value);
  return out;
}

void append_json(std::string& out, const json& value) { append(out, value); }

void append_json_string(std::string& out, std::string_view text) { append_string(out, text); }

}  // namespace cpprustango::rest::detail
