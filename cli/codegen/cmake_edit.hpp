// Surgical edits of a project's CMakeLists.txt: adds source files to the
// argument list of one add_library()/add_executable() call, as the make:*
// generators need for the files they write. Pure text to text, idempotent,
// and refusing (CliError naming the line to change) when the call is not
// there exactly once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::cli::codegen {

struct CmakeEditResult {
  std::string text;
  bool changed = false;
};

/**
 * `text` with `sources` appended to `command(target ...)`:
 *   add_sources(text, "CMakeLists.txt", "add_library", "blog_app", {"src/views/about.cpp"});
 * Sources already listed are skipped. Throws CliError when the call is missing,
 * repeated, or not closed.
 */
CmakeEditResult add_sources(std::string_view text, std::string_view shown, std::string_view command,
                            std::string_view target, const std::vector<std::string>& sources);

}  // namespace cpprustango::cli::codegen
