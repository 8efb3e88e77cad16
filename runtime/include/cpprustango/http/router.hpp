// Maps (method, path) to handlers. Patterns use Django's converters:
//   router.get("/posts/<int:id>/", show_post);
// Converters: <str:x> (one segment, the default), <int:x>, <slug:x>, <uuid:x>,
// <path:x> (the rest of the path). Routes match in the order they were added.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"

namespace cpprustango::http {

using Handler = std::function<Response(const Request&)>;
/** Calls the rest of the chain (later middleware, then the handler). */
using Next = std::function<Response(Request&)>;
/** Wraps every request: `[](Request& r, const Next& next) { return next(r); }` */
using Middleware = std::function<Response(Request&, const Next&)>;

/** Thrown for a malformed route pattern, naming the pattern and the problem. */
class RouteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  /** Adds a route for several methods; a GET route also answers HEAD. */
  Router& route(std::initializer_list<Method> methods, std::string_view pattern, Handler handler,
                std::string name = {});
  Router& get(std::string_view pattern, Handler handler, std::string name = {});
  Router& post(std::string_view pattern, Handler handler, std::string name = {});
  Router& put(std::string_view pattern, Handler handler, std::string name = {});
  Router& patch(std::string_view pattern, Handler handler, std::string name = {});
  Router& del(std::string_view pattern, Handler handler, std::string name = {});

  /** Routes the request: the handler's response, 404, or 405 with an Allow header. */
  Response dispatch(Request& request) const;

  /** Builds a path from a named route: `url_for("post", {{"id", "7"}}) == "/posts/7/"`. */
  std::optional<std::string> url_for(std::string_view name,
                                     const std::vector<std::pair<std::string, std::string>>& params = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpprustango::http
