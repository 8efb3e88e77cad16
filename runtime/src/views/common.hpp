// What the generic views share: finding the row a URL names, and the page
// context every view starts from. Private to the runtime.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"
#include "cpprustango/views/generic.hpp"

namespace cpprustango::views::detail {

/** The row whose key is the route parameter `param` (after `narrow`); nullopt when missing or malformed. */
std::optional<orm::Record> find_object(App& app, const orm::Table& table, const http::Request& request,
                                       const std::string& param, const Narrow& narrow,
                                       const std::vector<std::string>& select_related);

/** A plain 404 page. */
http::Response not_found();

/** `pattern` with "{pk}" and "{display}" replaced by the record's. */
std::string fill(std::string pattern, const orm::Record& record);

}  // namespace cpprustango::views::detail
