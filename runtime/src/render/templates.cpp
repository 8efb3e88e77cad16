// Mustache templates via kainjow, which reads a Context through render/context_data.hpp.
// Edits to templates and partials show on the next render without a restart
// (the dev server relies on that), yet a page is read and parsed again only
// when one of its files changed (render/template_files.hpp).
#include "cpprustango/render/templates.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "render/context_data.hpp"
#include "render/template_files.hpp"

namespace cpprustango::render {

namespace mustache = kainjow::mustache;

namespace detail {
// The renderer's markers, control characters no template or form markup
// produces. kSafeMarker starts a string set_html() stored: the escape
// function passes it through, and the marker itself is cut from the output
// (so {{{key}}} shows it as is too). kSpace, kTab and kNewline stand for a
// space, a tab and a newline inside a template's text (see fold_whitespace)
// and become them again in the output: one byte each, so that is a
// substitution in place.
constexpr std::string_view kSafeMarker = "\x02\x03";
constexpr char kSpace = '\x04';
constexpr char kTab = '\x05';
constexpr char kNewline = '\x06';

/** Whether `text` may hold a marker: every marker byte is a control character at or below \x06. */
bool may_hold_markers(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x06; });
}

/** `text` without kSafeMarker. */
void cut_safe_markers(std::string& text) {
  for (auto at = text.find(kSafeMarker); at != std::string::npos; at = text.find(kSafeMarker, at)) {
    text.erase(at, kSafeMarker.size());
  }
}

/** `text` without the renderer's markers, so no value passes for markup or template text, whatever it holds. */
void strip_markers(std::string& text) {
  if (!may_hold_markers(text)) return;
  cut_safe_markers(text);
  std::erase_if(text, [](char c) { return c == kSpace || c == kTab || c == kNewline; });
}
}  // namespace detail

struct Context::Impl {
  detail::Fields fields;
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
  detail::strip_markers(value);
  detail::put(impl_->fields, std::move(key)).text = std::move(value);
  return *this;
}

Context& Context::set_html(std::string key, std::string html) {
  detail::strip_markers(html);
  html.insert(0, detail::kSafeMarker);
  detail::put(impl_->fields, std::move(key)).text = std::move(html);
  return *this;
}

Context& Context::set(std::string key, bool value) {
  auto& node = detail::put(impl_->fields, std::move(key));
  node.kind = detail::Node::Kind::Bool;
  node.flag = value;
  return *this;
}

// Nested contexts and lists are taken over, not copied: the arguments are the
// callers' own copies, and a page's rows are most of its context.
Context& Context::set(std::string key, Context value) {
  auto& node = detail::put(impl_->fields, std::move(key));
  node.kind = detail::Node::Kind::Object;
  node.fields = std::move(value.impl_->fields);
  return *this;
}

Context& Context::set(std::string key, std::vector<Context> list) {
  auto& node = detail::put(impl_->fields, std::move(key));
  node.kind = detail::Node::Kind::List;
  node.rows.reserve(list.size());
  for (auto& item : list) node.rows.push_back(std::move(item.impl_->fields));
  return *this;
}

namespace detail {
namespace {

// Partials may legally recurse (a tree rendered by a partial that includes
// itself), so a cycle cannot be refused up front; instead we refuse once the
// nesting has used this much stack, long before the thread's stack runs out.
constexpr std::uintptr_t kMaxPartialStackBytes = 1024 * 1024;

// Per thread, more pages or partials than any project has: past it the cache starts over.
constexpr std::size_t kMaxCachedFiles = 256;

std::uintptr_t stack_position() {
  char marker = 0;
  return reinterpret_cast<std::uintptr_t>(&marker);
}

/**
 * This thread's template files, by path, as last read: partials are looked up
 * here on every render, and re-read only when their file changed.
 */
std::map<std::filesystem::path, TemplateFile>& partial_files() {
  thread_local std::map<std::filesystem::path, TemplateFile> files;
  return files;
}

const std::string& partial_text(const std::filesystem::path& directory, const std::string& name, bool reload) {
  auto& files = partial_files();
  const auto key = directory / name;
  auto found = files.find(key);
  if (found != files.end() && (!reload || still_current(found->second))) return found->second.text;
  if (found == files.end() && files.size() >= kMaxCachedFiles) files.clear();
  auto file = read_template_file(directory, name);
  auto& slot = files[key];
  slot = std::move(file);
  return slot.text;
}

/** A kainjow context that resolves {{> name}} by reading name from the templates directory. */
class FileContext : public FieldsContext {
 public:
  FileContext(const Fields& fields, const std::filesystem::path& directory, bool reload)
      : FieldsContext(fields), directory_(directory), reload_(reload), stack_base_(stack_position()) {}

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
      cached = partials_.emplace(name, mustache::data{partial_text(directory_, name, reload_)}).first;
    }
    return &cached->second;
  }

