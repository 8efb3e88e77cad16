// From models to tables: the one place that decides which tables, columns,
// keys, indexes and constraints a project's schema files ask for.
#include "cpprustango/migrate/state.hpp"

#include <algorithm>

#include "cpprustango/schema/spec.hpp"

namespace cpprustango::migrate {
namespace {

template <class Items>
auto find_named(Items& items, std::string_view name) -> decltype(&items.front()) {
  for (auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

ColumnType column_type(const schema::FieldSpec& field) {
  ColumnType type;
  type.kind = field.kind;
  type.element = field.element;
  type.max_length = field.max_length;
  type.precision = field.precision;
  type.scale = field.scale;
  type.bit_length = field.bit_length;
  if (field.kind == FieldKind::Choice) type.choices.assign(field.choices.begin(), field.choices.end());
  type.enum_type = std::string(field.enum_type);
  return type;
}

/** The single key field of `model`; a foreign key can only point at one column. */
const schema::FieldSpec* key_field(const schema::ModelSpec& model) {
  if (model.primary_key.size() != 1) return nullptr;
  return model.field(model.primary_key.front());
}

/**
 * A column holding another model's key: its type, without the target's auto
 * increment. A key that is itself a ref (a table whose key is also a foreign
 * key) holds its own target's key, so the chain is followed to its end.
 */
ColumnType key_type(const schema::SpecSet& specs, const schema::ModelSpec* target) {
  for (std::size_t hops = 0; target != nullptr; ++hops) {
    const schema::FieldSpec* key = key_field(*target);
    if (!key) break;
    if (key->kind != FieldKind::Ref) {
      ColumnType type = column_type(*key);
      type.choices.clear();
      return type;
    }
    if (hops > specs.models().size()) {
      throw StateError("the key of " + std::string(target->app) + "." + std::string(target->name) +
                       " is a ref that leads back to itself; one model of the circle needs a key of its own type");
    }
    target = specs.target(*key);
  }
  return ColumnType{.kind = FieldKind::BigInt};
}

std::string key_column(const schema::ModelSpec* target) {
  const schema::FieldSpec* key = target ? key_field(*target) : nullptr;
  return key ? std::string(key->column) : "id";
}

std::string target_table(const schema::SpecSet& specs, const schema::FieldSpec& field) {
  if (const schema::ModelSpec* target = specs.target(field)) return std::string(target->table);
  // A model outside the set: its default table name.
  return std::string(field.ref_app) + "_" + schema::snake_case(field.ref_model);
}

std::optional<schema::DefaultValue> default_of(const schema::FieldSpec& field) {
  if (field.default_kind == schema::DefaultKind::None) return std::nullopt;
  return schema::DefaultValue{field.default_kind, std::string(field.default_value)};
}

std::string index_name_for(std::string_view table, std::string_view column) {
  return schema::fit_identifier(std::string(table) + "_" + std::string(column) + "_idx");
}

std::vector<std::string> columns_of(const schema::ModelSpec& model, std::span<const std::string_view> fields) {
  std::vector<std::string> columns;
  for (const std::string_view name : fields) {
    const schema::FieldSpec* field = model.field(name);
    columns.emplace_back(field ? field->column : name);
  }
  return columns;
}

Table join_table(const schema::SpecSet& specs, const schema::ModelSpec& model, const schema::FieldSpec& field) {
  const schema::ModelSpec* target = specs.target(field);
  Table table;
  table.name = std::string(field.through);
  table.model = std::string(model.app) + "." + std::string(model.name) + "." + std::string(field.name);
  const ForeignKey to_owner{std::string(model.table), key_column(&model), ReferentialAction::Cascade,
                            ReferentialAction::Cascade};
  const ForeignKey to_target{target_table(specs, field), key_column(target), ReferentialAction::Cascade,
                             ReferentialAction::Cascade};
  table.columns.push_back({.name = std::string(field.through_source),
                           .type = key_type(specs, &model),
                           .references = to_owner});
  table.columns.push_back({.name = std::string(field.through_target),
                           .type = key_type(specs, target),
                           .references = to_target});
  table.primary_key = {table.columns[0].name, table.columns[1].name};
  // The key serves lookups by owner; this index serves the reverse direction.
  table.indexes.push_back({index_name_for(table.name, table.columns[1].name), {table.columns[1].name}, false});
  return table;
}

Table model_table(const schema::SpecSet& specs, const schema::ModelSpec& model) {
  Table table;
  table.name = std::string(model.table);
  table.model = std::string(model.app) + "." + std::string(model.name);
  for (const schema::FieldSpec& field : model.fields) {
    if (field.kind == FieldKind::Many) continue;
    Column column;
    column.name = std::string(field.column);
    column.nullable = field.nullable;
    column.auto_increment = field.auto_increment;
    column.unique = field.unique && !field.primary_key;
    column.default_value = default_of(field);
    column.backend = field.backend;
    column.collation = std::string(field.collation);
    if (field.kind == FieldKind::Ref) {
      const schema::ModelSpec* target = specs.target(field);
      column.type = key_type(specs, target);
      if (field.db_constraint) {
        column.references = ForeignKey{target_table(specs, field), key_column(target), field.on_delete, field.on_update};
      }
    } else {
      column.type = column_type(field);
    }
    if (field.indexed && !field.unique && !field.primary_key) {
      table.indexes.push_back({index_name_for(table.name, column.name), {column.name}, false});
    }
    table.columns.push_back(std::move(column));
  }
  table.primary_key = columns_of(model, model.primary_key);
  for (const auto& list : {model.indexes, model.uniques}) {
    for (const schema::IndexSpec& index : list) {
      table.indexes.push_back({std::string(index.name), columns_of(model, index.fields), index.unique,
                               std::string(index.expression), std::string(index.where), std::string(index.method)});
    }
  }
  // Foreign keys are indexed as in Django (PostgreSQL does not index the
  // referencing side itself), unless an index or the key already leads with them.
  for (const schema::FieldSpec& field : model.fields) {
    if (field.kind != FieldKind::Ref || field.unique) continue;
    const std::string column(field.column);
    // A partial index serves only some rows, and an expression index no column.
    const bool covered = (!table.primary_key.empty() && table.primary_key.front() == column) ||
                         std::any_of(table.indexes.begin(), table.indexes.end(), [&](const Index& i) {
                           return i.where.empty() && !i.columns.empty() && i.columns.front() == column;
                         });
    if (!covered) table.indexes.push_back({index_name_for(table.name, column), {column}, false});
  }
  for (const schema::CheckSpec& check : model.checks) {
    table.checks.push_back({std::string(check.name), std::string(check.expression)});
  }
  return table;
}

}  // namespace

const Column* Table::column(std::string_view column_name) const { return find_named(columns, column_name); }
Column* Table::column(std::string_view column_name) { return find_named(columns, column_name); }
const Index* Table::index(std::string_view index_name) const { return find_named(indexes, index_name); }
const Check* Table::check(std::string_view check_name) const { return find_named(checks, check_name); }

const Table* State::table(std::string_view table_name) const { return find_named(tables, table_name); }
Table* State::table(std::string_view table_name) { return find_named(tables, table_name); }

void State::put(Table table) {
  auto at = std::lower_bound(tables.begin(), tables.end(), table.name,
                             [](const Table& t, const std::string& name) { return t.name < name; });
  if (at != tables.end() && at->name == table.name) {
    *at = std::move(table);
  } else {
    tables.insert(at, std::move(table));
  }
}

void State::remove(std::string_view table_name) {
  std::erase_if(tables, [&](const Table& t) { return t.name == table_name; });
}

State from_specs(const schema::SpecSet& specs) {
  State state;
  for (const schema::ModelSpec& model : specs.models()) {
    if (!model.managed) continue;
    state.put(model_table(specs, model));
    for (const schema::FieldSpec& field : model.fields) {
      if (field.kind == FieldKind::Many) state.put(join_table(specs, model, field));
    }
  }
  return state;
}

std::string unique_constraint_name(std::string_view table, std::string_view column) {
  return schema::fit_identifier(std::string(table) + "_" + std::string(column) + "_key");
}
std::string foreign_key_name(std::string_view table, std::string_view column) {
  return schema::fit_identifier(std::string(table) + "_" + std::string(column) + "_fkey");
}
std::string choices_check_name(std::string_view table, std::string_view column) {
  return schema::fit_identifier(std::string(table) + "_" + std::string(column) + "_check");
}

}  // namespace cpprustango::migrate
