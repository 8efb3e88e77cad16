// admin::mount(): settles the options (secret key, Secure cookies), builds the
// registry and the auth store, registers permission rows, adds the routes.
#include "cpprustango/admin/admin.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "admin/site.hpp"
#include "auth/crypto.hpp"
#include "config/checked.hpp"
#include "cpprustango/auth/session.hpp"
#include "cpprustango/auth/users.hpp"

namespace cpprustango::admin {

void mount(App& app, db::Database database, std::span<const schema::AppSpec> apps, Options options) {
  const auto& settings = app.settings();
  const bool production = config::detail::production(settings);
  // The same key and cookies as project views (auth::use_sessions), so one login serves both.
  std::string secret = options.secret_key.empty() ? auth::session_options(settings).secret_key : options.secret_key;
  detail::SiteOptions site_options{.secret_key = std::move(secret),
                                   .secure_cookies = options.secure_cookies.value_or(production),
                                   .count_limit = options.count_limit,
                                   .session_age_s = static_cast<long>(options.session_age.count())};
  auth::detail::StoreOptions store_options{.session_age = options.session_age,
                                           .max_failures = options.max_login_failures,
                                           .lockout = options.lockout};
  detail::Registry registry(apps);
  auth::detail::Store store(database, store_options);
  if (auth::tables_exist(database)) {
    store.sync_permissions(registry.models());
  } else if (auto logger = spdlog::get("cpprustango")) {
    logger->warn("the admin needs the auth tables: run cpprustango migrate, then cpprustango createsuperuser");
  }
  auto site = std::make_shared<detail::Site>(std::move(registry), std::move(store), std::move(site_options));
  detail::Site::add_routes(app, site);
}

}  // namespace cpprustango::admin
