// Turns an introspected catalog into schema-language models: what
// `cpprustango inspectdb` prints through schema::format. Pure: no database.
//
//   auto file = introspect::to_schema(introspect::inspect(db), {.app = "legacy"});
//   std::cout << schema::format(file);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/introspect/introspect.hpp"
#include "cpprustango/schema/model.hpp"

namespace cpprustango::introspect {

struct SchemaOptions {
  std::string app;
  /** Let migrations manage the tables (views never are). Off: every model is @@managed(false). */
  bool managed = false;
  /** Only these tables (by name, or "schema.name"); empty means all. Unknown names are the caller's to report. */
  std::vector<std::string> tables;
};

/**
 * One model per table, in the catalog's order (sorted by schema and name), with
 * @@table and @column keeping the real names; foreign keys to a table's
 * single-column primary key become ref() fields. What the language cannot say
 * (composite foreign keys, partial or expression indexes, types outside the
 * catalogue) is kept as a @comment on the field or a comment above the model,
 * never dropped silently. The result parses back and passes schema::check for
 * the catalog's backend.
 */
schema::SchemaFile to_schema(const Catalog& catalog, const SchemaOptions& options);

/** True when `name` names a table of the catalog, as "table" or "schema.table". */
bool has_table(const Catalog& catalog, std::string_view name);

/** A PascalCase model name for a table name: "film_actor" -> "FilmActor", "2fa" -> "Table2fa". */
std::string model_name_for(std::string_view table_name);

/**
 * A snake_case field name for a column name: "AlbumId" -> "album_id", "Unit Price" ->
 * "unit_price", "class" -> "class_field", "save" -> "save_field" (a generated member), "1st" -> "field_1st".
 */
std::string field_name_for(std::string_view column_name);

/** A column type in the field catalogue, with a note when the mapping loses something. */
struct MappedType {
  schema::FieldType type;
  /** "character(2): blank-padded", "PostgreSQL type point": what the database really has. */
  std::optional<std::string> note;
  /** A PostgreSQL enum kept as one: the choice field's @enum("...") type name. */
  std::optional<std::string> enum_type;
};
MappedType map_type(const ColumnType& type, db::Dialect dialect);

}  // namespace cpprustango::introspect
