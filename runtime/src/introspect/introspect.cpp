// introspect::inspect() picks the reader for the connection's dialect;
// describe() prints a catalog canonically, for comparing databases in tests.
#include "cpprustango/introspect/introspect.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "cpprustango/db/database.hpp"
#include "introspect/backends.hpp"

namespace cpprustango::introspect {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string column_line(const Column& column, const DescribeOptions& options) {
  std::string line = "column " + column.name + " " + column.type.declared;
  if (!column.nullable) line += " not null";
  if (column.default_sql) line += " default " + *column.default_sql;
  if (column.auto_increment) line += " auto";
  if (!column.identity.empty()) line += " identity " + column.identity;
  if (column.generated) line += " generated " + *column.generated;
  if (column.collation) line += " collate " + *column.collation;
  if (options.comments && column.comment) line += " comment " + quote_text(*column.comment);
  return line;
}

std::string named(std::string line, const std::string& name, const DescribeOptions& options) {
  if (options.names && !name.empty()) line += " name " + name;
  return line;
}

std::string index_line(const char* what, const Index& index, const DescribeOptions& options) {
  std::string line = std::string(what) + " (" + join(index.columns) + ")";
  if (index.unique && std::string_view(what) == "index") line += " unique";
  if (!index.method.empty() && index.method != "btree") line += " using " + index.method;
  if (index.predicate) line += " where " + *index.predicate;
  if (index.has_expressions()) {
    // The key as the database spells it; the rest of the definition is names and quoting, compared elsewhere.
    const auto key = index_key(index.definition);
    line += " key (" + (key ? key->key : index.definition) + ")";
  }
  return named(std::move(line), index.name, options);
}

/** Lines of one kind, sorted so the order the catalog returned them in never matters. */
template <typename Item, typename Render>
void add_sorted(std::string& out, const std::vector<Item>& items, Render render) {
  std::vector<std::string> lines;
  for (const auto& item : items) lines.push_back(render(item));
  std::sort(lines.begin(), lines.end());
  for (const auto& line : lines) out += "  " + line + "\n";
}

}  // namespace

bool Index::has_expressions() const {
  return std::any_of(columns.begin(), columns.end(), [](const std::string& column) { return column.empty(); });
}

std::optional<IndexKey> index_key(std::string_view definition) {
  // Names before the key cannot hold an unquoted '(' on either database, so the
  // first one opens it; quoted names and string literals are skipped whole.
  std::optional<std::size_t> open;
  int depth = 0;
  for (std::size_t i = 0; i < definition.size(); ++i) {
    const char c = definition[i];
    if (c == '"' || c == '\'' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      i = definition.find(close, i + 1);  // a doubled quote is two quoted strings side by side: same effect
      if (i == std::string_view::npos) return std::nullopt;
      continue;
    }
    if (c == '(') {
      if (depth++ == 0 && !open) open = i;
    } else if (c == ')' && --depth == 0 && open) {
      auto trim = [](std::string_view text) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
        return std::string(text);
      };
      return IndexKey{trim(definition.substr(*open + 1, i - *open - 1)), trim(definition.substr(i + 1))};
    }
  }
  return std::nullopt;
}

const char* table_kind_name(TableKind kind) {
  switch (kind) {
    case TableKind::Table:
      return "table";
    case TableKind::View:
      return "view";
    case TableKind::MaterializedView:
      return "materialized view";
    case TableKind::Partitioned:
      return "partitioned table";
  }
  return "table";
}

const Column* Table::find_column(const std::string& column_name) const {
  for (const auto& column : columns) {
    if (column.name == column_name) return &column;
  }
  return nullptr;
}

const Table* Catalog::find_table(const std::string& table_name, const std::string& schema) const {
  for (const auto& table : tables) {
    if (table.name == table_name && (schema.empty() || table.schema == schema)) return &table;
  }
  return nullptr;
}

