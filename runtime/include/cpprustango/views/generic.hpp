// Generic views: handlers built by functions, over a model's table (the
// generated model structs give one: views::table<blog::Post>()). Each renders
// a Mustache template from the project's templates/ folder (template
// inheritance: see docs/views.md) and uses app.database().
//
//   auto posts = views::table<blog::Post>();
//   app.get("/blog/posts/", views::list_view(app, posts, {.template_name = "blog/post_list.html",
//                                                         .ordering = {"title", "published_at"},
//                                                         .search_fields = {"title", "body"}}));
//   app.get("/blog/posts/<int:pk>/", views::detail_view(app, posts, {.template_name = "blog/post_detail.html"}));
//   app.route(views::kGetPost, "/blog/posts/new/",
//             views::login_required(views::create_view(app, posts, {.template_name = "blog/post_form.html",
//                                                                   .fields = {"title", "body"},
//                                                                   .success_url = "/blog/posts/{pk}/"})));
//
// Context every page gets: `messages` (flash), `user` ({username} when logged
// in), `csrf_token`, `csrf_input`, and `request_path`. Objects are contexts
// with each field's text by name, plus `pk` and `display` (the row's string form).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "cpprustango/forms/model_form.hpp"
#include "cpprustango/http/router.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/render/templates.hpp"

namespace cpprustango {
class App;
}

namespace cpprustango::views {

/** The methods a form page answers: `app.router().route(views::kGetPost, pattern, handler)`. */
inline constexpr std::initializer_list<http::Method> kGetPost{http::Method::Get, http::Method::Post};

/** The table of a generated model struct: `views::table<blog::Post>()`. */
template <class Model>
orm::Table table() {
  return orm::Table(Model::spec(), &Model::resolve);
}

/** Adds to `context` the request's flash messages, user and CSRF token (what every generic page gets). */
void add_request_context(render::Context& context, const http::Request& request);

/** A row for a template: each field's text by name, `pk`, `display`; refs fetched with select_related by `path`. */
render::Context object_context(const orm::Record& record);

/** Lets a view add to its page's context: `[](const http::Request&, render::Context& ctx) { ctx.set("x", "y"); }` */
using ExtraContext = std::function<void(const http::Request& request, render::Context& context)>;
/** Narrows a list or the rows a detail/update/delete page may reach (e.g. the user's own). */
using Narrow = std::function<orm::TableQuery(const http::Request& request, orm::TableQuery query)>;

struct ListOptions {
  std::string template_name{};  ///< "blog/post_list.html"
  std::int64_t per_page = 20;
  std::int64_t max_per_page = 100;      ///< ?per_page= is capped here
  std::vector<std::string> ordering{};  ///< fields ?ordering= may name ("title" or "-title"); others are ignored
  std::vector<std::string> default_ordering{};  ///< when ?ordering= is absent ("-published_at"); else the model's
  std::vector<std::string> search_fields{};     ///< ?q= matches any of them (icontains)
  std::vector<std::string> select_related{};
  std::int64_t count_limit = 10000;  ///< as the admin: counts stop here ("10000+")
  Narrow queryset{};
  ExtraContext extra_context{};
};

/**
 * GET: a page of rows as `object_list` (list of object contexts), `page`
 * (views::page_context), `q`, `ordering`, `is_empty`. ?page= past the end
 * or malformed: 404.
 */
http::Handler list_view(App& app, orm::Table table, ListOptions options);

struct DetailOptions {
  std::string template_name{};  ///< "blog/post_detail.html"
  std::string param = "pk";     ///< the route parameter holding the key: "/posts/<int:pk>/"
  std::vector<std::string> select_related{};
  Narrow queryset{};
  ExtraContext extra_context{};
};

/** GET: the row as `object`; 404 when there is none (or the key is malformed). */
http::Handler detail_view(App& app, orm::Table table, DetailOptions options);

/** Adds clean_<field>/clean()/finalize() hooks (or fields) to a generic view's form. */
using CustomizeForm = std::function<void(const http::Request& request, forms::ModelForm& form)>;

struct EditOptions {
  std::string template_name{};        ///< "blog/post_form.html": gets `form`, `object` (update), `is_create`
  std::vector<std::string> fields{};  ///< as ModelFormOptions
  std::vector<std::string> exclude{};
  std::string success_url{};  ///< "{pk}" is replaced by the saved row's key: "/blog/posts/{pk}/"
  std::string
      success_message{};     ///< flashed; "{display}" is the row's string form. "" -> "The post \"...\" was saved."
  std::string param = "pk";  ///< update: the route parameter holding the key
  Narrow queryset{};         ///< update: rows that may be edited
  CustomizeForm customize{};
  ExtraContext extra_context{};
};

/**
 * GET: the empty model form. POST (CSRF checked: 403 without the token):
 * invalid -> the form again with its errors and what was typed, status 200;
 * valid -> INSERT, flash message, 302 to success_url.
 */
http::Handler create_view(App& app, orm::Table table, EditOptions options);
/** As create_view over an existing row (404 when missing): UPDATE on a valid POST. */
http::Handler update_view(App& app, orm::Table table, EditOptions options);

struct DeleteOptions {
  std::string template_name{};    ///< "blog/post_confirm_delete.html": gets `object`, `csrf_input`
  std::string success_url{};      ///< where a done delete goes
  std::string success_message{};  ///< "" -> "The post \"...\" was deleted."
  std::string param = "pk";
  Narrow queryset{};
  ExtraContext extra_context{};
};

/** GET: the confirmation page. POST (CSRF checked): DELETE, flash, 302 to success_url. 404 when missing. */
http::Handler delete_view(App& app, orm::Table table, DeleteOptions options);

struct LoginOptions {
  std::string template_name{};    ///< "registration/login.html": gets `form` (username, password), `next`
  std::string success_url = "/";  ///< after login, unless a same-site ?next= is given
};

/** GET: the login form. POST (CSRF checked): auth::login; invalid -> the form with an error (200), locked -> 429. */
http::Handler login_view(App& app, LoginOptions options);
/** POST (CSRF checked): auth::logout, then 302 to `next_url`. */
http::Handler logout_view(std::string next_url = "/");

}  // namespace cpprustango::views
