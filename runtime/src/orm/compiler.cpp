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

const ModelSpec& model_of(const Query& query) {
  if (query.model == nullptr) throw QueryError("a query needs a model");
  return *query.model;
}

/** Bound values of one statement, and their placeholders in the dialect's spelling (`?` or `$n`). */
class Parameters {
 public:
  explicit Parameters(db::Dialect dialect) : dialect_(dialect) {}
  std::string add(db::Value value) {
    values_.push_back(std::move(value));
    return dialect_ == db::Dialect::Sqlite ? "?" : "$" + std::to_string(values_.size());
  }
  std::vector<db::Value> take() { return std::move(values_); }

 private:
  db::Dialect dialect_;
  std::vector<db::Value> values_;
};

struct Join {
  std::string path;
  std::string alias;
  const ModelSpec* model;
  std::string on;
};

// The join table's alias when a query goes through a many() field; "t<n>" aliases never take it.
constexpr std::string_view kThroughAlias = "m";

class Builder {
 public:
  Builder(db::Dialect dialect, const ModelResolver& resolver, const ModelSpec& base)
      : dialect_(dialect), resolver_(resolver), base_(base) {}
  /** A builder for a query of `query.model`, going through its many() join table when it says so. */
  Builder(db::Dialect dialect, const ModelResolver& resolver, const Query& query)
      : Builder(dialect, resolver, model_of(query)) {
    if (query.through) through_ = &checked_through(*query.through);
  }

  std::string param(db::Value value) { return params_.add(std::move(value)); }

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
    if (through_ != nullptr) {
      // (source, target) is the join table's key, so the join repeats a row only for another owner.
      sql += " INNER JOIN " + quote_identifier(through_->field->through) + " AS " + quote_identifier(kThroughAlias) +
             " ON " + through_column(through_->field->through_target) + " = \"t0\"." +
             quote_identifier(single_primary_key(base_).column);
    }
    for (const auto& join : joins_) {
      sql += " LEFT JOIN " + quote_identifier(join.model->table) + " AS " + quote_identifier(join.alias) + " ON " + join.on;
    }
    return sql;
  }

  std::string where(const Query& query) {
    std::string sql;
    if (through_ != nullptr) {
      if (through_->owners.empty()) {
        sql = "1 = 0";  // no owners own anything
      } else {
        std::string list;
        for (const auto& owner : through_->owners) list += (list.empty() ? "" : ", ") + param(owner);
        sql = through_column(through_->field->through_source) + " IN (" + list + ")";
      }
    }
    if (query.where) sql += (sql.empty() ? "" : " AND ") + condition(*query.where);
    return sql.empty() ? "" : " WHERE " + sql;
  }

  /** The join table's owner-key column, selected last when prefetching a many() field; empty otherwise. */
  std::string owner_column() const {
    return through_ != nullptr ? through_column(through_->field->through_source) : "";
  }

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

  std::vector<db::Value> take_params() { return params_.take(); }

 private:
  std::string leaf(const Q& q) {
    const auto [column_sql, field] = column(q.path());
    const auto& values = q.values();
    const Lookup lookup = q.lookup();
    // A PostgreSQL enum (@enum) has neither LIKE nor LOWER: its labels are matched as text.
    const std::string text_sql = dialect_ == db::Dialect::Postgresql && !field->enum_type.empty()
                                     ? "CAST(" + column_sql + " AS TEXT)"
                                     : column_sql;
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
      return fold ? "LOWER(" + text_sql + ") LIKE LOWER(" + param(pattern) + ") ESCAPE '\\'"
                  : text_sql + " LIKE " + param(pattern) + " ESCAPE '\\'";
    };
    switch (lookup) {
      case Lookup::Exact:
        expect_values(1);
        if (db::is_null(values.front())) return column_sql + " IS NULL";
        return column_sql + " = " + param(values.front());
      case Lookup::IExact:
        text_value();
        return "LOWER(" + text_sql + ") = LOWER(" + param(values.front()) + ")";
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

  static std::string through_column(std::string_view column) {
    return quote_identifier(kThroughAlias) + "." + quote_identifier(column);
  }

  const Through& checked_through(const Through& through) const {
    const FieldSpec* field = through.field;
    if (field == nullptr || field->kind != FieldKind::Many || field->through.empty() ||
        field->through_source.empty() || field->through_target.empty()) {
      throw QueryError("a query through a join table needs a many() field with its table and columns");
    }
    if (resolver_(*field) != &base_) {
      throw QueryError("the many() field " + std::string(field->name) + " relates " + std::string(field->ref_model) +
                       ", not " + std::string(base_.name));
    }
    return through;
  }

  db::Dialect dialect_;
  const ModelResolver& resolver_;
  const ModelSpec& base_;
  const Through* through_ = nullptr;
  std::vector<Join> joins_;
  Parameters params_{dialect_};
};

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

/**
 * The WHERE of a queryset UPDATE or DELETE: every row when unfiltered, else the
 * keys a SELECT finds. The subquery keeps joins (filters across refs, a many()
 * join table) out of UPDATE's and DELETE's syntax, which the dialects spell differently.
 */
