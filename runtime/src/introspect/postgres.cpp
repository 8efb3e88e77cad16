// PostgreSQL's catalog read in five bulk queries over pg_catalog (relations,
// columns, constraints, indexes, enum labels), each covering every table of
// the requested schemas at once, so the count never grows with the schema.
//
// Each inspectdb runs them on a new connection, whose server process starts
// with cold catalog caches; the queries are written for that case: comments
// are joined rather than read by obj_description() (a SQL function run per
// row), constraint and index keys come back as attribute numbers that the
// reader names from the columns it already has (rather than a subquery per
// row), and the deparsing functions run only where their text is used.
#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "introspect/backends.hpp"

namespace cpprustango::introspect::detail {
namespace {

// Views only when asked: their definitions cost a pg_get_viewdef each.
constexpr const char* kRelationsSql = R"(
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.relispartition AS is_partition, inh.inhparent::bigint AS parent, ds.description AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
WHERE n.nspname = ANY($1::text[]) AND (c.relkind IN ('r', 'p') OR ($2::boolean AND c.relkind IN ('v', 'm'))))";

// The rows are read in place, by position: these follow each SELECT list.
namespace relations {
enum : std::size_t { oid, schema, name, kind, is_partition, parent, comment, view_definition };
}

// A domain is read through to its base type (and modifier); an array or a
// domain over an array names its element type, whose enum labels come next.
// Only those columns look further into pg_type. A default has no column
// references (a generated column's expression does), so it is deparsed
// without the table's context, which spares a lookup per table.
constexpr const char* kColumnsSql = R"(
SELECT a.attrelid::bigint AS rel, a.attnum::integer AS num, a.attname AS name,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod)
            ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END AS declared,
       CASE WHEN t.typtype = 'd'
            THEN (SELECT tn.nspname FROM pg_catalog.pg_namespace tn WHERE tn.oid = t.typnamespace) || '.' || t.typname
       END AS domain,
       CASE WHEN t.typtype = 'e' THEN t.oid::bigint
            WHEN t.typtype = 'd' OR t.typcategory = 'A' THEN
              (SELECT el.oid::bigint FROM pg_catalog.pg_type bt
               JOIN pg_catalog.pg_type el ON el.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
               WHERE bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AND el.typtype = 'e')
       END AS enum_oid,
       CASE WHEN t.typtype = 'e' THEN t.typname
            WHEN t.typtype = 'd' OR t.typcategory = 'A' THEN
              (SELECT el.typname FROM pg_catalog.pg_type bt
               JOIN pg_catalog.pg_type el ON el.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
               WHERE bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AND el.typtype = 'e')
       END AS enum_name,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END) AS default_sql,
       a.attidentity::text AS identity, a.attgenerated::text AS generated, ds.description AS comment,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_description ds
  ON ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum)";
namespace columns {
enum : std::size_t { rel, num, name, declared, domain, enum_oid, enum_name, not_null, default_sql, identity, generated,
                     comment, collation };
}

// Keys are attribute numbers ("{2,1}", in key order), named by the reader;
// a referenced table outside the inspected schemas has its column names read
// here. Clones of a parent's constraint on its partitions (conparentid) are
// the parent's, which is read itself. The definition is only used for
// CHECK (its expression) and UNIQUE constraints.
constexpr const char* kConstraintsSql = R"(
SELECT con.conrelid::bigint AS rel, con.conname AS name, con.contype::text AS type, con.conkey::text AS keys,
       con.confrelid::bigint AS target, fn.nspname AS target_schema, fc.relname AS target_table,
       con.confkey::text AS target_keys,
       CASE WHEN con.contype = 'f' AND fn.nspname <> ALL($1::text[]) THEN
         ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text
       END AS target_columns,
       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
       CASE WHEN con.contype IN ('c', 'u') THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0
ORDER BY con.conrelid, con.conname)";
namespace constraints {
enum : std::size_t { rel, name, type, keys, target, target_schema, target_table, target_keys, target_columns, on_update,
                     on_delete, definition };
}

