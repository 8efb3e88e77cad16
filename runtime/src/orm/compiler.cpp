// SQL text for queries and writes. One Builder per statement resolves field
// paths against the ModelSpec (adding LEFT JOINs for FK hops), numbers the
// placeholders for the dialect, and never lets a value into the SQL text.
#include "cpprustango/orm/compiler.hpp"

#include <algorithm>

namespace cpprustango::orm {

using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

namespace {

schema::Backend backend_of(db::Dialect dialect) {
  return dialect == db::Dialect::Sqlite ? schema::Backend::SQLite : schema::Backend::PostgreSQL;
}

const FieldSpec& require_field(const ModelSpec& model, std::string_view name, db::Dialect dialect) {
  const FieldSpec* field = model.field(name);
  if (field == nullptr || !field->exists_on(backend_of(dialect))) {
    throw QueryError::unknown_field(model, name);
  }
  if (field->kind == FieldKind::Many) {
    throw QueryError(std::string(model.name) + "." + std::string(name) +
                     " is many-to-many: query it through its related manager, not as a column");
  }
  return *field;
}

const FieldSpec& single_primary_key(const ModelSpec& model) {
  if (model.primary_key.size() != 1) {
    throw QueryError(std::string(model.name) + " has a composite primary key; it cannot be the target of a join");
  }
  return *model.field(model.primary_key.front());
}

bool is_text_like(FieldKind kind) { return schema::is_textual(kind) || kind == FieldKind::Choice; }

/** Escapes LIKE wildcards so user text matches literally (ESCAPE '\'). */
std::string like_literal(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

/**
 * Escapes GLOB wildcards by bracketing them ([*], [?], [[]): SQLite's LIKE
 * ignores ASCII case, so case-sensitive lookups use GLOB there to match what
 * PostgreSQL's LIKE does.
 */
std::string glob_literal(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[') {
      escaped += '[';
      escaped += c;
      escaped += ']';
    } else {
      escaped += c;
    }
  }
  return escaped;
}

struct Join {
  std::string path;
  std::string alias;
  const ModelSpec* model;
  std::string on;
};

class Builder {
 public:
  Builder(db::Dialect dialect, const ModelResolver& resolver, const ModelSpec& base)
      : dialect_(dialect), resolver_(resolver), base_(base) {}

  std::string param(db::Value value) {
    params_.push_back(std::move(value));
    return dialect_ == db::Dialect::Sqlite ? "?" : "$" + std::to_string(params_.size());
  }

  /** The alias and model reached by a ref path ("" is the base model), joining as needed. */
  std::pair<std::string, const ModelSpec*> relation(std::string_view path) {
    if (path.empty()) return {"t0", &base_};
    for (const auto& join : joins_) {
      if (join.path == path) return {join.alias, join.model};
    }
    const auto dot = path.rfind('.');
    const auto [parent_alias, parent] = relation(dot == std::string_view::npos ? "" : path.substr(0, dot));
    const auto name = dot == std::string_view::npos ? path : path.substr(dot + 1);
    const FieldSpec& via = require_field(*parent, name, dialect_);
    if (via.kind != FieldKind::Ref) {
      throw QueryError(std::string(parent->name) + "." + std::string(name) + " is not a ref field, so it cannot be followed");
    }
    const ModelSpec* target = resolver_(via);
    if (target == nullptr) {
      throw QueryError("the model " + std::string(via.ref_app) + "." + std::string(via.ref_model) + " that " +
                       std::string(parent->name) + "." + std::string(name) + " refers to is not known");
    }
    std::string alias = "t" + std::to_string(joins_.size() + 1);
    std::string on = quote_identifier(alias) + "." + quote_identifier(single_primary_key(*target).column) + " = " +
                     quote_identifier(parent_alias) + "." + quote_identifier(via.column);
    joins_.push_back({std::string(path), alias, target, std::move(on)});
    return {alias, target};
  }

  /** A field path ("author.name") as a qualified column, with the field it names. */
  std::pair<std::string, const FieldSpec*> column(std::string_view path) {
    const auto dot = path.rfind('.');
    const auto [alias, model] = relation(dot == std::string_view::npos ? "" : path.substr(0, dot));
    const FieldSpec& field = require_field(*model, dot == std::string_view::npos ? path : path.substr(dot + 1), dialect_);
    return {quote_identifier(alias) + "." + quote_identifier(field.column), &field};
  }

  std::string condition(const Q& q) {
    switch (q.kind()) {
      case Q::Kind::And:
      case Q::Kind::Or: {
        const char* glue = q.kind() == Q::Kind::And ? " AND " : " OR ";
        std::string sql;
        for (const auto& child : q.children()) sql += (sql.empty() ? "" : glue) + condition(child);
        return "(" + sql + ")";
      }
      case Q::Kind::Not:
        return "NOT " + condition(q.children().front());
      case Q::Kind::Leaf:
        break;
    }
    return leaf(q);
  }