std::string matching_rows(Builder& builder, const Query& query) {
  if (!query.where && !query.through) return "";
  const std::string where = builder.where(query);
  return " WHERE " + builder.primary_key(false) + " IN (SELECT " + builder.primary_key_list(true) + " FROM " +
         builder.from() + where + ")";
}

}  // namespace

SqlCompiler::SqlCompiler(db::Dialect dialect, ModelResolver resolver) : dialect_(dialect), resolver_(std::move(resolver)) {}

namespace {

/** "author.name" as its relation and field: {"author", "name"}; a plain field has relation "". */
std::pair<std::string_view, std::string_view> split_path(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return {"", path};
  return {path.substr(0, dot), path.substr(dot + 1)};
}

std::string joined(std::string_view relation, std::string_view field) {
  return relation.empty() ? std::string(field) : std::string(relation) + "." + std::string(field);
}

}  // namespace

CompiledSelect SqlCompiler::select(const Query& query, std::optional<std::int64_t> count_limit) const {
  const ModelSpec& model = model_of(query);
  Builder builder(dialect_, resolver_, query);
  CompiledSelect compiled;
  std::vector<std::string> relations{""};
  relations.insert(relations.end(), query.select_related.begin(), query.select_related.end());
  const auto fetched = [&](std::string_view relation) {
    return std::find(relations.begin(), relations.end(), relation) != relations.end();
  };
  // An only() path must name a hop this query builds: its columns have nowhere else to go.
  for (const auto& name : query.only) {
    const auto [relation, field] = split_path(name);
    if (!fetched(relation)) {
      throw QueryError(std::string(model.name) + ": only() names " + name + ", but " + std::string(relation) +
                       " is not select_related; add select_related(" + std::string(relation) + ") or leave it out");
    }
  }
  // With only(), the model is restricted, and so is a hop that only() names a field of, or a path through it
  // (Django's mask); a select_related hop only() does not mention keeps all its columns.
  const auto restricted = [&](const std::string& relation) {
    if (query.only.empty()) return false;
    if (relation.empty()) return true;
    return std::any_of(query.only.begin(), query.only.end(), [&](const std::string& name) {
      return name.size() > relation.size() && name.starts_with(relation) && name[relation.size()] == '.';
    });
  };
  std::string columns;
  auto add_columns = [&](const std::string& relation) {
    const auto [alias, target] = builder.relation(relation);
    const bool restrict = restricted(relation);
    for (const auto& field : target->fields) {
      if (field.column.empty() || !field.exists_on(backend_of(dialect_))) continue;
      if (restrict) {
        // Kept: the named fields, the key (an object is known by it) and the refs to hops fetched further on.
        const std::string path = joined(relation, field.name);
        const bool key = std::find(target->primary_key.begin(), target->primary_key.end(), field.name) !=
                         target->primary_key.end();
        if (!key && !fetched(path) && std::find(query.only.begin(), query.only.end(), path) == query.only.end()) continue;
      }
      columns += (columns.empty() ? "" : ", ") + quote_identifier(alias) + "." + quote_identifier(field.column);
      compiled.columns.push_back({relation, target, &field});
    }
  };
  for (const auto& relation : relations) add_columns(relation);
  for (const auto& name : query.only) {
    const auto [relation, field] = split_path(name);
    require_field(*builder.relation(relation).second, field, dialect_);
  }
  if (const std::string owner = builder.owner_column(); !owner.empty()) {
    columns += ", " + owner;
    compiled.owner_column = static_cast<int>(compiled.columns.size());
    compiled.columns.push_back({"<owner>", nullptr, nullptr});  // no field: a relation no path can name
  }
  if (count_limit) {
    Query counted = query;
    counted.limit = *count_limit + 1;
    counted.offset.reset();
    counted.select_related.clear();
    counted.only.clear();
    Statement count_statement = count(counted);
    // The subquery's placeholders come first in the text, so its values are bound first.
    for (auto& value : count_statement.params) builder.param(std::move(value));
    columns += ", (" + count_statement.sql + ") AS \"counted_rows\"";
    compiled.count_column = static_cast<int>(compiled.columns.size());
    compiled.columns.push_back({"<count>", nullptr, nullptr});
  }

  const std::string where = builder.where(query);
  const std::string order = builder.order_by(query);
  const std::string tail = builder.limit_offset(query);
  compiled.statement.sql = "SELECT " + columns + " FROM " + builder.from() + where + order + tail;
  compiled.statement.params = builder.take_params();
  return compiled;
}

Statement SqlCompiler::values(const Query& query, std::span<const std::string> fields) const {
  const ModelSpec& model = model_of(query);
  if (fields.empty()) throw QueryError("values() of " + std::string(model.name) + " needs at least one field");
  Builder builder(dialect_, resolver_, query);
  std::string columns;
  for (const auto& field : fields) columns += (columns.empty() ? "" : ", ") + builder.column(field).first;
  const std::string where = builder.where(query);
  const std::string order = builder.order_by(query);
  const std::string tail = builder.limit_offset(query);
  return {"SELECT " + columns + " FROM " + builder.from() + where + order + tail, builder.take_params()};
}

