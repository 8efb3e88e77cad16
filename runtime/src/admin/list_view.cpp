// The change list: /admin/<app>/<model>/ with search (?q=), filters with
// counts (?<field>=value), sortable columns (?o=-field), pagination (?p=2)
// and the bulk delete_selected action. Every name taken from the query string
// is checked against the model before it reaches the ORM; counting stops at
// count_limit rows, so a list over millions of rows never runs a full COUNT.
#include <charconv>

#include "admin/site.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/orm/errors.hpp"

namespace cpprustango::admin::detail {
namespace {

using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

constexpr std::size_t kTruncate = 80;
// A ref filter lists this many targets at most; a bigger table is filtered through the URL.
constexpr std::int64_t kRefFilterChoices = 20;
// Filter options count up to this many rows each ("1000+"): several counts run per page.
constexpr std::int64_t kFacetLimit = 1000;

/** The list's columns; nullptr is the row's display text. */
std::vector<const FieldSpec*> columns(const ModelSpec& model) {
  std::vector<const FieldSpec*> out;
  for (const auto name : model.admin.list_display) {
    if (const auto* field = model.field(name); field != nullptr && field->kind != FieldKind::Many) out.push_back(field);
  }
  if (!out.empty()) return out;
  if (!model.display.empty()) return {nullptr};
  for (const auto& field : model.fields) {
    if (field.kind == FieldKind::Many || field.kind == FieldKind::Bytes || field.kind == FieldKind::Json) continue;
    out.push_back(&field);
    if (out.size() == 5) break;
  }
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/** A filter value from the URL as the field's value, or nullopt when it cannot be one. */
std::optional<db::Value> filter_value(const FieldSpec& field, const std::string& text) {
  if (field.kind == FieldKind::Bool) {
    if (text == "true" || text == "1") return db::Value(true);
    if (text == "false" || text == "0") return db::Value(false);
    return std::nullopt;
  }
  if (schema::is_integer(field.kind) || field.kind == FieldKind::Ref) {
    if (auto number = parse_int(text)) return db::Value(*number);
    if (field.kind == FieldKind::Ref) return db::Value(text);  // a text key
    return std::nullopt;
  }
  if (field.kind == FieldKind::Choice) {
    for (const auto choice : field.choices) {
      if (choice == text) return db::Value(text);
    }
    return std::nullopt;
  }
  return db::Value(text);
}

struct ListState {
  std::string q;
  std::vector<std::pair<const FieldSpec*, std::string>> filters;  ///< checked
  std::vector<std::string> ordering;  ///< checked, "-field" or "field"
  std::int64_t page = 1;

  /** The query string of this state with one parameter changed. */
  std::string link(std::string_view name, std::string_view value) const {
    std::vector<std::pair<std::string, std::string>> pairs;
    pairs.emplace_back("q", name == "q" ? std::string(value) : q);
    for (const auto& [field, text] : filters) {
      if (field->name != name) pairs.emplace_back(std::string(field->name), text);
    }
    bool filter_param = name != "q" && name != "o" && name != "p";
    if (filter_param) pairs.emplace_back(std::string(name), std::string(value));
    std::string order;
    for (const auto& o : ordering) order += (order.empty() ? "" : ",") + o;
    pairs.emplace_back("o", name == "o" ? std::string(value) : order);
    if (name == "p") pairs.emplace_back("p", std::string(value));
    const std::string text = query_string(pairs);
    return text.empty() ? "?" : "?" + text;
  }
};

}  // namespace

http::Response Site::list(Visit& visit, const ModelSpec& model) {
  const auto& user = visit.user();
  if (!user.can(model, Action::View) && !user.can(model, Action::Change)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to view these objects.");
  }
  const orm::Table table = registry_.table(model);
  auto& db = store_.database();

  // ---- bulk actions (POST) ----
  if (visit.request.method() == http::Method::Post) {
    const std::string action = visit.form.value("action");
    bool offered = false;
    for (const auto name : model.admin.actions) offered = offered || name == action;
    if (!offered || action != "delete_selected") {
      return error_page(visit, 400, "Unknown action", "Choose one of the actions offered on the list.");
    }
    if (!user.can(model, Action::Delete)) {
      return error_page(visit, 403, "Permission denied", "You do not have permission to delete these objects.");
    }
    std::vector<orm::Record> chosen;
    for (const auto& token : visit.form.all("_selected")) {  // key tokens, as the checkboxes carry them
      if (auto row = find_row(registry_, db, model, token)) chosen.push_back(std::move(*row));
    }
    if (chosen.empty()) {
      return redirect_with(model_url(model), "Items must be selected in order to perform actions on them.");
    }
    if (visit.form.value("confirm") == "yes") {
      for (const auto& row : chosen) {
        table.remove(db, key_values(row));
        store_.log(user.id, model, object_id(row), display(row), "deletion", "");
      }
      return redirect_with(model_url(model), "Deleted " + std::to_string(chosen.size()) + " " +
                                                 std::string(chosen.size() == 1 ? model.verbose_name
                                                                                : model.verbose_name_plural) +
                                                 ".");
    }
    std::string body = "<h1>Are you sure?</h1>\n<p>These " + escape(model.verbose_name_plural) +
                       " and everything that depends on them will be deleted:</p>\n<ul class=\"deleted\">\n";
    std::string hidden;
    for (const auto& row : chosen) {
      body += "<li>" + escape(title_singular(model)) + ": <a href=\"" + escape(object_url(row)) + "change/\">" +
              escape(display(row)) + "</a></li>\n";
      hidden += "<input type=\"hidden\" name=\"_selected\" value=\"" + escape(key_token(row)) + "\">";
    }
    body += "</ul>\n<form method=\"post\">" + csrf_input(visit) + hidden +
            "<input type=\"hidden\" name=\"action\" value=\"delete_selected\">"
            "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><div class=\"actions\">"
            "<button type=\"submit\" class=\"danger\">Yes, I'm sure</button><a class=\"button\" href=\"" +
            model_url(model) + "\">No, take me back</a></div></form>\n";
    auto trail = crumbs(model);
    trail.emplace_back("Delete multiple objects", "");
    return html(page(visit, "Are you sure?", trail, body));
  }

  // ---- the query string, checked ----
  ListState state;
  state.q = visit.query.value("q");
  const auto cols = columns(model);
  for (const auto& [name, value] : visit.query.entries()) {
    if (name == "q" || name == "p" || name == "o" || name == "_") continue;
    const FieldSpec* field = nullptr;
    for (const auto filter_name : model.admin.list_filter) {
      if (filter_name == name) field = model.field(filter_name);
    }
    auto typed = field != nullptr ? filter_value(*field, value) : std::nullopt;
    if (typed && field->kind == FieldKind::Ref && db::kind(*typed) != db::ValueKind::Integer) {
      // Text for a numeric target key matches nothing (and PostgreSQL would refuse to compare it).
      const auto* target = registry_.target(*field);
      if (target == nullptr || schema::is_integer(key_field(*target).kind)) typed.reset();
    }
    if (!typed) {
      return error_page(visit, 400, "Bad request",
                        "The filter '" + name + "' is not one of this list's filters, or its value does not fit.");
    }
    state.filters.emplace_back(field, value);
  }
  if (auto text = visit.query.get("o"); text && !text->empty()) {
    std::string_view rest = *text;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string item(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      const std::string_view name = item.starts_with('-') ? std::string_view(item).substr(1) : std::string_view(item);
      bool sortable = false;
      for (const auto* col : cols) sortable = sortable || (col != nullptr && col->name == name);
      if (!sortable) {
        return error_page(visit, 400, "Bad request", "The list cannot be sorted by '" + std::string(name) + "'.");
      }
      state.ordering.push_back(item);
    }
  }
  if (auto text = visit.query.get("p"); text && !text->empty()) {
    auto number = parse_int(*text);
    if (!number || *number < 1) return error_page(visit, 400, "Bad request", "The page number must be 1 or more.");
    state.page = *number;
  }

  // ---- the query ----
  auto base = table.query();
  if (auto any = search_q(model.admin.search_fields, state.q); any && !state.q.empty()) base = base.filter(std::move(*any));
  auto filtered = base;
  for (const auto& [field, text] : state.filters) filtered = filtered.filter(field->name, "exact", {*filter_value(*field, text)});
  auto rows_query = filtered;
  if (!state.ordering.empty()) {
    std::vector<std::string> order = state.ordering;
    for (const auto key : model.primary_key) order.emplace_back(key);  // a stable order across pages
    rows_query = rows_query.order_by(order);
  } else if (!model.admin.ordering.empty()) {
    std::vector<std::string> order;
    for (const auto& o : model.admin.ordering) order.push_back((o.descending ? "-" : "") + std::string(o.field));
    rows_query = rows_query.order_by(order);
  }
  for (const auto* col : cols) {
    if (col != nullptr && col->kind == FieldKind::Ref) rows_query = rows_query.select_related(col->name);
  }
  for (const auto& ref : display_refs(model)) rows_query = rows_query.select_related(ref);
  const std::int64_t per_page = std::max(1, model.admin.list_per_page);
  auto [rows, counted] =
      rows_query.offset((state.page - 1) * per_page).limit(per_page + 1).fetch_counted(db, options_.count_limit);
  const bool has_next = static_cast<std::int64_t>(rows.size()) > per_page;
  if (has_next) rows.pop_back();
  const bool capped = counted > options_.count_limit;

  // ---- the page ----
  std::string body = "<div class=\"toolbar\"><h1>" + escape(title_plural(model)) + "</h1><span class=\"spacer\"></span>";
  if (user.can(model, Action::Add) && addable(model)) {
    body += "<a class=\"button primary\" href=\"" + model_url(model) + "add/\">Add " + escape(model.verbose_name) + "</a>";
  }
  body += "</div>\n";
  if (!model.admin.search_fields.empty()) {
    body += "<form class=\"toolbar\" method=\"get\" role=\"search\"><label class=\"visually-hidden\" for=\"searchbar\">"
            "Search</label><input type=\"search\" id=\"searchbar\" name=\"q\" value=\"" +
            escape(state.q) + "\" placeholder=\"Search " + escape(model.verbose_name_plural) + "\">";
    for (const auto& [field, text] : state.filters) {
      body += "<input type=\"hidden\" name=\"" + escape(field->name) + "\" value=\"" + escape(text) + "\">";
    }
    body += "<button type=\"submit\">Search</button></form>\n";
  }
  body += "<div class=\"layout\"><div class=\"results\">\n";

  const bool bulk = user.can(model, Action::Delete) && !model.admin.actions.empty();
  body += "<form method=\"post\">" + csrf_input(visit);
  if (bulk) {
    body += "<div class=\"toolbar\"><label for=\"action\">Action:</label><select id=\"action\" name=\"action\">"
            "<option value=\"\">---------</option>";
    for (const auto name : model.admin.actions) {
      const std::string label = name == "delete_selected" ? "Delete selected " + std::string(model.verbose_name_plural)
                                                          : std::string(name);
      body += "<option value=\"" + escape(name) + "\">" + escape(label) + "</option>";
    }
    body += "</select><button type=\"submit\">Go</button></div>\n";
  }
  body += "<div class=\"wrap\"><table class=\"results\"><thead><tr>";
  if (bulk) body += "<th scope=\"col\"><input type=\"checkbox\" data-select-all aria-label=\"Select all\"></th>";
  for (const auto* col : cols) {
    if (col == nullptr) {
      body += "<th scope=\"col\">" + escape(title_singular(model)) + "</th>";
      continue;
    }
    const std::string name(col->name);
    std::string mark;
    std::string next = name;
    if (!state.ordering.empty() && state.ordering.front() == name) {
      mark = " <span aria-label=\"ascending\">&#9650;</span>";
      next = "-" + name;
    } else if (!state.ordering.empty() && state.ordering.front() == "-" + name) {
      mark = " <span aria-label=\"descending\">&#9660;</span>";
    }
    body += "<th scope=\"col\"><a href=\"" + escape(state.link("o", next)) + "\">" + escape(capitalised(col->label)) + "</a>" +
            mark + "</th>";
  }
  body += "</tr></thead>\n<tbody>\n";
  const bool can_open = user.can(model, Action::Change) || user.can(model, Action::View);
  for (const auto& row : rows) {
    const std::string href = escape(object_url(row)) + "change/";
    body += "<tr>";
    if (bulk) {
      body += "<td><input type=\"checkbox\" name=\"_selected\" value=\"" + escape(key_token(row)) + "\" aria-label=\"Select " +
              escape(display(row)) + "\"></td>";
    }
    bool first = true;
    for (const auto* col : cols) {
      std::string cell;
      bool null = false;
      if (col == nullptr) {
        cell = escape(truncate(display(row), kTruncate));
      } else if (db::is_null(row.get(col->name))) {
        null = true;
        cell = "&mdash;";
      } else if (col->kind == FieldKind::Bool) {
        cell = is_true(row.get(col->name)) ? "<span title=\"yes\">&#10004;</span>" : "<span title=\"no\">&#10008;</span>";
      } else if (col->kind == FieldKind::Ref && row.related(col->name) != nullptr) {
        cell = escape(truncate(display(*row.related(col->name)), kTruncate));
      } else {
        cell = escape(truncate(value_text(*col, row.get(col->name)), kTruncate));
      }
      if (first && can_open) cell = "<a href=\"" + href + "\">" + cell + "</a>";
      body += (first ? "<th scope=\"row\"" : "<td") + std::string(null ? " class=\"null\"" : "") + ">" + cell +
              (first ? "</th>" : "</td>");
      first = false;
    }
    body += "</tr>\n";
  }
  if (rows.empty()) {
    body += "<tr><td colspan=\"" + std::to_string(cols.size() + (bulk ? 1 : 0)) + "\">No " +
            escape(model.verbose_name_plural) + " found.</td></tr>\n";
  }
  body += "</tbody></table></div></form>\n<p class=\"paginator\">";
  const std::string total = capped ? std::to_string(options_.count_limit) + "+" : std::to_string(counted);
  body += "<span>" + total + " " + escape(counted == 1 ? model.verbose_name : model.verbose_name_plural) + "</span>";
  if (state.page > 1) body += "<a href=\"" + escape(state.link("p", std::to_string(state.page - 1))) + "\">&lsaquo; Previous</a>";
  if (state.page > 1 || has_next) {
    std::string pages = capped ? "" : " of " + std::to_string(std::max<std::int64_t>(1, (counted + per_page - 1) / per_page));
    body += "<span>Page " + std::to_string(state.page) + pages + "</span>";
  }
  if (has_next) body += "<a href=\"" + escape(state.link("p", std::to_string(state.page + 1))) + "\">Next &rsaquo;</a>";
  body += "</p>\n</div>\n";

  // ---- filters, each counted over the search and the other filters ----
  if (!model.admin.list_filter.empty()) {
    // Each option's count reads at most facet_limit rows. A search (icontains) cannot use an index, so
    // under one the options are listed without counts: each count would be another scan of the table.
    const bool count_facets = state.q.empty();
    const std::int64_t facet_limit = std::min<std::int64_t>(options_.count_limit, kFacetLimit);
    body += "<aside class=\"filters\" aria-label=\"Filters\"><h2>Filter</h2>\n";
    for (const auto filter_name : model.admin.list_filter) {
      const auto* field = model.field(filter_name);
      if (field == nullptr || field->kind == FieldKind::Many) continue;
      auto others = base;
      std::string current;
      for (const auto& [f, text] : state.filters) {
        if (f == field) {
          current = text;
        } else {
          others = others.filter(f->name, "exact", {*filter_value(*f, text)});
        }
      }
      std::vector<std::pair<std::string, std::string>> options;  // value, label
      if (field->kind == FieldKind::Bool) {
        options = {{"true", "Yes"}, {"false", "No"}};
      } else if (field->kind == FieldKind::Choice) {
        for (const auto choice : field->choices) options.emplace_back(std::string(choice), std::string(choice));
      } else if (field->kind == FieldKind::Ref) {
        if (const auto* target = registry_.target(*field)) {
          auto targets = registry_.table(*target).query();
          for (const auto& ref : display_refs(*target)) targets = targets.select_related(ref);
          for (const auto& t : targets.limit(kRefFilterChoices).fetch(db)) options.emplace_back(key_text(t), display(t));
        }
      } else {
        continue;  // free-form values are filtered through the URL only
      }
      body += "<h3>By " + escape(field->label) + "</h3><ul>";  // upper-cased by the stylesheet
      body += std::string("<li") + (current.empty() ? " class=\"selected\"" : "") + "><a href=\"" +
              escape(state.link(field->name, "")) + "\">All</a></li>";
      for (const auto& [value, label] : options) {
        std::string shown;
        if (count_facets) {
          const auto count = others.filter(field->name, "exact", {*filter_value(*field, value)})
                                 .limit(facet_limit + 1)
                                 .count(db);
          shown = " <span class=\"count\">(" +
                  (count > facet_limit ? std::to_string(facet_limit) + "+" : std::to_string(count)) + ")</span>";
        }
        body += std::string("<li") + (current == value ? " class=\"selected\"" : "") + "><a href=\"" +
                escape(state.link(field->name, value)) + "\">" + escape(label) + "</a>" + shown + "</li>";
      }
      body += "</ul>\n";
    }
    body += "</aside>\n";
  }
  body += "</div>\n";
  auto trail = crumbs(model);
  return html(page(visit, title_plural(model), trail, body));
}

}  // namespace cpprustango::admin::detail
