// The typed QuerySet of a generated model. It is a thin template over
// detail::QuerySetCore (runtime/src/orm/queryset_core.cpp), which compiles
// the query and runs it; the template only turns rows into Model objects
// through the generated Model::from_row, so including this header costs
// little and instantiating it even less.
//
//   auto posts = blog::Post::objects()
//                    .filter(blog::post::status == blog::Post::Status::published)
//                    .select_related(blog::post::author)
//                    .order_by(-blog::post::published_at)
//                    .limit(20)
//                    .fetch(db);
//
// A generated model provides: static spec(), resolve(FieldSpec), from_row(RowView),
// and attach_related(path, RowView) (a no-op for models without refs).
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cpprustango/db/result.hpp"
#include "cpprustango/orm/column.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/query.hpp"

// Forward declarations keep <filesystem> and the pool out of every models header:
// a view that opens the database includes cpprustango/db/database.hpp itself.
namespace cpprustango::db {
class Database;
class Connection;
enum class Dialect;  // url.hpp
}  // namespace cpprustango::db

namespace cpprustango::orm {

/**
 * Where statements run: a Database (a pooled connection per statement) or one
 * Connection (to work inside its transaction). Both convert implicitly:
 *   posts.fetch(db);   auto conn = db.acquire(); auto tx = conn.begin(); post.save(conn); tx.commit();
 */
class Executor {
 public:
  Executor(db::Database& database) : database_(&database) {}      // NOLINT: implicit on purpose
  Executor(db::Connection& connection) : connection_(&connection) {}  // NOLINT: implicit on purpose

  db::Dialect dialect() const;
  db::Result query(std::string_view sql, std::span<const db::Value> params) const;

 private:
  db::Database* database_ = nullptr;
  db::Connection* connection_ = nullptr;
};

/**
 * The object select_related() fetched for a ref field, held by shared pointer so
 * models may refer to each other (or themselves). Empty unless select_related
 * asked for it, or when the reference is NULL.
 *   for (const auto& post : Post::objects().select_related(post::author).fetch(db))
 *     if (post.author_) std::cout << post.author_->name;
 */
template <class T>
class Related {
 public:
  explicit operator bool() const { return object_ != nullptr; }
  const T* get() const { return object_.get(); }
  const T& operator*() const { return *object_; }
  const T* operator->() const { return object_.get(); }
  void set(T object) { object_ = std::make_shared<const T>(std::move(object)); }
  void reset() { object_.reset(); }

 private:
  std::shared_ptr<const T> object_;
};

/**
 * One fetched row seen as one model's fields, by index in ModelSpec::fields.
 * Built over cells the caller owns (a fetch's own Result), it moves text and
 * bytes into the object instead of copying them: each cell is read once.
 */
class RowView {
 public:
  RowView(db::Row row, std::span<const int> columns) : cells_(row.values().data()), columns_(columns) {}
  RowView(std::span<db::Value> cells, std::span<const int> columns)
      : cells_(cells.data()), movable_(cells.data()), columns_(columns) {}

  /** Whether field `index` was selected (not left out by only(), a many(), or another backend's field). */
  bool selected(std::size_t index) const { return index < columns_.size() && columns_[index] >= 0; }
  const db::Value& operator[](std::size_t index) const;
  /** Converts field `index` into `out` when it was selected: `row.read(1, post.title);` */
  template <class T>
  void read(std::size_t index, T& out) const {
    if (!selected(index)) return;
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>> ||
                  std::is_same_v<T, db::Bytes> || std::is_same_v<T, std::optional<db::Bytes>>) {
      using Plain = std::conditional_t<std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>,
                                       std::string, db::Bytes>;
      if (movable_ != nullptr) {
        if (auto* cell = std::get_if<Plain>(&movable_[static_cast<std::size_t>(columns_[index])])) {
          out = std::move(*cell);
          return;
        }
      }
    }
    Convert<T>::from((*this)[index], out);
  }

 private:
  const db::Value* cells_;
  db::Value* movable_ = nullptr;
  std::span<const int> columns_;
};

namespace detail {

/** Rows plus, per relation (0: the model, i: select_related[i-1]), the result column of each field or -1. */
struct Fetched {
  db::Result result;
  std::vector<std::vector<int>> columns;
};

/** The untyped half of QuerySet<Model>: builds the Query, compiles and runs it. */
class QuerySetCore {
 public:
  QuerySetCore(const schema::ModelSpec& model, const ModelResolver& resolver);