// Indexes that back a primary key or unique constraint are reported as the
// constraint. Keys are attribute numbers, 0 for an expression; only the
// first key_count count (the rest are INCLUDE columns). The CREATE INDEX text
// is read only when the key columns cannot say it all: expressions, a
// predicate, another method than btree, DESC or NULLS FIRST, a collation or
// an operator class other than the default.
constexpr const char* kIndexesSql = R"(
SELECT i.indrelid::bigint AS rel, ic.relname AS name, i.indisunique AS is_unique, i.indkey::text AS keys,
       i.indnkeyatts::integer AS key_count, pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       CASE WHEN i.indexprs IS NOT NULL OR i.indpred IS NOT NULL OR am.amname <> 'btree'
              OR NOT i.indoption::int2[] <@ '{0}'::int2[] OR NOT i.indcollation::oid[] <@ '{0,100}'::oid[]
              OR NOT i.indclass::oid[] <@ (SELECT array_agg(oc.oid) FROM pg_catalog.pg_opclass oc WHERE oc.opcdefault)
            THEN pg_catalog.pg_get_indexdef(i.indexrelid) END AS definition,
       am.amname AS method
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u'))
ORDER BY i.indrelid, ic.relname)";
namespace indexes {
enum : std::size_t { rel, name, is_unique, keys, key_count, predicate, definition, method };
}

constexpr const char* kEnumsSql = R"(
SELECT e.enumtypid::bigint AS oid, e.enumlabel AS label FROM pg_catalog.pg_enum e
ORDER BY e.enumtypid, e.enumsortorder)";
namespace enums {
enum : std::size_t { oid, label };
}

std::string text(const db::Cells& row, std::size_t column) { return std::string(row.text(column)); }

std::optional<std::string> optional_text(const db::Cells& row, std::size_t column) {
  if (row.kind(column) == db::ValueKind::Null) return std::nullopt;
  return text(row, column);
}

bool flag(const db::Cells& row, std::size_t column) { return row.text(column) == "t"; }

