// Which fields of a model a viewset reads and writes, and how: the JSON side
// of a model, as DRF's ModelSerializer. By default every field except @noform
// ones (a password hash never leaves the server); keys the database assigns,
// @noedit and @auto_now fields are read-only. Refs read and write as the
// target's key unless nested() asks for the whole object on read; many()
// fields are lists of keys.
//
//   rest::Serializer post(blog::specs::Post);
//   post.only({"id", "title", "author", "tags", "published_at"})
//       .nested("author")                              // {"author": {"id": 1, "name": "Ann"}}
//       .source("author_name", "author.name")          // read-only, from a ref path
//       .computed("title_length", [](const orm::Record& r) {
//         return db::Value(std::int64_t(db::as_string(r.get("title")).size())); })
//       .write_only({"secret"});
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::rest {

/** A value worked out from the row on read: a scalar, written as its JSON form. */
using Computed = std::function<db::Value(const orm::Record&)>;

struct SerializerField {
  std::string name{};    ///< the JSON key
  std::string source{};  ///< the model field or ref path ("author.name") it reads; empty for computed
  const schema::FieldSpec* field = nullptr;  ///< the field `source` ends at; nullptr for computed
  bool read_only = false;
  bool write_only = false;
  bool nested = false;  ///< a ref shown as the target row's object
  Computed computed{};
};

/** Thrown while declaring a serializer, filter set or viewset that names what the model lacks. */
class DeclarationError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Serializer {
 public:
  /** Every field of `model` but the @noform ones; `resolver` finds ref targets (for source paths and nesting). */
  Serializer(const schema::ModelSpec& model, orm::ModelResolver resolver = {});

  /** Keeps only these fields, in this order (declared sources and computed fields stay). */
  Serializer& only(std::initializer_list<std::string_view> names);
  Serializer& exclude(std::initializer_list<std::string_view> names);
  Serializer& read_only(std::initializer_list<std::string_view> names);
  Serializer& write_only(std::initializer_list<std::string_view> names);
  /** A read-only key `name` with the value at `path`: another field, or a ref path ("author.name"). */
  Serializer& source(std::string name, std::string_view path);
  /** A read-only key `name` whose value `compute` works out from the row. */
  Serializer& computed(std::string name, Computed compute);
  /** Reads the ref `name` as the target row's fields (writes still take its key). */
  Serializer& nested(std::string_view name);

  const schema::ModelSpec& model() const { return *model_; }
  const orm::ModelResolver& resolver() const { return resolver_; }
  const std::vector<SerializerField>& fields() const { return fields_; }
  /** The ref paths a read needs joined (select_related), for nested fields and sources. */
  std::vector<std::string> related_paths() const;

 private:
  SerializerField* find(std::string_view name);

  const schema::ModelSpec* model_;
  orm::ModelResolver resolver_;
  std::vector<SerializerField> fields_;
};

}  // namespace cpprustango::rest