  Query& query() { return query_; }
  const Query& query() const { return query_; }
  const schema::ModelSpec& model() const { return *query_.model; }
  const ModelResolver& resolver() const { return resolver_; }

  void filter(Q q);
  Fetched fetch(Executor db) const;
  std::int64_t count(Executor db) const;
  bool exists(Executor db) const;
  db::Value aggregate(Executor db, Aggregate function, std::string_view field) const;
  std::int64_t update(Executor db, std::span<const Assignment> assignments) const;
  std::int64_t remove(Executor db) const;
  /** For first(): ordering by the primary key when neither the query nor the model orders. */
  void order_by_default_key();

 private:
  Query query_;
  ModelResolver resolver_;
};

/**
 * Writes one model row (values by field index, as a generated to_row() gives them):
 * INSERT (leaving out auto-increment keys) returning the key values, or UPDATE by key.
 */
std::vector<db::Value> save_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                                bool insert, const ModelResolver& resolver);
/**
 * bulk_create's untyped half: validates every row (values by field index) as
 * save() does, INSERTs them with one statement per bound-parameter limit's
 * worth of rows, and writes the returned keys into `rows`. Throws QueryError
 * when a row already has an auto key.
 */
void insert_rows(Executor db, const schema::ModelSpec& model, std::span<std::vector<db::Value>> rows,
                 const ModelResolver& resolver);
/** DELETE of the row whose key is in `row` (values by field index); returns how many rows went (0 or 1). */
std::int64_t delete_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                        const ModelResolver& resolver);
/** SELECT of the row whose key is in `row`; throws DoesNotExist when it is gone. */
Fetched fetch_row(Executor db, const schema::ModelSpec& model, std::span<const db::Value> row,
                  const ModelResolver& resolver);
/** A number from an aggregate cell (PostgreSQL returns numeric sums as text); nullopt for NULL. */
std::optional<double> aggregate_number(const db::Value& value);

}  // namespace detail

/** A lazily built query of Model; every method returns a new QuerySet, nothing runs until fetch/get/count/... */
template <class Model>
class QuerySet {
 public:
  QuerySet() : core_(Model::spec(), &Model::resolve) {}

  /** Rows matching q (and every earlier filter). */
  QuerySet filter(Q q) const {
    QuerySet next = *this;
    next.core_.filter(std::move(q));
    return next;
  }
  /** Rows not matching q. */
  QuerySet exclude(Q q) const { return filter(!std::move(q)); }

  /** `order_by(-post::published_at, post::title)`; replaces the model's @@ordering. */
  template <class... Orders>
  QuerySet order_by(const Orders&... orders) const {
    QuerySet next = *this;
    next.core_.query().order_by = {to_ordering(orders)...};
    return next;
  }
  QuerySet limit(std::int64_t n) const {
    QuerySet next = *this;
    next.core_.query().limit = n;
    return next;
  }
  QuerySet offset(std::int64_t n) const {
    QuerySet next = *this;
    next.core_.query().offset = n;
    return next;
  }
  /** Fetches the referenced row in the same query (a LEFT JOIN); read it as `post.author_`. */
  template <class T, class Target>
  QuerySet select_related(const RefColumn<Model, T, Target>& ref) const {
    QuerySet next = *this;
    next.core_.query().select_related.emplace_back(ref.name());
    return next;
  }
  /** Selects only these columns (the key is always added); other members keep their defaults. */
  template <class... Columns>
  QuerySet only(const Columns&... columns) const {
    QuerySet next = *this;
    next.core_.query().only = {std::string(columns.name())...};
    for (auto key : Model::spec().primary_key) {
      if (std::find(next.core_.query().only.begin(), next.core_.query().only.end(), key) ==
          next.core_.query().only.end()) {
        next.core_.query().only.emplace_back(key);
      }
    }
    return next;
  }

