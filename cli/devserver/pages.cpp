// The reload script, its injection, and the build-error page.
#include "devserver/pages.hpp"

#include <algorithm>
#include <cctype>

namespace cpprustango::cli::devserver {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// "[12/345] " as Ninja prints its progress.
bool progress_line(std::string_view line) {
  if (line.size() < 5 || line[0] != '[') return false;
  const auto close = line.find("] ");
  if (close == std::string_view::npos) return false;
  const auto inner = line.substr(1, close - 1);
  const auto slash = inner.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == inner.size()) return false;
  return std::all_of(inner.begin(), inner.end(), [](char c) { return c == '/' || (c >= '0' && c <= '9'); });
}

std::string_view line_class(std::string_view line) {
  if (contains(line, "error:") || contains(line, "Error:")) return "error";
  if (contains(line, "warning:")) return "warning";
  if (contains(line, "note:")) return "note";
  return {};
}

}  // namespace

std::string strip_ansi(std::string_view text) {
  std::string plain;
  plain.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\033') {
      plain += text[i];
      continue;
    }
    // CSI: ESC [ parameters intermediates final-byte (0x40-0x7E).
    if (i + 1 < text.size() && text[i + 1] == '[') {
      std::size_t j = i + 2;
      while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7e)) ++j;
      i = j;
    } else {
      ++i;  // a two-byte escape
    }
  }
  return plain;
}

std::string html_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::vector<std::string> compiler_messages(const std::vector<std::string>& ninja_lines) {
  std::vector<std::string> kept;
  bool skip_command = false;
  for (const auto& line : ninja_lines) {
    const std::string plain = strip_ansi(line);
    if (skip_command) {  // the line after FAILED: is the whole compiler command
      skip_command = false;
      continue;
    }
    if (starts_with(plain, "FAILED: ")) {
      skip_command = true;
      continue;
    }
    if (progress_line(plain) || starts_with(plain, "ninja: ")) continue;
    kept.push_back(line);
  }
  return kept;
}

std::string_view reload_script() {
  return R"js(// Added by `cpprustango runserver`: reloads the page when the server has new
// code or files. The server sends its generation; this page knows its own.
(function () {
  var script = document.currentScript;
  var served = script ? new URL(script.src).searchParams.get("g") : null;
  var events = new EventSource("/__cpprustango__/events");
  events.onmessage = function (event) {
    if (served !== null && event.data !== served) {
      events.close();
      location.reload();
    }
  };
})();
)js";
}

std::string reload_script_tag(std::string_view generation) {
  return "<script src=\"" + std::string(kScriptPath) + "?g=" + html_escape(generation) + "\"></script>";
}

bool is_html(std::string_view content_type) {
  constexpr std::string_view kHtml = "text/html";
  if (content_type.size() < kHtml.size()) return false;
  for (std::size_t i = 0; i < kHtml.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(content_type[i])) != kHtml[i]) return false;
  }
  return content_type.size() == kHtml.size() || content_type[kHtml.size()] == ';' || content_type[kHtml.size()] == ' ';
}

bool inject_before_body_end(std::string& html, std::string_view tag) {
  constexpr std::string_view kBodyEnd = "</body";
  if (html.size() < kBodyEnd.size()) return false;
  for (std::size_t i = html.size() - kBodyEnd.size() + 1; i-- > 0;) {
    bool match = true;
    for (std::size_t j = 0; j < kBodyEnd.size() && match; ++j) {
      match = std::tolower(static_cast<unsigned char>(html[i + j])) == kBodyEnd[j];
    }
    if (match) {
      html.insert(i, tag);
      return true;
    }
  }
  return false;
}

std::string render_error_page(const ErrorPage& page) {
  std::string body;
  std::string_view rest = page.output;
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    const std::string line = strip_ansi(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    const auto cls = line_class(line);
    if (cls.empty()) {
      body += html_escape(line);
    } else {
      body += "<span class=\"" + std::string(cls) + "\">" + html_escape(line) + "</span>";
    }
    body += '\n';
  }
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(page.title) +
         " - cpprustango runserver</title>\n<style>\n"
         "body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#1b1d23;color:#e6e6e6}\n"
         "header{padding:20px 28px;background:#7a1f1f}\nh1{margin:0;font-size:22px}\n"
         "header p{margin:6px 0 0;opacity:.9}\n"
         "pre{margin:0;padding:20px 28px;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap}\n"
         ".error{color:#ff7b72;font-weight:600}.warning{color:#e3b341}.note{color:#79c0ff}\n"
         "footer{padding:0 28px 24px;color:#9a9a9a}\n</style>\n</head>\n<body>\n<header><h1>" +
         html_escape(page.title) + "</h1><p>" + html_escape(page.summary) + "</p></header>\n<pre>" + body +
         "</pre>\n<footer>Fix it and save: this page reloads by itself.</footer>\n" +
         reload_script_tag(page.generation) + "\n</body>\n</html>\n";
}

}  // namespace cpprustango::cli::devserver
