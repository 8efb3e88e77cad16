// SQLite's catalog read in four bulk queries: sqlite_master joined with the
// table-valued PRAGMA functions (table_xinfo, foreign_key_list, index_list
// with index_info). CHECK constraints exist only in the CREATE TABLE text,
// so they are read from it.
#include <algorithm>
#include <cctype>
#include <map>

#include "introspect/backends.hpp"

namespace cpprustango::introspect::detail {
namespace {

constexpr const char* kTablesSql = R"(
SELECT type, name, sql FROM sqlite_master
WHERE (type = 'table' OR (type = 'view' AND ?)) AND name NOT LIKE 'sqlite\_%' ESCAPE '\')";

constexpr const char* kColumnsSql = R"(
SELECT m.name AS tbl, p.name AS name, p.type AS type, p."notnull" AS not_null, p.dflt_value AS default_sql,
       p.pk AS pk, p.hidden AS hidden
FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, p.cid)";

constexpr const char* kForeignKeysSql = R"(
SELECT m.name AS tbl, f.id AS id, f."table" AS target, f."from" AS from_column, f."to" AS to_column,
       f.on_update AS on_update, f.on_delete AS on_delete
FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, f.id, f.seq)";

// origin: 'pk' (the primary key), 'u' (a UNIQUE clause), 'c' (CREATE INDEX).
constexpr const char* kIndexesSql = R"(
SELECT m.name AS tbl, l.name AS name, l."unique" AS is_unique, l.origin AS origin, l.partial AS partial,
       i.name AS column_name, s.sql AS sql
FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i
LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = l.name
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, l.name, i.seqno)";

Action action(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (text == "cascade") return "cascade";
  if (text == "restrict") return "restrict";
  if (text == "set null") return "set_null";
  if (text == "set default") return "set_default";
  return "no_action";
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/** A token of CREATE TABLE text: a word, a quoted name (unquoted), or one punctuation character. */
struct Token {
  std::string text;
  bool quoted = false;
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      Token token{.quoted = c != '\'', .begin = i};
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == close) {
          if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
            token.text += close;
            ++i;
            continue;
          }
          break;
        }
        token.text += sql[i];
      }
      token.end = ++i;
      if (c == '\'') token.text = "'" + token.text + "'";
      tokens.push_back(std::move(token));
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      Token token{.begin = i};
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                static_cast<unsigned char>(sql[i]) >= 0x80)) {
        token.text += sql[i++];
      }
      token.end = i;
      tokens.push_back(std::move(token));
    } else {
      tokens.push_back({.text = std::string(1, c), .begin = i, .end = i + 1});
      ++i;
    }
  }
  return tokens;
}

}  // namespace

/** The CHECK clauses of a CREATE TABLE statement, with their CONSTRAINT names when given. */
std::vector<Check> sqlite_checks(std::string_view sql) {
  std::vector<Check> checks;
  const auto tokens = tokenize(sql);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].quoted || !iequals(tokens[i].text, "check")) continue;
    if (i + 1 >= tokens.size() || tokens[i + 1].text != "(" || tokens[i + 1].quoted) continue;
    int depth = 0;
    std::size_t close = i + 1;
    for (; close < tokens.size(); ++close) {
      if (tokens[close].quoted || tokens[close].text.size() != 1) continue;
      if (tokens[close].text == "(") ++depth;
      if (tokens[close].text == ")" && --depth == 0) break;
    }
    if (close >= tokens.size()) break;
    Check check;
    check.expression = std::string(sql.substr(tokens[i + 1].end, tokens[close].begin - tokens[i + 1].end));
    if (i >= 2 && iequals(tokens[i - 2].text, "constraint") && !tokens[i - 2].quoted) check.name = tokens[i - 1].text;
    // Trim the spaces just inside the parentheses.
    auto& e = check.expression;
    e.erase(0, e.find_first_not_of(" \t\n"));
    e.erase(e.find_last_not_of(" \t\n") + 1);
    checks.push_back(std::move(check));
    i = close;
  }
  return checks;
}

std::map<std::string, std::string> sqlite_collations(std::string_view sql) {
  std::map<std::string, std::string> collations;
  const auto tokens = tokenize(sql);
  // The column definitions are the parts of the outermost parentheses between commas; a part
  // that starts with a table constraint's keyword is not one.
  int depth = 0;
  bool at_start = false;
  std::string column;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    const bool punctuation = !token.quoted && token.text.size() == 1;
    if (punctuation && token.text == "(") {
      if (++depth == 1) at_start = true;
      continue;
    }
    if (punctuation && token.text == ")") {
      --depth;
      continue;
    }
    if (depth != 1) continue;
    if (punctuation && token.text == ",") {
      at_start = true;
      column.clear();
      continue;
    }
    if (at_start) {
      at_start = false;
      const bool constraint = !token.quoted && (iequals(token.text, "constraint") || iequals(token.text, "primary") ||
                                                iequals(token.text, "unique") || iequals(token.text, "check") ||
                                                iequals(token.text, "foreign"));
      if (!constraint) column = token.text;
      continue;
    }
    if (!column.empty() && !token.quoted && iequals(token.text, "collate") && i + 1 < tokens.size()) {
      collations[column] = tokens[i + 1].text;
    }
  }
  return collations;
}

