// What a render::Context holds, and how kainjow looks names up in it.
//
// kainjow's own data tree is a hash map per object with a node, a key and
// a heap string per value, built and torn down for every row of every page:
// most of a list page's allocations. A Context keeps small vectors of
// (key, value) with plain strings instead, and kainjow sees a value only
// when the template names it: the lookup copies a string into one of this
// thread's reused kainjow values (no allocation once warm), hands out two
// shared booleans, a reused "true" for a nested context and a reused list of
// "true" placeholders for a list. kainjow pushes what it enters (a section,
// a row) through the virtual push(), which maps the pointer back to the
// entries it stands for.
// Private to the runtime (render/templates.cpp).
#pragma once

#include <kainjow/mustache.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/render/templates.hpp"

namespace cpprustango::render::detail {

namespace mustache = kainjow::mustache;

struct Entry;
using Fields = std::vector<Entry>;

/** One value: a string, a boolean, a nested context (`fields`) or a list of them (`rows`). */
struct Node {
  enum class Kind { Text, Bool, Object, List };
  Kind kind = Kind::Text;
  bool flag = false;
  std::string text;
  Fields fields;
  std::vector<Fields> rows;
};

struct Entry {
  std::string key;
  Node node;
};

/** The value of `key` among `fields`, or null. */
inline const Node* find(const Fields& fields, std::string_view key) {
  for (const auto& entry : fields) {
    if (entry.key == key) return &entry.node;
  }
  return nullptr;
}

/**
 * The node of `key` among `fields`, emptied to be filled in place (an
 * earlier value of the same key is replaced); a new one at the end if none.
 */
inline Node& put(Fields& fields, std::string&& key) {
  for (auto& entry : fields) {
    if (entry.key == key) {
      entry.node = Node{};
      return entry.node;
    }
  }
  // Most contexts (a row, a message) hold a handful of values: make room once rather than grow from one.
  if (fields.empty()) fields.reserve(8);
  return fields.emplace_back(std::move(key)).node;  // built in place: the key moves once
}

/**
 * The kainjow values one render hands out, kept by the thread for the next
 * render: a value is handed out once per lookup and stays valid (and
 * unchanged) until the render ends, since kainjow holds a section's value
 * while it renders the section. Taken and given back around each render, so
 * a render inside a render gets its own.
 */
class Views {
 public:
  /** This thread's spare set, or a new one; give it back with release(). */
  static std::unique_ptr<Views> take() {
    auto& spares = spare_views();
    if (spares.empty()) return std::make_unique<Views>();
    auto views = std::move(spares.back());
    spares.pop_back();
    return views;
  }

  static void release(std::unique_ptr<Views> views) {
    views->reset();
    spare_views().push_back(std::move(views));
  }

  const mustache::data* text(const std::string& value) {
    auto& slot = next(texts_, used_texts_, mustache::data::type::string);
    // kainjow only hands out a const&; the string is a heap object owned by this non-const data.
    const_cast<std::string&>(slot.string_value()).assign(value);
    oversized_ = oversized_ || value.size() > kKeptTextBytes;
    return &slot;
  }

  const mustache::data* object() { return &next(objects_, used_objects_, true); }

  const mustache::data* list(std::size_t rows) {
    auto& slot = next(lists_, used_lists_, mustache::data::type::list);
    auto& items = const_cast<mustache::list&>(slot.list_value());
    items.clear();
    items.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) items.emplace_back(true);
    return &slot;
  }

  static const mustache::data* boolean(bool value) {
    static const mustache::data yes{true};
    static const mustache::data no{false};
    return value ? &yes : &no;
  }

 private:
  // Past these a page was unusually large: its extra values are freed rather than kept by the thread.
  static constexpr std::size_t kKeptValues = 4096;
  static constexpr std::size_t kKeptTextBytes = 16 * 1024;

  // Each value on the heap, so the addresses handed out stay put as the vector grows.
  using Slots = std::vector<std::unique_ptr<mustache::data>>;

  static std::vector<std::unique_ptr<Views>>& spare_views() {
    thread_local std::vector<std::unique_ptr<Views>> spares;
    return spares;
  }

