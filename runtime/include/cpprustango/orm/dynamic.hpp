// The dynamic layer: rows of db::Values addressed by field name, queried and
// written through a ModelSpec known only at run time. The admin and the REST
// plugin use it; it shares detail::QuerySetCore (and so SqlCompiler) with the
// typed QuerySet. Every identifier that arrives as a string (field paths,
// lookup names, orderings, only/select_related names) is checked against the
// model when it is added, because the admin passes query-string input straight
// in; values are always bound parameters.
//
//   orm::Table posts(blog::specs::Post, &blog::specs::resolve);
//   auto rows = posts.query()
//                   .filter("author.name", "icontains", {"ann"})
//                   .filter_django("status", "published")
//                   .order_by("-published_at")
//                   .select_related("author")
//                   .limit(20)
//                   .fetch(db);                     // std::vector<orm::Record>
//   rows[0].get("title");  rows[0].related("author")->get("name");
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/query.hpp"
#include "cpprustango/orm/queryset.hpp"

namespace cpprustango::orm {

/**
 * One row of a model, a db::Value per field (in ModelSpec::fields order),
 * read and written by field name. An unknown name throws QueryError:
 *   "Post has no field 'titel' (fields: id, title, ...)"
 *   Record post(blog::specs::Post);  post.set("title", "Hello");  post.get("title");  // "Hello"
 */
class Record {
 public:
  /** Every field NULL; Table::new_record() fills the schema's defaults. */
  explicit Record(const schema::ModelSpec& model);

  const schema::ModelSpec& model() const { return *model_; }
  const db::Value& get(std::string_view field) const;
  void set(std::string_view field, db::Value value);
  /** The values by field index, as check_row() and the compiler's writes take them. */
  std::span<const db::Value> values() const { return values_; }

  /** The row select_related(path) fetched, or nullptr (not asked for, or a NULL reference). */
  const Record* related(std::string_view path) const;
  void set_related(std::string path, std::shared_ptr<const Record> record);

 private:
  friend class TableQuery;  // fills rows by field index as it reads them

  std::size_t index_of(std::string_view field) const;

  const schema::ModelSpec* model_;
  std::vector<db::Value> values_;
  std::vector<std::pair<std::string, std::shared_ptr<const Record>>> related_;
};

/**
 * A lazily built query over a Table; every method returns a new TableQuery
 * and nothing runs until fetch/first/get/count/exists. Lookup names are
 * Django's (exact, iexact, contains, icontains, startswith, istartswith,
 * endswith, iendswith, gt, gte, lt, lte, in, isnull, range).
 */
class TableQuery {
 public:
  TableQuery(const schema::ModelSpec& model, const ModelResolver& resolver);

  /** `filter("author.name", "icontains", {"ann"})`; `in` takes any number of values, `range` two. */
  TableQuery filter(std::string_view path, std::string_view lookup, std::vector<db::Value> values) const;
  TableQuery exclude(std::string_view path, std::string_view lookup, std::vector<db::Value> values) const;
  /**
   * Django's spelling: `filter_django("author__name__icontains", "ann")`; no
   * lookup suffix means exact. For `in` and `range` a text value is split at
   * commas, as the admin's query strings carry them ("status__in=draft,published").
   */
  TableQuery filter_django(std::string_view expression, db::Value value) const;
  TableQuery exclude_django(std::string_view expression, db::Value value) const;
  /** A whole Q tree (the admin's search: an OR of icontains); every leaf's path is checked. */
  TableQuery filter(Q q) const;

  /** `order_by("-published_at", "title")`; replaces the model's @@ordering. */
  TableQuery order_by(std::initializer_list<std::string_view> orderings) const;
  TableQuery order_by(std::span<const std::string> orderings) const;
  TableQuery limit(std::int64_t n) const;
  TableQuery offset(std::int64_t n) const;
  /** A ref path ("author", "author.country"); its row comes back as Record::related(path). */
  TableQuery select_related(std::string_view path) const;
  /** Only these fields (the key is always added); the others read as NULL. */
  TableQuery only(std::span<const std::string> fields) const;
  TableQuery only(std::initializer_list<std::string_view> fields) const;