/** A text[] literal for the schema list, every element quoted. */
std::string array_literal(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Action action(const std::string& code) {
  if (code == "c") return "cascade";
  if (code == "r") return "restrict";
  if (code == "n") return "set_null";
  if (code == "d") return "set_default";
  return "no_action";
}

TableKind table_kind(const std::string& code) {
  if (code == "v") return TableKind::View;
  if (code == "m") return TableKind::MaterializedView;
  if (code == "p") return TableKind::Partitioned;
  return TableKind::Table;
}

/** "CHECK ((price > 0)) NOT VALID" -> "(price > 0)": the keyword, flags and one pair of parentheses go. */
std::string check_expression(std::string definition) {
  if (definition.rfind("CHECK ", 0) == 0) definition.erase(0, 6);
  for (const char* flag : {" NOT VALID", " NO INHERIT"}) {
    const std::string suffix = flag;
    if (definition.size() > suffix.size() &&
        definition.compare(definition.size() - suffix.size(), suffix.size(), suffix) == 0) {
      definition.resize(definition.size() - suffix.size());
    }
  }
  if (definition.size() >= 2 && definition.front() == '(' && definition.back() == ')') {
    definition = definition.substr(1, definition.size() - 2);
  }
  return definition;
}

ColumnType column_type(const db::Cells& row) {
  ColumnType type;
  type.declared = text(row, columns::declared);
  auto split = split_type(type.declared);
  type.array_dimensions = split.array_dimensions;
  type.domain = optional_text(row, columns::domain);
  if (auto enum_name = optional_text(row, columns::enum_name)) {
    type.base = *enum_name;
    return type;
  }
  // "interval year to month" is an interval; the fields stay in `declared`.
  type.base = split.base.rfind("interval", 0) == 0 ? "interval" : split.base;
  const auto& params = split.params;
  if (type.base == "numeric") {
    if (!params.empty()) type.precision = params[0];
    if (params.size() > 1) type.scale = params[1];
  } else if (type.base.find("time") != std::string::npos || type.base == "interval") {
    if (!params.empty()) type.precision = params[0];
  } else if (!params.empty()) {
    type.length = params[0];
  }
  return type;
}

/**
 * The names of a relation's attributes given by number, in the order of
 * `keys`: an int2[] ("{2,1}") or int2vector ("2 1") in text form. `attnums`
 * holds the number of each of `table`'s columns, in the same order. 0 (an
 * index expression) is "".
 */
std::vector<std::string> attribute_names(std::string_view keys, const Table& table, const std::vector<int>& attnums) {
  std::vector<std::string> names;
  const char* at = keys.data();
  const char* end = at + keys.size();
  while (at != end) {
    int number = 0;
    const auto [next, error] = std::from_chars(at, end, number);
    if (error != std::errc{}) {
      ++at;  // a brace, comma or space
      continue;
    }
    at = next;
    const auto found = std::find(attnums.begin(), attnums.end(), number);
    names.push_back(found == attnums.end() ? "" : table.columns[found - attnums.begin()].name);
  }
  return names;
}

/**
 * Partitions are folded into their top-most partitioned ancestor. A foreign key
 * that every partition declares (PostgreSQL before 11 could not declare it on
 * the parent) is moved onto the parent, without a name of its own.
 */
void fold_partitions(std::vector<Table>& tables, const std::map<std::int64_t, std::int64_t>& parent_of,
                     const std::map<std::int64_t, std::size_t>& index_of) {
  auto root = [&](std::int64_t oid) {
    while (parent_of.count(oid)) oid = parent_of.at(oid);
    return oid;
  };
  std::map<std::size_t, std::vector<std::size_t>> partitions;  // parent index -> partition indexes
  for (const auto& [child, parent] : parent_of) {
    const auto top = index_of.find(root(parent));
    const auto own = index_of.find(child);
    if (top != index_of.end() && own != index_of.end()) partitions[top->second].push_back(own->second);
  }
  std::set<std::size_t> folded;
  for (auto& [parent, children] : partitions) {
    Table& table = tables[parent];
    std::map<std::tuple<std::vector<std::string>, std::string, std::string, std::vector<std::string>>, std::size_t>
        shared;
    for (const std::size_t child : children) {
      table.partitions.push_back(tables[child].name);
      folded.insert(child);
      for (const auto& fk : tables[child].foreign_keys) {
        ++shared[{fk.columns, fk.target_schema, fk.target_table, fk.target_columns}];
      }
    }
    std::sort(table.partitions.begin(), table.partitions.end());
    for (const std::size_t child : children) {
      for (const auto& fk : tables[child].foreign_keys) {
        auto& count = shared[{fk.columns, fk.target_schema, fk.target_table, fk.target_columns}];
        if (count == 0) continue;  // already placed
        const bool on_parent = std::any_of(table.foreign_keys.begin(), table.foreign_keys.end(), [&](const ForeignKey& own) {
          return own.columns == fk.columns && own.target_table == fk.target_table;
        });
        if (!on_parent) {
          ForeignKey lifted = fk;
          lifted.name.clear();
          (count == children.size() ? table.foreign_keys : table.partition_foreign_keys).push_back(std::move(lifted));
        }
        count = 0;
      }
    }
  }
  std::vector<Table> kept;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (!folded.count(i)) kept.push_back(std::move(tables[i]));
  }
  tables = std::move(kept);
}

}  // namespace

