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

std::string manifest_with_setting(std::string_view text, std::string_view section, std::string_view key,
                                  const std::string& value, std::string_view comment) {
  const std::string line = std::string(key) + " = " + value;
  const std::string header = "[" + std::string(section) + "]";
  // Find the table, then the key's line (a list possibly spanning to its closing ']').
  std::string result(text);
  auto at = result.find("\n" + header);
  if (result.rfind(header, 0) == 0) at = 0;
  if (at == std::string::npos) {
    if (!result.empty() && result.back() != '\n') result += '\n';
    return result + "\n" + std::string(comment) + "\n" + header + "\n" + line + "\n";
  }
  const auto body = result.find('\n', at + 1);
  const auto next_table = result.find("\n[", body == std::string::npos ? result.size() : body);
  const auto end_of_section = next_table == std::string::npos ? result.size() : next_table;
  for (std::size_t row = body; row != std::string::npos && row < end_of_section; row = result.find('\n', row + 1)) {
    const auto start = row + 1;
    const auto first = result.find_first_not_of(" \t", start);
    if (first == std::string::npos || result.compare(first, key.size(), key) != 0) continue;
    const auto equals = result.find_first_not_of(" \t", first + key.size());
    if (equals == std::string::npos || result[equals] != '=') continue;  // a longer key that starts the same
    const auto value_at = result.find_first_not_of(" \t", equals + 1);
    const bool list = value_at != std::string::npos && result[value_at] == '[';
    const auto close = list ? result.find(']', value_at) : value_at;
    const auto line_end = result.find('\n', close == std::string::npos ? first : close);
    result.replace(start, (line_end == std::string::npos ? result.size() : line_end) - start, line);
    return result;
  }
  result.insert(body == std::string::npos ? result.size() : body + 1, line + "\n");
  return result;
}

std::string manifest_with_apps(std::string_view text, const std::vector<std::string>& apps) {
  std::string list = "[";
  for (std::size_t i = 0; i < apps.size(); ++i) list += (i ? ", \"" : "\"") + apps[i] + "\"";
  return manifest_with_setting(text, "apps", "installed", list + "]", "# Apps of this project, in order (cpprustango make:app adds them).");
}

}  // namespace cpprustango::cli
