// How a list is cut into pages. Page numbers give {"count", "next",
// "previous", "results"} with the count capped (as the admin caps it) so a
// huge table is never counted in full; cursors give {"next", "previous",
// "results"} without any COUNT, keyed on an ordering that the cursor encodes,
// so rows inserted during a walk neither repeat nor push others out. A
// client's ?page_size= is capped at max_page_size.
//
//   viewset.pagination(rest::PageNumberPagination{.page_size = 20, .max_page_size = 100});
//   viewset.pagination(rest::CursorPagination{.page_size = 50, .ordering = "-created"});
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace cpprustango::rest {

struct PageNumberPagination {
  std::int64_t page_size = 20;
  std::int64_t max_page_size = 100;
  /** Past this many rows the count stops: "count" is this number and "count_capped" is true. */
  std::int64_t count_limit = 10000;
};

struct CursorPagination {
  std::int64_t page_size = 20;
  std::int64_t max_page_size = 100;
  /** A field, '-' for descending; the key breaks ties. Empty: the key. ?ordering= is refused. */
  std::string ordering{};
};

/** The whole result in one list (a plain JSON array): for small, bounded tables only. */
struct NoPagination {};

using Pagination = std::variant<PageNumberPagination, CursorPagination, NoPagination>;

}  // namespace cpprustango::rest
