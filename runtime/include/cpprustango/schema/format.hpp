// Prints a SchemaFile as canonical schema text: the form `cpprustango` writes
// back after make:model and inspectdb, and what a formatter check compares to.
#pragma once

#include <string>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema {

/**
 * Canonical text: two-space indent, name and type columns aligned per model, field
 * attributes in a fixed order, model attributes after a blank line, one blank line
 * between models, comments kept (see docs/schema.md). Idempotent:
 * format(parse(format(f))) == format(f), and parse(format(f)) == f.
 *   std::string text = schema::format(schema::parse(source, path, "blog"));
 */
std::string format(const SchemaFile& file);

/** One type as written in a schema: "string(200)", "decimal(10, 2)", "array(int)" (no '?'). */
std::string format_type(const FieldType& type);

}  // namespace cpprustango::schema
