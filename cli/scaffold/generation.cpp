// Rendering, dry-run printing and the all-or-nothing write of a generator's files.
#include "scaffold/generation.hpp"

#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "cpprustango/render/templates.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::scaffold {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/**
 * A page template for the project (its own {{...}} tags, blocks and partials
 * kept for the runtime) whose generator values are written <% name %>: the
 * first line says so.
 */
constexpr std::string_view kPageTags = "{{=<% %>=}}\n";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

/**
 * Renders such a page: the page's own braces are set aside first, since the
 * renderer would otherwise read its blocks ({{$content}}) whatever the
 * delimiters, then put back.
 */
std::string render_page(std::string text, const render::Context& context) {
  replace_all(text, "{{", "\x01");
  replace_all(text, "}}", "\x02");
  std::error_code ec;
  std::string scratch = (fs::temp_directory_path() / "cpprustango-page-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) throw CliError("cannot create a folder in " + fs::temp_directory_path().string());
  std::string rendered;
  try {
    std::ofstream(fs::path(scratch) / "page") << "{{=<% %>=}}" << text;
    rendered = render::Templates(scratch).render("page", context);
  } catch (...) {
    fs::remove_all(scratch, ec);
    throw;
  }
  fs::remove_all(scratch, ec);
  replace_all(rendered, "\x01", "{{");
  replace_all(rendered, "\x02", "}}");
  return rendered;
}

}  // namespace

Generation::Generation(fs::path project_root, fs::path templates, const Variables& variables)
    : root_(std::move(project_root)), templates_(std::move(templates)), variables_(variables) {
  if (!fs::is_directory(templates_)) {
    throw CliError("this cpprustango installation is incomplete: " + templates_.string() + " is missing; reinstall it");
  }
}

void Generation::render(const std::string& template_file, const fs::path& relative) {
  render::Context context;
  for (const auto& [name, value] : variables_) context.set(name, value);
  for (const auto& [name, value] : flags_) context.set(name, value);
  for (const auto& [name, items] : lists_) {
    std::vector<render::Context> list;
    for (const auto& item : items) {
      render::Context entry;
      for (const auto& [key, value] : item) entry.set(key, value);
      list.push_back(std::move(entry));
    }
    context.set(name, std::move(list));
  }
  File file;
  file.relative = relative;
  try {
    // As in project templates: *.tmpl is rendered, anything else (a page's
    // own Mustache template) is copied as it is.
    if (!template_file.ends_with(".tmpl")) {
      file.content = read_text(templates_ / template_file);
    } else if (const std::string text = read_text(templates_ / template_file); text.starts_with(kPageTags)) {
      file.content = render_page(text.substr(kPageTags.size()), context);
    } else {
      file.content = render::Templates(templates_).render(template_file, context);
    }
  } catch (const render::TemplateError& e) {
    throw CliError(e.what());
  }
  file.exists = fs::exists(root_ / relative);
  files_.push_back(std::move(file));
}

void Generation::edit(const fs::path& relative, std::string content) {
  if (read_text(root_ / relative) == content) return;
  files_.push_back({relative, std::move(content), true, true});
}

void Generation::refuse_overwrites(bool force) const {
  if (force) return;
  std::string existing;
  for (const auto& file : files_) {
    if (!file.edit && file.exists) existing += (existing.empty() ? "" : ", ") + file.relative.string();
  }
  if (!existing.empty()) throw CliError(existing + " already exists; pass --force to replace it");
}

void Generation::print_plan() const {
  for (const auto& file : files_) {
    if (file.edit) {
      console::info("Would edit " + file.relative.string() + ":\n" + added_lines(read_text(root_ / file.relative), file.content));
    } else {
      console::info("Would " + std::string(file.exists ? "replace " : "write ") + file.relative.string() + ":\n" + file.content);
    }
  }
}

void Generation::commit() const {
  // Every file goes to a temporary beside its target first; only when all of
  // them are written are they renamed into place.
  std::vector<std::pair<fs::path, fs::path>> staged;
  std::vector<fs::path> created_dirs;
  const auto clean_up = [&] {
    std::error_code ec;
    for (const auto& [temp, target] : staged) fs::remove(temp, ec);
    for (auto it = created_dirs.rbegin(); it != created_dirs.rend(); ++it) fs::remove(*it, ec);
  };
  try {
    for (const auto& file : files_) {
      const fs::path target = root_ / file.relative;
      for (fs::path dir = target.parent_path(); !fs::exists(dir); dir = dir.parent_path()) created_dirs.insert(created_dirs.begin(), dir);
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      if (ec) throw CliError("cannot create " + target.parent_path().string() + ": " + ec.message());
      const fs::path temp = target.string() + ".cpprustango-new";
      staged.emplace_back(temp, target);
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << file.content;
      out.close();
      if (!out) throw CliError("cannot write " + temp.string());
      if (file.exists) fs::permissions(temp, fs::status(target).permissions(), ec);
    }
    for (const auto& [temp, target] : staged) {
      std::error_code ec;
      fs::rename(temp, target, ec);
      if (ec) throw CliError("cannot write " + target.string() + ": " + ec.message());
    }
  } catch (...) {
    clean_up();
    throw;
  }
}

void Generation::print_done() const {
  for (const auto& file : files_) {
    console::success(std::string(file.edit ? "Updated " : file.exists ? "Replaced " : "Created ") + file.relative.string());
  }
}

std::string added_lines(const std::string& before, const std::string& after) {
  const auto old_lines = lines_of(before);
  const auto new_lines = lines_of(after);
  std::string out;
  std::size_t i = 0;
  for (const auto& line : new_lines) {
    if (i < old_lines.size() && old_lines[i] == line) {
      ++i;
      continue;
    }
    out += "+ " + line + "\n";
  }
  return out;
}

}  // namespace cpprustango::cli::scaffold
