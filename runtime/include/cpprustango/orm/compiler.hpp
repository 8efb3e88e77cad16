// The SQL compiler: pure functions from a Query (or a row to write) to SQL
// text and bound parameters for one dialect. No database is touched, so every
// statement is golden-tested. Identifiers come only from the ModelSpec; values
// are always parameters.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cpprustango/db/url.hpp"
#include "cpprustango/orm/query.hpp"

namespace cpprustango::orm {

struct Statement {
  std::string sql;
  std::vector<db::Value> params;
};

/** One selected column: which model's field it is, reached through which ref path ("" for the base model). */
struct SelectedColumn {
  std::string relation;
  const schema::ModelSpec* model = nullptr;
  const schema::FieldSpec* field = nullptr;
};

struct CompiledSelect {
  Statement statement;
  std::vector<SelectedColumn> columns;  ///< in SELECT order
  int owner_column = -1;                ///< with Query::through: the column holding each row's owner key
  int count_column = -1;                ///< with select()'s count_limit: the column holding the capped count
};

/** A column value to write: `{"title", "Hello"}`. */
using Assignment = std::pair<std::string, db::Value>;

class SqlCompiler {
 public:
  SqlCompiler(db::Dialect dialect, ModelResolver resolver);

  db::Dialect dialect() const { return dialect_; }

  /**
   *   SELECT "t0"."id", "t0"."title" FROM "blog_post" AS "t0" WHERE "t0"."status" = ? ORDER BY "t0"."id" LIMIT ?
   */
  /**
   * With `count_limit`, one more column, last: how many rows the query has
   * without its limit and offset, counted up to count_limit + 1 (the capped
   * count a paginator shows). A page and its count in one round trip:
   *   SELECT ..., (SELECT COUNT(*) FROM (SELECT 1 AS "x" FROM ... WHERE ... LIMIT ?) AS "counted") ...
   */
  CompiledSelect select(const Query& query, std::optional<std::int64_t> count_limit = std::nullopt) const;
  /** COUNT(*) of what select() would return (limit and offset respected). */
  Statement count(const Query& query) const;
  /** One row or none: `SELECT 1 AS "e" FROM ... LIMIT 1`. */
  Statement exists(const Query& query) const;
  /**
   * SUM/AVG/MIN/MAX/COUNT of one field path ("rating", "author.born") over
   * the filtered rows; `distinct` counts or sums each value once:
   *   SELECT COUNT(DISTINCT "t1"."country_id") FROM "blog_post" AS "t0" LEFT JOIN "blog_author" AS "t1" ON ...
   */
  Statement aggregate(const Query& query, Aggregate function, std::string_view field, bool distinct = false) const;
  /**
   * The filtered, ordered rows as just these field paths, in order (Django's values_list):
   *   SELECT "t0"."title", "t1"."name" FROM "blog_post" AS "t0" LEFT JOIN "blog_author" AS "t1" ON ...
   */
  Statement values(const Query& query, std::span<const std::string> fields) const;

  /** One INSERT for all rows (same columns each), returning the primary key column(s). */
  Statement insert(const schema::ModelSpec& model, std::span<const std::string> fields,
                   std::span<const std::vector<db::Value>> rows) const;
  /** UPDATE of one row addressed by its primary key values (in ModelSpec::primary_key order). */
  Statement update_row(const schema::ModelSpec& model, std::span<const Assignment> assignments,
                       std::span<const db::Value> primary_key) const;
  /** DELETE of one row addressed by its primary key. */
  Statement delete_row(const schema::ModelSpec& model, std::span<const db::Value> primary_key) const;
  /** QuerySet.update(): every filtered row (limit/offset/order ignored, as in Django). */
  Statement update(const Query& query, std::span<const Assignment> assignments) const;
  /** QuerySet.delete(): every filtered row. */
  Statement remove(const Query& query) const;

  /**
   * Links one owner row to `targets` in a many() field's join table; links that exist are left alone:
   *   INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING
   */
  Statement link(const schema::FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets) const;
  /**
   * The links of some owner rows in a many() field's join table, as (owner, target) pairs:
   *   SELECT "post_id", "tag_id" FROM "blog_post_tags" WHERE "post_id" IN (?, ?) ORDER BY "tag_id"
   */
  Statement links(const schema::FieldSpec& many, std::span<const db::Value> owners) const;
  /**
   * Unlinks one owner row from `targets`, or with `except` from every row but them:
   *   DELETE FROM "blog_post_tags" WHERE "post_id" = ? AND "tag_id" NOT IN (?, ?)
   */
  Statement unlink(const schema::FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets,
                   bool except) const;

 private:
  db::Dialect dialect_;
  ModelResolver resolver_;
};

/** `"name"` with embedded quotes doubled: the one way identifiers enter SQL. */
std::string quote_identifier(std::string_view name);

}  // namespace cpprustango::orm
