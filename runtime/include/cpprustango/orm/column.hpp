// Typed column objects: what generated headers declare for every field
// (blog::post::title) and what the typed QuerySet takes. Each operator
// builds an untyped orm::Q leaf, converting its operand with Convert<T>, so
// a comparison with the wrong C++ type fails to compile at the call site,
// and text lookups exist only on text columns.
//
//   using namespace blog;
//   Post::objects().filter(post::status == Post::Status::published && post::title.icontains("c++"))
//                  .order_by(-post::published_at);
#pragma once

#include <string>
#include <string_view>
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

/**
 * A field of Model whose member has type T (std::optional<U> when nullable).
 *   constexpr orm::Column<Post, std::string> title{"title"};
 *   auto q = title.startswith("How") || title == "FAQ";
 */
template <class Model, class T>
class Column {
 public:
  using model_type = Model;
  using member_type = T;
  /** What lookups take: T, or U for a nullable std::optional<U>. */
  using value_type = unwrap_optional_t<T>;

  constexpr explicit Column(std::string_view name) : name_(name) {}
  constexpr std::string_view name() const { return name_; }

  friend Q operator==(const Column& column, const value_type& value) { return column.leaf(Lookup::Exact, value); }
  friend Q operator!=(const Column& column, const value_type& value) { return !(column == value); }
  friend Q operator<(const Column& column, const value_type& value) { return column.leaf(Lookup::Lt, value); }
  friend Q operator<=(const Column& column, const value_type& value) { return column.leaf(Lookup::Lte, value); }
  friend Q operator>(const Column& column, const value_type& value) { return column.leaf(Lookup::Gt, value); }
  friend Q operator>=(const Column& column, const value_type& value) { return column.leaf(Lookup::Gte, value); }

  /** `post::id.in({1, 2, 3})`; an empty list matches nothing. */
  Q in(const std::vector<value_type>& values) const {
    std::vector<db::Value> converted;
    converted.reserve(values.size());
    for (const auto& value : values) converted.push_back(Convert<value_type>::to(value));
    return Q(std::string(name_), Lookup::In, std::move(converted));
  }
  /** `post::rating.range(1, 3)`: BETWEEN, both ends included. */
  Q range(const value_type& low, const value_type& high) const {
    return Q(std::string(name_), Lookup::Range, {Convert<value_type>::to(low), Convert<value_type>::to(high)});
  }
  /** `post::published_at.isnull()`; only nullable columns have it. */
  Q isnull(bool is_null = true) const
    requires is_optional_v<T>
  {
    return Q(std::string(name_), Lookup::IsNull, {is_null});
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
  Ordering asc() const { return {std::string(name_), false}; }
  Ordering desc() const { return {std::string(name_), true}; }
  /** `order_by(-post::published_at)`: descending. */
  friend Ordering operator-(const Column& column) { return column.desc(); }

  /** One assignment of QuerySet::update(): `qs.update(db, {post::status.set(Post::Status::draft)})`. */
  Assignment set(const T& value) const { return {std::string(name_), Convert<T>::to(value)}; }

 private:
  Q leaf(Lookup lookup, const value_type& value) const {
    return Q(std::string(name_), lookup, {Convert<value_type>::to(value)});
  }
  Q text_leaf(Lookup lookup, std::string_view text) const {
    return Q(std::string(name_), lookup, {db::Value(std::string(text))});
  }

  std::string_view name_;
};

/**
 * A ref field: a column of the target's key type that also names the target
 * model, so select_related() knows what to build.
 *   Post::objects().select_related(post::author)
 */
template <class Model, class T, class Target>
class RefColumn : public Column<Model, T> {
 public:
  using target_type = Target;
  using Column<Model, T>::Column;
};

}  // namespace cpprustango::orm
