// Sessions for a project's own views: the same database sessions and cookie
// as the admin (one login serves both), the logged-in user of a request, the
// CSRF token every form carries, and login/logout helpers. Install once:
//
//   app.set_database(db::Database::open("sqlite:db.sqlite3"));   // serve() does this from database.url
//   auth::use_sessions(app);
//   app.get("/me/", [](const http::Request& req) {
//     const auth::CurrentUser* user = auth::current_user(req);
//     return http::Response::text(user ? user->username : "anonymous");
//   });
//
// A visitor without a session still gets a CSRF token: a signed cookie whose
// value the form repeats (double submit), set only when a page asked for it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cpprustango/http/request.hpp"
#include "cpprustango/http/response.hpp"
#include "cpprustango/http/router.hpp"

namespace cpprustango {
class App;
namespace config {
class Settings;
}
namespace db {
class Database;
}
}  // namespace cpprustango

namespace cpprustango::auth {

/** How sessions are signed and kept. */
struct SessionOptions {
  std::string secret_key{};     ///< signs the cookies; session_options() fills it from security.secret_key
  bool secure_cookies = false;  ///< Secure cookies (true in production)
  std::chrono::seconds age{std::chrono::hours(24 * 14)};
};

/**
 * The options the admin and project views share, read from settings:
 * security.secret_key (required in production; outside it a key derived from
 * the project folder), Secure cookies in production.
 * Throws config::SettingsError when production has no secret key.
 */
SessionOptions session_options(const config::Settings& settings);

/** The logged-in user of a request, with their permissions (theirs and their groups'). */
struct CurrentUser {
  std::int64_t id = 0;
  std::string username{};
  bool superuser = false;
  bool staff = false;
  std::set<std::string> permissions{};  ///< codenames: "blog.add_post"

  /** `user.has_perm("blog.add_post")`; superusers have every permission. */
  bool has_perm(std::string_view codename) const;
};

/**
 * The middleware: reads the session cookie, loads the session and its user
 * (one query, only when the cookie is there), makes them available to
 * current_user() and csrf_token(), and writes the cookies a handler asked for
 * (a new CSRF cookie, flash messages, login and logout).
 */
http::Middleware session_middleware(db::Database database, SessionOptions options);

/** Adds session_middleware over app.database() with session_options(app.settings()) (or `options`). */
void use_sessions(App& app);
void use_sessions(App& app, SessionOptions options);

/** The logged-in user, or nullptr for an anonymous visitor (or without the middleware). */
const CurrentUser* current_user(const http::Request& request);

/**
 * The CSRF token a form of this request carries (the hidden input csrf_token):
 * the session's, or for an anonymous visitor the signed cookie's, created on
 * first use. Throws std::logic_error when the middleware is not installed.
 */
std::string csrf_token(const http::Request& request);

/**
 * Whether an unsafe request carries the right token: the form field
 * `csrf_token` (pass what the body held) or the X-CSRF-Token header.
 *   if (!auth::csrf_valid(req, form.value("csrf_token"))) return http::Response::error(403);
 */
bool csrf_valid(const http::Request& request, std::string_view sent);

/** Why a login was refused. */
enum class LoginResult { Ok, Invalid, Locked };

/**
 * Checks the password of an active user (staff or not), with the admin's
 * throttling; on success opens a session and sets its cookie on `response`
 * (a fresh session: the CSRF token changes, as after any login).
 *   auto response = http::Response::redirect("/");
 *   if (auth::login(req, response, username, password) != auth::LoginResult::Ok) ...
 */
LoginResult login(const http::Request& request, http::Response& response, std::string_view username,
                  std::string_view password);

/** Closes the request's session (if any) and deletes its cookie on `response`. */
void logout(const http::Request& request, http::Response& response);

}  // namespace cpprustango::auth
