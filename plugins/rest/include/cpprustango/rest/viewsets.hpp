// A viewset: one model's JSON endpoints. The router serves it at
// /api/<app>/<models>/ (list: GET, create: POST -> 201 with Location) and
// /api/<app>/<models>/<pk>/ (retrieve: GET, update: PUT, partial_update:
// PATCH, destroy: DELETE -> 204), each of which can be left out; custom
// actions add /api/<app>/<models>/<pk>/<name>/ (detail) or
// /api/<app>/<models>/<name>/ (collection).
//
//   rest::ViewSet posts(blog::specs::Post, &blog::specs::resolve);
//   posts.filters(rest::FilterSet{}.field("status").search({"title"}).ordering({"published_at"}))
//        .permission(rest::authenticated_or_read_only())
//        .action("publish", http::Method::Post, true, [](rest::Call& call) {
//          call.object->set("status", "published");
//          call.save(*call.object);
//          return call.respond(*call.object);
//        });
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/rest/filters.hpp"
#include "cpprustango/rest/pagination.hpp"
#include "cpprustango/rest/permissions.hpp"
#include "cpprustango/rest/serializers.hpp"

namespace cpprustango::rest {

class ViewSet;

/** What a custom action gets: the request, who made it, the database and, for a detail action, the row. */
struct Call {
  const http::Request& request;
  const Identity* user;
  db::Database& database;
  const ViewSet& viewset;
  std::optional<orm::Record> object;

  /** A 200 (or `status`) JSON response with the row as the viewset's serializer writes it. */
  http::Response respond(const orm::Record& record, int status = 200) const;
  /** Saves a changed row (validation errors become a 400 problem). */
  void save(orm::Record& record) const;
};

using ActionHandler = std::function<http::Response(Call&)>;

struct CustomAction {
  std::string name;  ///< the URL segment: "publish"
  http::Method method = http::Method::Post;
  bool detail = true;  ///< on one row (/<pk>/publish/) or on the collection (/publish/)
  ActionHandler handler;
};

class ViewSet {
 public:
  ViewSet(const schema::ModelSpec& model, orm::ModelResolver resolver);

  ViewSet& serializer(Serializer serializer);
  ViewSet& filters(FilterSet filters);
  ViewSet& pagination(Pagination pagination);
  ViewSet& permission(Permission permission);
  /** Only list and retrieve. */
  ViewSet& read_only();
  /** Leaves these actions out: their method answers 405 (with Allow). */
  ViewSet& without(std::initializer_list<Action> actions);
  ViewSet& action(std::string name, http::Method method, bool detail, ActionHandler handler);
  /** The URL segment; by default the model's plural, lower case without spaces ("posts"). */
  ViewSet& path(std::string segment);

  const schema::ModelSpec& model() const { return *model_; }
  const orm::ModelResolver& resolver() const { return resolver_; }
  const Serializer& serializer() const { return serializer_; }
  const FilterSet& filters() const { return filters_; }
  const Pagination& pagination() const { return pagination_; }
  const Permission& permission() const { return permission_; }
  bool allows(Action action) const;
  const std::vector<CustomAction>& actions() const { return actions_; }
  const std::string& path() const { return path_; }
  orm::Table table() const { return orm::Table(*model_, resolver_); }

 private:
  const schema::ModelSpec* model_;
  orm::ModelResolver resolver_;
  Serializer serializer_;
  FilterSet filters_;
  Pagination pagination_{PageNumberPagination{}};
  Permission permission_;
  std::vector<Action> absent_;
  std::vector<CustomAction> actions_;
  std::string path_;
};

}  // namespace cpprustango::rest
