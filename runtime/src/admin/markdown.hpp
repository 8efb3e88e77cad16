// Markdown to HTML for the admin's @widget(markdown) preview, through
// cmark-gfm: GitHub's tables, strikethrough, autolinks and task lists, with
// raw HTML and dangerous links (javascript:, data:) left out.
#pragma once

#include <string>
#include <string_view>

namespace cpprustango::admin::detail {

/**
 * `text` rendered as HTML that is safe to put in a page: raw HTML blocks and
 * inline tags become comments, and javascript:, vbscript:, file: and data:
 * (other than images) links are dropped.
 *
 *   render_markdown("**hi** <script>x</script>") == "<p><strong>hi</strong> <!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n"
 */
std::string render_markdown(std::string_view text);

}  // namespace cpprustango::admin::detail
