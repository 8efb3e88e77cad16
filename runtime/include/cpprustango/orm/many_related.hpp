// The manager a many() field gives an object: `post.tags()` adds, removes,
// sets and lists the rows linked to it through the field's join table. The
// SQL is SqlCompiler::link/unlink and Query::through; the untyped work is
// detail::change_links (runtime/src/orm/relations.cpp).
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "cpprustango/orm/queryset.hpp"

namespace cpprustango::orm {

/**
 * What a many() field gives an object: `post.tags()` adds, removes and lists
 * the Tags linked to this Post through the join table. Key is Target's key type.
 *   post.tags().add(db, python);          // or keys: add(db, {1, 2})
 *   post.tags().set(db, {1, 3});          // exactly these, in one transaction
 *   post.tags().all().order_by(tag::name).fetch(db);
 */
template <class Target, class Key>
class ManyRelated {
 public:
  /** `saved` is false for an owner that has no row yet: its links cannot exist. */
  ManyRelated(const schema::ModelSpec& owner_model, const schema::FieldSpec& many, db::Value owner, bool saved,
              Key Target::*key)
      : owner_model_(&owner_model), many_(&many), owner_(std::move(owner)), saved_(saved), key_(key) {}

  /** Links these rows (already linked ones stay, once). */
  void add(Executor db, std::initializer_list<Key> keys) const { change(db, detail::LinkChange::Add, keys); }
  void add(Executor db, const std::vector<Key>& keys) const { change(db, detail::LinkChange::Add, keys); }
  void add(Executor db, const Target& target) const { add(db, {target.*key_}); }
  /** Unlinks these rows (the rows themselves stay). */
  void remove(Executor db, std::initializer_list<Key> keys) const { change(db, detail::LinkChange::Remove, keys); }
  void remove(Executor db, const std::vector<Key>& keys) const { change(db, detail::LinkChange::Remove, keys); }
  void remove(Executor db, const Target& target) const { remove(db, {target.*key_}); }
  /** Leaves exactly these rows linked, in one transaction. */
  void set(Executor db, std::initializer_list<Key> keys) const { change(db, detail::LinkChange::Set, keys); }
  void set(Executor db, const std::vector<Key>& keys) const { change(db, detail::LinkChange::Set, keys); }
  /** Unlinks every row. */
  void clear(Executor db) const { change(db, detail::LinkChange::Clear, std::vector<Key>{}); }
  /** The linked rows, as a QuerySet to filter, order or count further. */
  QuerySet<Target> all() const {
    require_saved();
    return Target::objects().linked_to(*many_, owner_);
  }

 private:
  template <class Keys>
  void change(Executor db, detail::LinkChange what, const Keys& keys) const {
    require_saved();
    std::vector<db::Value> values;
    values.reserve(keys.size());
    for (const Key& key : keys) values.push_back(Convert<Key>::to(key));
    detail::change_links(db, *many_, owner_, what, values);
  }
  void require_saved() const {
    if (!saved_) {
      throw QueryError("save the " + std::string(owner_model_->name) + " before using its " +
                       std::string(many_->name) + ": its links need its key");
    }
  }

  const schema::ModelSpec* owner_model_;
  const schema::FieldSpec* many_;
  db::Value owner_;
  bool saved_;
  Key Target::*key_;
};

}  // namespace cpprustango::orm