 private:
  const std::filesystem::path& directory_;  // the Templates' own, which outlives the render
  bool reload_;
  std::uintptr_t stack_base_;
  mutable std::map<std::string, mustache::data> partials_;
};

/** The bytes html_escape replaces. */
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> table{};
  for (const unsigned char c : std::string_view("&<>\"'")) table[c] = true;
  return table;
}();

/** kainjow's html_escape, byte for byte, in one pass over the text (most values need nothing). */
std::string html_escape(const std::string& text) {
  const auto next_escaped = [&text](std::size_t from) {
    while (from < text.size() && !kEscaped[static_cast<unsigned char>(text[from])]) ++from;
    return from;
  };
  std::size_t at = next_escaped(0);
  if (at == text.size()) return text;
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t done = 0;
  for (; at < text.size(); at = next_escaped(done)) {
    out.append(text, done, at - done);
    switch (text[at]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&apos;"; break;
    }
    done = at + 1;
  }
  out.append(text, done, std::string::npos);
  return out;
}

std::string escape_unless_safe(const std::string& text) {
  if (text.starts_with(kSafeMarker)) return text.substr(kSafeMarker.size());
  return html_escape(text);
}

/** The output with kSafeMarker cut, and kSpace, kTab and kNewline turned back into what they stand for. */
void finish_output(std::string& output) {
  cut_safe_markers(output);
  // Sixteen bytes a step (a page holds a marker every dozen bytes or so): a
  // byte equal to a marker gains the difference to what it stands for.
  using Bytes = unsigned char __attribute__((vector_size(16)));
  // (A vector comparison gives all ones where it holds.)
  std::size_t at = 0;
  for (; at + sizeof(Bytes) <= output.size(); at += sizeof(Bytes)) {
    Bytes bytes;
    std::memcpy(&bytes, output.data() + at, sizeof bytes);
    bytes += (bytes == static_cast<unsigned char>(kSpace)) & static_cast<unsigned char>(' ' - kSpace);
    bytes += (bytes == static_cast<unsigned char>(kTab)) & static_cast<unsigned char>('\t' - kTab);
    bytes += (bytes == static_cast<unsigned char>(kNewline)) & static_cast<unsigned char>('\n' - kNewline);
    std::memcpy(output.data() + at, &bytes, sizeof bytes);
  }
  for (; at < output.size(); ++at) {
    char& c = output[at];
    c = c == kSpace ? ' ' : c == kTab ? '\t' : c == kNewline ? '\n' : c;
  }
}

/** Whether `line` holds a character other than a space or a tab. */
bool visible(std::string_view line) { return line.find_first_not_of(" \t") != std::string_view::npos; }

/** Appends one stretch of a template's text (no tags in it) to `out`, folded as fold_whitespace() says. */
void fold_text(std::string_view text, std::string& out) {
  while (true) {
    const auto end = text.find_first_of("\r\n");
    const auto line = text.substr(0, end);
    const bool shown = visible(line);
    if (shown) {
      for (const char c : line) out += c == ' ' ? kSpace : c == '\t' ? kTab : c;
    } else {
      out += line;
    }
    if (end == std::string_view::npos) return;
    const auto rest = text.substr(end + 1);
    const bool bare_newline = text[end] == '\n';
    const bool joins_visible = bare_newline && shown && visible(rest.substr(0, rest.find_first_of("\r\n")));
    out += joins_visible ? kNewline : text[end];
    text = rest;
  }
}

/**
 * kainjow makes a component of every space, tab and newline in a template's
 * text, and walks each one on every render: most of a page's cost. Here a
 * space or a tab on a stretch of text that also holds a visible character, on
 * the same line and between the same tags, becomes kSpace or kTab, and a
 * newline between two such stretches (no tag between them) becomes kNewline:
 * kainjow takes the markers for text, so static markup renders as one piece,
 * and finish_output() turns them back. Whatever shows a marker shows those
 * visible characters on the same lines, so no line changes whether kainjow
 * drops it as a standalone tag line (whitespace and section tags only):
 * whitespace alone on a line, or between two tags, stays as it is, and so do
 * the newlines around it. Tags are left as they are; a template that sets
 * other delimiters ({{=...=}}) is left whole.
 */
