// The project the CLI works on: found by searching upward for cpprustango.toml
// (or given with --project), described by that manifest.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::cli {

inline constexpr const char* kManifestName = "cpprustango.toml";

struct Project {
  std::filesystem::path root;   ///< the folder holding cpprustango.toml
  std::string name;             ///< [project] name: also the app's CMake target and binary
  std::vector<std::string> apps;  ///< [apps] installed, in order

  std::filesystem::path manifest() const { return root / kManifestName; }
  /** apps/<app>/models.schema: where an app declares its models. */
  std::filesystem::path schema_file(const std::string& app) const { return root / "apps" / app / "models.schema"; }

  /** The CMake build folder for a configuration: build/debug or build/release. */
  std::filesystem::path build_dir(bool release) const { return root / "build" / (release ? "release" : "debug"); }
  /** The app binary that build produces. */
  std::filesystem::path executable(bool release) const { return build_dir(release) / name; }

  /**
   * The project at `explicit_dir` (from --project) or the nearest one at or above
   * `start`; throws CliError saying how to create one when there is none.
   */
  static Project find(const std::optional<std::filesystem::path>& explicit_dir,
                      const std::filesystem::path& start = std::filesystem::current_path());
  /** Reads `root`/cpprustango.toml; throws CliError naming the file and the problem. */
  static Project load(const std::filesystem::path& root);
};

/**
 * The manifest text with `[apps] installed` set to `apps`: the one line (or the
 * section) is rewritten and everything else, comments included, is kept.
 */
std::string manifest_with_apps(std::string_view text, const std::vector<std::string>& apps);
/**
 * The manifest `text` with `key = value` (TOML, written as given) in table
 * [section]: the key's line replaced (a list up to its closing ']'), else
 * added first in the table; a missing table is appended after `comment`.
 *   manifest_with_setting(text, "plugins", "rest", "true", "# First-party plugins.")
 */
std::string manifest_with_setting(std::string_view text, std::string_view section, std::string_view key,
                                  const std::string& value, std::string_view comment);

/** The nearest folder at or above `start` holding cpprustango.toml, if any. */
std::optional<std::filesystem::path> find_project_root(const std::filesystem::path& start);

}  // namespace cpprustango::cli