Catalog inspect(db::Connection& connection, const Options& options) {
  Catalog catalog = connection.dialect() == db::Dialect::Sqlite ? detail::inspect_sqlite(connection, options)
                                                                : detail::inspect_postgres(connection, options);
  std::sort(catalog.tables.begin(), catalog.tables.end(), [](const Table& a, const Table& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
  return catalog;
}

Catalog inspect(db::Database& database, const Options& options) {
  auto connection = database.acquire();
  return inspect(connection, options);
}

std::string describe(const Catalog& catalog, const DescribeOptions& options) {
  std::string out;
  for (const auto& table : catalog.tables) {
    out += "table " + table.schema + "." + table.name;
    if (table.kind != TableKind::Table) out += std::string(" (") + table_kind_name(table.kind) + ")";
    out += "\n";
    for (const auto& column : table.columns) out += "  " + column_line(column, options) + "\n";
    if (!table.primary_key.empty()) {
      out += "  " + named("primary key (" + join(table.primary_key) + ")", table.primary_key_name, options) + "\n";
    }
    auto foreign_key = [&](const char* what) {
      return [&, what](const ForeignKey& fk) {
        return named(std::string(what) + " (" + join(fk.columns) + ") references " + fk.target_schema + "." +
                         fk.target_table + " (" + join(fk.target_columns) + ") on delete " + fk.on_delete +
                         " on update " + fk.on_update,
                     fk.name, options);
      };
    };
    add_sorted(out, table.foreign_keys, foreign_key("foreign key"));
    add_sorted(out, table.partition_foreign_keys, foreign_key("foreign key of some partitions"));
    add_sorted(out, table.unique_constraints, [&](const Index& unique) { return index_line("unique", unique, options); });
    add_sorted(out, table.indexes, [&](const Index& index) { return index_line("index", index, options); });
    add_sorted(out, table.checks,
               [&](const Check& check) { return named("check (" + check.expression + ")", check.name, options); });
    if (options.comments && table.comment) out += "  comment " + quote_text(*table.comment) + "\n";
    if (!table.partitions.empty()) out += "  partitions " + join(table.partitions) + "\n";
  }
  return out;
}

namespace detail {

SplitType split_type(std::string_view declared) {
  SplitType split;
  std::string text(declared);
  while (text.size() >= 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
    ++split.array_dimensions;
    text.resize(text.size() - 2);
    while (!text.empty() && text.back() == ' ') text.pop_back();
  }
  if (const auto open = text.find('('); open != std::string::npos) {
    if (const auto close = text.find(')', open); close != std::string::npos) {
      std::string inside = text.substr(open + 1, close - open - 1);
      std::size_t start = 0;
      while (start <= inside.size()) {
        const auto comma = inside.find(',', start);
        const std::string part = inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        try {
          split.params.push_back(std::stoi(part));
        } catch (const std::exception&) {
          // Not a number ("max" in some dialects): the parameter is left out.
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      text.erase(open, close - open + 1);
    }
  }
  // Lower case, single spaces, no spaces at the ends.
  std::string base;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!base.empty() && base.back() != ' ') base += ' ';
    } else {
      base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!base.empty() && base.back() == ' ') base.pop_back();
  split.base = std::move(base);
  return split;
}

std::vector<std::string> parse_text_array(std::string_view text) {
  std::vector<std::string> items;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return items;
  text = text.substr(1, text.size() - 2);
  std::size_t i = 0;
  while (i < text.size()) {
    std::string item;
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item += text[i];
      }
      ++i;  // the closing quote
    } else {
      while (i < text.size() && text[i] != ',') item += text[i++];
    }
    items.push_back(std::move(item));
    ++i;  // the comma
  }
  return items;
}

std::optional<std::string> column_default(std::optional<std::string> default_sql) {
  if (!default_sql) return default_sql;
  std::string_view text = *default_sql;
  if (const auto cast = text.find("::"); cast != std::string_view::npos) text = text.substr(0, cast);
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
  std::string upper;
  for (const char c : text) {
    if (c != ' ') upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (upper == "NULL") return std::nullopt;
  return default_sql;
}

std::optional<std::string> optional_text(const db::Value& value) {
  if (db::is_null(value)) return std::nullopt;
  return db::as_string(value);
}

}  // namespace detail
}  // namespace cpprustango::introspect
