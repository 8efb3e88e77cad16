// The make:* generators' shared half: flags, names, edits and the final write.
#include "commands/make_support.hpp"

#include <algorithm>
#include <cctype>

#include "codegen/cmake_edit.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/names.hpp"

namespace cpprustango::cli {

void add_generator_flags(CLI::App& cmd, GeneratorFlags& flags) {
  cmd.add_flag("--force", flags.force, "Replace files that already exist");
  cmd.add_flag("--dry-run", flags.dry_run, "Print what would be written, write nothing");
}

void require_snake_case(const std::string& name, const std::string& what) {
  const bool snake = is_identifier(name) && std::none_of(name.begin(), name.end(), [](unsigned char c) { return std::isupper(c); });
  if (!snake) throw CliError("'" + name + "' is not a valid " + what + ": use snake_case, e.g. close_polls");
  if (is_cpp_keyword(name)) throw CliError("'" + name + "' is a C++ keyword; pick another " + what);
}

void require_app(const Project& project, const std::string& app) {
  if (std::find(project.apps.begin(), project.apps.end(), app) == project.apps.end()) {
    throw CliError("no app '" + app + "' in this project; create it with `cpprustango make:app " + app + "`");
  }
}

std::string pascal_case(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string sentence_case(const std::string& snake) {
  std::string out = snake;
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(out.front())));
  return out;
}

namespace {

scaffold::Variables with_project(const Project& project, scaffold::Variables variables) {
  variables.emplace_back("project", project.name);
  return variables;
}

}  // namespace

ProjectGeneration::ProjectGeneration(const Project& project, const std::filesystem::path& library,
                                     const std::string& generator, scaffold::Variables variables)
    : project_(project), files_(project.root, library / generator, with_project(project, std::move(variables))) {}

void ProjectGeneration::add_route(const std::string& include, codegen::RouteStatement statement) {
  if (!include.empty()) urls_.includes.push_back(include);
  urls_.statements.push_back(std::move(statement));
}

void ProjectGeneration::absorb(ProjectGeneration&& other) {
  files_.absorb(std::move(other.files_));
  app_sources_.insert(app_sources_.begin(), other.app_sources_.begin(), other.app_sources_.end());
  test_sources_.insert(test_sources_.begin(), other.test_sources_.begin(), other.test_sources_.end());
  urls_.includes.insert(urls_.includes.begin(), other.urls_.includes.begin(), other.urls_.includes.end());
  urls_.statements.insert(urls_.statements.begin(), other.urls_.statements.begin(), other.urls_.statements.end());
}

void ProjectGeneration::apply_edits() {
  if (edited_) return;
  edited_ = true;
  if (!urls_.statements.empty() || !urls_.includes.empty()) {
    const auto urls = project_.root / "src" / "urls.cpp";
    if (!std::filesystem::exists(urls)) throw CliError("src/urls.cpp is missing; the generators add routes to its add_routes()");
    auto edited = codegen::add_to_urls(read_text(urls), "src/urls.cpp", urls_);
    if (edited.changed) files_.edit("src/urls.cpp", std::move(edited.text));
  }
  if (!app_sources_.empty() || !test_sources_.empty()) {
    const auto cmake = project_.root / "CMakeLists.txt";
    std::string text = read_text(cmake);
    if (!app_sources_.empty()) text = codegen::add_sources(text, "CMakeLists.txt", "add_library", project_.name + "_app", app_sources_).text;
    if (!test_sources_.empty()) {
      text = codegen::add_sources(text, "CMakeLists.txt", "add_executable", project_.name + "_tests", test_sources_).text;
    }
    files_.edit("CMakeLists.txt", std::move(text));
  }
}

int ProjectGeneration::finish(const GeneratorFlags& flags) {
  apply_edits();
  files_.refuse_overwrites(flags.force);
  if (flags.dry_run) {
    files_.print_plan();
    return 0;
  }
  files_.commit();
  files_.print_done();
  for (const auto& line : next_) console::info("Next: " + line);
  return 0;
}

}  // namespace cpprustango::cli
