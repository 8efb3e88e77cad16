// Row keys in admin URLs (see registry.hpp): the token a record's key becomes,
// and back from URL text to key values, refusing anything malformed so that
// a bad URL is a 404 before the database sees it.
#include <algorithm>

#include "admin/registry.hpp"
#include "admin/web.hpp"
#include "forms/values.hpp"

namespace cpprustango::admin::detail {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kSeparator = ',';

bool kept(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '~' || c >= 0x80;  // UTF-8 stays as it is; the href percent-encodes it
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string quote(std::string_view text) {
  if (text.empty()) return "_";
  // "." and ".." are path segments a browser would resolve away.
  const bool dots = text.find_first_not_of('.') == std::string_view::npos;
  std::string out;
  for (const unsigned char c : text) {
    if (kept(c) && !(dots && c == '.')) {
      out += static_cast<char>(c);
    } else {
      out += '_';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::optional<std::string> unquote(std::string_view text) {
  if (text == "_") return std::string();
  if (text.empty()) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '_') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // "_" needs two hex digits after it
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

/** Well-formed UTF-8 without NUL: what a text column can hold on every backend. */
bool valid_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

/** A key value from its URL text, as the field's kind stores it; nullopt when it cannot be one. */
std::optional<db::Value> key_value(const Registry& registry, const schema::FieldSpec& field, const std::string& text) {
  if (!valid_text(text)) return std::nullopt;
  using schema::FieldKind;
  if (field.kind == FieldKind::Ref) {
    // A ref key holds the target's key: read as that field's kind.
    const auto* target = registry.target(field);
    if (target == nullptr || target->primary_key.size() != 1) return std::nullopt;
    return key_value(registry, key_field(*target), text);
  }
  if (field.kind == FieldKind::Bool) {
    if (text == "true" || text == "false") return db::Value(text == "true");
    return std::nullopt;
  }
  auto parsed = forms::detail::parse_scalar(field, text);
  if (auto* value = std::get_if<db::Value>(&parsed)) return std::move(*value);
  return std::nullopt;  // a message for a form: here, a URL naming no row
}

}  // namespace

bool is_key(const schema::ModelSpec& model, const schema::FieldSpec& field) {
  return std::find(model.primary_key.begin(), model.primary_key.end(), field.name) != model.primary_key.end();
}

bool addable(const schema::ModelSpec& model) {
  return std::none_of(model.fields.begin(), model.fields.end(), [&](const schema::FieldSpec& field) {
    const bool hidden = field.noform || field.noedit;
    const bool must_be_chosen = !field.nullable && field.default_kind == schema::DefaultKind::None && !field.auto_increment &&
                                !field.auto_now && !field.auto_now_add && field.slug_from.empty();
    return hidden && must_be_chosen && (field.unique || is_key(model, field));
  });
}

std::vector<db::Value> key_values(const orm::Record& record) {
  std::vector<db::Value> out;
  for (const auto name : record.model().primary_key) out.push_back(record.get(name));
  return out;
}

std::string key_token(const orm::Record& record) {
  const auto& model = record.model();
  std::string out;
  for (const auto name : model.primary_key) {
    if (!out.empty()) out += kSeparator;
    out += quote(raw_text(*model.field(name), record.get(name)));
  }
  return out;
}

std::optional<std::vector<db::Value>> parse_key(const Registry& registry, const schema::ModelSpec& model,
                                                std::string_view token) {
  std::vector<db::Value> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < model.primary_key.size(); ++i) {
    const auto comma = token.find(kSeparator, start);
    const bool last = i + 1 == model.primary_key.size();
    if (last != (comma == std::string_view::npos)) return std::nullopt;  // too few or too many values
    const auto text = unquote(token.substr(start, last ? std::string_view::npos : comma - start));
    if (!text) return std::nullopt;
    auto value = key_value(registry, *model.field(model.primary_key[i]), *text);
    if (!value) return std::nullopt;
    out.push_back(std::move(*value));
    start = comma + 1;
  }
  return out;
}

std::string object_url(const orm::Record& record) {
  std::string encoded = url_encode(key_token(record));
  // ',' may stand in a path as it is: "/1,3402/" reads better than "/1%2C3402/".
  for (std::size_t at = encoded.find("%2C"); at != std::string::npos; at = encoded.find("%2C", at + 1)) {
    encoded.replace(at, 3, ",");
  }
  return model_url(record.model()) + encoded + "/";
}

std::string object_id(const orm::Record& record) {
  if (record.model().primary_key.size() != 1) return key_token(record);
  return key_text(record);
}

std::string raw_text(const schema::FieldSpec& field, const db::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return value_text(field, value);
}

std::string key_text(const orm::Record& record) {
  const auto& model = record.model();
  if (model.primary_key.size() != 1) return key_token(record);
  const auto& key = key_field(model);
  return raw_text(key, record.get(key.name));
}

std::optional<orm::Record> find_row(const Registry& registry, db::Database& db, const schema::ModelSpec& model,
                                    const std::string& token) {
  const auto key = parse_key(registry, model, token);
  if (!key) return std::nullopt;
  auto query = registry.table(model).query();
  for (std::size_t i = 0; i < key->size(); ++i) query = query.filter(model.primary_key[i], "exact", {(*key)[i]});
  for (const auto& ref : display_refs(model)) query = query.select_related(ref);
  return query.first(db);
}

}  // namespace cpprustango::admin::detail
