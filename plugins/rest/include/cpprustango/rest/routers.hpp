// Mounts viewsets on an App under /api/: the routes of each viewset, nested
// routes for a ref (/api/blog/authors/<pk>/posts/), the problem details every
// error becomes, and the authentication every request passes through first.
//
//   rest::Router api;
//   api.add(posts).add(authors).nested(posts, "author");
//   api.mount(app, database, {.authenticators = {rest::api_key_authentication(database)}});
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cpprustango/app.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/rest/openapi.hpp"
#include "cpprustango/rest/permissions.hpp"
#include "cpprustango/rest/throttling.hpp"
#include "cpprustango/rest/viewsets.hpp"

namespace cpprustango::rest {

/**
 * Who sent a request: nullopt when the request carries none of this scheme's
 * credentials (the next authenticator is asked), an Identity when they check
 * out; throws Problem(401) when they are there but wrong (expired, revoked).
 */
using Authenticator = std::function<std::optional<Identity>(const http::Request&)>;

/** Which other origins' pages may call the API from a browser (CORS). */
struct CorsOptions {
  std::vector<std::string> allowed_origins{};  ///< exact origins ("https://app.example.com"), or "*"
  std::vector<std::string> allowed_methods{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  std::vector<std::string> allowed_headers{"Authorization", "Content-Type", "If-None-Match"};
  bool allow_credentials = false;  ///< never together with "*"
  int max_age = 600;               ///< seconds a preflight answer may be cached
};

struct RouterOptions {
  /** Where the API lives; the viewsets are under <prefix><app>/<models>/. */
  std::string prefix = "/api/";
  /** Asked in order; the first that finds credentials decides. */
  std::vector<Authenticator> authenticators{};
  /** Used by viewsets that set no permission; model permissions when unset. */
  Permission default_permission{};
  /** Rate limits, counted in the database; none by default. */
  ThrottleOptions throttle{};
  /** The OpenAPI document and docs page. */
  OpenApiInfo openapi{};
  /** Cross-origin requests; none allowed by default. */
  CorsOptions cors{};
};

class Router {
 public:
  struct Entry {
    ViewSet viewset;
    std::string parent_ref;  ///< empty: top level
  };

  Router& add(ViewSet viewset);
  /**
   * Also serves `viewset` below the target of its ref `ref_field`:
   * /api/blog/authors/<pk>/posts/ lists the posts whose author is <pk>, and a
   * POST there creates one with that author.
   */
  Router& nested(ViewSet viewset, std::string ref_field);

  /** Adds every route to `app`; throws DeclarationError for a viewset that names what its model lacks. */
  void mount(App& app, db::Database database, RouterOptions options = {}) const;

  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

}  // namespace cpprustango::rest
