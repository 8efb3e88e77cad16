// Q trees and lookup names.
#include "cpprustango/orm/query.hpp"

#include <array>

namespace cpprustango::orm {
namespace {

constexpr std::array<std::string_view, 15> kLookupNames = {
    "exact", "iexact", "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith",
    "gt",    "gte",    "lt",       "lte",       "in",         "isnull",      "range"};

}  // namespace

QueryError QueryError::unknown_field(const schema::ModelSpec& model, std::string_view name) {
  std::string names;
  for (const auto& field : model.fields) names += (names.empty() ? "" : ", ") + std::string(field.name);
  return QueryError(std::string(model.name) + " has no field '" + std::string(name) + "' (fields: " + names + ")");
}

std::string_view lookup_name(Lookup lookup) { return kLookupNames[static_cast<std::size_t>(lookup)]; }

std::optional<Lookup> lookup_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kLookupNames.size(); ++i) {
    if (kLookupNames[i] == name) return static_cast<Lookup>(i);
  }
  return std::nullopt;
}

Q::Q(std::string path, Lookup lookup, std::vector<db::Value> values)
    : path_(std::move(path)), lookup_(lookup), values_(std::move(values)) {}

}  // namespace cpprustango::orm
