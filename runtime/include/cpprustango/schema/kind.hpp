// The closed vocabularies of the schema language: field kinds, backends,
// referential actions, widgets and default-value kinds. Shared by the owning
// model (model.hpp) and the constexpr views (spec.hpp), so it is constexpr
// throughout and includes nothing heavier than <string_view>.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cpprustango::schema {

/** Every field type of the language; the PostgreSQL-only kinds come last (see is_postgres_only). */
enum class FieldKind : std::uint8_t {
  Bool,
  SmallInt,
  Int,
  BigInt,
  Real,
  Double,
  Decimal,
  String,
  Text,
  Date,
  Time,
  DateTime,
  Timestamp,
  Uuid,
  Json,
  Bytes,
  Email,
  Url,
  Slug,
  Choice,
  MultiChoice,
  Ref,
  Many,
  // PostgreSQL only.
  Inet,
  Cidr,
  MacAddr,
  Xml,
  LTree,
  Bit,
  TsVector,
  Array,
  Interval,
  TimeTz
};

enum class Backend : std::uint8_t { SQLite, PostgreSQL };

/** What happens to referencing rows when the referenced row is deleted or its key updated. */
enum class ReferentialAction : std::uint8_t { Cascade, Restrict, SetNull, SetDefault, NoAction };

/** Admin form widget; Default means "chosen by field kind". */
enum class Widget : std::uint8_t { Default, Markdown, Rte, Code, Textarea };

/** How a default value is written; None means the field has no default. */
enum class DefaultKind : std::uint8_t { None, Number, String, Bool, Choice, ChoiceList, Null, Now, Uuid, Sql };

namespace detail {
inline constexpr std::array<std::string_view, 33> kKindNames = {
    "bool",     "smallint",  "int",      "bigint",   "real",   "double", "decimal",     "string", "text",
    "date",     "time",      "datetime", "timestamp", "uuid",  "json",   "bytes",       "email",  "url",
    "slug",     "choice",    "multichoice", "ref",   "many",   "inet",   "cidr",        "macaddr", "xml",
    "ltree",    "bit",       "tsvector", "array",    "interval", "timetz"};
inline constexpr std::array<std::string_view, 5> kActionNames = {"cascade", "restrict", "set_null", "set_default",
                                                                 "no_action"};
inline constexpr std::array<std::string_view, 5> kWidgetNames = {"default", "markdown", "rte", "code", "textarea"};
// The names are indexed by the enum: a kind added to one must be added to the other.
static_assert(kKindNames.size() == static_cast<std::size_t>(FieldKind::TimeTz) + 1);
}  // namespace detail

/** The keyword that spells a kind in a schema file: type_name(FieldKind::DateTime) == "datetime". */
constexpr std::string_view type_name(FieldKind kind) { return detail::kKindNames[static_cast<std::size_t>(kind)]; }

/** The kind a type keyword names, or nullopt for a word outside the catalogue. */
constexpr std::optional<FieldKind> kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < detail::kKindNames.size(); ++i) {
    if (detail::kKindNames[i] == name) return static_cast<FieldKind>(i);
  }
  return std::nullopt;
}

constexpr std::string_view backend_name(Backend backend) {
  return backend == Backend::SQLite ? "sqlite" : "postgresql";
}
constexpr std::string_view action_name(ReferentialAction action) {
  return detail::kActionNames[static_cast<std::size_t>(action)];
}
constexpr std::string_view widget_name(Widget widget) { return detail::kWidgetNames[static_cast<std::size_t>(widget)]; }

constexpr bool is_postgres_only(FieldKind kind) { return kind >= FieldKind::Inet; }
constexpr bool is_integer(FieldKind kind) {
  return kind == FieldKind::SmallInt || kind == FieldKind::Int || kind == FieldKind::BigInt;
}
constexpr bool is_numeric(FieldKind kind) {
  return is_integer(kind) || kind == FieldKind::Real || kind == FieldKind::Double || kind == FieldKind::Decimal;
}
/** Kinds with a "now": @auto_now, @auto_now_add and @default(now()) apply to them. */
constexpr bool is_temporal(FieldKind kind) {
  return kind == FieldKind::Date || kind == FieldKind::Time || kind == FieldKind::DateTime ||
         kind == FieldKind::Timestamp || kind == FieldKind::TimeTz;
}
/** Kinds whose values are character strings with a user-visible text form. */
constexpr bool is_textual(FieldKind kind) {
  return kind == FieldKind::String || kind == FieldKind::Text || kind == FieldKind::Email || kind == FieldKind::Url ||
         kind == FieldKind::Slug;
}
constexpr bool is_choice(FieldKind kind) { return kind == FieldKind::Choice || kind == FieldKind::MultiChoice; }
/** Kinds that point at another model: a foreign key or a many-to-many set. */
constexpr bool is_relation(FieldKind kind) { return kind == FieldKind::Ref || kind == FieldKind::Many; }
/** Kinds an array may hold: every single-column scalar (no choices, relations or nested arrays). */
constexpr bool is_array_element(FieldKind kind) {
  return !is_choice(kind) && !is_relation(kind) && kind != FieldKind::Array;
}

}  // namespace cpprustango::schema