  /** Runs the query: every matching row as a Model. */
  std::vector<Model> fetch(Executor db) const {
    detail::Fetched fetched = core_.fetch(db);
    const auto& related = core_.query().select_related;
    const std::size_t rows = fetched.result.size();
    const std::size_t width = fetched.result.column_count();
    // The rows are ours alone: their text moves into the objects rather than being copied.
    std::vector<db::Value> cells = std::move(fetched.result).take_cells();
    std::vector<Model> objects;
    objects.reserve(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::span<db::Value> row(cells.data() + r * width, width);
      Model object = Model::from_row(RowView(row, fetched.columns[0]));
      for (std::size_t i = 0; i < related.size(); ++i) {
        object.attach_related(related[i], RowView(row, fetched.columns[i + 1]));
      }
      objects.push_back(std::move(object));
    }
    return objects;
  }
  /** The first row (by the ordering, else by key), or nullopt. */
  std::optional<Model> first(Executor db) const {
    QuerySet next = limit(1);
    next.core_.order_by_default_key();
    auto rows = next.fetch(db);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  /** Exactly one row; throws DoesNotExist or MultipleObjectsReturned. */
  Model get(Executor db) const {
    auto rows = limit(kGetLimit).fetch(db);
    if (rows.empty()) throw DoesNotExist(Model::spec().name);
    if (rows.size() > 1) throw MultipleObjectsReturned(Model::spec().name, rows.size());
    return std::move(rows.front());
  }
  std::int64_t count(Executor db) const { return core_.count(db); }
  bool exists(Executor db) const { return core_.exists(db); }
  /** UPDATE of every matching row; returns how many changed: `qs.update(db, {post::title.set("x")})`. */
  std::int64_t update(Executor db, const std::vector<Assignment>& assignments) const {
    return core_.update(db, assignments);
  }
  /** DELETE of every matching row; returns how many went. */
  std::int64_t remove(Executor db) const { return core_.remove(db); }

  /**
   * INSERTs every object in one statement (more only past the backend's
   * parameter limit) and sets their keys: save()'s automatic values and
   * validation, without its per-row round trip. Related slots (`author_`)
   * are cleared. Filters are ignored, as in Django.
   *   std::vector<Post> posts(100);  ...;  Post::objects().bulk_create(db, posts);  // posts[i].id set
   */
  void bulk_create(Executor db, std::vector<Model>& objects) const {
    if (objects.empty()) return;
    std::vector<std::vector<db::Value>> rows;
    rows.reserve(objects.size());
    for (Model& object : objects) {
      object.prepare_save_(true);  // @slug_from and friends, as save() fills them
      rows.push_back(object.to_row());
    }
    detail::insert_rows(db, Model::spec(), rows, &Model::resolve);
    // The written rows, keys and timestamps included, read back like fetched ones: the generated
    // from_row is the one place that knows the members, and it marks natural keys persisted_.
    const std::size_t width = Model::spec().fields.size();
    std::vector<db::Value> cells;
    cells.reserve(rows.size() * width);
    for (auto& row : rows) std::move(row.begin(), row.end(), std::back_inserter(cells));
    const db::Result written(std::vector<std::string>(width), std::move(cells));
    std::vector<int> columns(width);
    for (std::size_t i = 0; i < width; ++i) columns[i] = static_cast<int>(i);
    for (std::size_t i = 0; i < objects.size(); ++i) objects[i] = Model::from_row(RowView(written[i], columns));
  }

  /** SUM and AVG as a double; nullopt over no rows. */
  template <class T>
  std::optional<double> sum(Executor db, const Column<Model, T>& column) const {
    return detail::aggregate_number(core_.aggregate(db, Aggregate::Sum, column.name()));
  }
  template <class T>
  std::optional<double> avg(Executor db, const Column<Model, T>& column) const {
    return detail::aggregate_number(core_.aggregate(db, Aggregate::Avg, column.name()));
  }
  /** MIN and MAX in the column's own type; nullopt over no rows. */
  template <class T>
  std::optional<unwrap_optional_t<T>> min(Executor db, const Column<Model, T>& column) const {
    return extreme<T>(core_.aggregate(db, Aggregate::Min, column.name()));
  }
  template <class T>
  std::optional<unwrap_optional_t<T>> max(Executor db, const Column<Model, T>& column) const {
    return extreme<T>(core_.aggregate(db, Aggregate::Max, column.name()));
  }

  /** The untyped query, for tests and for code that mixes in orm::Q paths ("author.name"). */
  const Query& query() const { return core_.query(); }

 private:
  // Django reads at most 21 rows in get(), enough to say "more than one" without fetching a table.
  static constexpr std::int64_t kGetLimit = 21;

  static Ordering to_ordering(const Ordering& ordering) { return ordering; }
  template <class T>
  static Ordering to_ordering(const Column<Model, T>& column) {
    return column.asc();
  }
  template <class T>
  static std::optional<unwrap_optional_t<T>> extreme(const db::Value& value) {
    std::optional<unwrap_optional_t<T>> out;
    Convert<std::optional<unwrap_optional_t<T>>>::from(value, out);
    return out;
  }

  detail::QuerySetCore core_;
};

}  // namespace cpprustango::orm