  std::string from() const {
    std::string sql = quote_identifier(base_.table) + " AS \"t0\"";
    for (const auto& join : joins_) {
      sql += " LEFT JOIN " + quote_identifier(join.model->table) + " AS " + quote_identifier(join.alias) + " ON " + join.on;
    }
    return sql;
  }

  std::string where(const Query& query) { return query.where ? " WHERE " + condition(*query.where) : ""; }

  std::string order_by(const Query& query) {
    std::vector<Ordering> orderings = query.order_by;
    if (orderings.empty()) {
      for (const auto& order : base_.ordering) orderings.push_back({std::string(order.field), order.descending});
    }
    std::string sql;
    for (const auto& order : orderings) {
      const auto [column_sql, field] = column(order.path);
      sql += (sql.empty() ? " ORDER BY " : ", ") + column_sql + (order.descending ? " DESC" : " ASC");
      // PostgreSQL's NULL placement, spelled out so SQLite sorts the same way.
      if (field->nullable) sql += order.descending ? " NULLS FIRST" : " NULLS LAST";
    }
    return sql;
  }

  std::string limit_offset(const Query& query) {
    std::string sql;
    if (query.limit) {
      sql += " LIMIT " + param(*query.limit);
    } else if (query.offset && dialect_ == db::Dialect::Sqlite) {
      sql += " LIMIT -1";  // SQLite takes OFFSET only after a LIMIT
    }
    if (query.offset) sql += " OFFSET " + param(*query.offset);
    return sql;
  }

  /** The base model's primary key column(s), qualified or bare: "id", or "a", "b". */
  std::string primary_key_list(bool qualified) const {
    std::string sql;
    for (const auto name : base_.primary_key) {
      const auto* field = base_.field(name);
      sql += (sql.empty() ? "" : ", ") + (qualified ? std::string("\"t0\".") : "") + quote_identifier(field->column);
    }
    return sql;
  }
  /** The primary key as one SQL expression: a column, or a row value ("a", "b") when composite. */
  std::string primary_key(bool qualified) const {
    const std::string list = primary_key_list(qualified);
    return base_.primary_key.size() == 1 ? list : "(" + list + ")";
  }

  std::vector<db::Value> take_params() { return std::move(params_); }

 private:
  std::string leaf(const Q& q) {
    const auto [column_sql, field] = column(q.path());
    const auto& values = q.values();
    const Lookup lookup = q.lookup();
    const std::string where_text = std::string(base_.name) + " filter " + q.path() + "__" + std::string(lookup_name(lookup));
    auto expect_values = [&](std::size_t n) {
      if (values.size() != n) {
        throw QueryError(where_text + " takes " + std::to_string(n) + " value" + (n == 1 ? "" : "s") + ", got " +
                         std::to_string(values.size()));
      }
    };
    auto text_value = [&]() -> const std::string& {
      expect_values(1);
      if (!is_text_like(field->kind)) throw QueryError(where_text + ": " + std::string(lookup_name(lookup)) +
                                                       " applies to text fields, and " + q.path() + " is " +
                                                       std::string(schema::type_name(field->kind)));
      if (!std::holds_alternative<std::string>(values.front())) throw QueryError(where_text + " needs a text value");
      return std::get<std::string>(values.front());
    };
    auto like = [&](bool fold, const char* before, const char* after) {
      if (!fold && dialect_ == db::Dialect::Sqlite) {
        const auto glob = [](const char* wildcard) { return *wildcard == '%' ? "*" : ""; };
        return column_sql + " GLOB " + param(glob(before) + glob_literal(text_value()) + glob(after));
      }
      const std::string pattern = before + like_literal(text_value()) + after;
      return fold ? "LOWER(" + column_sql + ") LIKE LOWER(" + param(pattern) + ") ESCAPE '\\'"
                  : column_sql + " LIKE " + param(pattern) + " ESCAPE '\\'";
    };
    switch (lookup) {
      case Lookup::Exact:
        expect_values(1);
        if (db::is_null(values.front())) return column_sql + " IS NULL";
        return column_sql + " = " + param(values.front());
      case Lookup::IExact:
        text_value();
        return "LOWER(" + column_sql + ") = LOWER(" + param(values.front()) + ")";
      case Lookup::Contains: return like(false, "%", "%");
      case Lookup::IContains: return like(true, "%", "%");
      case Lookup::StartsWith: return like(false, "", "%");
      case Lookup::IStartsWith: return like(true, "", "%");
      case Lookup::EndsWith: return like(false, "%", "");
      case Lookup::IEndsWith: return like(true, "%", "");
      case Lookup::Gt: expect_values(1); return column_sql + " > " + param(values.front());
      case Lookup::Gte: expect_values(1); return column_sql + " >= " + param(values.front());
      case Lookup::Lt: expect_values(1); return column_sql + " < " + param(values.front());
      case Lookup::Lte: expect_values(1); return column_sql + " <= " + param(values.front());
      case Lookup::In: {
        if (values.empty()) return "1 = 0";  // nothing is in an empty list
        std::string list;
        for (const auto& value : values) list += (list.empty() ? "" : ", ") + param(value);
        return column_sql + " IN (" + list + ")";
      }
      case Lookup::IsNull:
        expect_values(1);
        if (!std::holds_alternative<bool>(values.front())) throw QueryError(where_text + " needs true or false");
        return column_sql + (std::get<bool>(values.front()) ? " IS NULL" : " IS NOT NULL");
      case Lookup::Range: {
        expect_values(2);
        // Two statements: the operands of one '+' chain are evaluated in no set order,
        // and the placeholders must be numbered in text order.
        const std::string low = param(values[0]);
        return column_sql + " BETWEEN " + low + " AND " + param(values[1]);
      }
    }
    throw QueryError(where_text + ": unknown lookup");
  }

