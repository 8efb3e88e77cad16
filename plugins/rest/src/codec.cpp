// JSON to and from stored values, by field kind (see codec.hpp).
#include "codec.hpp"

#include <openssl/evp.h>

#include <charconv>

#include "cpprustango/forms/model_form.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/types.hpp"

namespace cpprustango::rest::detail {

using schema::FieldKind;
using schema::FieldSpec;
using json = nlohmann::json;

namespace {

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string bytes_text(const db::Bytes& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

json array_json(const FieldSpec& field, const db::Value& value) {
  json items = json::array();
  for (auto& item : orm::detail::parse_array(db::as_string(value))) {
    if (schema::is_integer(field.element)) {
      items.push_back(std::stoll(item));
    } else if (field.element == FieldKind::Real || field.element == FieldKind::Double) {
      items.push_back(std::stod(item));
    } else if (field.element == FieldKind::Bool) {
      items.push_back(item == "t" || item == "true");
    } else {
      items.push_back(std::move(item));
    }
  }
  return items;
}

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return number;
}

/**
 * A kind whose JSON form is a string, read from that string as forms read
 * typed text (one rule for both), except bytes: JSON carries them as base64.
 */
Decoded from_text(const FieldSpec& field, std::string_view text) {
  if (field.kind == FieldKind::Bytes) {
    std::string raw;
    if (!base64_decode(text, raw)) return std::string("Enter valid base64.");
    return db::Value(db::to_bytes(raw));
  }
  return forms::parse_text(field, std::string(text));
}

}  // namespace

json encode(const FieldSpec& field, const db::Value& value) {
  if (db::is_null(value)) return nullptr;
  switch (field.kind) {
    case FieldKind::Bool:
      return db::as_bool(value);
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
      return db::as_int(value);
    case FieldKind::Real:
    case FieldKind::Double:
      return db::as_double(value);
    case FieldKind::Decimal:
      return orm::detail::decimal_text(value, field.scale);
    case FieldKind::DateTime:
      return orm::format_datetime(orm::parse_datetime(db::as_string(value)));
    case FieldKind::Timestamp: {
      std::string text = orm::format_local_datetime(orm::parse_local_datetime(db::as_string(value)));
      if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
      return text;
    }
    case FieldKind::Json: {
      json parsed = json::parse(db::as_string(value), nullptr, /*allow_exceptions=*/false);
      return parsed.is_discarded() ? json(db::as_string(value)) : parsed;
    }
    case FieldKind::Bytes:
      if (db::kind(value) == db::ValueKind::Binary) return base64_encode(bytes_text(db::as_bytes(value)));
      return base64_encode(db::as_string(value));
    case FieldKind::MultiChoice: {
      json items = json::array();
      for (auto name : orm::detail::split_choices(db::as_string(value))) items.push_back(std::string(name));
      return items;
    }
    case FieldKind::Array:
      try {
        return array_json(field, value);
      } catch (const std::exception&) {
        return db::as_string(value);  // NULL items or nesting: the server's own text
      }
    default:
      break;
  }
  // Refs carry the target's key as stored; everything else is text.
  switch (db::kind(value)) {
    case db::ValueKind::Bool: return db::as_bool(value);
    case db::ValueKind::Integer: return db::as_int(value);
    case db::ValueKind::Real: return db::as_double(value);
    case db::ValueKind::Binary: return base64_encode(bytes_text(db::as_bytes(value)));
    default: return db::as_string(value);
  }
}

Decoded decode(const FieldSpec& field, const json& value, const FieldSpec* key_field) {
  if (value.is_null()) return db::Value(nullptr);  // required-ness is check_row()'s, as for every write
  switch (field.kind) {
    case FieldKind::Bool:
      if (!value.is_boolean()) return std::string("Must be a boolean.");
      return db::Value(value.get<bool>());
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
      if (value.is_number_integer()) return db::Value(value.get<std::int64_t>());
      return std::string("Must be a whole number.");
    case FieldKind::Real:
    case FieldKind::Double:
      if (value.is_number()) return db::Value(value.get<double>());
      return std::string("Must be a number.");
    case FieldKind::Decimal:
      if (value.is_number_integer()) return db::Value(std::to_string(value.get<std::int64_t>()));
      if (!value.is_string()) return std::string("Must be a decimal number in a string (\"19.99\").");
      return from_text(field, value.get<std::string>());
    case FieldKind::Json:
      return db::Value(value.dump());
    case FieldKind::MultiChoice: {
      if (!value.is_array()) return std::string("Must be a list of choices.");
      std::string text;
      for (const auto& item : value) {
        if (!item.is_string()) return std::string("Must be a list of choices.");
        text += (text.empty() ? "" : ",") + item.get<std::string>();
      }
      return db::Value(text);
    }
    case FieldKind::Array: {
      if (!value.is_array()) return std::string("Must be a list.");
      std::vector<std::string> items;
      for (const auto& item : value) {
        if (item.is_string()) items.push_back(item.get<std::string>());
        else if (item.is_boolean()) items.emplace_back(item.get<bool>() ? "t" : "f");
        else if (item.is_number()) items.push_back(item.dump());
        else return std::string("Must be a list of plain values.");
      }
      // Each item checked as the element's kind, as a model form checks it, before the database sees it.
      return forms::parse_items(field, items);
    }
    case FieldKind::Ref:
      if (key_field) return decode(*key_field, value, nullptr);
      if (value.is_number_integer()) return db::Value(value.get<std::int64_t>());
      if (value.is_string()) return db::Value(value.get<std::string>());
      return std::string("Must be the key of the related object.");
    case FieldKind::Many:
      return std::string("Must be a list of keys.");
    default:
      if (!value.is_string()) return std::string("Must be a string.");
      return from_text(field, value.get<std::string>());
  }
}

Decoded parse_text(const FieldSpec& field, std::string_view text) {
  switch (field.kind) {
    case FieldKind::Bool:
      if (text == "true" || text == "1") return db::Value(true);
      if (text == "false" || text == "0") return db::Value(false);
      return std::string("Must be true or false.");
    case FieldKind::Ref:
      // A key of the target's kind; the filter compares it with the column as it is.
      if (auto number = whole_number(text)) return db::Value(*number);
      return db::Value(std::string(text));
    case FieldKind::Bytes:
    case FieldKind::Json:
    case FieldKind::Many:
      return std::string("This field cannot be filtered on.");
    default:
      return forms::parse_text(field, std::string(text));
  }
}

std::string base64_encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i < data.size()) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < data.size() ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  unsigned buffer = 0;
  int bits = 0;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size() || ++padding > 2) return false;
      continue;
    }
    if (padding > 0) return false;
    const auto at = kBase64.find(c);
    if (at == std::string_view::npos) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return true;
}

std::string base64url_encode(std::string_view data) {
  std::string out = base64_encode(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/' || c == '=') return false;
  }
  while (standard.size() % 4 != 0) standard += '=';
  return base64_decode(standard, out);
}


std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // Fetched once: OpenSSL 3 otherwise looks the algorithm up again on every call (a tenth of
  // the API-key check's time when its principal is cached).
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  EVP_Digest(data.data(), data.size(), digest, &size, sha256 ? sha256 : EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace cpprustango::rest::detail
