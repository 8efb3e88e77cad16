// The OpenAPI 3.1 document of a router's viewsets (openapi.cpp), the docs
// page and its assets (docs_page.cpp), and the CORS middleware (cors.cpp).
#pragma once

#include <string>
#include <string_view>

#include "cpprustango/app.hpp"
#include "cpprustango/rest/routers.hpp"

namespace cpprustango::rest::detail {

/** The URL segment of a model's collection, as ViewSet::path() defaults it, under the parent's for nested entries. */
std::string collection_path(const Router::Entry& entry, const RouterOptions& options);

std::string openapi_document(const Router& router, const RouterOptions& options);

/** <prefix>docs/ and its script and stylesheet. */
void mount_docs(App& app, const std::string& prefix);

/** Answers preflights and adds the CORS headers to API responses for allowed origins. */
void mount_cors(App& app, const RouterOptions& options);

}  // namespace cpprustango::rest::detail
