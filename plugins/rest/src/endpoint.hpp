// One mounted viewset answering requests: authentication, the method check
// (405 with Allow), the permission (401 or 403), the action, and every error
// as problem details. The routes registered by Router::mount call into it.
#pragma once

#include <memory>
#include <string>

#include "cpprustango/db/database.hpp"
#include "cpprustango/http/response.hpp"
#include "cpprustango/rest/routers.hpp"

namespace cpprustango::rest::detail {

class Endpoint {
 public:
  Endpoint(ViewSet viewset, db::Database database, std::shared_ptr<const RouterOptions> options,
           const schema::FieldSpec* parent);

  const ViewSet& viewset() const { return viewset_; }

  /** /<models>/: list (GET) and create (POST). */
  http::Response collection(const http::Request& request);
  /** /<models>/<pk>/: retrieve, update, partial_update, destroy. */
  http::Response detail(const http::Request& request);
  /** /<models>/[<pk>/]<name>/ for the custom action `index`. */
  http::Response custom(const http::Request& request, std::size_t index);

 private:
  template <class Work>
  http::Response guarded(const http::Request& request, Work&& work);
  std::optional<Identity> authenticate(const http::Request& request) const;
  void authorize(const http::Request& request, const Identity* user, Action action) const;

  orm::TableQuery scoped(const http::Request& request) const;
  orm::Record object(const http::Request& request) const;
  http::Response list(const http::Request& request);
  http::Response create(const http::Request& request);
  http::Response retrieve(const http::Request& request);
  http::Response update(const http::Request& request, bool partial);
  http::Response destroy(const http::Request& request);

  ViewSet viewset_;
  mutable db::Database database_;  // a pool handle: leasing is not a change of the endpoint
  std::shared_ptr<const RouterOptions> options_;
  const schema::FieldSpec* parent_;  ///< nested: the ref to the parent model
};

}  // namespace cpprustango::rest::detail
