// Where this cpprustango is installed. Everything is found relative to the
// running executable (<prefix>/bin/cpprustango), so any --prefix works and the
// build tree, which mirrors the install layout, works too.
#pragma once

#include <filesystem>

namespace cpprustango::cli {

struct Installation {
  std::filesystem::path prefix;          ///< <prefix>: holds bin/, lib/, share/
  std::filesystem::path executable;      ///< the running cpprustango
  std::filesystem::path data_dir;        ///< <prefix>/share/cpprustango
  std::filesystem::path project_templates() const { return data_dir / "templates" / "project"; }
  /** What the make:* generators write: templates/make/<generator>/. */
  std::filesystem::path make_templates() const { return data_dir / "templates" / "make"; }
  /** The framework's own apps' migrations (auth), applied before every project's. */
  std::filesystem::path auth_migrations() const { return data_dir / "apps" / "auth" / "migrations"; }

  /** The installation of the running executable; throws CliError when its files are missing. */
  static const Installation& current();
};

}  // namespace cpprustango::cli
