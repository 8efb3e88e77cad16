// A serializer applied: rows to JSON objects (with many() keys fetched per
// page, not per row), a request body onto a row, and the write itself with
// the database's refusals turned into per-field problems.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/rest/serializers.hpp"

namespace cpprustango::rest::detail {

/** The model's (single-column) key field. */
const schema::FieldSpec& key_field(const schema::ModelSpec& model);

/**
 * The JSON array of the rows' objects, appended to `out` as text (the bytes
 * dump() would give for the same objects, without building them first).
 */
void write_rows(const Serializer& serializer, std::span<const orm::Record> rows, orm::Executor db, std::string& out);
/** One row's JSON object as text. */
std::string row_text(const Serializer& serializer, const orm::Record& row, orm::Executor db);

/** many() sets a body gave, written after the row itself. */
using ManySets = std::vector<std::pair<const schema::FieldSpec*, std::vector<db::Value>>>;

/**
 * Copies the writable keys of `body` onto `record`; with `partial` (PATCH)
 * absent keys are left alone, otherwise a writable field without a value
 * and without a default is "required". Refs and many() keys must exist.
 * Throws Problem(400) with every field's error.
 */
ManySets apply_body(const Serializer& serializer, const nlohmann::json& body, orm::Record& record, bool partial,
                    orm::Executor db);

/** INSERT or UPDATE `record` and its many() sets in one transaction; refusals become Problem(400). */
void save(const orm::Table& table, orm::Executor db, orm::Record& record, const ManySets& many, bool insert);

}  // namespace cpprustango::rest::detail
