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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/orm/query.hpp"

namespace cpprustango::orm {

namespace detail {

/**
 * An object of any type shared by every copy of this handle and deleted with
 * the last one, as std::shared_ptr<void> would hold it (the count is atomic).
 * Related<T> and Prefetched<T> keep their objects in one; its copying and
 * destroying are out of line (runtime/src/orm/relations.cpp), so the headers
 * every model file includes need not parse <memory>.
 *   SharedObject shared = SharedObject::make(std::vector<int>{1, 2});
 *   static_cast<const std::vector<int>*>(shared.get())->size();  // 2
 */
class SharedObject {
 public:
  constexpr SharedObject() noexcept = default;
  /** Owns `object` from here on: `destroy(object)` runs when the last copy goes, or now if this throws. */
  SharedObject(void* object, void (*destroy)(void*));
  SharedObject(const SharedObject& other) noexcept;
  SharedObject(SharedObject&& other) noexcept;
  SharedObject& operator=(SharedObject other) noexcept;
  ~SharedObject();

  /** A new T made from `value`. */
  template <class T>
  static SharedObject make(T value) {
    return SharedObject(new T(std::move(value)), [](void* object) { delete static_cast<T*>(object); });
  }

  void* get() const noexcept { return object_; }
  void reset() noexcept { SharedObject().swap(*this); }
  void swap(SharedObject& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(block_, other.block_);
  }

 private:
  struct Block;  ///< the owner count and the deleter
  void* object_ = nullptr;
  Block* block_ = nullptr;
};

}  // namespace detail

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

  bool fetched() const { return items_.get() != nullptr; }
  const std::vector<T>& all() const {
    if (items_.get() == nullptr) {
      throw QueryError(std::string(relation_) + " was not prefetched: add prefetch_related(...) with it to the query");
    }
    return *static_cast<const std::vector<T>*>(items_.get());
  }
  auto begin() const { return all().begin(); }
  auto end() const { return all().end(); }
  std::size_t size() const { return all().size(); }
  bool empty() const { return all().empty(); }
  const T& operator[](std::size_t index) const { return all()[index]; }

  void set(std::vector<T> items) { items_ = detail::SharedObject::make(std::move(items)); }
  void reset() { items_.reset(); }

 private:
  std::string_view relation_;
  detail::SharedObject items_;  ///< a std::vector<T>, shared by copies of the owning object
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
