// PostgreSQL's catalog read in five bulk queries over pg_catalog (relations,
// columns, constraints, indexes, enum labels), each covering every table of
// the requested schemas at once, so the count never grows with the schema.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "introspect/backends.hpp"

namespace cpprustango::introspect::detail {
namespace {

// Views only when asked: their definitions cost a pg_get_viewdef each.
constexpr const char* kRelationsSql = R"(
SELECT c.oid::bigint AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       c.relispartition AS is_partition, inh.inhparent::bigint AS parent,
       obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_inherits inh ON inh.inhrelid = c.oid AND c.relispartition
WHERE n.nspname = ANY($1::text[]) AND (c.relkind IN ('r', 'p') OR ($2::boolean AND c.relkind IN ('v', 'm'))))";

// A domain is read through to its base type (and modifier); an array or a
// domain over an array names its element type, whose enum labels come next.
constexpr const char* kColumnsSql = R"(
SELECT a.attrelid::bigint AS rel, a.attname AS name,
       CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod)
            ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END AS declared,
       CASE WHEN t.typtype = 'd' THEN tn.nspname || '.' || t.typname END AS domain,
       CASE WHEN el.typtype = 'e' THEN el.oid::bigint END AS enum_oid,
       CASE WHEN el.typtype = 'e' THEN el.typname END AS enum_name,
       a.attnotnull AS not_null, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_sql,
       a.attidentity::text AS identity, a.attgenerated::text AS generated,
       pg_catalog.col_description(a.attrelid, a.attnum) AS comment,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
JOIN pg_catalog.pg_type el ON el.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum)";

// Column names are resolved here, in key order, also for referenced tables
// outside the inspected schemas. Clones of a parent's constraint on its
// partitions (conparentid) are the parent's, which is read itself.
constexpr const char* kConstraintsSql = R"(
SELECT con.conrelid::bigint AS rel, con.conname AS name, con.contype::text AS type,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text
         AS columns,
       fn.nspname AS target_schema, fc.relname AS target_table,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord)::text
         AS target_columns,
       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0
ORDER BY con.conrelid, con.conname)";

// Indexes that back a primary key or unique constraint are reported as the
// constraint; only key columns count (not INCLUDE ones); expressions are ''.
constexpr const char* kIndexesSql = R"(
SELECT i.indrelid::bigint AS rel, ic.relname AS name, i.indisunique AS is_unique,
       ARRAY(SELECT COALESCE(a.attname, '') FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
             LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num AND k.num > 0
             WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)::text AS columns,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, am.amname AS method
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u'))
ORDER BY i.indrelid, ic.relname)";

constexpr const char* kEnumsSql = R"(
SELECT e.enumtypid::bigint AS oid, e.enumlabel AS label FROM pg_catalog.pg_enum e
ORDER BY e.enumtypid, e.enumsortorder)";

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