  std::vector<Record> fetch(Executor db) const;
  /** A page of rows, and how many the query has without its limit and offset. */
  struct CountedRows {
    std::vector<Record> rows;
    std::int64_t count = 0;  ///< at most count_limit + 1: more than count_limit means "count_limit or more"
  };
  /**
   * fetch() and the capped count a paginator shows, in one statement (the
   * count rides along as one more column); only a page past the last row
   * needs a second one, to count.
   */
  CountedRows fetch_counted(Executor db, std::int64_t count_limit) const;
  /** The first row (by the ordering, else by key), or nullopt. */
  std::optional<Record> first(Executor db) const;
  /** Exactly one row; throws DoesNotExist or MultipleObjectsReturned. */
  Record get(Executor db) const;
  std::int64_t count(Executor db) const;
  bool exists(Executor db) const;

  const Query& query() const { return core_.query(); }

 private:
  std::vector<Record> records(const detail::Fetched& fetched) const;
  /** The model at the end of a ref path ("" is the query's own model); throws QueryError. */
  const schema::ModelSpec& follow(std::string_view refs) const;
  /** Checks a field path ("author.name") and returns the field it ends at. */
  const schema::FieldSpec& field_at(std::string_view path) const;
  void check(const Q& q) const;
  /** The condition a Django-style "author__name__icontains" expression names. */
  Q django_q(std::string_view expression, db::Value value) const;

  detail::QuerySetCore core_;
};

/**
 * One model's rows by ModelSpec: queries, and single-row writes with the
 * same automatic values and validation as a generated save().
 *   orm::Table posts(*spec_set.find("blog", "Post"), [&](const auto& f) { return spec_set.target(f); });
 *   orm::Record post = posts.new_record();
 *   post.set("title", "Hello");
 *   posts.insert(db, post);          // post.get("id") is the new key
 */
class Table {
 public:
  Table(const schema::ModelSpec& model, ModelResolver resolver);

  const schema::ModelSpec& model() const { return *model_; }
  /** How this table finds the targets of its refs (for the tables of related models). */
  const ModelResolver& resolver() const { return resolver_; }
  /** A new row with the schema's @default values (literals, choices, now(), uuid()); sql(...) defaults stay NULL. */
  Record new_record() const;
  TableQuery query() const { return TableQuery(*model_, resolver_); }
  /** The row whose (single-column) primary key is `key`; throws DoesNotExist. */
  Record get(Executor db, const db::Value& key) const;
  /**
   * The row whose primary key is `key`, one value per key column in @@id order
   * (also fine for a single column); throws DoesNotExist, or QueryError when
   * the number of values does not match the key.
   */
  Record get(Executor db, std::span<const db::Value> key) const;

  /**
   * INSERT: fills @auto_now/@auto_now_add/@slug_from as save() does, throws
   * ValidationError listing every problem (and writes nothing), then sets the
   * key the database returned on `record`.
   */
  void insert(Executor db, Record& record) const;
  /** UPDATE by primary key (after @auto_now and validation); throws DoesNotExist when the row is gone. */
  void update(Executor db, Record& record) const;
  /** DELETE by (single-column) primary key; false when there was no such row. */
  bool remove(Executor db, const db::Value& key) const;
  /** DELETE by a key of one value per key column (as get(db, span)); false when there was no such row. */
  bool remove(Executor db, std::span<const db::Value> key) const;

 private:
  void check_model(const Record& record) const;
  Record key_record(std::span<const db::Value> key) const;

  const schema::ModelSpec* model_;
  ModelResolver resolver_;
};

/**
 * The target keys the many() field `many` links each of `owners` to, in one
 * statement, ordered by key: db::describe(owner key) -> target keys (an owner
 * linked to nothing is absent).
 */
std::map<std::string, std::vector<db::Value>> linked_keys(Executor db, const schema::FieldSpec& many,
                                                          std::span<const db::Value> owners);
/** Leaves `owner` linked through the many() field `many` to exactly `targets`, in one transaction. */
void set_links(Executor db, const schema::FieldSpec& many, const db::Value& owner, std::span<const db::Value> targets);

}  // namespace cpprustango::orm
