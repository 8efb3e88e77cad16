// Who a machine client is: the auth app's users with their permissions,
// passwords checked for any active user (not only staff), and API keys,
// whose hash alone is stored (the ApiKey model). The REST plugin and the
// `createapikey` verb use these; the admin keeps its own staff-only login.
//
//   auto issued = auth::create_api_key(db, "ann", "ci", std::chrono::days(30));
//   std::cout << issued.key;                                  // shown once
//   auto check = auth::check_api_key(db, issued.key);         // check.user_id, check.status
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cpprustango::db {
class Database;
}

namespace cpprustango::auth {

/** An active user with the permission codenames of the user and their groups ("blog.view_post"). */
struct Principal {
  std::int64_t id = 0;
  std::string username;
  bool superuser = false;
  bool staff = false;
  std::set<std::string> permissions;
};

/** The active user `id`, with permissions; nullopt when there is none or they are inactive. */
std::optional<Principal> principal(db::Database& db, std::int64_t id);

/**
 * The id of the active user `username` when `password` is theirs; nullopt
 * otherwise. An unknown name costs a hash too, so timing does not tell
 * which names exist.
 */
std::optional<std::int64_t> check_password(db::Database& db, std::string_view username, std::string_view password);

struct IssuedApiKey {
  std::int64_t id = 0;
  std::string key;     ///< "crk_<prefix>_<secret>": give it to the client; it is not stored
  std::string prefix;  ///< stored, to tell keys apart in the admin
};

/**
 * A new API key for `username`, valid for `expires` (forever when nullopt).
 * Throws UserError for an unknown or inactive user.
 */
IssuedApiKey create_api_key(db::Database& db, std::string_view username, std::string_view name,
                            std::optional<std::chrono::days> expires);

struct ApiKeyCheck {
  enum class Status { Valid, Unknown, Revoked, Expired } status = Status::Unknown;
  std::int64_t user_id = 0;
};

/** What `key` is worth now; a valid key's last_used is brought up to date. */
ApiKeyCheck check_api_key(db::Database& db, std::string_view key);

/** A key's check with its user, as the REST plugin's API-key authentication needs them. */
struct ApiKeyOwner {
  ApiKeyCheck check;
  std::optional<Principal> user;  ///< set for a valid key whose user is active
  /** The key's end of validity, when it has one (a cache of the owner must still honour it). */
  std::optional<std::chrono::sys_time<std::chrono::microseconds>> expires;  /** last_used was written now: one statement on the key's table (a cache watching it knows why it moved). */
  bool use_recorded = false;
};

/**
 * check_api_key and principal() in one query (the key, its user and the
 * user's permissions through user and groups), plus last_used's write at
 * most once a minute per key:
 *   const auto owner = auth::resolve_api_key(db, key);
 *   if (owner.check.status == auth::ApiKeyCheck::Status::Valid && owner.user) ...
 */
ApiKeyOwner resolve_api_key(db::Database& db, std::string_view key);

/**
 * The tables a Principal and an API key's check are read from: a write to
 * one of them may change who a credential is (for db::Database::watch_writes).
 */
std::vector<std::string> principal_tables();

}  // namespace cpprustango::auth
