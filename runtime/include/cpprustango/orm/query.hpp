// The dynamic query: what a QuerySet (typed, generated) or the admin (by
// ModelSpec) asks the database for, before it becomes SQL. Field paths are
// field names; FK hops are separated by dots: "author.name".
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::orm {

/** Django's field lookups. */
enum class Lookup : std::uint8_t {
  Exact, IExact, Contains, IContains, StartsWith, IStartsWith, EndsWith, IEndsWith,
  Gt, Gte, Lt, Lte, In, IsNull, Range,
};

/** The Django spelling: lookup_name(Lookup::IContains) == "icontains". */
std::string_view lookup_name(Lookup lookup);
std::optional<Lookup> lookup_from_name(std::string_view name);

/**
 * A condition tree, as Django's Q: leaves test one field path, nodes combine.
 *   Q published("status", Lookup::Exact, {"published"});
 *   auto where = published && !Q("title", Lookup::IContains, {"draft"});
 */
class Q {
 public:
  enum class Kind : std::uint8_t { Leaf, And, Or, Not };

  Q(std::string path, Lookup lookup, std::vector<db::Value> values = {});

  friend Q operator&&(Q left, Q right) { return Q(Kind::And, {std::move(left), std::move(right)}); }
  friend Q operator||(Q left, Q right) { return Q(Kind::Or, {std::move(left), std::move(right)}); }
  friend Q operator!(Q inner) { return Q(Kind::Not, {std::move(inner)}); }

  Kind kind() const { return kind_; }
  const std::string& path() const { return path_; }
  Lookup lookup() const { return lookup_; }
  const std::vector<db::Value>& values() const { return values_; }
  const std::vector<Q>& children() const { return children_; }

 private:
  Q(Kind kind, std::vector<Q> children) : kind_(kind), children_(std::move(children)) {}

  Kind kind_ = Kind::Leaf;
  std::string path_;
  Lookup lookup_ = Lookup::Exact;
  std::vector<db::Value> values_;
  std::vector<Q> children_;
};

struct Ordering {
  std::string path;
  bool descending = false;
};

enum class Aggregate : std::uint8_t { Count, Sum, Avg, Min, Max };

/**
 * Restricts a query of a many() field's target model to the rows linked to
 * some owners through the field's join table (Post.tags: the Tags of these
 * Posts). select() adds the owner key as a last column, so prefetching
 * several owners' rows takes one query.
 */
struct Through {
  const schema::FieldSpec* field = nullptr;  ///< the many() field, on the owner model
  std::vector<db::Value> owners;             ///< owner keys
};

struct Query {
  const schema::ModelSpec* model = nullptr;
  std::optional<Q> where;
  std::vector<Ordering> order_by;           ///< empty: the model's @@ordering
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
  std::vector<std::string> select_related;  ///< ref paths whose rows come in the same query
  /**
   * Fields to select; empty: every column. A path ("author.name") restricts
   * a select_related hop the same way. Each restricted model keeps its key
   * and the refs select_related follows from it.
   */
  std::vector<std::string> only;
  std::optional<Through> through;           ///< set: only rows linked to these owners by a many() field
};

/**
 * A query that cannot be built: an unknown field, a lookup that does not
 * apply to the field's type, the wrong number of values. Names model and field:
 *   "Post has no field 'titel' (fields: id, title, body, ...)"
 */
class QueryError : public Error {
 public:
  using Error::Error;

  /** "Post has no field 'titel' (fields: id, title, body)": the one wording for every unknown name. */
  static QueryError unknown_field(const schema::ModelSpec& model, std::string_view name);
};

/**
 * Finds the model a ref field points at (generated code knows statically; the
 * CLI asks a SpecSet): a function, a lambda without captures, or a function
 * given a context that outlives the resolver (the admin's registry). Two
 * pointers rather than a std::function, so the query headers need no <functional>.
 *   ModelResolver by_function = &blog::Post::resolve;
 *   ModelResolver by_lambda = [](const schema::FieldSpec& f) { return specs().target(f); };
 *   ModelResolver by_context{&registry, [](const void* r, const schema::FieldSpec& f) {
 *     return static_cast<const Registry*>(r)->target(f); }};
 * An empty resolver finds nothing (nullptr).
 */
class ModelResolver {
 public:
  using Function = const schema::ModelSpec* (*)(const schema::FieldSpec& field);
  using ContextFunction = const schema::ModelSpec* (*)(const void* context, const schema::FieldSpec& field);

  ModelResolver() = default;
  template <class F>
    requires std::is_convertible_v<F, Function>
  ModelResolver(F function) : function_(static_cast<Function>(function)) {}  // NOLINT: implicit on purpose
  ModelResolver(const void* context, ContextFunction function) : context_(context), context_function_(function) {}

  explicit operator bool() const { return function_ != nullptr || context_function_ != nullptr; }
  const schema::ModelSpec* operator()(const schema::FieldSpec& field) const {
    if (context_function_ != nullptr) return context_function_(context_, field);
    return function_ != nullptr ? function_(field) : nullptr;
  }

 private:
  Function function_ = nullptr;
  const void* context_ = nullptr;
  ContextFunction context_function_ = nullptr;
};

}  // namespace cpprustango::orm
