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

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "cpprustango/db/result.hpp"
#include "cpprustango/orm/column.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/query.hpp"
#include "cpprustango/orm/relations.hpp"

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
  /** `each(context, row)` on each row as it is read (db::Connection::for_each_row). */
  void for_each_row(std::string_view sql, std::span<const db::Value> params, void* context,
                    void (*each)(void* context, const db::Cells& row)) const;
  /**
   * Runs `work` in a transaction (a savepoint inside an open one) on this
   * executor's connection, or on one leased for it; commits when `work` returns.
   *   db_.atomically([&](orm::Executor tx) { unlink(tx); link(tx); });
   */
  template <class Work>
  void atomically(Work&& work) const {
    using Callable = std::remove_reference_t<Work>;
    run_atomically(const_cast<void*>(static_cast<const void*>(&work)),
                   [](void* context, Executor tx) { (*static_cast<Callable*>(context))(tx); });
  }

 private:
  // atomically()'s work through a plain function pointer, so this header needs no std::function.
  void run_atomically(void* context, void (*work)(void* context, Executor tx)) const;

  db::Database* database_ = nullptr;
  db::Connection* connection_ = nullptr;
};

/**
 * The object select_related() fetched for a ref field, shared by copies (so
 * models may refer to each other, or themselves). Empty unless select_related
 * asked for it, or when the reference is NULL.
 *   for (const auto& post : Post::objects().select_related(post::author).fetch(db))
 *     if (post.author_) std::cout << post.author_->name;
 */
template <class T>
class Related {
 public:
  explicit operator bool() const { return object_.get() != nullptr; }
  const T* get() const { return static_cast<const T*>(object_.get()); }
  const T& operator*() const { return *get(); }
  const T* operator->() const { return get(); }
  void set(T object) { object_ = detail::SharedObject::make(std::move(object)); }
  void reset() { object_.reset(); }
  /**
   * The object, to change: the ORM attaches the next hop of a
   * select_related path to it while it builds fresh rows. Copies of this
   * Related share the object, so they see the change too.
   */
  T& modify() { return *static_cast<T*>(object_.get()); }

 private:
  detail::SharedObject object_;  ///< a T
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
  /** Over a row being read (fetch()): integers, reals, text and datetimes go straight into members. */
  RowView(const db::Cells& cells, std::span<const int> columns) : streamed_(&cells), columns_(columns) {}

  /** Whether field `index` was selected (not left out by only(), a many(), or another backend's field). */
  bool selected(std::size_t index) const { return index < columns_.size() && columns_[index] >= 0; }
  /** Field `index` as a Value (NULL when not selected). */
  db::Value value(std::size_t index) const;
  /** Whether field `index` is NULL (or not selected). */
  bool is_null(std::size_t index) const;
  /** Converts field `index` into `out` when it was selected: `row.read(1, post.title);` */
  template <class T>
  void read(std::size_t index, T& out) const {
    if (!selected(index)) return;
    if (streamed_ != nullptr) {
      read_cell(static_cast<std::size_t>(columns_[index]), out);
      return;
    }
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
    Convert<T>::from(cells_[static_cast<std::size_t>(columns_[index])], out);
  }

