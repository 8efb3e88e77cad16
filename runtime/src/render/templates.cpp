// Mustache templates via kainjow: the Context wraps kainjow's data tree, and
// templates and their partials are read from disk on every render so edits
// show up without a restart (the dev server relies on that).
#include "cpprustango/render/templates.hpp"

#include <cstdint>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <map>
#include <sstream>
#include <utility>

namespace cpprustango::render {

namespace mustache = kainjow::mustache;

struct Context::Impl {
  mustache::data data{mustache::data::type::object};
};

Context::Context() : impl_(std::make_unique<Impl>()) {}
Context::~Context() = default;
Context::Context(const Context& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Context& Context::operator=(const Context& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
// A moved-from Context stays usable (empty), as callers reuse them in loops.
Context::Context(Context&& other) noexcept : impl_(std::exchange(other.impl_, std::make_unique<Impl>())) {}
Context& Context::operator=(Context&& other) noexcept {
  std::swap(impl_, other.impl_);
  return *this;
}

Context& Context::set(std::string key, std::string value) {
  impl_->data.set(key, mustache::data{value});
  return *this;
}

Context& Context::set(std::string key, bool value) {
  impl_->data.set(key, mustache::data{value});
  return *this;
}

Context& Context::set(std::string key, Context value) {
  impl_->data.set(key, value.impl_->data);
  return *this;
}

Context& Context::set(std::string key, std::vector<Context> list) {
  mustache::data items{mustache::data::type::list};
  for (const auto& item : list) items.push_back(item.impl_->data);
  impl_->data.set(key, items);
  return *this;
}

namespace detail {
namespace {

// Partials may legally recurse (a tree rendered by a partial that includes
// itself), so a cycle cannot be refused up front; instead we refuse once the
// nesting has used this much stack, long before the thread's stack runs out.
constexpr std::uintptr_t kMaxPartialStackBytes = 1024 * 1024;

std::uintptr_t stack_position() {
  char marker = 0;
  return reinterpret_cast<std::uintptr_t>(&marker);
}

void check_name(const std::filesystem::path& directory, const std::string& name) {
  std::filesystem::path path{name};
  bool bad = name.empty() || path.is_absolute() || name.find("..") != std::string::npos ||
             name.find('\0') != std::string::npos;
  if (bad) {
    throw TemplateError("invalid template name \"" + name + "\": use a relative path inside " + directory.string());
  }
}

std::string display_path(const std::filesystem::path& directory, const std::string& name) {
  return (directory / name).lexically_normal().string();
}

std::string read_template(const std::filesystem::path& directory, const std::string& name) {
  check_name(directory, name);
  auto path = directory / name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw TemplateError("template not found: " + display_path(directory, name));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TemplateError("cannot read template " + display_path(directory, name));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

/** A kainjow context that resolves {{> name}} by reading name from the templates directory. */
class FileContext : public mustache::context<std::string> {
 public:
  FileContext(const mustache::data* data, std::filesystem::path directory)
      : mustache::context<std::string>(data), directory_(std::move(directory)), stack_base_(stack_position()) {}

  const mustache::data* get_partial(const std::string& name) const override {
    std::uintptr_t here = stack_position();
    std::uintptr_t used = here > stack_base_ ? here - stack_base_ : stack_base_ - here;
    if (used > kMaxPartialStackBytes) {
      throw TemplateError("partials nested too deeply at {{> " + name + "}} (does a partial include itself?)");
    }
    auto cached = partials_.find(name);
    if (cached == partials_.end()) {
      // std::map keeps node addresses stable, so the pointer handed to
      // kainjow stays valid while later partials are added.
      cached = partials_.emplace(name, mustache::data{read_template(directory_, name)}).first;
    }
    return &cached->second;
  }

 private:
  std::filesystem::path directory_;
  std::uintptr_t stack_base_;
  mutable std::map<std::string, mustache::data> partials_;
};

}  // namespace
}  // namespace detail

Templates::Templates(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::string Templates::render(const std::string& name, const Context& context) const {
  std::string source = detail::read_template(directory_, name);
  mustache::mustache tmpl{source};
  if (!tmpl.is_valid()) {
    throw TemplateError("template error in " + detail::display_path(directory_, name) + ": " + tmpl.error_message());
  }
  detail::FileContext file_context{&context.impl().data, directory_};
  std::string output = tmpl.render(file_context);
  // Errors inside sections and partials only surface while rendering.
  if (!tmpl.is_valid()) {
    throw TemplateError("template error in " + detail::display_path(directory_, name) + ": " + tmpl.error_message());
  }
  return output;
}

}  // namespace cpprustango::render
