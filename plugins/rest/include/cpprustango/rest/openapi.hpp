// The API described as OpenAPI 3.1, derived from the mounted viewsets and
// their serializers: paths, the list parameters each whitelist allows, request
// and response schemas, the security schemes and the problem details. The
// router serves it at <prefix>openapi.json, and a docs page that reads it at
// <prefix>docs/ (its script and styles served by the app too, no CDN).
#pragma once

#include <string>

namespace cpprustango::rest {

struct OpenApiInfo {
  std::string title = "API";
  std::string version = "1.0.0";
  std::string description{};
  /** Serve <prefix>openapi.json and <prefix>docs/. */
  bool enabled = true;
  /** Describe <prefix>auth/token/... (mount_token_endpoints) too. */
  bool token_endpoints = false;
};

}  // namespace cpprustango::rest