  db::Dialect dialect_;
  const ModelResolver& resolver_;
  const ModelSpec& base_;
  std::vector<Join> joins_;
  std::vector<db::Value> params_;
};

const ModelSpec& model_of(const Query& query) {
  if (query.model == nullptr) throw QueryError("a query needs a model");
  return *query.model;
}

std::string assignments_sql(Builder& builder, const ModelSpec& model, std::span<const Assignment> assignments,
                            db::Dialect dialect) {
  if (assignments.empty()) throw QueryError("an update of " + std::string(model.name) + " needs at least one field");
  std::string sql;
  for (const auto& [name, value] : assignments) {
    const FieldSpec& field = require_field(model, name, dialect);
    sql += (sql.empty() ? "" : ", ") + quote_identifier(field.column) + " = " + builder.param(value);
  }
  return sql;
}

std::string primary_key_match(Builder& builder, const ModelSpec& model, std::span<const db::Value> values) {
  if (values.size() != model.primary_key.size()) {
    throw QueryError(std::string(model.name) + " has " + std::to_string(model.primary_key.size()) +
                     " primary key column(s), got " + std::to_string(values.size()) + " value(s)");
  }
  std::string sql;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += (sql.empty() ? "" : " AND ") + quote_identifier(model.field(model.primary_key[i])->column) + " = " +
           builder.param(values[i]);
  }
  return sql;
}

}  // namespace

SqlCompiler::SqlCompiler(db::Dialect dialect, ModelResolver resolver) : dialect_(dialect), resolver_(std::move(resolver)) {}

CompiledSelect SqlCompiler::select(const Query& query) const {
  const ModelSpec& model = model_of(query);
  Builder builder(dialect_, resolver_, model);
  CompiledSelect compiled;
  std::string columns;
  auto add_columns = [&](const std::string& relation) {
    const auto [alias, target] = builder.relation(relation);
    const bool base = relation.empty();
    for (const auto& field : target->fields) {
      if (field.column.empty() || !field.exists_on(backend_of(dialect_))) continue;
      if (base && !query.only.empty() && std::find(query.only.begin(), query.only.end(), field.name) == query.only.end()) {
        continue;
      }
      columns += (columns.empty() ? "" : ", ") + quote_identifier(alias) + "." + quote_identifier(field.column);
      compiled.columns.push_back({relation, target, &field});
    }
  };
  for (const auto& name : query.only) require_field(model, name, dialect_);
  add_columns("");
  for (const auto& path : query.select_related) add_columns(path);

  const std::string where = builder.where(query);
  const std::string order = builder.order_by(query);
  const std::string tail = builder.limit_offset(query);
  compiled.statement.sql = "SELECT " + columns + " FROM " + builder.from() + where + order + tail;
  compiled.statement.params = builder.take_params();
  return compiled;
}

Statement SqlCompiler::count(const Query& query) const {
  Builder builder(dialect_, resolver_, model_of(query));
  const std::string where = builder.where(query);
  if (!query.limit && !query.offset) {
    return {"SELECT COUNT(*) FROM " + builder.from() + where, builder.take_params()};
  }
  const std::string tail = builder.limit_offset(query);
  return {"SELECT COUNT(*) FROM (SELECT 1 AS \"x\" FROM " + builder.from() + where + tail + ") AS \"counted\"",
          builder.take_params()};
}

Statement SqlCompiler::exists(const Query& query) const {
  Builder builder(dialect_, resolver_, model_of(query));
  const std::string where = builder.where(query);
  return {"SELECT 1 AS \"e\" FROM " + builder.from() + where + " LIMIT 1", builder.take_params()};
}