 private:
  /**
   * One streamed cell into `out`: the common kinds from the driver's own
   * integer, real or text, anything else (or a cell of an unexpected kind)
   * through its Value and Convert<T>, so both read paths agree.
   */
  template <class T>
  void read_cell(std::size_t column, T& out) const {
    const db::ValueKind kind = streamed_->kind(column);
    if constexpr (is_optional_v<T>) {
      if (kind == db::ValueKind::Null) {
        out.reset();
      } else {
        if (!out) out.emplace();
        read_cell(column, *out);
      }
      return;
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (kind == db::ValueKind::Integer) {
        out = static_cast<T>(detail::check_integer(streamed_->integer(column), static_cast<int>(sizeof(T) * 8)));
        return;
      }
    } else if constexpr (std::is_floating_point_v<T>) {
      if (kind == db::ValueKind::Real) {
        out = static_cast<T>(streamed_->real(column));
        return;
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (kind == db::ValueKind::Text) {
        out.assign(streamed_->text(column));
        return;
      }
    } else if constexpr (std::is_same_v<T, DateTime>) {
      if (kind == db::ValueKind::Text) {
        out = parse_datetime(streamed_->text(column));
        return;
      }
    }
    Convert<T>::from(streamed_->value(column), out);
  }

  const db::Value* cells_ = nullptr;
  db::Value* movable_ = nullptr;
  const db::Cells* streamed_ = nullptr;
  std::span<const int> columns_;
};

namespace detail {

/** A compiled SELECT plus, per relation (0: the model, i: select_related[i-1]), the column of each field or -1. */
struct Plan {
  std::string sql;
  std::vector<db::Value> params;
  std::vector<std::vector<int>> columns;
  int owner_column = -1;  ///< with Query::through: the column holding each row's owner key
  int count_column = -1;  ///< with a count_limit: the column holding the capped count of the unpaged query
};

/** Rows plus, per relation (0: the model, i: select_related[i-1]), the result column of each field or -1. */
struct Fetched {
  db::Result result;
  std::vector<std::vector<int>> columns;
  int owner_column = -1;  ///< with Query::through: the column holding each row's owner key
  int count_column = -1;  ///< with a count_limit: the column holding the capped count of the unpaged query
};

/** What prefetch_related() read: the related rows, and for each row the index of the owner it belongs to. */
struct Prefetch {
  Fetched fetched;
  std::vector<std::size_t> owner_of_row;
};

/**
 * One prefetch_related() relation, kept apart from the model type so that
 * copying a QuerySet (every builder call does) costs no per-model code.
 */
struct PrefetchStep {
  SharedObject relation;  ///< the ReverseRelation/ManyField handle, copied
  /** Reads the related rows of `objects` (a std::vector<Model>*) whose keys are `keys`, into their slots. */
  void (*run)(const void* relation, void* objects, std::span<const db::Value> keys, Executor db) = nullptr;
};

/** Runs the plan's statement and calls `each(context, row)` on every row as it is read. */
void stream(Executor db, const Plan& plan, void* context, void (*each)(void* context, const db::Cells& row));

/** The untyped half of QuerySet<Model>: builds the Query, compiles and runs it. */
class QuerySetCore {
 public:
  QuerySetCore(const schema::ModelSpec& model, const ModelResolver& resolver);

  Query& query() { return query_; }
  const Query& query() const { return query_; }
  std::vector<PrefetchStep>& prefetches() { return prefetches_; }
  const std::vector<PrefetchStep>& prefetches() const { return prefetches_; }
  const schema::ModelSpec& model() const { return *query_.model; }
  const ModelResolver& resolver() const { return resolver_; }

  void filter(Q q);
  /** only(): these field paths; the compiler adds each restricted model's key and the refs select_related follows. */
  void only(std::vector<std::string> fields) { query_.only = std::move(fields); }
  /** select_related(): `path` and each hop before it ("author", then "author.country"), to build each object. */
  void select_related(const std::string& path);
  /**
   * The SELECT for this query in the executor's dialect, with where each
   * field lands; with `count_limit`, also the count of the query without its
   * limit and offset, capped at count_limit + 1 (SqlCompiler::select).
   */
  Plan plan(Executor db, std::optional<std::int64_t> count_limit = std::nullopt) const;
  Fetched fetch(Executor db, std::optional<std::int64_t> count_limit = std::nullopt) const;
  std::int64_t count(Executor db) const;
  bool exists(Executor db) const;
  db::Value aggregate(Executor db, Aggregate function, std::string_view field, bool distinct = false) const;
  /** The SELECT of values(): just these field paths, one result column each, in order. */
  Plan values_plan(Executor db, std::span<const std::string> fields) const;
  std::int64_t update(Executor db, std::span<const Assignment> assignments) const;
  std::int64_t remove(Executor db) const;
  /** For first(): ordering by the primary key when neither the query nor the model orders. */
  void order_by_default_key();

