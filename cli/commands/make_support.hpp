// What the make:* generators share: the flags every one takes, name checks,
// and a ProjectGeneration that gathers a run's new files (rendered from
// templates/make/<generator>/), its route statements for src/urls.cpp and
// its sources for CMakeLists.txt, then writes them all or nothing, or prints
// them for --dry-run.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "codegen/urls_edit.hpp"
#include "commands/commands.hpp"
#include "scaffold/generation.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

void add_generator_flags(CLI::App& cmd, GeneratorFlags& flags);

/** Throws CliError unless `name` is a snake_case C++ identifier (not a keyword): `what` names it in the message. */
void require_snake_case(const std::string& name, const std::string& what);
/** Throws CliError unless `app` is registered in the project. */
void require_app(const Project& project, const std::string& app);
/** "blog_post" -> "BlogPost". */
std::string pascal_case(const std::string& snake);
/** "blog_post" -> "Blog post". */
std::string sentence_case(const std::string& snake);

class ProjectGeneration {
 public:
  /** `library`: the templates/make folder; `generator`: its sub-folder. `project` is always a variable. */
  ProjectGeneration(const Project& project, const std::filesystem::path& library, const std::string& generator,
                    scaffold::Variables variables);

  void add_variable(const std::string& name, std::string value) { files_.add_variable(name, std::move(value)); }
  void set_list(const std::string& name, std::vector<scaffold::Variables> items) { files_.set_list(name, std::move(items)); }
  /** A boolean for the templates' {{#name}} sections. */
  void set_flag(const std::string& name, bool value) { files_.set_flag(name, value); }
  /** A new file from the generator's `template_file`. */
  void render(const std::string& template_file, const std::filesystem::path& relative) { files_.render(template_file, relative); }
  /** New contents for the existing file `relative` (another file a generator edits, e.g. src/api.cpp). */
  void edit(const std::filesystem::path& relative, std::string content) { files_.edit(relative, std::move(content)); }
  /** Sources for the project's <name>_app library and its <name>_tests executable. */
  void add_app_source(const std::string& source) { app_sources_.push_back(source); }
  void add_test_source(const std::string& source) { test_sources_.push_back(source); }
  /** An include and a statement for add_routes() in src/urls.cpp. */
  void add_route(const std::string& include, codegen::RouteStatement statement);

  /**
   * Makes `other` (planned, edits not yet applied) part of this run: its files,
   * sources, routes and next steps are written and printed with this one's.
   */
  void absorb(ProjectGeneration&& other);
  /** A "Next: ..." line printed after the files are written. */
  void next_step(std::string line) { next_.push_back(std::move(line)); }

  /**
   * Applies the edits, then --dry-run prints everything, else refuses to
   * overwrite without --force and writes; prints what it did and the next steps.
   */
  int finish(const GeneratorFlags& flags);

  const scaffold::Generation& files() const { return files_; }
  /** The edits applied to src/urls.cpp and CMakeLists.txt (finish() calls it). */
  void apply_edits();

 private:
  const Project& project_;
  scaffold::Generation files_;
  std::vector<std::string> app_sources_;
  std::vector<std::string> test_sources_;
  codegen::UrlsEdit urls_;
  std::vector<std::string> next_;
  bool edited_ = false;
};

}  // namespace cpprustango::cli
