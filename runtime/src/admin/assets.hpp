// The admin's stylesheet and script, compiled into the runtime and served at
// /admin/static/ (no CDN, nothing to install), plus the head every page shares.
#pragma once

#include <string_view>

namespace cpprustango::admin::detail {

struct Asset {
  std::string_view name;
  std::string_view content_type;
  std::string_view body;
};

/** The asset named `name` ("admin.css"), or nullptr. */
const Asset* find_asset(std::string_view name);

/** `<!doctype html>` up to the open <head> with charset, viewport, stylesheet and script; the page adds <title>. */
extern const std::string_view kHead;
/** kHead plus a title and an open <body>, for pages without a session. */
extern const std::string_view kPlainHead;

}  // namespace cpprustango::admin::detail
