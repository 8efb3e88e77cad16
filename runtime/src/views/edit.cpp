// The generic views that write: create and update (a model form: GET renders,
// POST validates, re-renders with errors as 200 or redirects 302 with a flash
// message) and delete (GET confirms, POST deletes). Every POST passes the CSRF
// check first.
#include <stdexcept>

#include "admin/registry.hpp"
#include "auth/session_state.hpp"
#include "cpprustango/app.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/views/access.hpp"
#include "cpprustango/views/generic.hpp"
#include "cpprustango/views/messages.hpp"
#include "views/common.hpp"

namespace cpprustango::views {
namespace {

constexpr std::string_view kCsrfFailed =
    "CSRF verification failed: the form is missing its token or the token is out of date. Reload the page and try "
    "again.";

void check_fields(const schema::ModelSpec& model, const EditOptions& options) {
  // Builds one form up front so a typo in fields/exclude fails when the route is added, not on the first request.
  for (const auto* list : {&options.fields, &options.exclude}) {
    for (const auto& name : *list) {
      if (model.field(name) == nullptr) {
        throw std::invalid_argument(std::string(model.name) + " has no field '" + name + "' (in the view's form)");
      }
    }
  }
}

http::Response edit_page(App& app, const orm::Table& table, const EditOptions& options, const http::Request& request,
                         std::optional<orm::Record> instance) {
  const auto& model = table.model();
  forms::ModelForm form(table, app.database(), {.fields = options.fields, .exclude = options.exclude});
  if (instance) form.instance(*instance);
  if (options.customize) options.customize(request, form);
  if (request.method() == http::Method::Post) {
    if (!csrf_passes(request)) return forbidden(kCsrfFailed);
    try {
      form.bind(request);
    } catch (const forms::BadRequest& error) {
      return http::Response::text(std::string("400 Bad Request: ") + error.what() + "\n", 400);
    }
    if (auto saved = form.save()) {
      const std::string message = options.success_message.empty() ? "The " + std::string(model.verbose_name) + " \"" +
                                                                        admin::detail::display(*saved) + "\" was " +
                                                                        (instance ? "changed." : "added.")
                                                                  : detail::fill(options.success_message, *saved);
      flash(request, message);
      const std::string target =
          options.success_url.empty() ? request.path() : detail::fill(options.success_url, *saved);
      return http::Response::redirect(target);
    }
  } else {
    form.for_request(request);
  }
  render::Context ctx = form.context();
  add_request_context(ctx, request);
  ctx.set("is_create", !instance.has_value());
  if (instance) ctx.set("object", object_context(*instance));
  ctx.set("model", render::Context().set("verbose_name", std::string(model.verbose_name)));
  if (options.extra_context) options.extra_context(request, ctx);
  return app.render(options.template_name, ctx);
}

}  // namespace

http::Handler create_view(App& app, orm::Table table, EditOptions options) {
  check_fields(table.model(), options);
  return [&app, table = std::move(table), options = std::move(options)](const http::Request& request) {
    return edit_page(app, table, options, request, std::nullopt);
  };
}

http::Handler update_view(App& app, orm::Table table, EditOptions options) {
  check_fields(table.model(), options);
  return [&app, table = std::move(table), options = std::move(options)](const http::Request& request) {
    auto found = detail::find_object(app, table, request, options.param, options.queryset, {});
    if (!found) return detail::not_found();
    return edit_page(app, table, options, request, std::move(found));
  };
}

http::Handler delete_view(App& app, orm::Table table, DeleteOptions options) {
  return [&app, table = std::move(table), options = std::move(options)](const http::Request& request) {
    auto found = detail::find_object(app, table, request, options.param, options.queryset, {});
    if (!found) return detail::not_found();
    render::Context ctx;
    if (request.method() == http::Method::Post) {
      if (!csrf_passes(request)) return forbidden(kCsrfFailed);
      try {
        table.remove(app.database(), found->get(admin::detail::key_field(table.model()).name));
        flash(request, options.success_message.empty() ? "The " + std::string(table.model().verbose_name) + " \"" +
                                                             admin::detail::display(*found) + "\" was deleted."
                                                       : detail::fill(options.success_message, *found));
        return http::Response::redirect(options.success_url.empty() ? "/" : options.success_url);
      } catch (const db::IntegrityError&) {
        // Rows that reference it with on_delete(restrict) keep it: say so on the confirmation page.
        ctx.set("error", "This " + std::string(table.model().verbose_name) +
                             " cannot be deleted: other rows still refer to it.");
      }
    }
    if (auth::detail::state(request) != nullptr) auth::csrf_token(request);  // the confirmation is a form
    add_request_context(ctx, request);
    ctx.set("object", object_context(*found));
    if (options.extra_context) options.extra_context(request, ctx);
    auto response = app.render(options.template_name, ctx);
    if (request.method() == http::Method::Post) response.set_status(409);
    return response;
  };
}

}  // namespace cpprustango::views
