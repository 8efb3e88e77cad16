// The auto-admin: login, and list/add/change/delete/history pages for every
// model of the installed apps plus the auth app, at /admin/. serve() mounts it
// when the settings name a database; a project's tests may mount it by hand:
//
//   cpprustango::App app{settings};
//   cpprustango::admin::mount(app, db::Database::open("sqlite::memory:"), installed_apps);
//   app.handle(http::Request{http::Method::Get, "/admin/"});     // 302 to /admin/login/?next=/admin/
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>

#include "cpprustango/app.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/schema/app_spec.hpp"

namespace cpprustango::admin {

struct Options {
  /**
   * Signs the session and CSRF cookies. Empty: the setting security.secret_key;
   * when that is unset too, a key derived from the project folder outside
   * production, and an error in production (CPPRUSTANGO_ENV=prod).
   */
  std::string secret_key{};
  /** Cookies get Secure; by default in production. */
  std::optional<bool> secure_cookies{};
  std::chrono::seconds session_age{std::chrono::hours(24 * 14)};
  int max_login_failures = 5;
  std::chrono::seconds lockout{std::chrono::minutes(15)};
  /** Above this many rows (by the database's estimate) the list shows "N+" instead of counting them all. */
  std::int64_t count_limit = 10000;
};

/**
 * Adds /admin/ routes over `apps` and the auth app's models, using `database`.
 * Registers the view/add/change/delete permission rows of every model when
 * the auth tables exist (otherwise the pages say to run cpprustango migrate).
 * Throws config::SettingsError when no secret key is configured in production.
 */
void mount(App& app, db::Database database, std::span<const schema::AppSpec> apps, Options options = {});

}  // namespace cpprustango::admin