 private:
  Query query_;
  ModelResolver resolver_;
  std::vector<PrefetchStep> prefetches_;
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
/**
 * The rows of `child` whose ref field `field` holds one of `owners` (keys of
 * the fetched owners, in order): one query (one per 30,000 owners), in the
 * child's @@ordering, else by key.
 */
Prefetch prefetch_reverse(Executor db, const schema::ModelSpec& child, const ModelResolver& resolver,
                          std::string_view field, std::span<const db::Value> owners);
/** The rows of `target` linked to `owners` through the many() field `many`, with the same guarantees. */
Prefetch prefetch_many(Executor db, const schema::ModelSpec& target, const ModelResolver& resolver,
                       const schema::FieldSpec& many, std::span<const db::Value> owners);

/** What a many() manager does to the join table of `many` for one owner row. */
enum class LinkChange : std::uint8_t { Add, Remove, Set, Clear };
/**
 * Add links the owner to `targets` (existing links are kept), Remove unlinks
 * them, Set leaves exactly them linked (in one transaction), Clear unlinks all.
 */
void change_links(Executor db, const schema::FieldSpec& many, const db::Value& owner, LinkChange change,
                  std::span<const db::Value> targets);

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
    return select_path(ref.path());
  }
  /**
   * Fetches every row along a path of refs, each hop with one more LEFT JOIN:
   *   select_related(post::author(author::country))   // post.author_->country_->name
   */
  template <class T, class Target>
  QuerySet select_related(const RefPath<Model, T, Target>& path) const {
    return select_path(path.path());
  }
  /**
   * Selects only these columns; other members keep their defaults. The key,
   * and the refs select_related follows, always come. A path picks columns
   * of a select_related hop the same way (that object keeps its key):
   *   Post::objects().select_related(post::author).only(post::title, post::author(author::name))
   * A path through a hop that is not select_related throws QueryError when the query runs.
   */
  template <class... Columns>
  QuerySet only(const Columns&... columns) const {
    static_assert(sizeof...(Columns) > 0, "only() needs at least one column");
    static_assert((std::is_same_v<typename Columns::model_type, Model> && ...), "only() takes columns of this model");
    QuerySet next = *this;
    next.core_.only({std::string(columns.path())...});
    return next;
  }

  /**
   * Reads the rows of a reverse relation or a many() field for every fetched
   * object with one more query per relation (never one per object), into the
   * relation's slot: `author.posts_`, `post.tags_`.
   *   Author::objects().prefetch_related(author::posts, author::books).fetch(db)
   */
  template <class... Relations>
  QuerySet prefetch_related(const Relations&... relations) const {
    QuerySet next = *this;
    (next.core_.prefetches().push_back(prefetch_step(relations)), ...);
    return next;
  }
  /** Only the rows linked to `owner` through the many() field `many` (what `post.tags().all()` is). */
  QuerySet linked_to(const schema::FieldSpec& many, db::Value owner) const {
    QuerySet next = *this;
    next.core_.query().through = Through{&many, {std::move(owner)}};
    return next;
  }

  /** Runs the query: every matching row as a Model, read straight from the driver's rows. */
  std::vector<Model> fetch(Executor db) const {
    const auto& prefetches = core_.prefetches();
    Reader reader{core_.plan(db), core_.query().select_related, !prefetches.empty(),
                  prefetches.empty() ? 0 : key_index(), {}, {}};
    detail::stream(db, reader.plan, &reader, &Reader::read);
    for (const auto& step : prefetches) step.run(step.relation.get(), &reader.objects, reader.keys, db);
    return std::move(reader.objects);
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
    for (auto& row : rows) {
      for (auto& cell : row) cells.push_back(std::move(cell));
    }
    const db::Result written(std::vector<std::string>(width), std::move(cells));
    std::vector<int> columns(width);
    for (std::size_t i = 0; i < width; ++i) columns[i] = static_cast<int>(i);
    for (std::size_t i = 0; i < objects.size(); ++i) objects[i] = Model::from_row(RowView(written[i], columns));
  }

