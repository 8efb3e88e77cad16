// many() sets through their join tables (see relations.hpp).
#include "relations.hpp"

#include "cpprustango/orm/compiler.hpp"

namespace cpprustango::rest::detail {

namespace {

std::string placeholder(db::Dialect dialect, std::size_t number) {
  return dialect == db::Dialect::Postgresql ? "$" + std::to_string(number) : std::string("?");
}

}  // namespace

std::map<std::string, std::vector<db::Value>> linked_keys(orm::Executor db, const schema::FieldSpec& many,
                                                          std::span<const db::Value> owners) {
  std::map<std::string, std::vector<db::Value>> out;
  if (owners.empty()) return out;
  const auto source = orm::quote_identifier(many.through_source);
  const auto target = orm::quote_identifier(many.through_target);
  std::string sql = "SELECT " + source + ", " + target + " FROM " + orm::quote_identifier(many.through) +
                    " WHERE " + source + " IN (";
  for (std::size_t i = 0; i < owners.size(); ++i) sql += (i ? ", " : "") + placeholder(db.dialect(), i + 1);
  sql += ") ORDER BY " + target;
  const db::Result rows = db.query(sql, owners);
  for (const auto& row : rows) out[db::describe(row.at(0))].push_back(row.at(1));
  return out;
}

void replace_links(orm::Executor db, const schema::FieldSpec& many, const db::Value& owner,
                   std::span<const db::Value> targets) {
  const auto table = orm::quote_identifier(many.through);
  const auto source = orm::quote_identifier(many.through_source);
  const auto target = orm::quote_identifier(many.through_target);
  const db::Dialect dialect = db.dialect();
  const std::vector<db::Value> key{owner};
  db.query("DELETE FROM " + table + " WHERE " + source + " = " + placeholder(dialect, 1), key);
  const std::string insert = "INSERT INTO " + table + " (" + source + ", " + target + ") VALUES (" +
                             placeholder(dialect, 1) + ", " + placeholder(dialect, 2) + ")";
  for (const auto& value : targets) {
    const std::vector<db::Value> pair{owner, value};
    db.query(insert, pair);
  }
}

}  // namespace cpprustango::rest::detail