  template <typename Init>
  static mustache::data& next(Slots& slots, std::size_t& used, Init init) {
    if (used == slots.size()) slots.push_back(std::make_unique<mustache::data>(init));
    return *slots[used++];
  }

  void reset() {
    if (oversized_) {
      for (std::size_t i = 0; i < used_texts_; ++i) {
        auto& text = const_cast<std::string&>(texts_[i]->string_value());
        if (text.capacity() > kKeptTextBytes) std::string().swap(text);
      }
    }
    for (std::size_t i = 0; i < used_lists_; ++i) {
      auto& items = const_cast<mustache::list&>(lists_[i]->list_value());
      if (items.capacity() > kKeptValues) mustache::list().swap(items);
    }
    for (auto* slots : {&texts_, &objects_, &lists_}) {
      if (slots->size() > kKeptValues) slots->resize(kKeptValues);
    }
    used_texts_ = used_objects_ = used_lists_ = 0;
    oversized_ = false;
  }

  Slots texts_;
  Slots objects_;
  Slots lists_;
  std::size_t used_texts_ = 0;
  std::size_t used_objects_ = 0;
  std::size_t used_lists_ = 0;
  bool oversized_ = false;  // a text past kKeptTextBytes was handed out
};

/**
 * kainjow's context over Fields, with kainjow's lookup rules: a plain name is
 * looked for from the innermost section out; "a.b" walks nested contexts;
 * "." is the innermost value itself.
 */
class FieldsContext : public mustache::basic_context<std::string> {
 public:
  explicit FieldsContext(const Fields& root) : views_(Views::take()) { frames_.push_back(Frame{&root_view_, &root}); }
  ~FieldsContext() override { Views::release(std::move(views_)); }
  FieldsContext(const FieldsContext&) = delete;
  FieldsContext& operator=(const FieldsContext&) = delete;

  void push(const mustache::data* data) override { frames_.push_back(Frame{data, fields_of(data)}); }
  void pop() override { frames_.pop_back(); }

  const mustache::data* get(const std::string& name) const override {
    if (name.size() == 1 && name[0] == '.') return frames_.back().data;
    if (name.find('.') == std::string::npos) {
      for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
        if (frame->fields == nullptr) continue;
        if (const Node* node = find(*frame->fields, name)) return view_of(*node);
      }
      return nullptr;
    }
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      if (const Node* node = walk(frame->fields, name)) return view_of(*node);
    }
    return nullptr;
  }

 private:
  struct Frame {
    const mustache::data* data;
    const Fields* fields;  // null: a string, a boolean or an unknown value (no names inside)
  };

  /** A nested context or a list handed to kainjow, and the value kainjow got for it. */
  struct Seen {
    const Node* node;
    const mustache::data* view;
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

  /** What kainjow sees for `node`; a nested context or a list is remembered, so push() can map it back. */
  const mustache::data* view_of(const Node& node) const {
    switch (node.kind) {
      case Node::Kind::Text: return views_->text(node.text);
      case Node::Kind::Bool: return Views::boolean(node.flag);
      case Node::Kind::Object: return remembered(node, views_->object());
      case Node::Kind::List: return remembered(node, views_->list(node.rows.size()));
    }
    return nullptr;
  }

  const mustache::data* remembered(const Node& node, const mustache::data* view) const {
    seen_.push_back(Seen{&node, view});
    return view;
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
      const auto& [node, view] = seen_[i];
      const Fields* found = nullptr;
      if (node->kind == Node::Kind::Object && view == data) {
        found = &node->fields;
      } else if (node->kind == Node::Kind::List && !node->rows.empty()) {
        const auto& items = view->list_value();
        if (data >= items.data() && data < items.data() + items.size()) {
          found = &node->rows[static_cast<std::size_t>(data - items.data())];
        }
      }
      if (found != nullptr) {
        seen_.resize(i + 1);
        return found;
      }
    }
    return nullptr;
  }

  std::unique_ptr<Views> views_;
  mustache::data root_view_{true};
  std::vector<Frame> frames_;
  mutable std::vector<Seen> seen_;
};

}  // namespace cpprustango::render::detail
