// What the admin asks of the auth tables: logging in (with throttling),
// database sessions, a user's permissions, permission rows for every model,
// and the change history. Private to the runtime; the tables are the auth
// app's (runtime/apps/auth/models.schema).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::auth::detail {

/** The four per-model permissions, as in Django. */
enum class Action { View, Add, Change, Delete };
std::string_view action_name(Action action);
/** "blog.change_post": the codename of a model's permission. */
std::string codename(const schema::ModelSpec& model, Action action);

/**
 * The SQL condition "permission row p is granted to the user whose id is `user`", directly or
 * through a group; `user` is an expression ("?" or "u.id"), used twice.
 */
std::string granted_to(std::string_view user);

struct User {
  std::int64_t id = 0;
  std::string username;
  bool superuser = false;
  bool staff = false;
  bool active = false;
  std::set<std::string> permissions;  ///< codenames, from the user and their groups

  /** Superusers pass every check. */
  bool can(const schema::ModelSpec& model, Action action) const;
  /** Any of the four on `model`: whether the admin shows it. */
  bool can_any(const schema::ModelSpec& model) const;
};

struct Session {
  User user;
  std::string csrf;  ///< the token every POST of this session must carry
  std::string key;   ///< the SHA-256 of the cookie's token, as stored
};

struct LoginOutcome {
  enum class Result { Ok, Invalid, Locked } result = Result::Invalid;
  std::optional<User> user;
};

struct StoreOptions {
  std::chrono::seconds session_age{std::chrono::hours(24 * 14)};
  int max_failures = 5;                                  ///< failed logins before the lock
  std::chrono::seconds failure_window{std::chrono::minutes(15)};
  std::chrono::seconds lockout{std::chrono::minutes(15)};
  int purge_batch = 100;  ///< expired sessions deleted, at most, each time one is opened
};

struct HistoryEntry {
  std::string when;  ///< as stored
  std::string username;  ///< empty when the user is gone
  std::string action;  ///< addition, change, deletion
  std::string message;
};

class Store {
 public:
  Store(db::Database database, StoreOptions options);

  db::Database& database() { return database_; }

  /**
   * Checks the password of an active staff user (any active user when not `staff_only`: project logins). Failures count per
   * (username, client address); after max_failures within failure_window
   * the pair is locked for `lockout`, and even the right password is refused.
   */
  LoginOutcome login(std::string_view username, std::string_view password, std::string_view client,
                     bool staff_only = true);

  /**
   * Opens a session for the user; returns the token for the cookie (only its hash is stored).
   * Deletes up to purge_batch expired sessions first, so the table does not grow with every
   * login that never logs out, while a login never waits on a big clean-up.
   */
  std::string open_session(std::int64_t user_id);
  /**
   * The live session of `token`, with its user's permissions; nullopt when unknown, expired or inactive,
   * or (`staff_only`, the admin) when the user is not staff.
   */
  std::optional<Session> session(std::string_view token, bool staff_only = true);
  void close_session(std::string_view token);

  /**
   * Stores a new password hash for the user and closes their other sessions
   * (as Django does), keeping only the session whose stored key is `keep_key`
   * (the caller's own, when they change their own password).
   */
  void set_password(std::int64_t user_id, std::string_view encoded, std::string_view keep_key);

  /** The user with their permissions; nullopt when there is none. */
  std::optional<User> user(std::int64_t id);

  /** Inserts the missing view/add/change/delete rows for every model. */
  void sync_permissions(std::span<const schema::ModelSpec* const> models);

  void log(std::optional<std::int64_t> user_id, const schema::ModelSpec& model, std::string_view object_id,
           std::string_view object_repr, std::string_view action, std::string_view message);
  std::vector<HistoryEntry> history(const schema::ModelSpec& model, std::string_view object_id);

 private:
  db::Result run(std::string_view sql, std::vector<db::Value> params);

  db::Database database_;
  StoreOptions options_;
};

}  // namespace cpprustango::auth::detail
