// Project discovery and manifest reading. The manifest is TOML; it is parsed
// with the runtime's settings reader so both share one TOML code path.
#include "support/project.hpp"


#include "cpprustango/config/settings.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
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
  std::optional<std::string> name;
  Project project;
  try {
    config::Settings manifest;
    manifest.merge_toml(read_text(manifest_path), manifest_path.string());
    name = manifest.string("project.name");
    project.apps = manifest.string_list("apps.installed").value_or(std::vector<std::string>{});
  } catch (const config::SettingsError& e) {
    throw CliError(e.what());
  }
  project.root = root.lexically_normal();
  if (!name) throw CliError(manifest_path.string() + ": [project] needs a name, e.g. name = \"mysite\"");
  if (auto problem = project_name_problem(*name)) throw CliError(manifest_path.string() + ": " + *problem);
  project.name = *name;
  return project;
}

std::string manifest_with_apps(std::string_view text, const std::vector<std::string>& apps) {
  std::string list = "installed = [";
  for (std::size_t i = 0; i < apps.size(); ++i) list += (i ? ", \"" : "\"") + apps[i] + "\"";
  list += "]";

  // Find the [apps] table, then its `installed` line (possibly spanning to the closing ']').
  std::string result(text);
  auto section = result.find("\n[apps]");
  if (result.rfind("[apps]", 0) == 0) section = 0;
  if (section == std::string::npos) {
    if (!result.empty() && result.back() != '\n') result += '\n';
    return result + "\n# Apps of this project, in order (cpprustango make:app adds them).\n[apps]\n" + list + "\n";
  }
  const auto body = result.find('\n', section + 1);
  const auto next_table = result.find("\n[", body == std::string::npos ? result.size() : body);
  const auto end_of_section = next_table == std::string::npos ? result.size() : next_table;
  std::size_t key = body;
  while (key != std::string::npos && key < end_of_section) {
    const auto start = key + 1;
    const auto first = result.find_first_not_of(" \t", start);
    if (first != std::string::npos && result.compare(first, 9, "installed") == 0) {
      const auto close = result.find(']', first);
      const auto line_end = result.find('\n', close == std::string::npos ? first : close);
      result.replace(start, (line_end == std::string::npos ? result.size() : line_end) - start, list);
      return result;
    }
    key = result.find('\n', start);
  }
  result.insert(body == std::string::npos ? result.size() : body + 1, list + "\n");
  return result;
}

}  // namespace cpprustango::cli
