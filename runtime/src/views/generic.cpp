// The read-only generic views (list with pagination, ordering whitelist and
// search; detail) and the helpers every generic view shares.
#include "cpprustango/views/generic.hpp"

#include <algorithm>

#include "admin/registry.hpp"
#include "auth/session_state.hpp"
#include "cpprustango/app.hpp"
#include "cpprustango/auth/session.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/views/messages.hpp"
#include "cpprustango/views/pagination.hpp"
#include "forms/values.hpp"
#include "http/web.hpp"
#include "views/common.hpp"

namespace cpprustango::views {

namespace detail {

std::optional<orm::Record> find_object(App& app, const orm::Table& table, const http::Request& request,
                                       const std::string& param, const Narrow& narrow,
                                       const std::vector<std::string>& select_related) {
  const auto text = request.param(param);
  if (!text) return std::nullopt;
  const auto& key = admin::detail::key_field(table.model());
  auto parsed = forms::detail::parse_scalar(key, std::string(*text));
  const auto* value = std::get_if<db::Value>(&parsed);
  if (value == nullptr) return std::nullopt;
  if (schema::is_integer(key.kind) && db::kind(*value) != db::ValueKind::Integer) return std::nullopt;
  auto query = table.query().filter(key.name, "exact", {*value});
  if (narrow) query = narrow(request, query);
  for (const auto& path : select_related) query = query.select_related(path);
  for (const auto& ref : admin::detail::display_refs(table.model())) query = query.select_related(ref);
  return query.first(app.database());
}

http::Response not_found() {
  return http::Response::html(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>404 Not Found</title></head>"
      "<body><main><h1>404 Not Found</h1><p>There is nothing at this address.</p></main></body></html>\n",
      404);
}

std::string fill(std::string pattern, const orm::Record& record) {
  for (const auto& [marker, value] :
       {std::pair<std::string, std::string>{"{pk}", http::url_encode(admin::detail::key_text(record))},
        std::pair<std::string, std::string>{"{display}", admin::detail::display(record)}}) {
    for (auto at = pattern.find(marker); at != std::string::npos; at = pattern.find(marker, at + value.size())) {
      pattern.replace(at, marker.size(), value);
    }
  }
  return pattern;
}

}  // namespace detail

void add_request_context(render::Context& context, const http::Request& request) {
  add_messages(context, request);
  context.set("request_path", request.path());
  if (const auto* user = auth::current_user(request)) {
    context.set("user", render::Context().set("username", user->username).set("is_staff", user->staff));
    context.set("is_authenticated", true);
  } else {
    context.set("is_authenticated", false);
  }
  const auto* state = auth::detail::state(request);
  bool has_token = false;
  if (state != nullptr) {
    std::lock_guard lock{state->mutex};
    has_token = state->user.has_value() || !state->anonymous_csrf.empty();
  }
  // An anonymous visitor gets a token (and its cookie) only from pages with a form: a public list
  // stays cacheable and costs no random bytes.
  if (has_token) {
    const std::string token = auth::csrf_token(request);
    context.set("csrf_token", token);
    context.set_html("csrf_input",
                     "<input type=\"hidden\" name=\"csrf_token\" value=\"" + http::detail::escape(token) + "\">");
  }
}

render::Context object_context(const orm::Record& record) {
  render::Context ctx;
  const auto& fields = record.model().fields;
  const auto values = record.values();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& field = fields[i];
    if (field.kind == schema::FieldKind::Many) continue;
    const auto& value = values[i];
    if (field.kind == schema::FieldKind::Ref) {
      const auto* related = record.related(field.name);
      ctx.set(std::string(field.name),
              related != nullptr ? admin::detail::display(*related) : admin::detail::value_text(field, value));
      ctx.set(std::string(field.name) + "_id", admin::detail::value_text(field, value));
      continue;
    }
    ctx.set(std::string(field.name), admin::detail::value_text(field, value));
  }
  ctx.set("pk", admin::detail::key_text(record));
  ctx.set("display", admin::detail::display(record));
  return ctx;
}

http::Handler list_view(App& app, orm::Table table, ListOptions options) {
  for (const auto& name : options.ordering) {
    if (table.model().field(name) == nullptr) {
      throw std::invalid_argument(std::string(table.model().name) + " has no field '" + name + "' (in list ordering)");
    }
  }
  return [&app, table = std::move(table), options = std::move(options)](const http::Request& request) {
    const auto& model = table.model();
    auto query = table.query();
    if (options.queryset) query = options.queryset(request, query);
    const std::string q = request.query("q").value_or("");
    if (!q.empty() && !options.search_fields.empty()) {
      const std::vector<std::string_view> fields(options.search_fields.begin(), options.search_fields.end());
      if (auto any = admin::detail::search_q(fields, q)) query = query.filter(std::move(*any));
    }
    // Only whitelisted names reach the ORM; the key last keeps pages stable.
    std::vector<std::string> order;
    const std::string asked = request.query("ordering").value_or("");
    const std::string asked_field = asked.starts_with("-") ? asked.substr(1) : asked;
    if (!asked.empty() &&
        std::find(options.ordering.begin(), options.ordering.end(), asked_field) != options.ordering.end()) {
      order.push_back(asked);
    } else if (!options.default_ordering.empty()) {
      order = options.default_ordering;
    } else {
      for (const auto& o : model.ordering) order.push_back((o.descending ? "-" : "") + std::string(o.field));
    }
    for (const auto key : model.primary_key) order.emplace_back(key);
    query = query.order_by(order);
    for (const auto& path : options.select_related) query = query.select_related(path);
    for (const auto& ref : admin::detail::display_refs(model)) query = query.select_related(ref);

    const auto wanted = page_request(request, options.per_page, options.max_per_page, options.count_limit);
    if (wanted.number < 1) return detail::not_found();
    const Page page = paginate(query, app.database(), wanted);
    if (page.rows.empty() && page.number > 1) return detail::not_found();

    render::Context ctx;
    add_request_context(ctx, request);
    std::vector<render::Context> rows;
    for (const auto& row : page.rows) rows.push_back(object_context(row));
    ctx.set("is_empty", rows.empty());
    ctx.set("object_list", std::move(rows));
    ctx.set("page", page_context(page, request));
    ctx.set("q", q);
    ctx.set("ordering", asked);
    ctx.set("model", render::Context()
                         .set("verbose_name", std::string(model.verbose_name))
                         .set("verbose_name_plural", std::string(model.verbose_name_plural)));
    if (options.extra_context) options.extra_context(request, ctx);
    return app.render(options.template_name, ctx);
  };
}

http::Handler detail_view(App& app, orm::Table table, DetailOptions options) {
  return [&app, table = std::move(table), options = std::move(options)](const http::Request& request) {
    auto found = detail::find_object(app, table, request, options.param, options.queryset, options.select_related);
    if (!found) return detail::not_found();
    render::Context ctx;
    add_request_context(ctx, request);
    ctx.set("object", object_context(*found));
    if (options.extra_context) options.extra_context(request, ctx);
    return app.render(options.template_name, ctx);
  };
}

}  // namespace cpprustango::views
