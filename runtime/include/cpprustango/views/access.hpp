// Wrappers that guard a handler: the visitor must be logged in, must hold a
// permission (the admin's codenames: "blog.add_post"), or an unsafe request
// must carry the CSRF token. They need auth::use_sessions().
//
//   app.get("/drafts/", views::login_required(show_drafts));
//   app.post("/posts/new/", views::permission_required("blog.add_post", create_post));
//   app.post("/vote/", views::csrf_protect(vote));
#pragma once

#include <string>

#include "cpprustango/http/router.hpp"

namespace cpprustango::views {

/** Where login_required sends anonymous visitors (with ?next=the page). */
inline constexpr const char* kLoginUrl = "/accounts/login/";

/** Anonymous: 302 to `login_url?next=<path>`; logged in: the handler. */
http::Handler login_required(http::Handler handler, std::string login_url = kLoginUrl);

/** Anonymous: 302 to the login page; logged in without the permission: 403; else the handler. */
http::Handler permission_required(std::string codename, http::Handler handler, std::string login_url = kLoginUrl);

/**
 * POST, PUT, PATCH and DELETE without the session's token (form field
 * csrf_token or header X-CSRF-Token): 403. Safe methods pass.
 */
http::Handler csrf_protect(http::Handler handler);

/** The check csrf_protect makes: true for safe methods, else whether the body's csrf_token (or the header) is right. */
bool csrf_passes(const http::Request& request);

/** A 403 page saying why (HTML, escaped). */
http::Response forbidden(std::string_view why);

}  // namespace cpprustango::views
