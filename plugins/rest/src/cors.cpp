// CORS for the API's routes (see CorsOptions in routers.hpp): preflights are
// answered here, and responses to an allowed origin carry its headers. Other
// origins get no CORS headers, so browsers keep their pages out.
#include <algorithm>

#include "document.hpp"

namespace cpprustango::rest::detail {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

void mount_cors(App& app, const RouterOptions& options) {
  if (options.cors.allowed_origins.empty()) return;
  const CorsOptions cors = options.cors;
  if (cors.allow_credentials && std::find(cors.allowed_origins.begin(), cors.allowed_origins.end(), "*") != cors.allowed_origins.end()) {
    throw DeclarationError("CORS: credentials cannot be allowed for every origin ('*'); list the origins");
  }
  const std::string prefix = options.prefix;
  app.use([cors, prefix](http::Request& request, const http::Next& next) {
    const auto origin = request.header("origin");
    if (!request.path().starts_with(prefix) || !origin) return next(request);
    const bool any = std::find(cors.allowed_origins.begin(), cors.allowed_origins.end(), "*") != cors.allowed_origins.end();
    const bool allowed = any || std::find(cors.allowed_origins.begin(), cors.allowed_origins.end(), *origin) != cors.allowed_origins.end();
    if (!allowed) return next(request);
    const bool preflight = request.method() == http::Method::Options && request.headers().contains("access-control-request-method");
    http::Response response = preflight ? http::Response(204, "", "text/plain") : next(request);
    response.header("Access-Control-Allow-Origin", any && !cors.allow_credentials ? "*" : std::string(*origin));
    response.headers().add("Vary", "Origin");
    if (cors.allow_credentials) response.header("Access-Control-Allow-Credentials", "true");
    if (preflight) {
      response.header("Access-Control-Allow-Methods", joined(cors.allowed_methods));
      response.header("Access-Control-Allow-Headers", joined(cors.allowed_headers));
      response.header("Access-Control-Max-Age", std::to_string(cors.max_age));
    } else {
      response.header("Access-Control-Expose-Headers", "Location, ETag, Retry-After");
    }
    return response;
  });
}

}  // namespace cpprustango::rest::detail
