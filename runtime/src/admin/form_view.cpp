// The object forms, add and change: model forms (forms::ModelForm) laid out
// in the admin's fieldsets, so the admin reads, checks and writes a row as a
// project's own model form does (many() sets in the same transaction, unique
// and foreign-key errors on their field, what was typed kept). The admin adds
// two widgets of its own: a search picker for a ref with too many rows to
// list, and a Markdown field's server-rendered preview (a "Preview" submit
// re-renders the form with what was typed, saving nothing). Delete, history
// and the picker's lookup are in object_view.cpp.
#include <algorithm>

#include "admin/markdown.hpp"
#include "admin/site.hpp"
#include "cpprustango/forms/model_form.hpp"
#include "cpprustango/orm/errors.hpp"

namespace cpprustango::admin::detail {
namespace {

using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

// A foreign key whose target has more rows than this gets the search picker instead of a <select>;
// a many() field's checkboxes stop there too.
constexpr std::int64_t kSelectLimit = 200;

bool editable(const ModelSpec& model, const FieldSpec& field, bool adding) {
  if (field.noform || field.auto_increment || field.auto_now || field.auto_now_add ||
      field.noedit) {
    return false;
  }
  for (const auto name : model.admin.readonly_fields) {
    if (name == field.name) return false;
  }
  if (!adding && is_key(model, field)) return false;  // a natural key (or any column of a composite one) is chosen once
  return true;
}

bool shown(const FieldSpec& field) { return !field.noform; }

std::string limit(const FieldSpec& field) {
  return field.max_length > 0 ? " maxlength=\"" + std::to_string(field.max_length) + "\"" : "";
}

/** A textarea, a Preview button and the text rendered by cmark-gfm (raw HTML left out). */
std::string markdown_widget(const ModelSpec& model, const FieldSpec& field, const std::string& value,
                            const std::string& attributes) {
  const std::string id = "id_" + std::string(field.name);
  // data-preview: where the admin's script posts what is typed, to re-render the preview live.
  std::string out = "<div class=\"markdown\" data-preview=\"" + model_url(model) + "preview/\" data-field=\"" +
                    escape(field.name) + "\"><textarea" + attributes + limit(field) + " rows=\"10\">" + escape(value) +
                    "</textarea><div class=\"markdown-bar\"><button type=\"submit\" name=\"_preview\" value=\"" +
                    escape(field.name) + "\" formnovalidate>Preview</button><span class=\"count\">Markdown</span></div>";
  out += "<section class=\"markdown-preview\" id=\"" + id + "_preview\" aria-label=\"Preview of " +
         escape(field.label) + "\" aria-live=\"polite\">";
  out += value.empty() ? "<p class=\"count\">Nothing to preview.</p>" : render_markdown(value);
  return out + "</section></div>";
}

/** A ref with too many rows for a <select>: a search box filled by /lookup/, the key in a hidden input. */
std::string picker_widget(Site& site, const FieldSpec& field, const ModelSpec& target, const std::string& value) {
  std::string current;
  if (!value.empty()) {
    auto found = site.registry().table(target).query().filter_django(key_field(target).name, value).first(
        site.store().database());
    current = found ? display(*found) : value;
  }
  return "<div class=\"picker\" data-picker=\"" + model_url(target) + "lookup/\"><input type=\"search\" id=\"id_" +
         escape(field.name) + "\" autocomplete=\"off\" value=\"" + escape(current) + "\" placeholder=\"Type to search " +
         escape(target.verbose_name_plural) + "\"><input type=\"hidden\" name=\"" + escape(field.name) + "\" value=\"" +
         escape(value) + "\"><ul role=\"listbox\" hidden></ul></div>";
}

/**
 * The model form of an add or change page: the fields this user may edit
 * there, bound to what was posted, with the admin's picker and Markdown
 * widgets. `record` is the row being changed (nullptr when adding).
 */
forms::ModelForm admin_form(Site& site, const Visit& visit, const ModelSpec& model, const orm::Record* record) {
  const bool adding = record == nullptr;
  forms::ModelFormOptions options{.choice_limit = kSelectLimit};
  const bool may_save = visit.user().can(model, adding ? Action::Add : Action::Change);
  for (const auto& field : model.fields) {
    if (may_save && shown(field) && editable(model, field, adding)) {
      options.fields.emplace_back(field.name);
    } else {
      options.exclude.emplace_back(field.name);
    }
  }
  forms::ModelForm form(site.registry().table(model), site.store().database(), std::move(options));
  if (record != nullptr) form.instance(*record);
  if (visit.request.method() == http::Method::Post) form.bind(forms::FormData(visit.form.entries()));
  for (const auto& field : form.fields()) {
    const FieldSpec& spec = *model.field(field.name);
    if (spec.widget == schema::Widget::Markdown) {
      form.widget(field.name, [&model, &spec](const forms::Form&, const forms::Field&, const std::string& text,
                                              const std::string& attributes) {
        return markdown_widget(model, spec, text, attributes);
      });
    }
    const ModelSpec* target = spec.kind == FieldKind::Ref ? site.registry().target(spec) : nullptr;
    if (target != nullptr && field.kind != forms::Kind::ModelChoice) {  // too many rows to list
      form.widget(field.name, [&site, &spec, target](const forms::Form&, const forms::Field&, const std::string& text,
                                                     const std::string&) {
        return picker_widget(site, spec, *target, text);
      });
    }
  }
  return form;
}

struct FormPage {
  Site& site;
  Visit& visit;
  const ModelSpec& model;
  bool adding;
  const orm::Record& record;  ///< the stored row (or the new one with defaults)
  const forms::ModelForm& form;