Catalog inspect_postgres(db::Connection& connection, const Options& options) {
  Catalog catalog;
  catalog.dialect = db::Dialect::Postgresql;
  const db::Value schemas = array_literal(options.schemas.empty() ? std::vector<std::string>{"public"} : options.schemas);

  auto run = [&](const char* sql, std::initializer_list<db::Value> params, const std::function<void(const db::Cells&)>& each) {
    ++catalog.queries;
    connection.for_each_row(sql, std::span<const db::Value>(params.begin(), params.size()), each);
  };

  std::map<std::int64_t, std::size_t> index_of;
  std::map<std::int64_t, std::int64_t> parent_of;
  run(kRelationsSql, {schemas, options.include_views}, [&](const db::Cells& row) {
    Table table;
    table.schema = text(row, relations::schema);
    table.name = text(row, relations::name);
    table.kind = table_kind(text(row, relations::kind));
    table.comment = optional_text(row, relations::comment);
    table.view_definition = optional_text(row, relations::view_definition);
    const auto oid = row.integer(relations::oid);
    if (row.kind(relations::parent) != db::ValueKind::Null) parent_of[oid] = row.integer(relations::parent);
    index_of[oid] = catalog.tables.size();
    catalog.tables.push_back(std::move(table));
  });
  auto table_of = [&](std::int64_t oid) -> Table* {
    const auto found = index_of.find(oid);
    return found == index_of.end() ? nullptr : &catalog.tables[found->second];
  };

  // Each table's attribute numbers, parallel to its columns: keys below come as numbers.
  std::vector<std::vector<int>> attnums(catalog.tables.size());
  // Enum columns by their type's oid, as (table, column) positions: labels come in the next query.
  std::map<std::int64_t, std::vector<std::pair<std::size_t, std::size_t>>> enum_columns;
  run(kColumnsSql, {schemas}, [&](const db::Cells& row) {
    Table* table = table_of(row.integer(columns::rel));
    if (!table) return;
    Column column;
    column.name = text(row, columns::name);
    column.type = column_type(row);
    column.nullable = !flag(row, columns::not_null);
    column.default_sql = column_default(optional_text(row, columns::default_sql));
    column.collation = optional_text(row, columns::collation);
    const auto identity = row.text(columns::identity);
    column.identity = identity == "a" ? "always" : identity == "d" ? "by default" : "";
    // A serial, or a sequence attached by hand (pg_dump writes serials that way, OWNED BY or not).
    const bool serial = column.default_sql && column.default_sql->rfind("nextval(", 0) == 0;
    column.auto_increment = !column.identity.empty() || serial;
    if (row.text(columns::generated) == "s") {
      column.generated = column.default_sql;
      column.default_sql.reset();
    }
    column.comment = optional_text(row, columns::comment);
    const std::size_t position = table - catalog.tables.data();
    if (row.kind(columns::enum_oid) != db::ValueKind::Null) {
      enum_columns[row.integer(columns::enum_oid)].emplace_back(position, table->columns.size());
    }
    attnums[position].push_back(static_cast<int>(row.integer(columns::num)));
    table->columns.push_back(std::move(column));
  });
  run(kEnumsSql, {}, [&](const db::Cells& row) {
    const auto found = enum_columns.find(row.integer(enums::oid));
    if (found == enum_columns.end()) return;
    for (const auto& [table, column] : found->second) {
      catalog.tables[table].columns[column].type.enum_values.push_back(text(row, enums::label));
    }
  });
  auto names = [&](const Table& table, std::string_view keys) {
    return attribute_names(keys, table, attnums[&table - catalog.tables.data()]);
  };

  run(kConstraintsSql, {schemas}, [&](const db::Cells& row) {
    Table* table = table_of(row.integer(constraints::rel));
    if (!table) return;
    const auto type = row.text(constraints::type);
    auto name = text(row, constraints::name);
    auto columns = names(*table, row.text(constraints::keys));
    if (type == "p") {
      table->primary_key_name = std::move(name);
      table->primary_key = std::move(columns);
    } else if (type == "u") {
      table->unique_constraints.push_back({.name = std::move(name),
                                           .columns = std::move(columns),
                                           .unique = true,
                                           .definition = text(row, constraints::definition)});
    } else if (type == "f") {
      // A referenced table outside the inspected schemas comes with its column names.
      const auto target = index_of.find(row.integer(constraints::target));
      table->foreign_keys.push_back(
          {.name = std::move(name),
           .columns = std::move(columns),
           .target_schema = text(row, constraints::target_schema),
           .target_table = text(row, constraints::target_table),
           .target_columns = target == index_of.end()
                                 ? parse_text_array(row.text(constraints::target_columns))
                                 : names(catalog.tables[target->second], row.text(constraints::target_keys)),
           .on_delete = action(text(row, constraints::on_delete)),
           .on_update = action(text(row, constraints::on_update))});
    } else {
      table->checks.push_back(
          {.name = std::move(name), .expression = check_expression(text(row, constraints::definition))});
    }
  });

  run(kIndexesSql, {schemas}, [&](const db::Cells& row) {
    Table* table = table_of(row.integer(indexes::rel));
    if (!table) return;
    auto columns = names(*table, row.text(indexes::keys));
    columns.resize(std::min<std::size_t>(columns.size(), row.integer(indexes::key_count)));
    table->indexes.push_back({.name = text(row, indexes::name),
                              .columns = std::move(columns),
                              .unique = flag(row, indexes::is_unique),
                              .predicate = optional_text(row, indexes::predicate),
                              .definition = text(row, indexes::definition),
                              .method = text(row, indexes::method)});
  });

  fold_partitions(catalog.tables, parent_of, index_of);
  return catalog;
}

}  // namespace cpprustango::introspect::detail
