// Pagination for list pages: ?page=N, a page size with a maximum, and a
// count that stops at a limit (like the admin's), so a list over millions of
// rows never runs a full COUNT.
//
//   auto page = views::paginate(posts.query(), db, {.number = 2, .per_page = 20});
//   page.rows;  page.has_next;  page.count;  page.count_capped;
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/render/templates.hpp"

namespace cpprustango::views {

struct PageRequest {
  std::int64_t number = 1;  ///< 1-based
  std::int64_t per_page = 20;
  std::int64_t count_limit = 10000;  ///< count at most this many rows; more shows as "10000+"
};

struct Page {
  std::vector<orm::Record> rows{};
  std::int64_t number = 1;
  std::int64_t per_page = 20;
  std::int64_t count = 0;      ///< rows in the whole list, at most count_limit
  bool count_capped = false;   ///< there are more than `count` rows
  std::int64_t num_pages = 1;  ///< from `count` (a lower bound when capped)
  bool has_next = false;
  bool has_previous = false;
};

/**
 * Reads page `request.number` of `query` (one extra row tells has_next, so the
 * last page is exact even when the count is capped), with the capped count in
 * the same statement (TableQuery::fetch_counted). A page past the end is
 * empty with has_next false: callers answer it with a 404, as Django does.
 */
Page paginate(const orm::TableQuery& query, orm::Executor db, const PageRequest& request);

/**
 * ?page= and ?per_page= as a PageRequest: a missing page is 1, a malformed one
 * ("x", "0", "-1") is 0, which callers answer with a 404; per_page defaults to
 * `per_page` and is capped at `max_per_page` (a malformed one is the default).
 */
PageRequest page_request(const http::Request& request, std::int64_t per_page, std::int64_t max_per_page,
                         std::int64_t count_limit = 10000);

/**
 * The paginator for a template: number, per_page, count ("10000+" when capped),
 * num_pages, has_next, has_previous, next_url, previous_url, and `links`
 * (a list of {number, url, current}) around the current page; URLs keep the
 * request's other query parameters.
 */
render::Context page_context(const Page& page, const http::Request& request);

}  // namespace cpprustango::views
