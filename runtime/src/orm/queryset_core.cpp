// The non-template half of the typed ORM: compiles a Query with SqlCompiler,
// runs it on a Database or Connection, and maps result columns back to the
// fields of each model in the row, so generated from_row() reads by field index.
#include <algorithm>
#include <charconv>
#include <functional>

#include "cpprustango/orm/queryset.hpp"

#include "cpprustango/db/database.hpp"
#include "cpprustango/orm/compiler.hpp"

namespace cpprustango::orm {

namespace {

schema::Backend backend_of(db::Dialect dialect) {
  return dialect == db::Dialect::Sqlite ? schema::Backend::SQLite : schema::Backend::PostgreSQL;
}

SqlCompiler compiler_for(Executor db, const ModelResolver& resolver) {
  return SqlCompiler(db.dialect(), resolver);
}

std::vector<db::Value> key_of(const schema::ModelSpec& model, std::span<const db::Value> row) {
  std::vector<db::Value> key;
  for (const auto name : model.primary_key) {
    key.push_back(row[static_cast<std::size_t>(model.field(name) - model.fields.data())]);
  }
  return key;
}

bool stored(const schema::FieldSpec& field, db::Dialect dialect) {
  return !field.column.empty() && field.exists_on(backend_of(dialect));
}

}  // namespace

db::Dialect Executor::dialect() const {
  return database_ != nullptr ? database_->dialect() : connection_->dialect();
}

db::Result Executor::query(std::string_view sql, std::span<const db::Value> params) const {
  return database_ != nullptr ? database_->query(sql, params) : connection_->query(sql, params);
}

void Executor::for_each_row(std::string_view sql, std::span<const db::Value> params, void* context,
                            void (*each)(void* context, const db::Cells& row)) const {
  const std::function<void(const db::Cells&)> on_row = [&](const db::Cells& row) { each(context, row); };
  if (database_ != nullptr) {
    database_->for_each_row(sql, params, on_row);
  } else {
    connection_->for_each_row(sql, params, on_row);
  }
}

void Executor::run_atomically(void* context, void (*work)(void* context, Executor tx)) const {
  std::optional<db::Connection> leased;
  db::Connection& connection = connection_ != nullptr ? *connection_ : leased.emplace(database_->acquire());
  auto transaction = connection.begin();
  work(context, connection);
  transaction.commit();
}

db::Value RowView::value(std::size_t index) const {
  if (!selected(index)) return nullptr;
  const auto column = static_cast<std::size_t>(columns_[index]);
  return streamed_ != nullptr ? streamed_->value(column) : cells_[column];
}

bool RowView::is_null(std::size_t index) const {
  if (!selected(index)) return true;
  const auto column = static_cast<std::size_t>(columns_[index]);
  return streamed_ != nullptr ? streamed_->kind(column) == db::ValueKind::Null : db::is_null(cells_[column]);
}

namespace detail {

QuerySetCore::QuerySetCore(const schema::ModelSpec& model, const ModelResolver& resolver)
    : resolver_(resolver) {
  query_.model = &model;
}

void QuerySetCore::filter(Q q) {
  query_.where = query_.where ? std::move(*query_.where) && std::move(q) : std::move(q);
}

void QuerySetCore::select_related(const std::string& path) {
  auto& related = query_.select_related;
  for (std::size_t dot = path.find('.');; dot = path.find('.', dot + 1)) {
    std::string hop = path.substr(0, dot);
    if (std::find(related.begin(), related.end(), hop) == related.end()) related.push_back(std::move(hop));
    if (dot == std::string::npos) break;
  }
}

Plan QuerySetCore::plan(Executor db, std::optional<std::int64_t> count_limit) const {
  CompiledSelect compiled = compiler_for(db, resolver_).select(query_, count_limit);
  Plan plan;
  plan.sql = std::move(compiled.statement.sql);
  plan.params = std::move(compiled.statement.params);
  plan.owner_column = compiled.owner_column;
  plan.count_column = compiled.count_column;
  // Relation 0 is the model itself, then each select_related path in order.
  std::vector<std::string> relations{""};
  relations.insert(relations.end(), query_.select_related.begin(), query_.select_related.end());
  for (const auto& relation : relations) {
    const schema::ModelSpec* model = nullptr;
    for (const auto& column : compiled.columns) {
      if (column.relation == relation) model = column.model;
    }
    std::vector<int> by_field(model != nullptr ? model->fields.size() : 0, -1);
    for (std::size_t c = 0; c < compiled.columns.size(); ++c) {
      const auto& column = compiled.columns[c];
      if (column.relation != relation) continue;
      by_field[static_cast<std::size_t>(column.field - column.model->fields.data())] = static_cast<int>(c);
    }
    plan.columns.push_back(std::move(by_field));
  }
  return plan;
}

void stream(Executor db, const Plan& plan, void* context, void (*each)(void* context, const db::Cells& row)) {
  db.for_each_row(plan.sql, plan.params, context, each);
}

Fetched QuerySetCore::fetch(Executor db, std::optional<std::int64_t> count_limit) const {
  Plan planned = plan(db, count_limit);
  Fetched fetched;
  fetched.result = db.query(planned.sql, planned.params);
  fetched.columns = std::move(planned.columns);
  fetched.owner_column = planned.owner_column;
  fetched.count_column = planned.count_column;
  return fetched;
}

std::int64_t QuerySetCore::count(Executor db) const {
  const Statement statement = compiler_for(db, resolver_).count(query_);
  return db::as_int(db.query(statement.sql, statement.params).scalar());
}

bool QuerySetCore::exists(Executor db) const {
  const Statement statement = compiler_for(db, resolver_).exists(query_);
  return !db.query(statement.sql, statement.params).empty();
}

db::Value QuerySetCore::aggregate(Executor db, Aggregate function, std::string_view field, bool distinct) const {
  const Statement statement = compiler_for(db, resolver_).aggregate(query_, function, field, distinct);
  return db.query(statement.sql, statement.params).scalar();
}

Plan QuerySetCore::values_plan(Executor db, std::span<const std::string> fields) const {
  Statement statement = compiler_for(db, resolver_).values(query_, fields);
  Plan plan;
  plan.sql = std::move(statement.sql);
  plan.params = std::move(statement.params);
  return plan;
}

std::int64_t QuerySetCore::update(Executor db, std::span<const Assignment> assignments) const {
  const Statement statement = compiler_for(db, resolver_).update(query_, assignments);
  return db.query(statement.sql, statement.params).affected_rows();
}

std::int64_t QuerySetCore::remove(Executor db) const {
  const Statement statement = compiler_for(db, resolver_).remove(query_);
  return db.query(statement.sql, statement.params).affected_rows();
}

void QuerySetCore::order_by_default_key() {
  // Django's first(): without any ordering, "first" would mean whatever the planner returns.
  if (!query_.order_by.empty() || !query_.model->ordering.empty()) return;
  for (const auto key : query_.model->primary_key) query_.order_by.push_back({std::string(key), false});
}

std::vector<db::Value> save_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                                bool insert, const ModelResolver& resolver) {
  const SqlCompiler compiler(db.dialect(), resolver);
  const auto& fields = model.fields;
  if (row.size() != fields.size()) {
    throw QueryError(std::string(model.name) + ": a row of " + std::to_string(row.size()) + " values for " +
                     std::to_string(fields.size()) + " fields");
  }
  if (insert) {
    std::vector<std::string> names;
    std::vector<std::vector<db::Value>> values(1);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      // An auto-increment key is left to the database; RETURNING gives it back.
      if (!stored(fields[i], db.dialect()) || (fields[i].primary_key && fields[i].auto_increment)) continue;
      names.emplace_back(fields[i].name);
      values[0].push_back(row[i]);
    }
    const Statement statement = compiler.insert(model, names, values);
    const db::Result result = db.query(statement.sql, statement.params);
    if (result.empty()) return {};
    const auto values_of_first = result[0].values();
    return {values_of_first.begin(), values_of_first.end()};
  }
  std::vector<Assignment> assignments;
  const std::vector<db::Value> key = key_of(model, row);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!stored(fields[i], db.dialect()) || fields[i].primary_key) continue;
    assignments.emplace_back(std::string(fields[i].name), row[i]);
  }
  if (assignments.empty()) return key;  // a model that is all key: nothing to change
  const Statement statement = compiler.update_row(model, assignments, key);
  const db::Result result = db.query(statement.sql, statement.params);
  if (result.affected_rows() == 0) throw DoesNotExist(model.name);
  return key;
}

std::int64_t delete_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                        const ModelResolver& resolver) {
  const Statement statement = compiler_for(db, resolver).delete_row(model, key_of(model, row));
  return db.query(statement.sql, statement.params).affected_rows();
}

Fetched fetch_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                  const ModelResolver& resolver) {
  QuerySetCore core(model, resolver);
  const auto key = key_of(model, row);
  for (std::size_t i = 0; i < key.size(); ++i) core.filter(Q(std::string(model.primary_key[i]), Lookup::Exact, {key[i]}));
  Fetched fetched = core.fetch(db);
  if (fetched.result.empty()) throw DoesNotExist(model.name);
  return fetched;
}

std::optional<double> aggregate_number(const db::Value& value) {
  if (db::is_null(value)) return std::nullopt;
  if (const auto* text = std::get_if<std::string>(&value)) {
    double number = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), number);
    if (error != std::errc{} || end != text->data() + text->size()) {
      throw ConversionError("cannot read '" + *text + "' as a number");
    }
    return number;
  }
  return db::as_double(value);
}

}  // namespace detail
}  // namespace cpprustango::orm
