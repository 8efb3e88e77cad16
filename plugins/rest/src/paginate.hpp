// A viewset's list cut into one page: the rows, and the envelope around them
// ({"count", "next", "previous"} or {"next", "previous"}). Links are the
// request's own path and parameters with the page or cursor changed.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/rest/pagination.hpp"

namespace cpprustango::rest::detail {

struct Page {
  std::vector<orm::Record> rows;
  nlohmann::json envelope;  ///< null for NoPagination: the response is the bare list
};

/** The query parameters `pagination` itself reads, which filters must let through. */
std::span<const std::string_view> reserved_parameters(const Pagination& pagination);

/**
 * One page of `query` (already filtered), ordered by `ordering` (the
 * request's, checked; empty: the model's) with the key last so that pages
 * never overlap. Throws Problem(400) for a bad page size, cursor or an
 * ordering with cursor pagination, Problem(404) for a page past the end.
 */
Page paginate(const Pagination& pagination, const http::Request& request, const orm::TableQuery& query,
              std::vector<std::string> ordering, orm::Executor db);

/** Refuses a cursor ordering the model cannot give (unknown or nullable field); throws DeclarationError. */
void check_pagination(const Pagination& pagination, const schema::ModelSpec& model);

}  // namespace cpprustango::rest::detail