Catalog inspect_sqlite(db::Connection& connection, const Options& options) {
  Catalog catalog;
  catalog.dialect = db::Dialect::Sqlite;
  auto run = [&](const char* sql, std::initializer_list<db::Value> params) {
    ++catalog.queries;
    return connection.query(sql, params);
  };

  std::map<std::string, std::size_t> index_of;
  std::map<std::string, std::map<std::string, std::string>> collations;  // table -> column -> collation
  for (const auto row : run(kTablesSql, {options.include_views})) {
    Table table;
    table.schema = "main";
    table.name = db::as_string(row.at("name"));
    const auto sql = optional_text(row.at("sql")).value_or("");
    if (db::as_string(row.at("type")) == "view") {
      table.kind = TableKind::View;
      table.view_definition = sql;
    } else {
      table.checks = sqlite_checks(sql);
      collations[table.name] = sqlite_collations(sql);
    }
    index_of[table.name] = catalog.tables.size();
    catalog.tables.push_back(std::move(table));
  }
  auto table_of = [&](const db::Row& row) -> Table* {
    const auto found = index_of.find(db::as_string(row.at("tbl")));
    return found == index_of.end() ? nullptr : &catalog.tables[found->second];
  };

  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> key_columns;
  for (const auto row : run(kColumnsSql, {})) {
    Table* table = table_of(row);
    if (!table) continue;
    Column column;
    column.name = db::as_string(row.at("name"));
    column.type.declared = db::as_string(row.at("type"));
    const auto split = split_type(column.type.declared);
    column.type.base = split.base;
    if (split.base == "numeric" || split.base == "decimal") {
      if (!split.params.empty()) column.type.precision = split.params[0];
      if (split.params.size() > 1) column.type.scale = split.params[1];
    } else if (!split.params.empty()) {
      column.type.length = split.params[0];
    }
    column.nullable = db::as_int(row.at("not_null")) == 0;
    column.default_sql = column_default(optional_text(row.at("default_sql")));
    if (const auto& by_column = collations[table->name]; by_column.contains(column.name)) {
      // BINARY is what a column without COLLATE gets.
      if (!iequals(by_column.at(column.name), "binary")) column.collation = by_column.at(column.name);
    }
    // hidden: 2 and 3 are generated columns (virtual, stored); 1 is a virtual table's hidden column.
    if (const auto hidden = db::as_int(row.at("hidden")); hidden == 2 || hidden == 3) column.generated = "";
    if (const auto pk = db::as_int(row.at("pk")); pk > 0) key_columns[table->name].emplace_back(pk, column.name);
    table->columns.push_back(std::move(column));
  }
  for (auto& [name, keys] : key_columns) {
    Table& table = catalog.tables[index_of[name]];
    std::sort(keys.begin(), keys.end());
    for (const auto& key : keys) table.primary_key.push_back(key.second);
    // A single INTEGER key is the rowid: SQLite numbers new rows itself.
    if (keys.size() == 1) {
      for (auto& column : table.columns) {
        // The rowid is never NULL, whether or not the DDL says NOT NULL.
        if (column.name == keys.front().second && iequals(column.type.declared, "integer")) {
          column.auto_increment = true;
          column.nullable = false;
        }
      }
    }
  }

  std::map<std::pair<std::string, std::int64_t>, ForeignKey> foreign_keys;
  for (const auto row : run(kForeignKeysSql, {})) {
    if (!table_of(row)) continue;
    auto& fk = foreign_keys[{db::as_string(row.at("tbl")), db::as_int(row.at("id"))}];
    fk.target_schema = "main";
    fk.target_table = db::as_string(row.at("target"));
    fk.columns.push_back(db::as_string(row.at("from_column")));
    // "to" is NULL when the clause names only the table: its primary key, filled in below.
    if (auto to = optional_text(row.at("to_column"))) fk.target_columns.push_back(*to);
    fk.on_delete = action(db::as_string(row.at("on_delete")));
    fk.on_update = action(db::as_string(row.at("on_update")));
  }
  for (auto& [key, fk] : foreign_keys) {
    if (fk.target_columns.empty()) {
      if (const auto found = index_of.find(fk.target_table); found != index_of.end()) {
        fk.target_columns = catalog.tables[found->second].primary_key;
      }
    }
    catalog.tables[index_of[key.first]].foreign_keys.push_back(std::move(fk));
  }

  std::map<std::pair<std::string, std::string>, Index> indexes;
  std::map<std::pair<std::string, std::string>, std::string> origins;
  for (const auto row : run(kIndexesSql, {})) {
    if (!table_of(row)) continue;
    const std::pair key{db::as_string(row.at("tbl")), db::as_string(row.at("name"))};
    auto& index = indexes[key];
    origins[key] = db::as_string(row.at("origin"));
    // Indexes made for UNIQUE clauses have generated names (sqlite_autoindex_t_1) nobody wrote.
    index.name = origins[key] == "u" ? "" : key.second;
    index.unique = db::as_int(row.at("is_unique")) != 0;
    index.columns.push_back(optional_text(row.at("column_name")).value_or(""));
    index.definition = optional_text(row.at("sql")).value_or("");
    if (db::as_int(row.at("partial")) != 0 && !index.predicate) {
      // The WHERE clause of the CREATE INDEX text.
      const auto tokens = tokenize(index.definition);
      for (const auto& token : tokens) {
        if (!token.quoted && iequals(token.text, "where")) {
          index.predicate = index.definition.substr(token.end + 1);
          break;
        }
      }
    }
  }
  for (auto& [key, index] : indexes) {
    const auto& origin = origins[key];
    if (origin == "pk") continue;
    Table& table = catalog.tables[index_of[key.first]];
    (origin == "u" ? table.unique_constraints : table.indexes).push_back(std::move(index));
  }
  return catalog;
}

}  // namespace cpprustango::introspect::detail