  std::string field_row(const FieldSpec& field) const {
    const std::string name(field.name);
    std::string help(field.help);
    if (!adding && is_key(model, field) && !field.auto_increment) {
      // The key is the row's address (its URL, its history, rows that refer to it): it is chosen once.
      help += std::string(help.empty() ? "" : " ") + "Part of the primary key: it cannot be changed; delete the " +
              std::string(model.verbose_name) + " and add it again instead.";
    }
    if (form.field(name) != nullptr) return form_row(form, name, capitalised(field.label), help);
    // Who may only view the row gets its values as text, as in Django, not inputs they cannot save.
    std::string out = "<div class=\"field\"><label for=\"id_" + escape(name) + "\">" + escape(capitalised(field.label)) +
                      "</label><div>";
    const db::Value& stored = record.get(name);
    std::string text = db::is_null(stored) ? "—" : value_text(field, stored);
    if (field.kind == FieldKind::Ref && !db::is_null(stored)) {
      if (const auto* target = site.registry().target(field)) {
        if (auto row = site.registry().table(*target).query().filter(key_field(*target).name, "exact", {stored}).first(
                site.store().database())) {
          text = display(*row);
        }
      }
    }
    if (field.widget == schema::Widget::Markdown && !db::is_null(stored)) {
      // Who may only view the row reads the Markdown rendered, as the preview shows it.
      out += "<section class=\"readonly markdown-preview\" id=\"id_" + escape(name) + "\">" +
             render_markdown(db::as_string(stored)) + "</section>";
    } else {
      out += "<div class=\"readonly\" id=\"id_" + escape(name) + "\">" +
             escape(adding && db::is_null(stored) ? "—" : text) + "</div>";
    }
    out += "</div>";
    if (!help.empty()) out += "<p class=\"help\" id=\"id_" + escape(name) + "_help\">" + escape(help) + "</p>";
    return out + "</div>\n";
  }

