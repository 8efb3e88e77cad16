// What the dev server puts in front of the browser: the live-reload script
// injected into the app's HTML pages, and the error page shown while the
// build is broken or the app will not start. Pure text functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::cli::devserver {

/** The path of the Server-Sent Events stream the reload script listens to. */
inline constexpr std::string_view kEventsPath = "/__cpprustango__/events";
/** The path the reload script itself is served from (a file, so a strict CSP still allows it). */
inline constexpr std::string_view kScriptPath = "/__cpprustango__/reload.js";

/** `text` without ANSI escape sequences (the compiler's colours). */
std::string strip_ansi(std::string_view text);

/** `text` with &, <, >, " and ' escaped for HTML. */
std::string html_escape(std::string_view text);

/**
 * Ninja's output reduced to what the compiler said: progress lines
 * ("[1/3] Building ..."), the FAILED line with the full command after it and
 * ninja's own closing remarks are dropped; everything else is kept as is.
 */
std::vector<std::string> compiler_messages(const std::vector<std::string>& ninja_lines);

/** The JavaScript served at kScriptPath: reloads the page once the server's generation differs from the page's. */
std::string_view reload_script();

/** The <script> tag for pages served by `generation`. */
std::string reload_script_tag(std::string_view generation);

/** True for a Content-Type of HTML ("text/html; charset=utf-8"). */
bool is_html(std::string_view content_type);

/**
 * Inserts `tag` before the last </body> (any case). Returns false, leaving
 * `html` alone, when there is none: fragments (htmx, Turbo) must not grow a
 * second event stream every time they are swapped in.
 */
bool inject_before_body_end(std::string& html, std::string_view tag);

struct ErrorPage {
  std::string title;       ///< "Build failed"
  std::string summary;     ///< one sentence under the title
  std::string output;      ///< the compiler's or the app's output, ANSI colours allowed
  std::string generation;  ///< for the reload script
};

/** A complete HTML document showing `page`, which reloads itself once the server moves on. */
std::string render_error_page(const ErrorPage& page);

}  // namespace cpprustango::cli::devserver
