// The login and logout views over auth::login/logout: the form is a
// forms::Form (username, password), CSRF-checked like every form.
#include "cpprustango/app.hpp"
#include "cpprustango/auth/session.hpp"
#include "cpprustango/views/access.hpp"
#include "cpprustango/views/generic.hpp"
#include "http/web.hpp"

namespace cpprustango::views {

http::Handler login_view(App& app, LoginOptions options) {
  return [&app, options = std::move(options)](const http::Request& request) {
    forms::Form form(
        {{.name = "username",
          .kind = forms::Kind::Text,
          .attributes = {{"autocomplete", "username"}},
          .max_length = 150},
         {.name = "password", .kind = forms::Kind::Password, .attributes = {{"autocomplete", "current-password"}}}});
    forms::FormData query = forms::FormData::parse_urlencoded(request.query_string());
    std::string next = query.value("next");
    int status = 200;
    if (request.method() == http::Method::Post) {
      if (!csrf_passes(request)) {
        return forbidden("CSRF verification failed: reload the page and log in again.");
      }
      try {
        form.bind(request);
      } catch (const forms::BadRequest& error) {
        return http::Response::text(std::string("400 Bad Request: ") + error.what() + "\n", 400);
      }
      if (form.data().has("next")) next = form.data().value("next");
      if (form.is_valid()) {
        auto response = http::Response::redirect(http::detail::safe_path(next, options.success_url));
        const auto result = auth::login(request, response, form.cleaned<std::string>("username"),
                                        form.cleaned<std::string>("password"));
        if (result == auth::LoginResult::Ok) return response;
        if (result == auth::LoginResult::Locked) {
          form.add_error("", "Too many failed attempts: logging in is blocked for a while. Try again later.");
          status = 429;
        } else {
          form.add_error("", "Please enter a correct username and password. Both fields may be case-sensitive.");
        }
      }
    }
    form.for_request(request);
    render::Context ctx = form.context();
    add_request_context(ctx, request);
    ctx.set("next", http::detail::safe_path(next, ""));
    auto response = app.render(options.template_name, ctx);
    response.set_status(status);
    return response;
  };
}

http::Handler logout_view(std::string next_url) {
  return [next_url = std::move(next_url)](const http::Request& request) {
    if (request.method() != http::Method::Post) return http::Response::error(405);
    if (!csrf_passes(request)) return forbidden("CSRF verification failed: reload the page and try again.");
    auto response = http::Response::redirect(next_url);
    auth::logout(request, response);
    return response;
  };
}

}  // namespace cpprustango::views
