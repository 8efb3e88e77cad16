// Verbs named like "make:app". CLI11 refuses ':' in a name when a subcommand
// is created (it is a value separator for options), but a verb is matched by
// its exact name, so the verb is created under a plain name and renamed.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>

namespace cpprustango::cli {

inline CLI::App* add_verb(CLI::App& app, std::string name, const std::string& description) {
  std::string plain = name;
  std::replace(plain.begin(), plain.end(), ':', '-');
  auto* verb = app.add_subcommand(plain, description);
  verb->name(std::move(name));
  return verb;
}

}  // namespace cpprustango::cli
