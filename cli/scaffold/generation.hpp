// What one make:* generator run changes in a project: new files rendered
// from the generator's templates (templates/make/<generator>/*.tmpl, the
// same Mustache engine and {{{var}}} convention as project templates) and
// new contents for files it edits (src/urls.cpp, CMakeLists.txt). Nothing
// touches the disk until commit(), which writes every file to a temporary
// name first and renames them all only when all were written, so a failure
// leaves the project as it was.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scaffold/scaffold.hpp"

namespace cpprustango::cli::scaffold {

class Generation {
 public:
  /** `templates`: the generator's folder, e.g. <share>/templates/make/view. */
  Generation(std::filesystem::path project_root, std::filesystem::path templates, const Variables& variables);

  /**
   * The new file `relative` from `template_file` (relative to the generator's
   * folder): rendered when its name ends in .tmpl, else copied as it is.
   */
  void render(const std::string& template_file, const std::filesystem::path& relative);
  /** One more variable for the templates; set before render(). */
  void add_variable(const std::string& name, std::string value) { variables_.emplace_back(name, std::move(value)); }
  /** A list for {{#name}}...{{/name}}: one Variables per item; set before render(). */
  void set_list(const std::string& name, std::vector<Variables> items) { lists_.emplace_back(name, std::move(items)); }
  /** A boolean the templates see, for {{#name}}...{{/name}} sections; set before render(). */
  void set_flag(const std::string& name, bool value) { flags_.emplace_back(name, value); }
  /** Replaces the existing file `relative` with `content` (ignored when unchanged). */
  void edit(const std::filesystem::path& relative, std::string content);

  /** Takes `other`'s files (already rendered) as this generation's own, so both are written together. */
  void absorb(Generation&& other) {
    for (auto& file : other.files_) files_.push_back(std::move(file));
    other.files_.clear();
  }
  /** Refuses (CliError naming them and --force) when a new file already exists and `force` is false. */
  void refuse_overwrites(bool force) const;
  /** --dry-run: each new file in full and each edit's added lines, on stdout. */
  void print_plan() const;
  /** Writes everything, all or nothing. */
  void commit() const;
  /** "Created x", "Updated y" lines after commit(). */
  void print_done() const;

  struct File {
    std::filesystem::path relative;
    std::string content;
    bool edit = false;     ///< an existing file, changed
    bool exists = false;   ///< a new file that replaces one (--force)
  };
  const std::vector<File>& files() const { return files_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path templates_;
  Variables variables_;
  std::vector<std::pair<std::string, bool>> flags_;
  std::vector<std::pair<std::string, std::vector<Variables>>> lists_;
  std::vector<File> files_;
};

/** The lines of `after` that are not in `before`, for an edit that only inserts: "+ line" each. */
std::string added_lines(const std::string& before, const std::string& after);

}  // namespace cpprustango::cli::scaffold