Statement SqlCompiler::aggregate(const Query& query, Aggregate function, std::string_view field) const {
  static constexpr const char* kNames[] = {"COUNT", "SUM", "AVG", "MIN", "MAX"};
  Builder builder(dialect_, resolver_, model_of(query));
  const auto [column_sql, spec] = builder.column(field);
  if (function != Aggregate::Count && function != Aggregate::Min && function != Aggregate::Max &&
      !schema::is_numeric(spec->kind)) {
    throw QueryError(std::string(kNames[static_cast<int>(function)]) + " needs a number field, and " +
                     std::string(field) + " is " + std::string(schema::type_name(spec->kind)));
  }
  const std::string where = builder.where(query);
  const std::string name = kNames[static_cast<int>(function)];
  if (!query.limit && !query.offset) {
    return {"SELECT " + name + "(" + column_sql + ") FROM " + builder.from() + where, builder.take_params()};
  }
  const std::string tail = builder.limit_offset(query);
  return {"SELECT " + name + "(\"v\") FROM (SELECT " + column_sql + " AS \"v\" FROM " + builder.from() + where + tail +
              ") AS \"limited\"",
          builder.take_params()};
}

Statement SqlCompiler::insert(const ModelSpec& model, std::span<const std::string> fields,
                              std::span<const std::vector<db::Value>> rows) const {
  Builder builder(dialect_, resolver_, model);
  if (rows.empty()) throw QueryError("an insert into " + std::string(model.name) + " needs at least one row");
  std::string columns;
  for (const auto& name : fields) columns += (columns.empty() ? "" : ", ") + quote_identifier(require_field(model, name, dialect_).column);
  std::string sql = "INSERT INTO " + quote_identifier(model.table);
  if (fields.empty()) {
    if (rows.size() != 1) throw QueryError("a multi-row insert into " + std::string(model.name) + " needs columns");
    sql += " DEFAULT VALUES";
  } else {
    sql += " (" + columns + ") VALUES ";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].size() != fields.size()) {
        throw QueryError("row " + std::to_string(r + 1) + " of an insert into " + std::string(model.name) + " has " +
                         std::to_string(rows[r].size()) + " values for " + std::to_string(fields.size()) + " columns");
      }
      std::string values;
      for (const auto& value : rows[r]) values += (values.empty() ? "" : ", ") + builder.param(value);
      sql += (r == 0 ? "(" : ", (") + values + ")";
    }
  }
  if (!model.primary_key.empty()) sql += " RETURNING " + builder.primary_key_list(false);
  return {std::move(sql), builder.take_params()};
}

Statement SqlCompiler::update_row(const ModelSpec& model, std::span<const Assignment> assignments,
                                  std::span<const db::Value> primary_key) const {
  Builder builder(dialect_, resolver_, model);
  const std::string set = assignments_sql(builder, model, assignments, dialect_);
  const std::string match = primary_key_match(builder, model, primary_key);
  return {"UPDATE " + quote_identifier(model.table) + " SET " + set + " WHERE " + match, builder.take_params()};
}

Statement SqlCompiler::delete_row(const ModelSpec& model, std::span<const db::Value> primary_key) const {
  Builder builder(dialect_, resolver_, model);
  const std::string match = primary_key_match(builder, model, primary_key);
  return {"DELETE FROM " + quote_identifier(model.table) + " WHERE " + match, builder.take_params()};
}

Statement SqlCompiler::update(const Query& query, std::span<const Assignment> assignments) const {
  const ModelSpec& model = model_of(query);
  Builder builder(dialect_, resolver_, model);
  std::string sql = "UPDATE " + quote_identifier(model.table) + " SET " + assignments_sql(builder, model, assignments, dialect_);
  if (query.where) {
    // A subquery keeps joins (filters across FKs) out of UPDATE's syntax, which the dialects spell differently.
    const std::string where = builder.where(query);
    sql += " WHERE " + builder.primary_key(false) + " IN (SELECT " + builder.primary_key_list(true) + " FROM " +
           builder.from() + where + ")";
  }
  return {std::move(sql), builder.take_params()};
}

Statement SqlCompiler::remove(const Query& query) const {
  const ModelSpec& model = model_of(query);
  Builder builder(dialect_, resolver_, model);
  std::string sql = "DELETE FROM " + quote_identifier(model.table);
  if (query.where) {
    const std::string where = builder.where(query);
    sql += " WHERE " + builder.primary_key(false) + " IN (SELECT " + builder.primary_key_list(true) + " FROM " +
           builder.from() + where + ")";
  }
  return {std::move(sql), builder.take_params()};
}

}  // namespace cpprustango::orm
