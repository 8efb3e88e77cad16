// The pages around an object that are not its form: delete with a
// confirmation listing what goes with the row (and what protects it), the
// history of changes, and the JSON behind the foreign-key picker.
#include "admin/markdown.hpp"
#include "admin/site.hpp"
#include "cpprustango/db/errors.hpp"

namespace cpprustango::admin::detail {
namespace {

using schema::FieldKind;
using schema::ModelSpec;

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

// ---- delete ------------------------------------------------------------------

http::Response Site::remove(Visit& visit, const ModelSpec& model, const std::string& key) {
  if (!visit.user().can(model, Action::Delete)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to delete this object.");
  }
  auto& db = store_.database();
  auto found = find_row(registry_, db, model, key);
  if (!found) return error_page(visit, 404, "Not found", title_singular(model) + " with key \"" + key + "\" does not exist.");
  const orm::Record& record = *found;
  const std::vector<db::Value> key_value = key_values(record);

  // What depends on the row: cascades go with it, restricts stop the deletion.
  std::string cascades;
  std::string blockers;
  // Refs point at single-column keys, so a composite-key row has no dependants to list.
  for (const auto* other : key_value.size() == 1 ? registry_.models() : std::vector<const ModelSpec*>{}) {
    for (const auto& field : other->fields) {
      if (field.kind != FieldKind::Ref || registry_.target(field) != &model) continue;
      auto dependants = registry_.table(*other).query().filter(field.name, "exact", {key_value.front()});
      const auto count = dependants.limit(1001).count(db);
      if (count == 0) continue;
      std::string items;
      for (const auto& row : dependants.limit(10).fetch(db)) {
        items += "<li>" + escape(title_singular(*other)) + ": " + escape(display(row)) + "</li>";
      }
      if (count > 10) items += "<li>… and " + std::string(count > 1000 ? "more than 1000" : std::to_string(count - 10)) + " more</li>";
      const bool blocks = field.on_delete == schema::ReferentialAction::Restrict ||
                          field.on_delete == schema::ReferentialAction::NoAction;
      if (blocks) {
        blockers += items;
      } else if (field.on_delete == schema::ReferentialAction::Cascade) {
        cascades += items;
      }
    }
  }
  if (!blockers.empty()) {
    std::string body = "<h1>Cannot delete " + escape(model.verbose_name) + "</h1><p>Deleting \"" + escape(display(record)) +
                       "\" would require deleting these protected related objects first:</p><ul class=\"deleted\">" +
                       blockers + "</ul>";
    auto trail = crumbs(model);
    trail.emplace_back("Delete", "");
    return html(page(visit, "Cannot delete", trail, body), 409);
  }
  if (visit.request.method() == http::Method::Post) {
    try {
      registry_.table(model).remove(db, key_value);
    } catch (const db::ForeignKeyViolation&) {
      return error_page(visit, 409, "Cannot delete", "Other rows still refer to this " + std::string(model.verbose_name) +
                                                         "; delete or change them first.");
    }
    store_.log(visit.user().id, model, object_id(record), display(record), "deletion", "Deleted.");
    return redirect_with(model_url(model), "The " + std::string(model.verbose_name) + " \"" + display(record) +
                                               "\" was deleted successfully.");
  }
  std::string body = "<h1>Are you sure?</h1><p>Are you sure you want to delete the " + escape(model.verbose_name) +
                     " \"" + escape(display(record)) + "\"? All of the following will be deleted:</p>";
  body += "<ul class=\"deleted\"><li>" + escape(title_singular(model)) + ": " + escape(display(record)) + "</li>" +
          cascades + "</ul>";
  body += "<form method=\"post\">" + csrf_input(visit) +
          "<div class=\"actions\"><button type=\"submit\" class=\"danger\">Yes, I'm sure</button><a class=\"button\" "
          "href=\"" + escape(object_url(record)) + "change/\">No, take me back</a></div></form>";
  auto trail = crumbs(model);
  trail.emplace_back(display(record), object_url(record) + "change/");
  trail.emplace_back("Delete", "");
  return html(page(visit, "Are you sure?", trail, body));
}

// ---- history, lookup and preview ----------------------------------------------------------

http::Response Site::history(Visit& visit, const ModelSpec& model, const std::string& key) {
  if (!visit.user().can(model, Action::View) && !visit.user().can(model, Action::Change)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to view this object.");
  }
  auto found = find_row(registry_, store_.database(), model, key);
  if (!found) return error_page(visit, 404, "Not found", title_singular(model) + " with key \"" + key + "\" does not exist.");
  std::string body = "<h1>Change history: " + escape(display(*found)) + "</h1>\n";
  const auto entries = store_.history(model, object_id(*found));
  if (entries.empty()) {
    body += "<p>This object has no change history; it was probably not added through this admin.</p>";
  } else {
    body += "<table class=\"results history\"><thead><tr><th scope=\"col\">Date/time (UTC)</th><th scope=\"col\">User</th>"
            "<th scope=\"col\">Action</th></tr></thead><tbody>";
    for (const auto& entry : entries) {
      const schema::FieldSpec when{.name = "when", .kind = FieldKind::DateTime};
      body += "<tr><td>" + escape(value_text(when, entry.when)) + "</td><td>" +
              escape(entry.username.empty() ? "(deleted user)" : entry.username) + "</td><td>" +
              escape(entry.message.empty() ? entry.action : entry.message) + "</td></tr>";
    }
    body += "</tbody></table>";
  }
  auto trail = crumbs(model);
  trail.emplace_back(display(*found), object_url(*found) + "change/");
  trail.emplace_back("History", "");
  return html(page(visit, "Change history", trail, body));
}

http::Response Site::lookup(Visit& visit, const ModelSpec& model) {
  if (!visit.user().can(model, Action::View) && !visit.user().can(model, Action::Change)) {
    return http::Response::json("[]", 403);
  }
  const std::string text = visit.query.value("q");
  auto query = registry_.table(model).query();
  if (!text.empty()) {
    // The model's search fields, else its @display field.
    std::vector<std::string_view> fields(model.admin.search_fields.begin(), model.admin.search_fields.end());
    if (fields.empty()) {
      for (const auto& field : model.fields) {
        if (field.display && schema::is_textual(field.kind)) fields.push_back(field.name);
      }
    }
    if (auto any = search_q(fields, text)) query = query.filter(std::move(*any));
  }
  for (const auto& ref : display_refs(model)) query = query.select_related(ref);
  std::string out = "[";
  for (const auto& row : query.limit(20).fetch(store_.database())) {
    if (out.size() > 1) out += ",";
    out += "{\"id\":" + json_string(key_text(row)) + ",\"text\":" + json_string(display(row)) + "}";
  }
  auto response = http::Response::json(out + "]");
  response.header("Cache-Control", "no-store");
  return response;
}

http::Response Site::preview(Visit& visit, const ModelSpec& model) {
  // The admin's script sends what is typed in a Markdown field; the answer replaces the preview's content.
  constexpr std::size_t kPreviewLimit = 256 * 1024;
  const auto text_response = [](int status, std::string text) {
    http::Response response{status, std::move(text), "text/plain; charset=utf-8"};
    response.header("Cache-Control", "no-store");
    return response;
  };
  if (!visit.user().can(model, Action::Add) && !visit.user().can(model, Action::Change)) {
    return text_response(403, "You do not have permission to add or change " + std::string(model.verbose_name_plural) + ".\n");
  }
  const auto* field = model.field(visit.form.value("field"));
  if (field == nullptr || field->widget != schema::Widget::Markdown) {
    return text_response(400, "The field to preview must be one of this model's Markdown fields.\n");
  }
  const auto text = visit.form.get("text");
  if (!text) return text_response(400, "The text to preview is missing.\n");
  if (text->size() > kPreviewLimit) {
    return text_response(413, "The text is too long to preview (at most " + std::to_string(kPreviewLimit / 1024) +
                                  " KiB); press Preview instead.\n");
  }
  return html(text->find_first_not_of(" \t\r\n") == std::string::npos ? "<p class=\"count\">Nothing to preview.</p>"
                                                                       : render_markdown(*text));
}

}  // namespace cpprustango::admin::detail
