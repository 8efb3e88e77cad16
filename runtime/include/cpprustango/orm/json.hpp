// json fields as nlohmann::json. Only generated headers of apps with a json
// field include this, so other apps never pay for nlohmann's compile time.
// Stored as its compact text (jsonb/json accept it on PostgreSQL).
#pragma once

#include <nlohmann/json.hpp>

#include "cpprustango/orm/convert.hpp"

namespace cpprustango::orm {

template <>
struct Convert<nlohmann::json> {
  static db::Value to(const nlohmann::json& value) { return value.dump(); }
  static void from(const db::Value& value, nlohmann::json& out) {
    const std::string& text = db::as_string(value);
    out = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded()) throw ConversionError("cannot read '" + text + "' as JSON");
  }
};

}  // namespace cpprustango::orm
