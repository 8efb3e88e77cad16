// What a render::Context holds, and how kainjow looks names up in it.
//
// kainjow's own data tree is a hash map per object with a node, a key and
// a heap string per value, built and torn down for every row of every page:
// most of a list page's allocations. A Context keeps small vectors of
// (key, value) instead and hands kainjow only what it needs to see: a string
// or a boolean as its own data; a nested context as a plain "true" whose
// names this lookup resolves; a list as a list of "true" placeholders, one
// per row. kainjow pushes what it enters (a section, a row) through the
// virtual push(), which maps the pointer back to the entries it stands for.
// Private to the runtime (render/templates.cpp).
#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/render/templates.hpp"

namespace cpprustango::render::detail {

namespace mustache = kainjow::mustache;

struct Entry;
using Fields = std::vector<Entry>;

/**
 * kainjow's data with a move that says it cannot throw (it only moves
 * pointers): without it, vectors of values copy every nested value when
 * they grow.
 */
struct View {
  mustache::data data{false};

  View() = default;
  explicit View(mustache::data value) noexcept : data(std::move(value)) {}
  View(const View&) = default;
  View(View&& other) noexcept : data(std::move(other.data)) {}
  View& operator=(View&& other) noexcept {
    data = std::move(other.data);
    return *this;
  }
  ~View() = default;
};

/** One value: `view` is what kainjow sees; `fields` (a nested context) or `rows` (a list) what it stands for. */
struct Node {
  enum class Kind { Scalar, Object, List };
  Kind kind = Kind::Scalar;
  View view;
  Fields fields;
  std::vector<Fields> rows;
};

struct Entry {
  std::string key;
  Node node;
};

/** A boolean. */
inline Node scalar(bool value) {
  Node node;
  node.view = View{mustache::data{value}};
  return node;
}

/** A string, moved in: kainjow's own constructor would copy it. */
inline Node scalar(std::string value) {
  Node node;
  node.view = View{mustache::data{mustache::data::type::string}};
  // The string is a heap object owned by this non-const data (kainjow only hands out a const&).
  const_cast<std::string&>(node.view.data.string_value()) = std::move(value);
  return node;
}

/** A nested context: kainjow sees "true" (its sections enter it); its names resolve in FieldsContext. */
inline Node object(Fields fields) {
  Node node;
  node.kind = Node::Kind::Object;
  node.view = View{mustache::data{true}};
  node.fields = std::move(fields);
  return node;
}

/** The value of `key` among `fields`, or null. */
inline const Node* find(const Fields& fields, std::string_view key) {
  for (const auto& entry : fields) {
    if (entry.key == key) return &entry.node;
  }
  return nullptr;
}

/** Sets `key` to `node`, replacing an earlier value of the same key. */
inline void put(Fields& fields, std::string key, Node node) {
  for (auto& entry : fields) {
    if (entry.key == key) {
      entry.node = std::move(node);
      return;
    }
  }
  // Most contexts (a row, a message) hold a handful of values: make room once rather than grow from one.
  if (fields.empty()) fields.reserve(8);
  fields.emplace_back(std::move(key), std::move(node));
}

/**
 * kainjow's context over Fields, with kainjow's lookup rules: a plain name is
 * looked for from the innermost section out; "a.b" walks nested contexts;
 * "." is the innermost value itself.
 */
class FieldsContext : public mustache::basic_context<std::string> {
 public:
  explicit FieldsContext(const Fields& root) { frames_.push_back(Frame{&root_view_, &root}); }

  void push(const mustache::data* data) override { frames_.push_back(Frame{data, fields_of(data)}); }
  void pop() override { frames_.pop_back(); }

  const mustache::data* get(const std::string& name) const override {
    if (name.size() == 1 && name[0] == '.') return frames_.back().data;
    if (name.find('.') == std::string::npos) {
      for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
        if (frame->fields == nullptr) continue;
        if (const Node* node = find(*frame->fields, name)) return seen(*node);
      }
      return nullptr;
    }
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      if (const Node* node = walk(frame->fields, name)) return seen(*node);
    }
    return nullptr;
  }

 private:
  struct Frame {
    const mustache::data* data;
    const Fields* fields;  // null: a string, a boolean or an unknown value (no names inside)
  };

  /** "a.b.c" from `fields`: every part but the last must be a nested context. */
  static const Node* walk(const Fields* fields, std::string_view name) {
    const Node* node = nullptr;
    while (fields != nullptr) {
      const auto dot = name.find('.');
      node = find(*fields, name.substr(0, dot));
      if (node == nullptr || dot == std::string_view::npos) return node;
      name.remove_prefix(dot + 1);
      fields = node->kind == Node::Kind::Object ? &node->fields : nullptr;
    }
    return nullptr;
  }

  /** Remembers what a returned view stands for, so push() can map it back. */
  const mustache::data* seen(const Node& node) const {
    if (node.kind != Node::Kind::Scalar && (seen_.empty() || seen_.back() != &node)) seen_.push_back(&node);
    return &node.view.data;
  }

  /**
   * What a pushed pointer stands for. kainjow pushes a section's value right
   * after looking it up, and a list's rows one after another, each once the
   * sections inside the row before have ended: so whatever was looked up after
   * the match is finished with, and dropping it keeps the search as short as
   * the sections are deep, however many rows a page has.
   */
  const Fields* fields_of(const mustache::data* data) const {
    for (std::size_t i = seen_.size(); i-- > 0;) {
      const Node& candidate = *seen_[i];
      const Fields* found = nullptr;
      if (candidate.kind == Node::Kind::Object && &candidate.view.data == data) {
        found = &candidate.fields;
      } else if (candidate.kind == Node::Kind::List && !candidate.rows.empty()) {
        const auto& items = candidate.view.data.list_value();
        if (data >= items.data() && data < items.data() + items.size()) {
          found = &candidate.rows[static_cast<std::size_t>(data - items.data())];
        }
      }
      if (found != nullptr) {
        seen_.resize(i + 1);
        return found;
      }
    }
    return nullptr;
  }

  mustache::data root_view_{true};
  std::vector<Frame> frames_;
  mutable std::vector<const Node*> seen_;
};

}  // namespace cpprustango::render::detail
