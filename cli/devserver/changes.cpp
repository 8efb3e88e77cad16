// Classification of changed paths and the debounce of bursts.
#include "devserver/changes.hpp"

#include <algorithm>
#include <array>

namespace cpprustango::cli::devserver {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const auto part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

std::string_view extension(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view{} : name.substr(dot);
}

// Top-level folders that hold output or state, never sources: build trees
// (ours, and CLion's cmake-build-*), runtime data such as the SQLite file
// (watching it would restart the app on every write), dependencies.
bool ignored_top_level(std::string_view name) {
  return name == "build" || name == "var" || name == "node_modules" || starts_with(name, "cmake-build-");
}

// Editors save through temporary files: vim (.x.swp, x~, 4913), emacs
// (#x#, .#x), JetBrains (x___jb_tmp___), kate (.x.kate-swp), gedit
// (.goutputstream-*). Hidden names are caught by the leading-dot rule.
bool temporary_file(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kSuffixes = {"~",    ".swp",  ".swx",         ".swo",        ".tmp",
                                                                ".bak", ".orig", "___jb_tmp___", "___jb_old___"};
  if (name == "4913") return true;
  if (name.size() >= 2 && name.front() == '#' && name.back() == '#') return true;
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view suffix) { return ends_with(name, suffix); });
}

bool cpp_extension(std::string_view ext) {
  static constexpr std::array<std::string_view, 12> kExtensions = {".cpp", ".cc",  ".cxx", ".c++", ".c",   ".hpp",
                                                                   ".hh",  ".hxx", ".h",   ".ipp", ".inl", ".tpp"};
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

}  // namespace

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::Asset:
      return "asset";
    case Kind::Settings:
      return "settings";
    case Kind::Source:
      return "source";
    case Kind::Schema:
      return "schema";
    case Kind::Config:
      return "config";
  }
  return "?";
}

bool ignored_directory(std::string_view relative) {
  const auto parts = components(relative);
  if (parts.empty()) return false;
  if (ignored_top_level(parts.front())) return true;
  return std::any_of(parts.begin(), parts.end(), [](std::string_view part) { return part.front() == '.'; });
}

std::optional<Kind> classify(std::string_view relative) {
  const auto parts = components(relative);
  if (parts.empty()) return std::nullopt;
  if (parts.size() > 1 && ignored_directory(relative.substr(0, relative.rfind('/')))) return std::nullopt;
  const std::string_view name = parts.back();
  if (name.front() == '.' || temporary_file(name)) return std::nullopt;

  const std::string_view ext = extension(name);
  if (name == "CMakeLists.txt" || ext == ".cmake") return Kind::Config;
  if (parts.size() == 1 && name == "cpprustango.toml") return Kind::Config;
  // Schema files are not compiled by this version yet. Once they are, a change
  // regenerates the models' C++ (through the project's CMake, so the build
  // below picks it up) and warns about missing migrations; until then it is
  // treated exactly like a source change.
  if (ext == ".schema") return Kind::Schema;
  if (cpp_extension(ext)) return Kind::Source;
  if (parts.front() == "config" && ext == ".toml") return Kind::Settings;
  const bool asset = std::any_of(parts.begin(), parts.end() - 1,
                                 [](std::string_view part) { return part == "templates" || part == "static"; });
  if (asset) return Kind::Asset;
  return std::nullopt;
}

Kind Batch::kind() const {
  Kind largest = Kind::Asset;
  for (const auto& change : changes) largest = std::max(largest, change.kind);
  return largest;
}

std::string Batch::describe() const {
  if (changes.empty()) return "nothing";
  std::string text = changes.front().path;
  if (changes.size() == 2) text += " and 1 more file";
  if (changes.size() > 2) text += " and " + std::to_string(changes.size() - 1) + " more files";
  return text;
}

void Debouncer::add(Change change, Clock::time_point now) {
  if (!pending_) {
    pending_.emplace();
    pending_->first_seen = now;
  }
  last_seen_ = now;
  auto& changes = pending_->changes;
  auto same = std::find_if(changes.begin(), changes.end(), [&](const Change& c) { return c.path == change.path; });
  if (same == changes.end()) {
    changes.push_back(std::move(change));
  } else {
    same->kind = std::max(same->kind, change.kind);
  }
}

std::optional<Debouncer::Clock::time_point> Debouncer::deadline() const {
  if (!pending_) return std::nullopt;
  return std::min(last_seen_ + quiet_, pending_->first_seen + max_wait_);
}

std::optional<Batch> Debouncer::take_due(Clock::time_point now) {
  const auto due = deadline();
  if (!due || now < *due) return std::nullopt;
  std::optional<Batch> batch = std::move(pending_);
  pending_.reset();
  return batch;
}

}  // namespace cpprustango::cli::devserver
