// Authenticators: who a request is from. Each looks at its own scheme of the
// Authorization header and answers nullopt when the request does not use it,
// so several can be listed (RouterOptions::authenticators); credentials that
// are there but wrong (unknown, revoked, expired) are a 401 problem.
//
//   Authorization: Api-Key crk_3fA9...          api_key_authentication(db)
//   Authorization: Bearer eyJhbGciOi...         jwt_authentication(db, tokens)   (tokens.hpp)
//   the session cookie (+ X-CSRF-Token)         session_authentication()
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "cpprustango/db/database.hpp"
#include "cpprustango/rest/permissions.hpp"
#include "cpprustango/rest/routers.hpp"

namespace cpprustango::rest {

/**
 * How long an authenticator reuses who a credential is (the key's or token's
 * user and their permissions) before reading the database again. A write in
 * this process to the tables that says who someone is (a key revoked, a user
 * deactivated or changed, a permission or group granted: through the ORM, the
 * admin or SQL on the same db::Database) drops every entry at once; a change
 * made by another process (psql, `cpprustango createapikey`, another server)
 * is seen within `ttl`. An API key's own expiry is honoured to the second.
 *   rest::api_key_authentication(db, {.ttl = std::chrono::seconds(2)});
 *   rest::api_key_authentication(db, {.ttl = {}});   // no cache: the database on every request
 */
struct CredentialCache {
  std::chrono::milliseconds ttl{std::chrono::seconds(5)};  ///< 0: no cache
  std::size_t max_entries = 10000;  ///< credentials kept at most (past ones go first when it is full)
};

/**
 * API keys made by `cpprustango createapikey USER`; only their hash is stored
 * (auth.ApiKey). Valid keys are remembered for `cache.ttl` (see CredentialCache);
 * unknown, revoked and expired ones are looked up every time.
 */
Authenticator api_key_authentication(db::Database database, CredentialCache cache = {});

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