ColumnType column_type(const db::Row& row) {
  ColumnType type;
  type.declared = db::as_string(row.at("declared"));
  auto split = split_type(type.declared);
  type.array_dimensions = split.array_dimensions;
  type.domain = optional_text(row.at("domain"));
  if (auto enum_name = optional_text(row.at("enum_name"))) {
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

  auto run = [&](const char* sql, std::initializer_list<db::Value> params) {
    ++catalog.queries;
    return connection.query(sql, params);
  };

  std::map<std::int64_t, std::size_t> index_of;
  std::map<std::int64_t, std::int64_t> parent_of;
  for (const auto row : run(kRelationsSql, {schemas, options.include_views})) {
    Table table;
    table.schema = db::as_string(row.at("schema"));
    table.name = db::as_string(row.at("name"));
    table.kind = table_kind(db::as_string(row.at("kind")));
    table.comment = optional_text(row.at("comment"));
    table.view_definition = optional_text(row.at("view_definition"));
    const auto oid = db::as_int(row.at("oid"));
    if (!db::is_null(row.at("parent"))) parent_of[oid] = db::as_int(row.at("parent"));
    index_of[oid] = catalog.tables.size();
    catalog.tables.push_back(std::move(table));
  }
  auto table_of = [&](const db::Row& row) -> Table* {
    const auto found = index_of.find(db::as_int(row.at("rel")));
    return found == index_of.end() ? nullptr : &catalog.tables[found->second];
  };

  // Enum columns by their type's oid, as (table, column) positions: labels come in the next query.
  std::map<std::int64_t, std::vector<std::pair<std::size_t, std::size_t>>> enum_columns;
  for (const auto row : run(kColumnsSql, {schemas})) {
    Table* table = table_of(row);
    if (!table) continue;
    Column column;
    column.name = db::as_string(row.at("name"));
    column.type = column_type(row);
    column.nullable = !db::as_bool(row.at("not_null"));
    column.default_sql = column_default(optional_text(row.at("default_sql")));
    column.collation = optional_text(row.at("collation"));
    const auto identity = db::as_string(row.at("identity"));
    column.identity = identity == "a" ? "always" : identity == "d" ? "by default" : "";
    // A serial, or a sequence attached by hand (pg_dump writes serials that way, OWNED BY or not).
    const bool serial = column.default_sql && column.default_sql->rfind("nextval(", 0) == 0;
    column.auto_increment = !column.identity.empty() || serial;
    if (db::as_string(row.at("generated")) == "s") {
      column.generated = column.default_sql;
      column.default_sql.reset();
    }
    column.comment = optional_text(row.at("comment"));
    if (!db::is_null(row.at("enum_oid"))) {
      enum_columns[db::as_int(row.at("enum_oid"))].emplace_back(table - catalog.tables.data(), table->columns.size());
    }
    table->columns.push_back(std::move(column));
  }
  for (const auto row : run(kEnumsSql, {})) {
    const auto found = enum_columns.find(db::as_int(row.at("oid")));
    if (found == enum_columns.end()) continue;
    for (const auto& [table, column] : found->second) {
      catalog.tables[table].columns[column].type.enum_values.push_back(db::as_string(row.at("label")));
    }
  }

  for (const auto row : run(kConstraintsSql, {schemas})) {
    Table* table = table_of(row);
    if (!table) continue;
    const auto type = db::as_string(row.at("type"));
    const auto name = db::as_string(row.at("name"));
    const auto columns = parse_text_array(db::as_string(row.at("columns")));
    if (type == "p") {
      table->primary_key_name = name;
      table->primary_key = columns;
    } else if (type == "u") {
      table->unique_constraints.push_back(
          {.name = name, .columns = columns, .unique = true, .definition = db::as_string(row.at("definition"))});
    } else if (type == "f") {
      table->foreign_keys.push_back({.name = name,
                                     .columns = columns,
                                     .target_schema = db::as_string(row.at("target_schema")),
                                     .target_table = db::as_string(row.at("target_table")),
                                     .target_columns = parse_text_array(db::as_string(row.at("target_columns"))),
                                     .on_delete = action(db::as_string(row.at("on_delete"))),
                                     .on_update = action(db::as_string(row.at("on_update")))});
    } else {
      table->checks.push_back({.name = name, .expression = check_expression(db::as_string(row.at("definition")))});
    }
  }

  for (const auto row : run(kIndexesSql, {schemas})) {
    Table* table = table_of(row);
    if (!table) continue;
    table->indexes.push_back({.name = db::as_string(row.at("name")),
                              .columns = parse_text_array(db::as_string(row.at("columns"))),
                              .unique = db::as_bool(row.at("is_unique")),
                              .predicate = optional_text(row.at("predicate")),
                              .definition = db::as_string(row.at("definition")),
                              .method = db::as_string(row.at("method"))});
  }

  fold_partitions(catalog.tables, parent_of, index_of);
  return catalog;
}

}  // namespace cpprustango::introspect::detail
