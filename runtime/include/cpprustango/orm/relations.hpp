// The typed handles of relations a model does not hold as a column: the
// reverse side of a ref (Author.posts, the Posts whose author is this
// Author) and a many() field (Post.tags). Generated headers declare one
// constant per relation in the model's column namespace (blog::author::posts,
// blog::post::tags) for prefetch_related(), and a Prefetched<> slot on the
// struct (author.posts_, post.tags_) that prefetch_related() fills.
//
//   for (const auto& a : Author::objects().prefetch_related(author::posts).fetch(db))
//     for (const Post& p : a.posts_) std::cout << a.name << ": " << p.title << "\n";
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/orm/query.hpp"

namespace cpprustango::orm {

/**
 * The related rows prefetch_related() read for one object, in the related
 * model's @@ordering (else by key). Reading a slot the query did not
 * prefetch throws QueryError naming the relation, rather than looking empty.
 * Copies share the rows, as Related<> does, so models may hold each other.
 */
template <class T>
class Prefetched {
 public:
  /** `relation` names the slot in messages: "Author.posts". */
  constexpr explicit Prefetched(std::string_view relation) : relation_(relation) {}

  bool fetched() const { return items_ != nullptr; }
  const std::vector<T>& all() const {
    if (items_ == nullptr) {
      throw QueryError(std::string(relation_) + " was not prefetched: add prefetch_related(...) with it to the query");
    }
    return *items_;
  }
  auto begin() const { return all().begin(); }
  auto end() const { return all().end(); }
  std::size_t size() const { return all().size(); }
  bool empty() const { return all().empty(); }
  const T& operator[](std::size_t index) const { return all()[index]; }

  void set(std::vector<T> items) { items_ = std::make_shared<const std::vector<T>>(std::move(items)); }
  void reset() { items_.reset(); }

 private:
  std::string_view relation_;
  std::shared_ptr<const std::vector<T>> items_;
};

/**
 * The reverse side of Child's ref field `field` to Owner: the Children whose
 * `field` holds an Owner's key. Named by the ref's @related_name, else
 * "<child in snake_case>_set" (Django's default: author::post_set).
 *   Author::objects().prefetch_related(author::posts)   // fills author.posts_
 */
template <class Owner, class Child>
struct ReverseRelation {
  std::string_view field;             ///< the ref field on Child
  Prefetched<Child> Owner::*slot;     ///< where prefetch_related() puts the rows
};

/**
 * A many() field of Owner whose target is Target; its rows live in the
 * field's join table (FieldSpec::through).
 *   Post::objects().prefetch_related(post::tags)        // fills post.tags_
 */
template <class Owner, class Target>
struct ManyField {
  std::string_view name;              ///< the many() field on Owner
  Prefetched<Target> Owner::*slot;
};

}  // namespace cpprustango::orm