std::string fold_whitespace(const std::string& source) {
  if (source.find("{{=") != std::string::npos) return source;
  std::string out;
  out.reserve(source.size());
  std::size_t pos = 0;
  while (pos < source.size()) {
    const auto open = source.find("{{", pos);
    fold_text(std::string_view(source).substr(pos, open == std::string::npos ? std::string::npos : open - pos), out);
    if (open == std::string::npos) break;
    // As kainjow reads a tag: "{{{" opens one that "}}}" closes.
    const bool triple = open + 2 < source.size() && source[open + 2] == '{';
    const std::string_view close_with = triple ? "}}}" : "}}";
    const auto close = source.find(close_with, open + (triple ? 3 : 2));
    if (close == std::string::npos) {
      out.append(source, open, std::string::npos);  // unclosed: kainjow reports it
      break;
    }
    pos = close + close_with.size();
    out.append(source, open, pos - open);
  }
  return out;
}

// ---- template inheritance: {{<base}} {{$block}}...{{/block}} {{/base}} ----

constexpr int kMaxInheritanceDepth = 16;

struct Block {
  std::string name;
  std::size_t open = 0;         // "{{$"
  std::size_t inner_begin = 0;  // after its "}}"
  std::size_t inner_end = 0;    // at "{{/name}}"
  std::size_t end = 0;          // after "{{/name}}"
};

/** The next {{$name}}...{{/name}} at or after `from`, or nullopt. */
std::optional<Block> next_block(std::string_view text, std::size_t from, const std::string& where) {
  const auto open = text.find("{{$", from);
  if (open == std::string_view::npos) return std::nullopt;
  const auto close = text.find("}}", open);
  if (close == std::string_view::npos) throw TemplateError("template error in " + where + ": unclosed {{$ tag");
  std::string name(text.substr(open + 3, close - open - 3));
  const std::string end_tag = "{{/" + name + "}}";
  const auto inner_end = text.find(end_tag, close + 2);
  if (inner_end == std::string_view::npos) {
    throw TemplateError("template error in " + where + ": block {{$" + name + "}} has no {{/" + name + "}}");
  }
  return Block{name, open, close + 2, inner_end, inner_end + end_tag.size()};
}

/** `text` with each block's content replaced by the child's (or its own default); markers kept for a further parent. */
std::string fill_blocks(std::string_view text, const std::map<std::string, std::string>& blocks, bool keep_markers,
                        const std::string& where) {
  std::string out;
  std::size_t pos = 0;
  while (auto block = next_block(text, pos, where)) {
    out += text.substr(pos, block->open - pos);
    const auto given = blocks.find(block->name);
    std::string content = given != blocks.end()
                              ? given->second
                              : fill_blocks(text.substr(block->inner_begin, block->inner_end - block->inner_begin),
                                            blocks, keep_markers, where);
    out += keep_markers ? "{{$" + block->name + "}}" + content + "{{/" + block->name + "}}" : content;
    pos = block->end;
  }
  out += text.substr(pos);
  return out;
}

/**
 * A page that starts with {{<parent}} rendered into its parent's text, recursively; else the text as is.
 * Each parent read is added to `files`.
 */
