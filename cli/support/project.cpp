// Project discovery and manifest reading. The manifest is TOML; it is parsed
// with the runtime's settings reader so both share one TOML code path.
#include "support/project.hpp"

#include <fstream>
#include <sstream>

#include "cpprustango/config/settings.hpp"
#include "support/errors.hpp"
#include "support/names.hpp"

namespace cpprustango::cli {

std::optional<std::filesystem::path> find_project_root(const std::filesystem::path& start) {
  std::error_code ec;
  auto dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  for (;;) {
    if (std::filesystem::is_regular_file(dir / kManifestName, ec)) return dir;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

Project Project::find(const std::optional<std::filesystem::path>& explicit_dir, const std::filesystem::path& start) {
  if (explicit_dir) {
    if (!std::filesystem::is_regular_file(*explicit_dir / kManifestName)) {
      throw CliError("--project " + explicit_dir->string() + " is not a cpprustango project (no " + kManifestName +
                     " there)");
    }
    return load(std::filesystem::absolute(*explicit_dir));
  }
  auto root = find_project_root(start);
  if (!root) {
    throw CliError("no cpprustango project here: " + std::filesystem::absolute(start).string() +
                   " and its parents have no " + kManifestName +
                   "; create one with `cpprustango new NAME` or pass --project DIR");
  }
  return load(*root);
}

Project Project::load(const std::filesystem::path& root) {
  const auto manifest_path = root / kManifestName;
  std::ifstream in(manifest_path);
  if (!in) throw CliError("cannot read " + manifest_path.string());
  std::stringstream text;
  text << in.rdbuf();

  std::optional<std::string> name;
  try {
    config::Settings manifest;
    manifest.merge_toml(text.str(), manifest_path.string());
    name = manifest.string("project.name");
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
  Project project;
  project.root = root.lexically_normal();
  if (!name) throw CliError(manifest_path.string() + ": [project] needs a name, e.g. name = \"mysite\"");
  if (auto problem = project_name_problem(*name)) throw CliError(manifest_path.string() + ": " + *problem);
  project.name = *name;
  return project;
}

}  // namespace cpprustango::cli