  /**
   * Aggregates of one column: of the model (`post::rating`), or across refs
   * (`post::author(author::born)`, a LEFT JOIN per hop, as filters across
   * refs compile). Refs are many-to-one, so the join never repeats a row:
   * the aggregate sees each matching row once, and a row whose ref is NULL
   * contributes a NULL, which every aggregate skips.
   *
   * SUM and AVG as a double; nullopt over no rows (or only NULLs).
   *   Post::objects().filter(post::status == Post::Status::published).sum(db, post::rating)
   */
  template <class Field>
  std::optional<double> sum(Executor db, const Field& column) const {
    return detail::aggregate_number(core_.aggregate(db, Aggregate::Sum, checked(column).path()));
  }
  template <class Field>
  std::optional<double> avg(Executor db, const Field& column) const {
    return detail::aggregate_number(core_.aggregate(db, Aggregate::Avg, checked(column).path()));
  }
  /**
   * MIN and MAX in the column's own type; nullopt over no rows (or only NULLs).
   *   std::optional<Date> youngest = Post::objects().max(db, post::author(author::born));
   */
  template <class Field>
  std::optional<unwrap_optional_t<typename Field::member_type>> min(Executor db, const Field& column) const {
    return extreme<typename Field::member_type>(core_.aggregate(db, Aggregate::Min, checked(column).path()));
  }
  template <class Field>
  std::optional<unwrap_optional_t<typename Field::member_type>> max(Executor db, const Field& column) const {
    return extreme<typename Field::member_type>(core_.aggregate(db, Aggregate::Max, checked(column).path()));
  }
  /**
   * How many different non-NULL values the column holds over the matching
   * rows (Django's Count(..., distinct=True)):
   *   Post::objects().count_distinct(db, post::author(author::country))   // countries with a post
   */
  template <class Field>
  std::int64_t count_distinct(Executor db, const Field& column) const {
    return db::as_int(core_.aggregate(db, Aggregate::Count, checked(column).path(), true));
  }

  /**
   * The matching rows as tuples of just these columns, in the query's order
   * (Django's values_list): columns of the model or paths across refs, each
   * read in its member type. Past a nullable ref a path's type is a
   * std::optional, nullopt for a row whose ref is NULL.
   *   for (const auto& [title, author] : Post::objects().values(db, post::title, post::author(author::name)))
   */
  template <class... Fields>
  std::vector<std::tuple<typename Fields::member_type...>> values(Executor db, const Fields&... columns) const {
    static_assert(sizeof...(Fields) > 0, "values() needs at least one column");
    const std::string paths[] = {std::string(checked(columns).path())...};
    ValuesReader<typename Fields::member_type...> reader{core_.values_plan(db, paths), {}};
    detail::stream(db, reader.plan, &reader, &decltype(reader)::read);
    return std::move(reader.rows);
  }

  /** The untyped query, for tests and for code that mixes in orm::Q paths ("author.name"). */
  const Query& query() const { return core_.query(); }

 private:
  // Django reads at most 21 rows in get(), enough to say "more than one" without fetching a table.
  static constexpr std::int64_t kGetLimit = 21;

  /** fetch()'s state while rows stream in; read() is a plain function, so no std::function per model. */
  struct Reader {
    detail::Plan plan;
    const std::vector<std::string>& related;
    bool want_keys;
    std::size_t key;
    std::vector<Model> objects;
    std::vector<db::Value> keys;  // what the prefetches look for

    static void read(void* context, const db::Cells& cells) {
      auto& self = *static_cast<Reader*>(context);
      if (self.objects.empty()) self.objects.reserve(cells.rows_hint());  // one allocation when the driver knows
      const RowView row(cells, self.plan.columns[0]);
      Model object = Model::from_row(row);
      for (std::size_t i = 0; i < self.related.size(); ++i) {
        object.attach_related(self.related[i], RowView(cells, self.plan.columns[i + 1]));
      }
      if (self.want_keys) self.keys.push_back(row.value(self.key));
      self.objects.push_back(std::move(object));
    }
  };