  std::string render() const {
    std::string body = "<h1>" + std::string(adding ? "Add " + escape(model.verbose_name) : escape(display(record))) +
                       "</h1>\n";
    if (!adding) {
      body += "<p class=\"toolbar\"><a class=\"button\" href=\"" + escape(object_url(record)) + "history/\">History</a>" +
              (has_password_form(model) && visit.user().can(model, Action::Change)
                   ? "<a class=\"button\" href=\"" + escape(object_url(record)) + "password/\">Change password</a>"
                   : std::string()) +
              "</p>\n";
    }
    if (!form.errors().empty()) {
      body += "<p class=\"errornote\" role=\"alert\">Please correct the error" +
              std::string(form.errors().size() == 1 ? "" : "s") + " below.</p>\n";
      for (const auto& message : form.non_field_errors()) body += "<p class=\"errornote\">" + escape(message) + "</p>\n";
    }
    const bool can_save = adding ? visit.user().can(model, Action::Add) : visit.user().can(model, Action::Change);
    body += "<form method=\"post\" class=\"model\" novalidate>" + site.csrf_input(visit) + "\n";
    // Enter in a text input clicks the form's first submit button: with a Markdown field that
    // would be its Preview, so an invisible Save comes first.
    const bool has_preview = std::any_of(model.fields.begin(), model.fields.end(), [&](const FieldSpec& field) {
      return field.widget == schema::Widget::Markdown && editable(model, field, adding);
    });
    if (can_save && has_preview) {
      body += "<button type=\"submit\" name=\"_save\" value=\"1\" class=\"default-submit\" tabindex=\"-1\" "
              "aria-hidden=\"true\">Save</button>\n";
    }
    if (!model.admin.fieldsets.empty()) {
      for (const auto& set : model.admin.fieldsets) {
        body += "<fieldset><legend>" + escape(set.title) + "</legend>\n";
        for (const auto name : set.fields) {
          if (const auto* field = model.field(name); field != nullptr && shown(*field)) body += field_row(*field);
        }
        body += "</fieldset>\n";
      }
    } else {
      body += "<fieldset>\n";
      for (const auto& field : model.fields) {
        if (shown(field) && !(adding && field.auto_increment)) body += field_row(field);
      }
      body += "</fieldset>\n";
    }
    body += "<div class=\"actions\">";
    if (can_save) {
      body += "<button type=\"submit\" class=\"primary\" name=\"_save\" value=\"1\">Save</button>"
              "<button type=\"submit\" name=\"_continue\" value=\"1\">Save and continue editing</button>";
      if (visit.user().can(model, Action::Add) && addable(model)) {
        body += "<button type=\"submit\" name=\"_addanother\" value=\"1\">Save and add another</button>";
      }
    }
    body += "<span class=\"spacer\"></span>";
    if (!adding && visit.user().can(model, Action::Delete)) {
      body += "<a class=\"button danger\" href=\"" + escape(object_url(record)) + "delete/\">Delete</a>";
    }
    body += "</div></form>\n";
    auto trail = site.crumbs(model);
    trail.emplace_back(adding ? "Add " + std::string(model.verbose_name) : display(record), "");
    return site.page(visit, adding ? "Add " + std::string(model.verbose_name) : display(record), trail, body);
  }
};

}  // namespace

std::string form_row(const forms::Form& form, std::string_view name, std::string_view label, std::string_view help) {
  const forms::Field& input = *form.field(name);
  const std::string id = "id_" + escape(name);
  const auto messages = form.errors_of(name);
  std::string out = "<div class=\"field" + std::string(messages.empty() ? "" : " has-error") + "\"><label for=\"" + id +
                    "\"" + (input.required ? " class=\"required\"" : "") + ">" + escape(label) + "</label><div>";
  // Checkboxes of several choices sit in one box the label points at.
  const bool checks = input.radio && (input.kind == forms::Kind::ModelMultipleChoice || input.kind == forms::Kind::MultipleChoice);
  if (checks) {
    const std::string boxes = input.choices.empty() ? "<span class=\"count\">Nothing to choose from yet.</span>"
                                                    : form.input_html(name);
    out += "<div class=\"checks\" id=\"" + id + "\">" + boxes + "</div>";
  } else {
    out += form.input_html(name);
  }
  out += "</div>";
  if (!messages.empty()) {
    out += "<ul class=\"errors\" role=\"alert\" id=\"" + id + "_errors\">";
    for (const auto& message : messages) out += "<li>" + escape(message) + "</li>";
    out += "</ul>";
  }
  if (!help.empty()) out += "<p class=\"help\" id=\"" + id + "_help\">" + escape(help) + "</p>";
  return out + "</div>\n";
}

namespace {

std::string changed_fields(const ModelSpec& model, const orm::Record& before, const orm::Record& after) {
  std::string out;
  for (const auto& field : model.fields) {
    if (field.kind == FieldKind::Many || field.auto_now) continue;
    if (value_text(field, before.get(field.name)) != value_text(field, after.get(field.name))) {
      out += (out.empty() ? "" : ", ") + std::string(field.label);
    }
  }
  return out.empty() ? "No fields changed." : "Changed " + out + ".";
}

http::Response after_save(Site& site, Visit& visit, const ModelSpec& model, const orm::Record& record,
                          std::string_view verb) {
  const std::string what = "The " + std::string(model.verbose_name) + " \"" + display(record) + "\" was " +
                           std::string(verb) + " successfully.";
  if (visit.form.has("_continue")) {
    return site.redirect_with(object_url(record) + "change/", what + " You may edit it again below.");
  }
  if (visit.form.has("_addanother")) return site.redirect_with(model_url(model) + "add/", what + " You may add another below.");
  return site.redirect_with(model_url(model), what);
}

}  // namespace

http::Response Site::add(Visit& visit, const ModelSpec& model) {
  if (!addable(model)) {
    return error_page(visit, 404, "Not found", title_plural(model) + " are not added in the admin: the code that issues them makes them "
                                                  "(an API key: cpprustango createapikey USER).");
  }
  if (!visit.user().can(model, Action::Add)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to add " +
                                                           std::string(model.verbose_name_plural) + ".");
  }
  const orm::Record record = registry_.table(model).new_record();
  auto form = admin_form(*this, visit, model, nullptr);
  if (visit.request.method() == http::Method::Post && !visit.form.has("_preview")) {
    if (auto saved = form.save()) {
      store_.log(visit.user().id, model, object_id(*saved), display(*saved), "addition", "Added.");
      return after_save(*this, visit, model, *saved, "added");
    }
  }
  FormPage page{*this, visit, model, true, record, form};
  return html(page.render(), form.errors().empty() ? 200 : 400);
}

http::Response Site::change(Visit& visit, const ModelSpec& model, const std::string& key) {
  const bool may_change = visit.user().can(model, Action::Change);
  if (!may_change && !visit.user().can(model, Action::View)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to view this object.");
  }
  auto found = find_row(registry_, store_.database(), model, key);
  if (!found) return error_page(visit, 404, "Not found", title_singular(model) + " with key \"" + key + "\" does not exist.");
  const orm::Record& record = *found;
  const bool posted = visit.request.method() == http::Method::Post;
  if (posted && !may_change) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to change this object.");
  }
  auto form = admin_form(*this, visit, model, &record);
  if (posted && !visit.form.has("_preview")) {  // a preview shows the Markdown as typed, saving nothing
    if (auto saved = form.save()) {
      store_.log(visit.user().id, model, object_id(*saved), display(*saved), "change",
                 changed_fields(model, record, *saved));
      return after_save(*this, visit, model, *saved, "changed");
    }
  }
  FormPage page{*this, visit, model, false, record, form};
  return html(page.render(), form.errors().empty() ? 200 : 400);
}

}  // namespace cpprustango::admin::detail
