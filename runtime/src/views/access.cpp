// login_required, permission_required and csrf_protect: handlers around handlers.
#include "cpprustango/views/access.hpp"

#include "cpprustango/auth/session.hpp"
#include "cpprustango/forms/upload.hpp"
#include "http/web.hpp"

namespace cpprustango::views {
namespace {

http::Response to_login(const http::Request& request, const std::string& login_url) {
  std::string target = request.path();
  if (!request.query_string().empty()) target += "?" + request.query_string();
  return http::Response::redirect(login_url + (login_url.find('?') == std::string::npos ? "?" : "&") +
                                  "next=" + http::url_encode(target));
}

bool unsafe(http::Method method) {
  return method == http::Method::Post || method == http::Method::Put || method == http::Method::Patch ||
         method == http::Method::Delete;
}

}  // namespace

http::Response forbidden(std::string_view why) {
  auto response = http::detail::html(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>403 Forbidden"
      "</title></head><body><main><h1>403 Forbidden</h1><p>" +
          http::detail::escape(why) + "</p></main></body></html>\n",
      403);
  return response;
}

http::Handler login_required(http::Handler handler, std::string login_url) {
  return [handler = std::move(handler), login_url = std::move(login_url)](const http::Request& request) {
    if (auth::current_user(request) == nullptr) return to_login(request, login_url);
    return handler(request);
  };
}

http::Handler permission_required(std::string codename, http::Handler handler, std::string login_url) {
  return [codename = std::move(codename), handler = std::move(handler),
          login_url = std::move(login_url)](const http::Request& request) {
    const auto* user = auth::current_user(request);
    if (user == nullptr) return to_login(request, login_url);
    if (!user->has_perm(codename)) return forbidden("You do not have permission to do this (" + codename + ").");
    return handler(request);
  };
}

bool csrf_passes(const http::Request& request) {
  if (!unsafe(request.method())) return true;
  std::string sent;
  try {
    sent = forms::FormData::parse(request).value("csrf_token");
  } catch (const forms::BadRequest&) {
    return false;
  }
  return auth::csrf_valid(request, sent);
}

http::Handler csrf_protect(http::Handler handler) {
  return [handler = std::move(handler)](const http::Request& request) {
    if (!csrf_passes(request)) {
      return forbidden(
          "CSRF verification failed: the form is missing its token or the token is out of date. "
          "Reload the page and try again.");
    }
    return handler(request);
  };
}

}  // namespace cpprustango::views
