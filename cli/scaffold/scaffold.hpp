// Project templates and how they become files. A template is a folder:
//   - files ending in .tmpl are Mustache-rendered and lose the suffix
//     ({{var}} escapes HTML, so non-HTML files use {{{var}}} for raw values);
//   - other files are copied byte for byte (a project's own Mustache HTML
//     templates pass through untouched);
//   - a path component starting with "dot_" becomes a dotfile ("dot_gitignore");
//   - template.toml (not copied) may say `extends = "minimal"`: the base
//     template is laid down first and this one's files replace or add to it;
//     and `generate = ["make:crud blog Post"]`: generators `new` runs after
//     (commands/template_generators.cpp), so the template holds no copy of
//     what they write.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace cpprustango::cli::scaffold {

using Variables = std::vector<std::pair<std::string, std::string>>;

struct ProjectTemplate {
  std::string name;
  std::vector<std::filesystem::path> layers;  ///< base first

  /**
   * Resolves the template in `dir`, following `extends` through `library`
   * (the installed templates/project folder). Throws CliError on a missing
   * template or an extends cycle.
   */
  static ProjectTemplate resolve(const std::filesystem::path& dir, const std::filesystem::path& library);
};

/** Lays the template's files into `destination` (an existing folder); returns the relative paths written. */
std::vector<std::filesystem::path> render(const ProjectTemplate& project_template, const Variables& variables,
                                          const std::filesystem::path& destination);

/** A list of strings in template.toml (`generate`, `app_sources`, ...): every layer's, base first. */
std::vector<std::string> manifest_list(const ProjectTemplate& project_template, const char* key);

/** The one-line `description` in the template's template.toml ("" when it gives none); throws CliError on a bad file. */
std::string description_of(const std::filesystem::path& template_dir);

/** The names of the templates installed in `library`, sorted. */
std::vector<std::string> available_templates(const std::filesystem::path& library);

/**
 * A hidden scratch folder beside the destination where a project is built
 * before it appears under its real name. Removed on destruction unless
 * moved into place, so a failure leaves nothing behind.
 */
class Staging {
 public:
  /** Creates `<parent>/.<stem>.cpprustango-XXXXXX`; throws CliError when `parent` is not writable. */
  Staging(const std::filesystem::path& parent, const std::string& stem);
  ~Staging();
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /**
   * Moves the staged files to `destination`: a rename when it does not exist
   * (or is an empty folder), else file by file over what is there (--force).
   */
  void move_to(const std::filesystem::path& destination);

 private:
  std::filesystem::path path_;
  bool moved_ = false;
};

}  // namespace cpprustango::cli::scaffold