std::string expand(const std::filesystem::path& directory, std::string source, const std::string& where, int depth,
                   std::vector<TemplateFile>& files) {
  const auto start = source.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || source.compare(start, 3, "{{<") != 0) {
    return fill_blocks(source, {}, false, where);
  }
  if (depth >= kMaxInheritanceDepth) {
    throw TemplateError("template error in " + where + ": {{< inheritance nested too deeply (a cycle?)");
  }
  const auto close = source.find("}}", start);
  if (close == std::string::npos) throw TemplateError("template error in " + where + ": unclosed {{< tag");
  std::string parent = source.substr(start + 3, close - start - 3);
  while (!parent.empty() && parent.front() == ' ') parent.erase(0, 1);
  while (!parent.empty() && parent.back() == ' ') parent.pop_back();
  const auto end = source.rfind("{{/" + parent + "}}");
  if (end == std::string::npos || end < close) {
    throw TemplateError("template error in " + where + ": {{<" + parent + "}} has no {{/" + parent + "}}");
  }
  std::map<std::string, std::string> blocks;
  const std::string_view body = std::string_view(source).substr(close + 2, end - close - 2);
  std::size_t pos = 0;
  while (auto block = next_block(body, pos, where)) {
    blocks.emplace(block->name, std::string(body.substr(block->inner_begin, block->inner_end - block->inner_begin)));
    pos = block->end;
  }
  const std::string parent_where = display_path(directory, parent);
  files.push_back(read_template_file(directory, parent));
  std::string filled = fill_blocks(files.back().text, blocks, true, parent_where);
  return expand(directory, std::move(filled), parent_where, depth + 1, files);
}

}  // namespace
}  // namespace detail

namespace detail {
namespace {

/** kainjow's parse of a page, and the files (the page, then its parents) it was built from. */
struct ParsedPage {
  std::string where;  // the page's path as messages show it
  std::vector<TemplateFile> files;
  std::unique_ptr<mustache::mustache> tmpl;
  std::size_t last_size = 0;  // the last output's size: the next render reserves as much
};

/**
 * This thread's parsed pages, by path. Reading, expanding and parsing a page
 * is most of a render's cost, so a parse is reused while none of its files
 * changed (one stat() each per render: an edit still shows at once). One
 * cache per thread, since kainjow keeps render state in the template object.
 */
std::map<std::string, ParsedPage>& parsed_pages() {
  thread_local std::map<std::string, ParsedPage> pages;
  return pages;
}

bool unchanged(std::vector<TemplateFile>& files) {
  for (auto& file : files) {
    if (!still_current(file)) return false;
  }
  return true;
}

/** The cache's key: the directory and the name as given (normalizing a path on every render costs more). */
std::string page_key(const std::filesystem::path& directory, const std::string& name) {
  std::string key = directory.native();
  key += '\0';
  key += name;
  return key;
}

ParsedPage& parsed_page(const std::filesystem::path& directory, const std::string& name, const std::string& key,
                        bool reload) {
  auto& pages = parsed_pages();
  auto found = pages.find(key);
  if (found != pages.end() && (!reload || unchanged(found->second.files))) return found->second;
  if (found == pages.end() && pages.size() >= kMaxCachedFiles) pages.clear();
  std::string where = display_path(directory, name);
  std::vector<TemplateFile> files;
  files.push_back(read_template_file(directory, name));
  std::string source = expand(directory, files.front().text, where, 0, files);
  auto tmpl = std::make_unique<mustache::mustache>(fold_whitespace(source));
  // A syntax error's position is the one in the page as written.
  if (!tmpl->is_valid()) tmpl = std::make_unique<mustache::mustache>(source);
  tmpl->set_custom_escape(escape_unless_safe);
  auto& page = pages[key];
  page.where = std::move(where);
  page.files = std::move(files);
  page.tmpl = std::move(tmpl);
  return page;
}

/** What kainjow writes into: the output string itself, instead of an ostringstream copied out at the end. */
struct StringSink {
  std::string& out;
  StringSink& operator<<(const std::string& text) {
    out += text;
    return *this;
  }
};

}  // namespace
}  // namespace detail

Templates::Templates(std::filesystem::path directory, bool reload) : directory_(std::move(directory)), reload_(reload) {}

std::string Templates::render(const std::string& name, const Context& context) const {
  const std::string key = detail::page_key(directory_, name);
  auto& page = detail::parsed_page(directory_, name, key, reload_);
  auto& tmpl = *page.tmpl;
  const auto fail = [&] {
    std::string message = "template error in " + page.where + ": " + tmpl.error_message();
    detail::parsed_pages().erase(key);  // kainjow keeps an error once set: parse afresh next time
    throw TemplateError(message);
  };
  if (!tmpl.is_valid()) fail();
  detail::FileContext file_context{context.impl().fields, directory_, reload_};
  std::string output;
  output.reserve(page.last_size);
  detail::StringSink sink{output};
  tmpl.render(file_context, sink);
  // Errors inside sections and partials only surface while rendering.
  if (!tmpl.is_valid()) fail();
  detail::finish_output(output);
  page.last_size = output.size();
  return output;
}

}  // namespace cpprustango::render
