// Template files as the renderer reads them: the text plus what the file
// looked like when read, so a later render can tell with one stat() that
// the file is unchanged and reuse what was built from it (edits still show
// on the next render). Private to the runtime.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace cpprustango::render::detail {

/** One read of a template file. */
struct TemplateFile {
  std::filesystem::path path;
  std::string text;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = -1;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  /**
   * Read well after its last change. A file system stamps times from a coarse
   * clock, so an edit made within the same tick as the one before, keeping
   * the size, leaves the stamp as it was: until a read happens a safe margin
   * after the stamp, an unchanged stamp is confirmed by comparing the text.
   */
  bool settled = false;
};

/** Reads `name` from `directory`; throws TemplateError for a bad name, a missing or an unreadable file. */
TemplateFile read_template_file(const std::filesystem::path& directory, const std::string& name);

/** True when `file` still holds the text it was read with (one stat(); a re-read only just after an edit). */
bool still_current(TemplateFile& file);

/** `directory / name`, normalized, as error messages show it. */
std::string display_path(const std::filesystem::path& directory, const std::string& name);

}  // namespace cpprustango::render::detail
