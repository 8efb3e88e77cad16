// Mounting viewsets on an App (see routers.hpp).
#include "cpprustango/rest/routers.hpp"

#include <cctype>

#include "document.hpp"
#include "endpoint.hpp"
#include "paginate.hpp"

namespace cpprustango::rest {

namespace {

constexpr std::initializer_list<http::Method> kAll = {http::Method::Get,   http::Method::Post,
                                                      http::Method::Put,   http::Method::Patch,
                                                      http::Method::Delete, http::Method::Options};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void check(const Router::Entry& entry) {
  const ViewSet& viewset = entry.viewset;
  const schema::ModelSpec& model = viewset.model();
  if (!entry.parent_ref.empty()) {
    const schema::FieldSpec* parent = model.field(entry.parent_ref);
    if (!parent || parent->kind != schema::FieldKind::Ref || !viewset.resolver()(*parent)) {
      throw DeclarationError("nested viewset of " + std::string(model.name) + ": '" + entry.parent_ref +
                             "' is not a ref with a known target");
    }
  }
  if (model.primary_key.size() != 1) {
    throw DeclarationError("viewset of " + std::string(model.name) + ": the REST plugin serves models with a single-column key");
  }
  viewset.filters().check(model, viewset.resolver());
  detail::check_pagination(viewset.pagination(), model);
}

}  // namespace

Router& Router::add(ViewSet viewset) {
  entries_.push_back({std::move(viewset), {}});
  return *this;
}

Router& Router::nested(ViewSet viewset, std::string ref_field) {
  entries_.push_back({std::move(viewset), std::move(ref_field)});
  return *this;
}

void Router::mount(App& app, db::Database database, RouterOptions options) const {
  if (options.prefix.empty() || options.prefix.front() != '/' || options.prefix.back() != '/') {
    throw DeclarationError("the API prefix must start and end with '/' (got '" + options.prefix + "')");
  }
  auto shared = std::make_shared<const RouterOptions>(std::move(options));
  // Every declaration first, so a bad one leaves the app without any of the API's routes.
  for (const auto& entry : entries_) check(entry);
  detail::mount_cors(app, *shared);
  http::Router& router = app.router();
  if (shared->openapi.enabled) {
    // Built once: the viewsets do not change after mounting.
    auto document = std::make_shared<const std::string>(detail::openapi_document(*this, *shared));
    router.get(shared->prefix + "openapi.json", [document](const http::Request&) {
      http::Response response(200, *document, "application/json");
      response.header("Cache-Control", "no-cache");
      return response;
    }, "api:openapi");
    detail::mount_docs(app, shared->prefix);
  }
  for (const auto& entry : entries_) {
    const ViewSet& viewset = entry.viewset;
    const schema::ModelSpec& model = viewset.model();
    const schema::FieldSpec* parent = entry.parent_ref.empty() ? nullptr : model.field(entry.parent_ref);
    const std::string collection = detail::collection_path(entry, *shared);
    auto endpoint = std::make_shared<detail::Endpoint>(viewset, database, shared, parent);
    const std::string name = "api:" + lower(model.app) + ":" + viewset.path() + (parent ? ":nested" : "");
    // Collection actions before the detail route, which would take their name for a key.
    for (std::size_t i = 0; i < viewset.actions().size(); ++i) {
      const CustomAction& action = viewset.actions()[i];
      const std::string pattern = collection + (action.detail ? "<str:pk>/" : "") + action.name + "/";
      router.route(kAll, pattern, [endpoint, i](const http::Request& r) { return endpoint->custom(r, i); },
                   name + ":" + action.name);
    }
    router.route(kAll, collection, [endpoint](const http::Request& r) { return endpoint->collection(r); },
                 name + ":list");
    router.route(kAll, collection + "<str:pk>/", [endpoint](const http::Request& r) { return endpoint->detail(r); },
                 name + ":detail");
  }
}

}  // namespace cpprustango::rest
