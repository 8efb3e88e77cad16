// The admin's routes, its guard (session, staff, CSRF), the layout every
// page shares, and the login, logout and index pages.
#include "admin/site.hpp"

#include <spdlog/spdlog.h>

#include "admin/assets.hpp"
#include "auth/crypto.hpp"
#include "auth/session_state.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/errors.hpp"

namespace cpprustango::admin::detail {
namespace {

// The session and CSRF cookies are the ones project views use (auth::use_sessions): one login serves both.
using auth::detail::kCsrfCookie;
using auth::detail::kSessionCookie;
constexpr std::string_view kMessageCookie = "cpprustango_message";

http::Response not_ready() {
  return html(std::string(kPlainHead) +
                  "<main class=\"narrow\"><h1>The admin is not ready</h1><p>The auth tables do not exist; "
                  "run <code>cpprustango migrate</code>, then <code>cpprustango createsuperuser</code>.</p></main>"
                  "</body></html>",
              503);
}

}  // namespace

Site::Site(Registry registry, auth::detail::Store store, SiteOptions options)
    : registry_(std::move(registry)), store_(std::move(store)), options_(std::move(options)) {}

void Site::add_routes(App& app, std::shared_ptr<Site> site) {
  auto& router = app.router();
  router.get("/admin/static/<str:file>", [](const http::Request& request) {
    const auto* asset = find_asset(*request.param("file"));
    if (asset == nullptr) return http::Response::error(404);
    http::Response response{200, std::string(asset->body), std::string(asset->content_type)};
    response.header("Cache-Control", "public, max-age=3600");
    return response;
  }, "admin:static");
  router.route({http::Method::Get, http::Method::Post}, "/admin/login/",
               [site](const http::Request& request) { return site->login(request); }, "admin:login");
  router.post("/admin/logout/", [site](const http::Request& request) {
    return site->guarded(request, [&](Visit& visit) { return site->logout(visit); });
  }, "admin:logout");
  router.get("/admin/", [site](const http::Request& request) {
    return site->guarded(request, [&](Visit& visit) { return site->index(visit, ""); });
  }, "admin:index");
  router.get("/admin/<str:app>/", [site](const http::Request& request) {
    return site->guarded(request, [&](Visit& visit) { return site->index(visit, *request.param("app")); });
  }, "admin:app");
  const auto both = {http::Method::Get, http::Method::Post};
  router.route(both, "/admin/<str:app>/<str:model>/",
               [site](const http::Request& request) { return site->model_page(request, "list"); });
  router.route(both, "/admin/<str:app>/<str:model>/add/",
               [site](const http::Request& request) { return site->model_page(request, "add"); });
  router.get("/admin/<str:app>/<str:model>/lookup/",
             [site](const http::Request& request) { return site->model_page(request, "lookup"); });
  router.post("/admin/<str:app>/<str:model>/preview/",
              [site](const http::Request& request) { return site->model_page(request, "preview"); });
  router.route(both, "/admin/<str:app>/<str:model>/<str:key>/change/",
               [site](const http::Request& request) { return site->model_page(request, "change"); });
  router.route(both, "/admin/<str:app>/<str:model>/<str:key>/delete/",
               [site](const http::Request& request) { return site->model_page(request, "delete"); });
  router.route(both, "/admin/<str:app>/<str:model>/<str:key>/password/",
               [site](const http::Request& request) { return site->model_page(request, "password"); });
  router.get("/admin/<str:app>/<str:model>/<str:key>/history/",
             [site](const http::Request& request) { return site->model_page(request, "history"); });
}

http::Response Site::model_page(const http::Request& request, const std::string& action) {
  const bool script = action == "preview";
  return guarded(request, [&](Visit& visit) -> http::Response {
    const auto* model = registry_.find(*request.param("app"), *request.param("model"));
    if (model == nullptr) return error_page(visit, 404, "Not found", "There is no such model in the admin.");
    const std::string key(request.param("key").value_or(""));
    if (action == "list") return list(visit, *model);
    if (action == "add") return add(visit, *model);
    if (action == "lookup") return lookup(visit, *model);
    if (action == "preview") return preview(visit, *model);
    if (action == "change") return change(visit, *model, key);
    if (action == "delete") return remove(visit, *model, key);
    if (action == "password") return password(visit, *model, key);
    return history(visit, *model, key);
  }, script);
}

std::optional<auth::detail::Session> Site::current_session(const http::Request& request) {
  // Under the project's session middleware (serve() installs it) the session is already loaded:
  // the admin takes it from there rather than reading it a second time.
  if (const auto* state = auth::detail::state(request)) {
    if (!state->user || !state->user->staff) return std::nullopt;
    const auto& user = *state->user;
    return auth::detail::Session{.user = {.id = user.id,
                                          .username = user.username,
                                          .superuser = user.superuser,
                                          .staff = user.staff,
                                          .active = true,
                                          .permissions = user.permissions},
                                 .csrf = state->session_csrf,
                                 .key = auth::detail::sha256_hex(state->session_token)};
  }
  return store_.session(auth::detail::unsign(options_.secret_key, cookie(request, kSessionCookie)));
}

template <class Page>
http::Response Site::guarded(const http::Request& request, Page&& page, bool script) {
  if (!auth::tables_exist(store_.database())) {
    return not_ready();
  }
  auto session = current_session(request);
  if (!session) {
    if (script) return http::Response{403, "Log in to the admin first.\n", "text/plain; charset=utf-8"};
    std::string target = request.path();
    if (!request.query_string().empty()) target += "?" + request.query_string();
    return http::Response::redirect("/admin/login/?next=" + url_encode(target));
  }
  Visit visit{.request = request,
              .session = std::move(*session),
              .form = {},
              .query = Form::parse(request.query_string()),
              .message = auth::detail::unsign(options_.secret_key, cookie(request, kMessageCookie))};
  if (request.method() == http::Method::Post) {
    visit.form = Form::parse(request.body());
    const std::string sent = visit.form.has("csrf_token") ? visit.form.value("csrf_token")
                                                          : std::string(request.header("X-CSRF-Token").value_or(""));
    if (sent.empty() || !auth::detail::constant_time_equal(sent, visit.session.csrf)) {
      return error_page(visit, 403, "Forbidden",
                        "CSRF verification failed: the form is missing its token or the token is out of date. "
                        "Reload the page and try again.");
    }
  }
  http::Response response = page(visit);
  if (!visit.message.empty() && response.status() == 200) {
    response.headers().add("Set-Cookie", set_cookie(kMessageCookie, "", 0, options_.secure_cookies));
  }
  return response;
}

http::Response Site::redirect_with(std::string location, std::string_view message) const {
  auto response = http::Response::redirect(std::move(location));
  response.headers().add("Set-Cookie", set_cookie(kMessageCookie, auth::detail::sign(options_.secret_key, message),
                                                  -1, options_.secure_cookies));
  return response;
}

std::string Site::csrf_input(const Visit& visit) const {
  return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + escape(visit.session.csrf) + "\">";
}

std::vector<std::pair<std::string, std::string>> Site::crumbs(const schema::ModelSpec& model) const {
  return {{"Home", "/admin/"}, {std::string(model.app), "/admin/" + std::string(model.app) + "/"},
          {title_plural(model), model_url(model)}};
}

std::string Site::page(const Visit& visit, std::string_view title,
                       const std::vector<std::pair<std::string, std::string>>& crumbs, std::string_view body) const {
  std::string out(kHead);
  out += "<title>" + escape(title) + " | Admin</title></head>\n<body>\n";
  out += "<header class=\"top\"><a class=\"brand\" href=\"/admin/\">cpprustango admin</a><nav class=\"user\">";
  out += "<span>" + escape(visit.user().username) + "</span>";
  out += "<button type=\"button\" class=\"theme\" data-theme-toggle aria-label=\"Switch light or dark mode\">"
         "<span aria-hidden=\"true\">&#9680;</span></button>";
  out += "<form method=\"post\" action=\"/admin/logout/\">" + csrf_input(visit) +
         "<button type=\"submit\" class=\"link\">Log out</button></form></nav></header>\n";
  if (!crumbs.empty()) {
    out += "<nav class=\"crumbs\" aria-label=\"Breadcrumbs\">";
    for (std::size_t i = 0; i < crumbs.size(); ++i) {
      if (i > 0) out += " <span aria-hidden=\"true\">&rsaquo;</span> ";
      if (i + 1 < crumbs.size() && !crumbs[i].second.empty()) {
        out += "<a href=\"" + escape(crumbs[i].second) + "\">" + escape(crumbs[i].first) + "</a>";
      } else {
        out += "<span aria-current=\"page\">" + escape(crumbs[i].first) + "</span>";
      }
    }
    out += "</nav>\n";
  }
  out += "<main>\n";
  if (!visit.message.empty()) out += "<p class=\"notice\" role=\"status\">" + escape(visit.message) + "</p>\n";
  out += body;
  out += "</main>\n</body></html>\n";
  return out;
}

http::Response Site::error_page(const Visit& visit, int status, std::string_view title, std::string_view text) const {
  return html(page(visit, title, {{"Home", "/admin/"}, {std::string(title), ""}},
                   "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>"),
              status);
}

http::Response Site::login(const http::Request& request) {
  if (!auth::tables_exist(store_.database())) {
    return not_ready();
  }
  const Form query = Form::parse(request.query_string());
  const Form form = request.method() == http::Method::Post ? Form::parse(request.body()) : Form{};
  std::string next = safe_next(request.method() == http::Method::Post ? form.value("next") : query.value("next"));
  // Before there is a session, CSRF is a signed cookie whose value the form must repeat (double submit).
  std::string csrf = auth::detail::unsign(options_.secret_key, cookie(request, kCsrfCookie));
  std::string error;
  int status = 200;
  if (request.method() == http::Method::Post) {
    if (csrf.empty() || !auth::detail::constant_time_equal(form.value("csrf_token"), csrf)) {
      error = "CSRF verification failed: reload the page and log in again.";
      status = 403;
    } else {
      const auto outcome = store_.login(form.value("username"), form.value("password"), request.client_ip());
      using Result = auth::detail::LoginOutcome::Result;
      if (outcome.result == Result::Ok) {
        auto response = http::Response::redirect(next);
        const std::string token = store_.open_session(outcome.user->id);
        response.headers().add("Set-Cookie", set_cookie(kSessionCookie, auth::detail::sign(options_.secret_key, token),
                                                        options_.session_age_s, options_.secure_cookies));
        response.headers().add("Set-Cookie", set_cookie(kCsrfCookie, "", 0, options_.secure_cookies));
        return response;
      }
      error = outcome.result == Result::Locked
                  ? "Too many failed attempts: logging in is blocked for a while. Try again later."
                  : "Please enter the correct username and password for a staff account. Both fields may be "
                    "case-sensitive.";
      status = outcome.result == Result::Locked ? 429 : 200;
    }
  }
  if (csrf.empty()) csrf = auth::detail::random_hex(32);

  std::string body(kHead);
  body += "<title>Log in | Admin</title></head>\n<body class=\"login\">\n<main class=\"narrow\">\n";
  body += "<h1>cpprustango admin</h1>\n";
  if (!error.empty()) body += "<p class=\"errornote\" role=\"alert\">" + escape(error) + "</p>\n";
  body += "<form method=\"post\" action=\"/admin/login/\" class=\"card\">\n";
  body += "<input type=\"hidden\" name=\"csrf_token\" value=\"" + escape(csrf) + "\">\n";
  body += "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">\n";
  body += "<div class=\"field\"><label for=\"id_username\">Username</label><input id=\"id_username\" name=\"username\" "
          "autocomplete=\"username\" autofocus required maxlength=\"150\" value=\"" +
          escape(form.value("username")) + "\"></div>\n";
  body += "<div class=\"field\"><label for=\"id_password\">Password</label><input id=\"id_password\" "
          "name=\"password\" type=\"password\" autocomplete=\"current-password\" required></div>\n";
  body += "<div class=\"actions\"><button type=\"submit\" class=\"primary\">Log in</button></div>\n</form>\n</main>\n"
          "</body></html>\n";
  auto response = html(std::move(body), status);
  response.headers().add("Set-Cookie", set_cookie(kCsrfCookie, auth::detail::sign(options_.secret_key, csrf), -1,
                                                  options_.secure_cookies));
  return response;
}

http::Response Site::logout(Visit& visit) {
  store_.close_session(auth::detail::unsign(options_.secret_key, cookie(visit.request, kSessionCookie)));
  auto response = http::Response::redirect("/admin/login/");
  response.headers().add("Set-Cookie", set_cookie(kSessionCookie, "", 0, options_.secure_cookies));
  return response;
}

http::Response Site::index(Visit& visit, std::string_view only_app) {
  std::string body = "<h1>Site administration</h1>\n";
  bool any = false;
  for (const auto& app : registry_.apps()) {
    if (!only_app.empty() && app.name != only_app) continue;
    std::string rows;
    for (const auto* model : app.models) {
      if (!visit.user().can_any(*model)) continue;
      rows += "<tr><th scope=\"row\">";
      rows += visit.user().can(*model, Action::View) || visit.user().can(*model, Action::Change)
                  ? "<a href=\"" + model_url(*model) + "\">" + escape(title_plural(*model)) + "</a>"
                  : escape(title_plural(*model));
      rows += "</th><td>";
      if (visit.user().can(*model, Action::Add) && addable(*model)) {
        rows += "<a class=\"addlink\" href=\"" + model_url(*model) + "add/\">Add</a>";
      }
      rows += "</td></tr>\n";
    }
    if (rows.empty()) continue;
    any = true;
    body += "<section class=\"module\"><table><caption>" + escape(app.name) + "</caption>\n" + rows +
            "</table></section>\n";
  }
  if (!any && !only_app.empty()) return error_page(visit, 404, "Not found", "There is no such app in the admin.");
  if (!any) body += "<p>You do not have permission to view or edit anything.</p>\n";
  std::vector<std::pair<std::string, std::string>> trail;
  if (!only_app.empty()) trail = {{"Home", "/admin/"}, {std::string(only_app), ""}};
  return html(page(visit, "Site administration", trail, body));
}

}  // namespace cpprustango::admin::detail
