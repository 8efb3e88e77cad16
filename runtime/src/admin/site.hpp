// The admin site: routes under /admin/, the session and CSRF guard every page
// passes through, the page layout, and one method per page. The pages live in
// site.cpp (login, index, layout), list_view.cpp and form_view.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "admin/registry.hpp"
#include "admin/web.hpp"
#include "auth/store.hpp"
#include "cpprustango/app.hpp"

namespace cpprustango::forms {
class Form;
}

namespace cpprustango::admin::detail {

using auth::detail::Action;

struct SiteOptions {
  std::string secret_key;
  bool secure_cookies = false;
  std::int64_t count_limit = 10000;
  long session_age_s = 14 * 24 * 3600;
};

/** One request that passed the guard: who asks, their session, and the POST form. */
struct Visit {
  const http::Request& request;
  auth::detail::Session session;
  Form form;  ///< the POST body (empty for GET)
  Form query;
  std::string message;  ///< a notice carried over a redirect ("The post ... was added.")

  const auth::detail::User& user() const { return session.user; }
};

/**
 * One input of an admin form in the admin's layout: its label, the form's
 * input, its errors and `help` (the paragraph the input's aria-describedby names).
 */
std::string form_row(const forms::Form& form, std::string_view name, std::string_view label, std::string_view help);

/** Whether the model's rows have a password form (the auth app's users). */
bool has_password_form(const schema::ModelSpec& model);

class Site : public std::enable_shared_from_this<Site> {
 public:
  Site(Registry registry, auth::detail::Store store, SiteOptions options);

  /** Registers every admin route on `app`; the Site lives as long as the routes. */
  static void add_routes(App& app, std::shared_ptr<Site> site);

  const Registry& registry() const { return registry_; }
  auth::detail::Store& store() { return store_; }

  // Pages.
  http::Response login(const http::Request& request);
  http::Response logout(Visit& visit);
  /** The apps and models the user may see; only `only_app`'s when given (/admin/<app>/). */
  http::Response index(Visit& visit, std::string_view only_app);
  http::Response list(Visit& visit, const schema::ModelSpec& model);
  http::Response add(Visit& visit, const schema::ModelSpec& model);
  http::Response change(Visit& visit, const schema::ModelSpec& model, const std::string& key);
  http::Response remove(Visit& visit, const schema::ModelSpec& model, const std::string& key);
  http::Response history(Visit& visit, const schema::ModelSpec& model, const std::string& key);
  /** The password form of a user (auth.User only): new password twice, strength-checked. */
  http::Response password(Visit& visit, const schema::ModelSpec& model, const std::string& key);
  /** Foreign-key choices for the search-as-you-type picker: JSON [{"id":..,"text":..}]. */
  http::Response lookup(Visit& visit, const schema::ModelSpec& model);
  /** The live Markdown preview: POST field=&text=, answers the sanitized HTML fragment. */
  http::Response preview(Visit& visit, const schema::ModelSpec& model);

  // Shared by the pages.
  /** The whole HTML document around `body`; `crumbs` are (label, url) pairs, the last one unlinked. */
  std::string page(const Visit& visit, std::string_view title,
                   const std::vector<std::pair<std::string, std::string>>& crumbs, std::string_view body) const;
  http::Response error_page(const Visit& visit, int status, std::string_view title, std::string_view text) const;
  /** A 302 to `location` that shows `message` on the next page. */
  http::Response redirect_with(std::string location, std::string_view message) const;
  std::string csrf_input(const Visit& visit) const;
  /** Crumbs down to a model's list. */
  std::vector<std::pair<std::string, std::string>> crumbs(const schema::ModelSpec& model) const;

 private:
  /**
   * Runs `page` for a logged-in staff user whose POST carries the session's CSRF token (the
   * csrf_token field, or an X-CSRF-Token header from the admin's script). Without a session a
   * page redirects to the login form; an endpoint for the script (`script`) answers 403.
   */
  template <class Page>
  http::Response guarded(const http::Request& request, Page&& page, bool script = false);
  http::Response model_page(const http::Request& request, const std::string& action);
  /** The request's staff session: the session middleware's when installed, else read here. */
  std::optional<auth::detail::Session> current_session(const http::Request& request);

  Registry registry_;
  auth::detail::Store store_;
  SiteOptions options_;
};

}  // namespace cpprustango::admin::detail
