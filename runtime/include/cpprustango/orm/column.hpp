// Typed column objects: what generated headers declare for every field
// (blog::post::title; defined constexpr in the generated models.cpp, so a file
// instantiates only the Column classes it uses) and what the typed QuerySet takes. Each operator
// builds an untyped orm::Q leaf, converting its operand with Convert<T>, so
// a comparison with the wrong C++ type fails to compile at the call site,
// and text lookups exist only on text columns.
//
//   using namespace blog;
//   Post::objects().filter(post::status == Post::Status::published && post::title.icontains("c++"))
//                  .order_by(-post::published_at);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/query.hpp"

namespace cpprustango::orm {

/**
 * One `field = value` of an UPDATE; the same alias compiler.hpp declares,
 * repeated so that models headers need not include the compiler (and <functional>).
 */
using Assignment = std::pair<std::string, db::Value>;

template <class Model, class T>
class Column;
template <class Model, class T, class Target>
class RefColumn;
template <class Model, class T>
class Path;
template <class Model, class T, class Target>
class RefPath;

namespace detail {

/**
 * The lookups of a typed column, over Self::path(): a field name
 * ("title"), or a path across refs ("author.name"). T is the member type
 * (std::optional<U> when nullable).
 */
template <class Self, class T>
class Lookups {
 public:
  using member_type = T;
  /** What lookups take: T, or U for a nullable std::optional<U>. */
  using value_type = unwrap_optional_t<T>;

  friend Q operator==(const Self& column, const value_type& value) { return leaf(column, Lookup::Exact, value); }
  friend Q operator!=(const Self& column, const value_type& value) { return !(column == value); }
  friend Q operator<(const Self& column, const value_type& value) { return leaf(column, Lookup::Lt, value); }
  friend Q operator<=(const Self& column, const value_type& value) { return leaf(column, Lookup::Lte, value); }
  friend Q operator>(const Self& column, const value_type& value) { return leaf(column, Lookup::Gt, value); }
  friend Q operator>=(const Self& column, const value_type& value) { return leaf(column, Lookup::Gte, value); }

  /** `post::id.in({1, 2, 3})`; an empty list matches nothing. */
  Q in(const std::vector<value_type>& values) const {
    std::vector<db::Value> converted;
    converted.reserve(values.size());
    for (const auto& value : values) converted.push_back(Convert<value_type>::to(value));
    return Q(self().path(), Lookup::In, std::move(converted));
  }
  /** `post::rating.range(1, 3)`: BETWEEN, both ends included. */
  Q range(const value_type& low, const value_type& high) const {
    return Q(self().path(), Lookup::Range, {Convert<value_type>::to(low), Convert<value_type>::to(high)});
  }
  /** `post::published_at.isnull()`; only nullable columns have it. */
  Q isnull(bool is_null = true) const
    requires is_optional_v<T>
  {
    return Q(self().path(), Lookup::IsNull, {is_null});
  }

  // Text lookups, only where the value is text (a lookup on a number column does not compile).
  Q iexact(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::IExact, text); }
  Q contains(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::Contains, text); }
  Q icontains(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::IContains, text); }
  Q startswith(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::StartsWith, text); }
  Q istartswith(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::IStartsWith, text); }
  Q endswith(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::EndsWith, text); }
  Q iendswith(std::string_view text) const requires std::same_as<value_type, std::string> { return text_leaf(Lookup::IEndsWith, text); }

  /** `order_by(post::title.asc())`; a bare column also means ascending. */
  Ordering asc() const { return {self().path(), false}; }
  Ordering desc() const { return {self().path(), true}; }
  /** `order_by(-post::published_at)`: descending. */
  friend Ordering operator-(const Self& column) { return column.desc(); }

 private:
  const Self& self() const { return static_cast<const Self&>(*this); }
  static Q leaf(const Self& column, Lookup lookup, const value_type& value) {
    return Q(column.path(), lookup, {Convert<value_type>::to(value)});
  }
  Q text_leaf(Lookup lookup, std::string_view text) const {
    return Q(self().path(), lookup, {db::Value(std::string(text))});
  }
};

/** U as read across a ref of member type Ref: std::optional when the ref may be NULL (a LEFT JOIN finds no row). */
template <class Ref, class U>
using across_t = std::conditional_t<is_optional_v<Ref> && !is_optional_v<U>, std::optional<U>, U>;

/**
 * Following a ref to a column of its target: `post::author(author::name)`
 * is Post's "author.name"; a ref of the target continues the path. Past a
 * nullable ref every column is nullable (std::optional), as the LEFT JOIN
 * reads NULL for a post without author.
 */
template <class Self, class Model, class Target, class Ref>
class Follows {
 public:
  template <class U>
  Path<Model, across_t<Ref, U>> operator()(const Column<Target, U>& column) const {
    return Path<Model, across_t<Ref, U>>(self().path() + "." + column.path());
  }
  template <class U, class Next>
  RefPath<Model, across_t<Ref, U>, Next> operator()(const RefColumn<Target, U, Next>& ref) const {
    return RefPath<Model, across_t<Ref, U>, Next>(self().path() + "." + ref.path());
  }

 private:
  const Self& self() const { return static_cast<const Self&>(*this); }
};

}  // namespace detail

/**
 * A field of Model whose member has type T (std::optional<U> when nullable).
 *   constexpr orm::Column<Post, std::string> title{"title"};
 *   auto q = title.startswith("How") || title == "FAQ";
 */
template <class Model, class T>
class Column : public detail::Lookups<Column<Model, T>, T> {
 public:
  using model_type = Model;

  constexpr explicit Column(std::string_view name) : name_(name) {}
  constexpr std::string_view name() const { return name_; }
  std::string path() const { return std::string(name_); }

  /** One assignment of QuerySet::update(): `qs.update(db, {post::status.set(Post::Status::draft)})`. */
  Assignment set(const T& value) const { return {std::string(name_), Convert<T>::to(value)}; }

 private:
  std::string_view name_;
};

/**
 * A ref field: a column of the target's key type that also names the target
 * model, so select_related() knows what to build, and that leads to the
 * target's columns.
 *   Post::objects().select_related(post::author).filter(post::author(author::name) == "Ada")
 */
template <class Model, class T, class Target>
class RefColumn : public Column<Model, T>, public detail::Follows<RefColumn<Model, T, Target>, Model, Target, T> {
 public:
  using target_type = Target;
  using Column<Model, T>::Column;
  using detail::Follows<RefColumn, Model, Target, T>::operator();
};

/**
 * A column of another model reached from Model across refs; it filters and
 * orders Model's rows (a LEFT JOIN per hop, as orm::Q("author.name", ...) does).
 *   Post::objects().filter(post::author(author::country)(country::code) == "FR")
 *                  .order_by(post::author(author::name))
 */
template <class Model, class T>
class Path : public detail::Lookups<Path<Model, T>, T> {
 public:
  using model_type = Model;
  explicit Path(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/** A ref reached across refs: it continues the path, and select_related() fetches every hop of it. */
template <class Model, class T, class Target>
class RefPath : public Path<Model, T>, public detail::Follows<RefPath<Model, T, Target>, Model, Target, T> {
 public:
  using target_type = Target;
  using Path<Model, T>::Path;
  using Path<Model, T>::path;
  using detail::Follows<RefPath, Model, Target, T>::operator();
};

}  // namespace cpprustango::orm
