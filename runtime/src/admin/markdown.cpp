// Markdown rendering for the admin (see markdown.hpp). Safe mode is what
// sanitizes (cmark-gfm's default, named here so it cannot be lost): raw HTML
// is omitted and unsafe link schemes are emptied. The tagfilter extension
// stays on as a second guard should safe mode ever be turned off.
#include "admin/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include <memory>
#include <mutex>

namespace cpprustango::admin::detail {

std::string render_markdown(std::string_view text) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE;
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(kOptions), &cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(cmark_parser_finish(parser.get()), &cmark_node_free);
  char* html = cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  cmark_get_default_mem_allocator()->free(html);
  return out;
}

}  // namespace cpprustango::admin::detail
