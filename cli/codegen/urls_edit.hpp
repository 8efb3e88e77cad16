// Surgical edits of a project's src/urls.cpp: adds `#include` lines at the
// end of the file's include block and statements (a route, a middleware, a
// project command) at the end of the body of its add_routes() function.
// A pure function from text to text: the caller writes the result
// atomically, so an edit either happens whole or not at all.
//
// The file is lexed just enough to skip comments, string and character
// literals (raw strings included), so a brace or an "add_routes" inside them
// never misleads it. When the file does not have the shape it can edit
// safely (no add_routes() definition, two of them, unbalanced braces, the
// closing brace sharing a line with code), it refuses with UrlsEditRefused,
// whose message names the exact lines to add by hand. Edits are idempotent:
// an include or statement already present (spacing aside) is not added again.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/errors.hpp"

namespace cpprustango::cli::codegen {

/** The file cannot be edited safely; the message says why and what to add by hand. */
class UrlsEditRefused : public CliError {
 public:
  using CliError::CliError;
};

/** One statement for add_routes(). `$app` in it stands for the function's App parameter. */
struct RouteStatement {
  std::string code;  ///< `$app.get("/about/", views::about, "about");`
  /**
   * Text whose presence in add_routes() (outside comments) means something else
   * already answers there, e.g. the quoted path "\"/about/\"": the edit is
   * refused unless `code` itself is already present.
   */
  std::string conflict;
};

struct UrlsEdit {
  std::vector<std::string> includes;  ///< header paths: "views/about.hpp" becomes #include "views/about.hpp"
  std::vector<RouteStatement> statements;
};

struct UrlsEditResult {
  std::string text;
  bool changed = false;
};

/**
 * `text` (the content of the file shown as `shown`, e.g. "src/urls.cpp") with
 * `edit` applied:
 *   auto result = add_to_urls(read_text(path), "src/urls.cpp",
 *                             {{"views/about.hpp"}, {{"$app.get(\"/about/\", views::about, \"about\");", "\"/about/\""}}});
 * Throws UrlsEditRefused naming the lines to add when the file cannot be edited safely.
 */
UrlsEditResult add_to_urls(std::string_view text, std::string_view shown, const UrlsEdit& edit);

}  // namespace cpprustango::cli::codegen