Statement SqlCompiler::count(const Query& query) const {
  Builder builder(dialect_, resolver_, query);
  const std::string where = builder.where(query);
  if (!query.limit && !query.offset) {
    return {"SELECT COUNT(*) FROM " + builder.from() + where, builder.take_params()};
  }
  const std::string tail = builder.limit_offset(query);
  return {"SELECT COUNT(*) FROM (SELECT 1 AS \"x\" FROM " + builder.from() + where + tail + ") AS \"counted\"",
          builder.take_params()};
}

Statement SqlCompiler::exists(const Query& query) const {
  Builder builder(dialect_, resolver_, query);
  const std::string where = builder.where(query);
  return {"SELECT 1 AS \"e\" FROM " + builder.from() + where + " LIMIT 1", builder.take_params()};
}

Statement SqlCompiler::aggregate(const Query& query, Aggregate function, std::string_view field, bool distinct) const {
  static constexpr const char* kNames[] = {"COUNT", "SUM", "AVG", "MIN", "MAX"};
  Builder builder(dialect_, resolver_, query);
  const auto [column_sql, spec] = builder.column(field);
  if (function != Aggregate::Count && function != Aggregate::Min && function != Aggregate::Max &&
      !schema::is_numeric(spec->kind)) {
    throw QueryError(std::string(kNames[static_cast<int>(function)]) + " needs a number field, and " +
                     std::string(field) + " is " + std::string(schema::type_name(spec->kind)));
  }
  const std::string where = builder.where(query);
  const std::string name = std::string(kNames[static_cast<int>(function)]) + (distinct ? "(DISTINCT " : "(");
  if (!query.limit && !query.offset) {
    return {"SELECT " + name + column_sql + ") FROM " + builder.from() + where, builder.take_params()};
  }
  const std::string tail = builder.limit_offset(query);
  return {"SELECT " + name + "\"v\") FROM (SELECT " + column_sql + " AS \"v\" FROM " + builder.from() + where + tail +
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
  Builder builder(dialect_, resolver_, query);
  std::string sql = "UPDATE " + quote_identifier(model.table) + " SET " + assignments_sql(builder, model, assignments, dialect_);
  sql += matching_rows(builder, query);
  return {std::move(sql), builder.take_params()};
}

Statement SqlCompiler::remove(const Query& query) const {
  const ModelSpec& model = model_of(query);
  Builder builder(dialect_, resolver_, query);
  std::string sql = "DELETE FROM " + quote_identifier(model.table);
  sql += matching_rows(builder, query);
  return {std::move(sql), builder.take_params()};
}

namespace {

const FieldSpec& join_table_of(const FieldSpec& many) {
  if (many.kind != FieldKind::Many || many.through.empty() || many.through_source.empty() ||
      many.through_target.empty()) {
    throw QueryError(std::string(many.name) + " is not a many() field with a join table");
  }
  return many;
}

}  // namespace

Statement SqlCompiler::link(const FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets) const {
  const FieldSpec& field = join_table_of(many);
  if (targets.empty()) throw QueryError("linking " + std::string(field.name) + " needs at least one row");
  Parameters params(dialect_);
  std::string rows;
  for (const auto& target : targets) {
    const std::string first = params.add(owner);
    rows += (rows.empty() ? "(" : ", (") + first + ", " + params.add(target) + ")";
  }
  return {"INSERT INTO " + quote_identifier(field.through) + " (" + quote_identifier(field.through_source) + ", " +
              quote_identifier(field.through_target) + ") VALUES " + rows + " ON CONFLICT DO NOTHING",
          params.take()};
}

Statement SqlCompiler::links(const FieldSpec& many, std::span<const db::Value> owners) const {
  const FieldSpec& field = join_table_of(many);
  if (owners.empty()) throw QueryError("the links of " + std::string(field.name) + " need at least one owner");
  Parameters params(dialect_);
  std::string list;
  for (const auto& owner : owners) list += (list.empty() ? "" : ", ") + params.add(owner);
  const std::string target = quote_identifier(field.through_target);
  return {"SELECT " + quote_identifier(field.through_source) + ", " + target + " FROM " +
              quote_identifier(field.through) + " WHERE " + quote_identifier(field.through_source) + " IN (" + list +
              ") ORDER BY " + target,
          params.take()};
}

Statement SqlCompiler::unlink(const FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets,
                              bool except) const {
  const FieldSpec& field = join_table_of(many);
  Parameters params(dialect_);
  std::string sql = "DELETE FROM " + quote_identifier(field.through) + " WHERE " +
                    quote_identifier(field.through_source) + " = " + params.add(owner);
  if (targets.empty()) {
    if (!except) sql += " AND 1 = 0";  // unlinking nothing
    return {std::move(sql), params.take()};
  }
  std::string list;
  for (const auto& target : targets) list += (list.empty() ? "" : ", ") + params.add(target);
  sql += " AND " + quote_identifier(field.through_target) + (except ? " NOT IN (" : " IN (") + list + ")";
  return {std::move(sql), params.take()};
}

}  // namespace cpprustango::orm