  /** values()'s state while rows stream in: each row's cells read straight into a tuple. */
  template <class... Ts>
  struct ValuesReader {
    detail::Plan plan;
    std::vector<std::tuple<Ts...>> rows;

    static void read(void* context, const db::Cells& cells) {
      auto& self = *static_cast<ValuesReader*>(context);
      if (self.rows.empty()) self.rows.reserve(cells.rows_hint());
      read_tuple(cells, self.rows.emplace_back(), std::index_sequence_for<Ts...>{});
    }
    template <std::size_t... Is>
    static void read_tuple(const db::Cells& cells, std::tuple<Ts...>& row, std::index_sequence<Is...>) {
      static constexpr int kColumns[] = {static_cast<int>(Is)...};  // value i is result column i
      const RowView view(cells, kColumns);
      (view.read(Is, std::get<Is>(row)), ...);
    }
  };

  /** A column or path of this model (aggregates and values() take either). */
  template <class Field>
  static const Field& checked(const Field& column) {
    static_assert(std::is_same_v<typename Field::model_type, Model>, "a column or path of this model");
    return column;
  }

  /** The field index of the model's key (prefetching needs a single-column key). */
  static std::size_t key_index() {
    const auto& spec = Model::spec();
    if (spec.primary_key.size() != 1) {
      throw QueryError(std::string(spec.name) + " has a composite primary key; prefetch_related needs a single one");
    }
    return static_cast<std::size_t>(spec.field(spec.primary_key[0]) - spec.fields.data());
  }
  /** Turns prefetched rows into Related objects and hands each owner its own, in order. */
  template <class Related>
  static void distribute(detail::Prefetch prefetch, std::vector<Model>& owners, Prefetched<Related> Model::*slot) {
    std::vector<std::vector<Related>> lists(owners.size());
    const std::size_t rows = prefetch.fetched.result.size();
    const std::size_t width = prefetch.fetched.result.column_count();
    // The rows are ours alone: their text moves into the objects rather than being copied.
    std::vector<db::Value> cells = std::move(prefetch.fetched.result).take_cells();
    for (std::size_t r = 0; r < rows; ++r) {
      const RowView row(std::span<db::Value>(cells.data() + r * width, width), prefetch.fetched.columns[0]);
      lists[prefetch.owner_of_row[r]].push_back(Related::from_row(row));
    }
    for (std::size_t i = 0; i < owners.size(); ++i) (owners[i].*slot).set(std::move(lists[i]));
  }
  template <class Child>
  static detail::PrefetchStep prefetch_step(const ReverseRelation<Model, Child>& relation) {
    return {detail::SharedObject::make(relation),
            [](const void* handle, void* objects, std::span<const db::Value> keys, Executor db) {
              const auto& r = *static_cast<const ReverseRelation<Model, Child>*>(handle);
              distribute(detail::prefetch_reverse(db, Child::spec(), &Child::resolve, r.field, keys),
                         *static_cast<std::vector<Model>*>(objects), r.slot);
            }};
  }
  template <class Target>
  static detail::PrefetchStep prefetch_step(const ManyField<Model, Target>& field) {
    return {detail::SharedObject::make(field),
            [](const void* handle, void* objects, std::span<const db::Value> keys, Executor db) {
              const auto& f = *static_cast<const ManyField<Model, Target>*>(handle);
              const schema::FieldSpec* many = Model::spec().field(f.name);
              if (many == nullptr) throw QueryError::unknown_field(Model::spec(), f.name);
              distribute(detail::prefetch_many(db, Target::spec(), &Target::resolve, *many, keys),
                         *static_cast<std::vector<Model>*>(objects), f.slot);
            }};
  }

  QuerySet select_path(const std::string& path) const {
    QuerySet next = *this;
    next.core_.select_related(path);
    return next;
  }

  static Ordering to_ordering(const Ordering& ordering) { return ordering; }
  template <class T>
  static Ordering to_ordering(const Column<Model, T>& column) {
    return column.asc();
  }
  template <class T>
  static Ordering to_ordering(const Path<Model, T>& path) {
    return path.asc();
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
