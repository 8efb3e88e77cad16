// JSON Web Tokens (HS256, signed and checked with libjwt): a short-lived
// access token for requests and a refresh token for new pairs. Refresh
// tokens are recorded by id (auth.RefreshToken), rotated on use (a used one
// is revoked) and revocable, by the client or in the admin.
//
//   rest::TokenOptions tokens{.secret = settings.secret_key};
//   rest::mount_token_endpoints(app, db, tokens);
//   //   POST /api/auth/token/          {"username", "password"} -> {"access", "refresh"}
//   //   POST /api/auth/token/refresh/  {"refresh"}              -> {"access", "refresh"} (the old one revoked)
//   //   POST /api/auth/token/revoke/   {"refresh"}              -> 204
//   api.mount(app, db, {.authenticators = {rest::jwt_authentication(db, tokens)}});
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "cpprustango/app.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/rest/authentication.hpp"
#include "cpprustango/rest/routers.hpp"
#include "cpprustango/rest/throttling.hpp"

namespace cpprustango::rest {

struct TokenOptions {
  /** The HMAC key: at least 32 bytes, kept secret (security.secret_key). */
  std::string secret{};
  std::chrono::seconds access_lifetime{std::chrono::minutes(5)};
  std::chrono::seconds refresh_lifetime{std::chrono::hours(24 * 7)};
  /** The "iss" claim written and required. */
  std::string issuer = "cpprustango";
  /** Password guesses: POSTs to the token endpoint per client address (429 past it). */
  RateLimit login_limit{.requests = 10, .per = std::chrono::minutes(1)};
  /** How long the user of an access token (with permissions) is reused before it is read again. */
  CredentialCache cache{};
};

/** "Authorization: Bearer <access token>"; throws DeclarationError for a secret under 32 bytes. */
Authenticator jwt_authentication(db::Database database, TokenOptions options);

/** The token, refresh and revoke endpoints under `prefix` ("/api/" -> /api/auth/token/...). */
void mount_token_endpoints(App& app, db::Database database, TokenOptions options, std::string prefix = "/api/");

/** A signed access token for `user_id`, as the token endpoint issues it (for tests and tools). */
std::string issue_access_token(const TokenOptions& options, std::int64_t user_id);

}  // namespace cpprustango::rest
