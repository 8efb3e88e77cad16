// QuerySet::bulk_create's untyped half: checks the rows as save() does (the
// template has filled their automatic values with prepare_save_), then writes
// them with as few INSERT ... RETURNING statements as the backend's
// bound-parameter limit allows, and hands the new keys back.
#include <algorithm>

#include "cpprustango/db/url.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/queryset.hpp"
#include "cpprustango/orm/validation.hpp"

namespace cpprustango::orm::detail {

namespace {

// Bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER
// (32766 since 3.32) and PostgreSQL's 16-bit parameter count.
constexpr std::size_t kSqliteMaxParams = 32766;
constexpr std::size_t kPostgresMaxParams = 65535;

bool stored(const schema::FieldSpec& field, db::Dialect dialect) {
  const auto backend = dialect == db::Dialect::Sqlite ? schema::Backend::SQLite : schema::Backend::PostgreSQL;
  return !field.column.empty() && field.exists_on(backend);
}

bool is_auto_key(const schema::FieldSpec& field) { return field.primary_key && field.auto_increment; }

}  // namespace

void insert_rows(Executor db, const schema::ModelSpec& model, std::span<std::vector<db::Value>> rows,
                 const ModelResolver& resolver) {
  if (rows.empty()) return;
  const auto& fields = model.fields;
  const db::Dialect dialect = db.dialect();
  std::vector<std::string> names;
  std::vector<std::size_t> indexes;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!stored(fields[i], dialect) || is_auto_key(fields[i])) continue;
    names.emplace_back(fields[i].name);
    indexes.push_back(i);
  }
  for (auto& row : rows) {
    if (row.size() != fields.size()) {
      throw QueryError(std::string(model.name) + ": a row of " + std::to_string(row.size()) + " values for " +
                       std::to_string(fields.size()) + " fields");
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& field = fields[i];
      // Django's bulk_create inserts with the given key; here an auto key is always the database's,
      // so an object that has one was saved already and would be inserted twice.
      if (is_auto_key(field) && !(std::holds_alternative<std::int64_t>(row[i]) && std::get<std::int64_t>(row[i]) == 0)) {
        throw QueryError("bulk_create inserts new " + std::string(model.name) + " objects; one already has " +
                         std::string(field.name) + " " + db::describe(row[i]));
      }
    }
    // Every row is checked before the first statement runs, so a bad object writes nothing.
    validate_row(model, row, true);
  }
  const SqlCompiler compiler(dialect, resolver);
  const std::size_t max_params = dialect == db::Dialect::Sqlite ? kSqliteMaxParams : kPostgresMaxParams;
  const std::size_t per_statement = std::max<std::size_t>(1, max_params / std::max<std::size_t>(1, names.size()));
  for (std::size_t start = 0; start < rows.size(); start += per_statement) {
    const std::size_t end = std::min(rows.size(), start + per_statement);
    std::vector<std::vector<db::Value>> values;
    values.reserve(end - start);
    for (std::size_t r = start; r < end; ++r) {
      auto& out = values.emplace_back();
      out.reserve(indexes.size());
      for (const auto i : indexes) out.push_back(rows[r][i]);
    }
    const Statement statement = compiler.insert(model, names, values);
    const db::Result result = db.query(statement.sql, statement.params);
    if (result.empty()) continue;  // a model without a key returns nothing
    if (result.size() != end - start) {
      throw QueryError(std::string(model.name) + ": INSERT of " + std::to_string(end - start) + " rows returned " +
                       std::to_string(result.size()) + " keys");
    }
    // RETURNING gives the rows in VALUES order on both backends (Django relies on it too).
    for (std::size_t r = start; r < end; ++r) {
      const auto key = result[r - start].values();
      for (std::size_t k = 0; k < model.primary_key.size() && k < key.size(); ++k) {
        rows[r][static_cast<std::size_t>(model.field(model.primary_key[k]) - fields.data())] = key[k];
      }
    }
  }
}

}  // namespace cpprustango::orm::detail
