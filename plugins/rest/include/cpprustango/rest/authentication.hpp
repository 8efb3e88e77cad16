// Authenticators: who a request is from. Each looks at its own scheme of the
// Authorization header and answers nullopt when the request does not use it,
// so several can be listed (RouterOptions::authenticators); credentials that
// are there but wrong (unknown, revoked, expired) are a 401 problem.
//
//   Authorization: Api-Key crk_3fA9...          api_key_authentication(db)
//   Authorization: Bearer eyJhbGciOi...         jwt_authentication(db, tokens)   (tokens.hpp)
//   the session cookie (+ X-CSRF-Token)         session_authentication()
#pragma once

#include <cstdint>
#include <optional>

#include "cpprustango/db/database.hpp"
#include "cpprustango/rest/permissions.hpp"
#include "cpprustango/rest/routers.hpp"

namespace cpprustango::rest {

/** API keys made by `cpprustango createapikey USER`; only their hash is stored (auth.ApiKey). */
Authenticator api_key_authentication(db::Database database);

/**
 * The logged-in user of the runtime's sessions (the admin's login cookie;
 * install auth::use_sessions(app) first). A request with a session must send
 * the session's CSRF token in X-CSRF-Token for POST, PUT, PATCH and DELETE
 * (403 otherwise): a browser sends the cookie on other sites' requests too.
 */
Authenticator session_authentication();

/** The active user `user_id` as an Identity (with permissions), or nullopt. */
std::optional<Identity> load_identity(db::Database& database, std::int64_t user_id, std::string scheme);

}  // namespace cpprustango::rest
