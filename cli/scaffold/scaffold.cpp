// Template resolution, rendering and staged, all-or-nothing placement.
#include "scaffold/scaffold.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "cpprustango/config/settings.hpp"
#include "cpprustango/render/templates.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::scaffold {
namespace {

constexpr std::string_view kTemplateSuffix = ".tmpl";
constexpr std::string_view kDotPrefix = "dot_";
constexpr const char* kTemplateManifest = "template.toml";

void write_file(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw CliError("cannot write " + path.string());
}

// "dot_gitignore.tmpl" -> ".gitignore"; "src/main.cpp.tmpl" -> "src/main.cpp".
fs::path output_path(const fs::path& relative) {
  fs::path result;
  for (const auto& part : relative) {
    std::string name = part.string();
    if (name.starts_with(kDotPrefix)) name = "." + name.substr(kDotPrefix.size());
    result /= name;
  }
  std::string last = result.filename().string();
  if (last.ends_with(kTemplateSuffix)) result.replace_filename(last.substr(0, last.size() - kTemplateSuffix.size()));
  return result;
}

/** A string from the template's template.toml, or "" when it has none. */
/** The template's template.toml, parsed (empty when it has none); throws CliError on a bad file. */
config::Settings manifest_of(const fs::path& dir) {
  config::Settings settings;
  const auto manifest = dir / kTemplateManifest;
  if (!fs::exists(manifest)) return settings;
  try {
    settings.merge_toml(read_text(manifest), manifest.string());
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
  return settings;
}

std::string manifest_value(const fs::path& dir, const char* key) {
  try {
    return manifest_of(dir).string_or(key, "");
  } catch (const config::SettingsError& e) {
    throw CliError((dir / kTemplateManifest).string() + ": " + e.what());
  }
}

std::string extends_of(const fs::path& dir) { return manifest_value(dir, "extends"); }

}  // namespace

ProjectTemplate ProjectTemplate::resolve(const fs::path& dir, const fs::path& library) {
  ProjectTemplate result;
  result.name = dir.filename().string();
  fs::path current = dir;
  while (true) {
    if (!fs::is_directory(current)) throw CliError("project template not found: " + current.string());
    if (std::find(result.layers.begin(), result.layers.end(), current) != result.layers.end()) {
      throw CliError("project template " + dir.string() + " extends itself in a cycle");
    }
    result.layers.insert(result.layers.begin(), current);
    const std::string base = extends_of(current);
    if (base.empty()) break;
    current = library / base;
  }
  return result;
}

std::vector<fs::path> render(const ProjectTemplate& project_template, const Variables& variables,
                             const fs::path& destination) {
  render::Context context;
  for (const auto& [name, value] : variables) context.set(name, value);

  std::vector<fs::path> written;
  for (const auto& layer : project_template.layers) {
    render::Templates renderer(layer);
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(layer); it != fs::recursive_directory_iterator(); ++it) {
      if (it->path().filename() == ".git") {
        it.disable_recursion_pending();  // a template cloned with --from brings its own history
        continue;
      }
      if (it->is_regular_file()) files.push_back(fs::relative(it->path(), layer));
    }
    std::sort(files.begin(), files.end());
    for (const auto& relative : files) {
      if (relative == kTemplateManifest) continue;
      const fs::path target = destination / output_path(relative);
      const bool is_template = relative.filename().string().ends_with(kTemplateSuffix);
      try {
        write_file(target, is_template ? renderer.render(relative.string(), context) : read_text(layer / relative));
      } catch (const render::TemplateError& e) {
        throw CliError(e.what());
      }
      fs::permissions(target, fs::status(layer / relative).permissions());
      const auto out = output_path(relative);
      if (std::find(written.begin(), written.end(), out) == written.end()) written.push_back(out);
    }
  }
  return written;
}

std::vector<std::string> manifest_list(const ProjectTemplate& project_template, const char* key) {
  std::vector<std::string> items;
  for (const auto& layer : project_template.layers) {
    try {
      const auto list = manifest_of(layer).string_list(key);
      if (list) items.insert(items.end(), list->begin(), list->end());
    } catch (const config::SettingsError& e) {
      throw CliError((layer / kTemplateManifest).string() + ": " + e.what());
    }
  }
  return items;
}

std::vector<std::string> available_templates(const fs::path& library) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(library, ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string description_of(const fs::path& template_dir) { return manifest_value(template_dir, "description"); }

Staging::Staging(const fs::path& parent, const std::string& stem) {
  std::string pattern = (parent / ("." + stem + ".cpprustango-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw CliError("cannot create files in " + parent.string() + ": " + std::generic_category().message(errno));
  }
  path_ = pattern;
  // mkdtemp makes the folder private (0700); the project should get the
  // permissions any new folder gets under the user's umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  fs::permissions(path_, static_cast<fs::perms>(0777 & ~mask));
}

Staging::~Staging() {
  if (moved_) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void Staging::move_to(const fs::path& destination) {
  std::error_code ec;
  if (fs::is_directory(destination) && fs::is_empty(destination)) fs::remove(destination, ec);
  if (!fs::exists(destination)) {
    fs::rename(path_, destination, ec);
    if (ec) throw CliError("cannot create " + destination.string() + ": " + ec.message());
    moved_ = true;
    return;
  }
  // --force into an existing folder: replace file by file, keep everything else.
  // Listed first: moving entries while iterating the folder is unspecified.
  std::vector<fs::directory_entry> entries(fs::recursive_directory_iterator(path_), {});
  for (const auto& entry : entries) {
    const fs::path target = destination / fs::relative(entry.path(), path_);
    if (entry.is_directory()) {
      fs::create_directories(target, ec);
    } else {
      fs::rename(entry.path(), target, ec);
    }
    if (ec) throw CliError("cannot write " + target.string() + ": " + ec.message());
  }
}

}  // namespace cpprustango::cli::scaffold
