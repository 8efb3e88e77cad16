// The admin's model registry and the text forms of rows and values (see registry.hpp).
#include "admin/registry.hpp"

#include "forms/schema_kinds.hpp"

#include <algorithm>
#include <cctype>

#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/convert.hpp"

namespace cpprustango::admin::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

Registry::Registry(std::span<const schema::AppSpec> apps) {
  specs_.push_back(auth::app());
  specs_.insert(specs_.end(), apps.begin(), apps.end());
  for (const auto& spec : specs_) {
    AdminApp app{.name = lower(spec.name), .models = {}};
    for (const auto* model : spec.models) {
      // Rows are addressed by their key (a token of every key column, see key_token).
      if (!model->primary_key.empty()) app.models.push_back(model);
    }
    if (!app.models.empty()) apps_.push_back(std::move(app));
  }
}

std::vector<const schema::ModelSpec*> Registry::models() const {
  std::vector<const schema::ModelSpec*> out;
  for (const auto& app : apps_) out.insert(out.end(), app.models.begin(), app.models.end());
  return out;
}

const schema::ModelSpec* Registry::find(std::string_view app, std::string_view model) const {
  for (const auto& entry : apps_) {
    if (entry.name != app) continue;
    for (const auto* spec : entry.models) {
      if (url_name(*spec) == model) return spec;
    }
  }
  return nullptr;
}

const schema::ModelSpec* Registry::target(const schema::FieldSpec& field) const {
  for (const auto& spec : specs_) {
    if (spec.name != field.ref_app || spec.resolve == nullptr) continue;
    if (const auto* found = spec.resolve(field)) return found;
  }
  return nullptr;
}

orm::ModelResolver Registry::resolver() const {
  // The registry outlives every Table and query made with its resolver (it is the site's).
  return {this, [](const void* registry, const schema::FieldSpec& field) {
            return static_cast<const Registry*>(registry)->target(field);
          }};
}

std::string url_name(const schema::ModelSpec& model) { return lower(model.name); }

std::string model_url(const schema::ModelSpec& model) {
  return "/admin/" + lower(model.app) + "/" + url_name(model) + "/";
}

const schema::FieldSpec& key_field(const schema::ModelSpec& model) { return *model.field(model.primary_key.front()); }

std::string value_text(const schema::FieldSpec& field, const db::Value& value) {
  // A decimal shows its places on SQLite too (9.50, not the real 9.5), as PostgreSQL and Django show it.
  if (field.kind == schema::FieldKind::Decimal && field.scale > 0 && !db::is_null(value)) {
    return orm::detail::decimal_text(value, field.scale);
  }
  switch (db::kind(value)) {
    case db::ValueKind::Null: return {};
    case db::ValueKind::Bool: return db::as_bool(value) ? "true" : "false";
    case db::ValueKind::Integer:
      if (field.kind == schema::FieldKind::Bool) return db::as_int(value) != 0 ? "true" : "false";
      return std::to_string(db::as_int(value));
    case db::ValueKind::Real: {
      std::string text = std::to_string(db::as_double(value));
      while (text.size() > 1 && text.back() == '0') text.pop_back();
      if (!text.empty() && text.back() == '.') text.pop_back();
      return text;
    }
    case db::ValueKind::Text: {
      const std::string& text = db::as_string(value);
      if (field.kind == schema::FieldKind::Bool) return is_true(value) ? "true" : "false";
      if (field.kind == schema::FieldKind::Array) return forms::detail::array_text(value);  // "80, 443"
      const bool date_and_time = field.kind == schema::FieldKind::DateTime || field.kind == schema::FieldKind::Timestamp;
      if (date_and_time && text.size() >= 16) {
        // "2026-01-02T03:04:05.000006Z", "2026-01-02 03:04:05+00" or a timestamp's "2026-01-02 03:04:05":
        // minutes are enough on a page, and a timestamp shows no zone since it has none.
        return text.substr(0, 10) + " " + text.substr(11, 5);
      }
      return text;
    }
    case db::ValueKind::Binary: return std::to_string(db::as_bytes(value).size()) + " bytes";
  }
  return {};
}

std::string display(const orm::Record& record) {
  const auto& model = record.model();
  std::string_view pattern = model.display;
  if (pattern.empty()) {
    std::string key;  // "PlaylistTrack object (1, 3402)" for a composite key
    for (const auto name : model.primary_key) {
      key += (key.empty() ? "" : ", ") + value_text(*model.field(name), record.get(name));
    }
    return std::string(model.name) + " object (" + key + ")";
  }
  std::string out;
  while (!pattern.empty()) {
    const auto open = pattern.find('{');
    out += pattern.substr(0, open);
    if (open == std::string_view::npos) break;
    const auto close = pattern.find('}', open);
    if (close == std::string_view::npos) {
      out += pattern.substr(open);
      break;
    }
    const auto name = pattern.substr(open + 1, close - open - 1);
    if (const auto* field = model.field(name)) {
      const auto* related = field->kind == schema::FieldKind::Ref ? record.related(name) : nullptr;
      out += related != nullptr ? display(*related) : value_text(*field, record.get(name));
    }
    pattern.remove_prefix(close + 1);
  }
  return out;
}

std::vector<std::string> display_refs(const schema::ModelSpec& model) {
  std::vector<std::string> out;
  std::string_view pattern = model.display;
  while (true) {
    const auto open = pattern.find('{');
    const auto close = pattern.find('}', open);
    if (open == std::string_view::npos || close == std::string_view::npos) break;
    const auto name = pattern.substr(open + 1, close - open - 1);
    if (const auto* field = model.field(name); field != nullptr && field->kind == schema::FieldKind::Ref) {
      out.emplace_back(name);
    }
    pattern.remove_prefix(close + 1);
  }
  return out;
}

bool is_true(const db::Value& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i != 0;
  if (const auto* s = std::get_if<std::string>(&value)) return *s == "t" || *s == "true" || *s == "1";
  return false;
}

std::optional<orm::Q> search_q(std::span<const std::string_view> fields, const std::string& text) {
  std::optional<orm::Q> any;
  for (const auto name : fields) {
    orm::Q leaf(std::string(name), orm::Lookup::IContains, {text});
    any = any ? std::move(*any) || std::move(leaf) : std::move(leaf);
  }
  return any;
}

std::string truncate(std::string_view text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (characters++ == limit) return std::string(text.substr(0, i)) + "\xE2\x80\xA6";
  }
  return std::string(text);
}

std::string title_plural(const schema::ModelSpec& model) { return capitalised(model.verbose_name_plural); }
std::string title_singular(const schema::ModelSpec& model) { return capitalised(model.verbose_name); }

}  // namespace cpprustango::admin::detail
