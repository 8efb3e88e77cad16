// The object forms, add and change: widgets by field kind (many() fields as
// checkboxes), inline errors that keep what was typed, unique and foreign-key
// errors on their field, and the row written with its many() sets in one
// transaction. Markdown fields show a server-rendered preview (a "Preview"
// submit re-renders the form with what was typed, saving nothing); JSON
// fields are checked as JSON before the database sees them. Delete, history
// and the picker are in object_view.cpp.
#include <algorithm>
#include <set>

#include "admin/markdown.hpp"
#include "admin/site.hpp"
#include "admin/widgets.hpp"
#include "auth/sql.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/validation.hpp"

namespace cpprustango::admin::detail {
namespace {

using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

// A foreign key whose target has more rows than this gets the search picker instead of a <select>.
constexpr std::int64_t kSelectLimit = 200;

using Errors = std::vector<std::pair<std::string, std::string>>;  // field (or "" for the form), message

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

/** A many() field's targets offered as checkboxes: at most this many rows. */
constexpr std::int64_t kManyLimit = 200;

/** The keys a many() field of the row `key` holds, as text (read from its join table). */
std::set<std::string> many_keys(orm::Executor db, const FieldSpec& field, const db::Value& key) {
  std::set<std::string> out;
  const std::string sql = auth::detail::placeholders(
      db.dialect(), "SELECT " + orm::quote_identifier(field.through_target) + " FROM " +
                        orm::quote_identifier(field.through) + " WHERE " +
                        orm::quote_identifier(field.through_source) + " = ?");
  const std::vector<db::Value> params{key};
  for (const auto row : db.query(sql, params)) {
    out.insert(db::kind(row[0]) == db::ValueKind::Integer ? std::to_string(db::as_int(row[0])) : db::as_string(row[0]));
  }
  return out;
}

/** A stored value as the form's input shows it. */
std::string input_text(const FieldSpec& field, const db::Value& value) {
  if (db::is_null(value)) return {};
  if (schema::is_postgres_only(field.kind)) return pg_input_text(field, value);
  if (field.kind == FieldKind::DateTime) {
    try {
      const std::string text = orm::format_datetime(orm::parse_datetime(db::as_string(value)));
      return text.substr(0, 16);  // "2026-01-02T03:04", what datetime-local takes
    } catch (const std::exception&) {
      return db::as_string(value);
    }
  }
  if (field.kind == FieldKind::Timestamp) {
    // The reading as stored, to the microsecond, so saving the form unchanged changes nothing.
    try {
      std::string text = orm::format_local_datetime(orm::parse_local_datetime(db::as_string(value)));
      text[10] = 'T';  // datetime-local's separator
      if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();  // ".120000" -> ".12", the 1-3 digits datetime-local reads
      }
      return text;
    } catch (const std::exception&) {
      return db::as_string(value);
    }
  }
  return value_text(field, value);
}

/**
 * A timestamp's input: datetime-local, with no zone shown since none is stored, stepping by the
 * precision the value has. A browser empties a datetime-local whose value has more than three
 * fractional digits, so such a value is shown in a text input instead and kept whole.
 */
std::string timestamp_widget(const std::string& value, const std::string& common) {
  const auto dot = value.find('.');
  const std::size_t digits = dot == std::string::npos ? 0 : value.size() - dot - 1;
  if (digits > 3) {
    return "<input type=\"text\" class=\"mono\" spellcheck=\"false\"" + common + " value=\"" + escape(value) +
           "\"> <span class=\"count\">YYYY-MM-DD HH:MM:SS.ffffff</span>";
  }
  const std::string step = digits == 0 ? "1" : "0.001";
  return "<input type=\"datetime-local\" step=\"" + step + "\"" + common + " value=\"" + escape(value) + "\">";
}

/** The value typed for `field`, or a message for the person who typed it. */
Parsed parse_input(const FieldSpec& field, const Form& form) {
  const std::string name(field.name);
  if (field.kind == FieldKind::Bool) return db::Value(form.has(name));
  if (field.kind == FieldKind::MultiChoice) {
    std::string joined;
    for (const auto& item : form.all(name)) joined += (joined.empty() ? "" : ",") + item;
    if (joined.empty()) return field.nullable ? db::Value(nullptr) : db::Value(std::string());
    return db::Value(joined);
  }
  std::string text = form.value(name);
  if (schema::is_postgres_only(field.kind)) return parse_pg_input(field, text);
  if (field.kind == FieldKind::Json) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      if (field.nullable) return db::Value(nullptr);
      return std::string("This field is required.");
    }
    std::string problem = json_problem(text);
    if (!problem.empty()) return problem;
    return db::Value(text);
  }
  const bool textual = schema::is_textual(field.kind);
  if (!textual) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
  }
  if (text.empty()) {
    if (field.nullable) return db::Value(nullptr);
    return std::string("This field is required.");
  }
  return parse_scalar(field, text);
}

}  // namespace

// ---- add and change ----------------------------------------------------------

namespace {

struct FormPage {
  Site& site;
  Visit& visit;
  const ModelSpec& model;
  bool adding;
  const orm::Record& record;  ///< the stored row (or the new one with defaults)
  const Errors& errors;
  bool posted;  ///< show what was typed rather than the record

  std::string widget(const FieldSpec& field) const {
    const std::string name(field.name);
    const std::string id = "id_" + name;
    const db::Value& stored = record.get(name);
    const std::string value = posted ? visit.form.value(name) : input_text(field, stored);
    const std::string common = " id=\"" + id + "\" name=\"" + escape(name) + "\"" +
                               (field.nullable || field.kind == FieldKind::Bool ? "" : " required") +
                               (field.example.empty() ? "" : " placeholder=\"" + escape(field.example) + "\"") +
                               (field.help.empty() ? "" : " aria-describedby=\"" + id + "_help\"");
    if (schema::is_postgres_only(field.kind)) return pg_widget(field, value, common);
    switch (field.kind) {
      case FieldKind::Bool: {
        const bool checked = posted ? visit.form.has(name) : is_true(stored);
        return "<input type=\"checkbox\" id=\"" + id + "\" name=\"" + escape(name) + "\"" +
               (checked ? " checked" : "") + ">";
      }
      case FieldKind::SmallInt:
      case FieldKind::Int:
      case FieldKind::BigInt:
      case FieldKind::Real:
      case FieldKind::Double:
      case FieldKind::Decimal: {
        std::string bounds;
        if (field.min) bounds += " min=\"" + value_text(field, db::Value(*field.min)) + "\"";
        if (field.max) bounds += " max=\"" + value_text(field, db::Value(*field.max)) + "\"";
        const std::string step = schema::is_integer(field.kind) ? "1"
                                 : field.kind == FieldKind::Decimal && field.scale > 0
                                     ? "0." + std::string(static_cast<std::size_t>(field.scale - 1), '0') + "1"
                                     : "any";
        return "<input type=\"number\" step=\"" + step + "\"" + bounds + common + " value=\"" + escape(value) + "\">";
      }
      case FieldKind::Text:
      case FieldKind::Json: {
        if (field.widget == schema::Widget::Markdown) return markdown_widget(field, value, common);
        const bool code = field.kind == FieldKind::Json || field.widget == schema::Widget::Code;
        return "<textarea" + common + (code ? " class=\"code\" spellcheck=\"false\"" : "") + " rows=\"8\">" +
               escape(value) + "</textarea>";
      }
      case FieldKind::Date: return "<input type=\"date\"" + common + " value=\"" + escape(value) + "\">";
      case FieldKind::Time: return "<input type=\"time\" step=\"1\"" + common + " value=\"" + escape(value) + "\">";
      case FieldKind::DateTime:
        return "<input type=\"datetime-local\"" + common + " value=\"" + escape(value) + "\"> <span class=\"count\">UTC</span>";
      case FieldKind::Timestamp: return timestamp_widget(value, common);
      case FieldKind::Choice: {
        std::string out = "<select" + common + ">";
        if (field.nullable || value.empty()) out += "<option value=\"\">---------</option>";
        for (const auto choice : field.choices) {
          out += "<option value=\"" + escape(choice) + "\"" + (value == choice ? " selected" : "") + ">" +
                 escape(choice) + "</option>";
        }
        return out + "</select>";
      }
      case FieldKind::MultiChoice: {
        std::set<std::string> chosen;
        if (posted) {
          for (auto& item : visit.form.all(name)) chosen.insert(item);
        } else {
          std::string_view rest = value;
          while (!rest.empty()) {
            const auto comma = rest.find(',');
            chosen.insert(std::string(rest.substr(0, comma)));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
          }
        }
        std::string out = "<div class=\"checks\" id=\"" + id + "\">";
        for (const auto choice : field.choices) {
          out += "<label><input type=\"checkbox\" name=\"" + escape(name) + "\" value=\"" + escape(choice) + "\"" +
                 (chosen.contains(std::string(choice)) ? " checked" : "") + "> " + escape(choice) + "</label>";
        }
        return out + "</div>";
      }
      case FieldKind::Ref: return ref_widget(field, value, common);
      case FieldKind::Many: return many_widget(field);
      case FieldKind::Email: return "<input type=\"email\"" + common + limit(field) + " value=\"" + escape(value) + "\">";
      case FieldKind::Url: return "<input type=\"url\"" + common + limit(field) + " value=\"" + escape(value) + "\">";
      default:
        if (field.widget == schema::Widget::Markdown) return markdown_widget(field, value, common);
        if (field.widget == schema::Widget::Code) {
          return "<textarea" + common + " class=\"code\" spellcheck=\"false\" rows=\"6\">" + escape(value) +
                 "</textarea>";
        }
        if (field.widget == schema::Widget::Textarea) {
          return "<textarea" + common + " rows=\"6\">" + escape(value) + "</textarea>";
        }
        return "<input type=\"text\"" + common + limit(field) + " value=\"" + escape(value) + "\">";
    }
  }

  /** A textarea, a Preview button and the text rendered by cmark-gfm (raw HTML left out). */
  std::string markdown_widget(const FieldSpec& field, const std::string& value, const std::string& common) const {
    const std::string id = "id_" + std::string(field.name);
    // data-preview: where the admin's script posts what is typed, to re-render the preview live.
    std::string out = "<div class=\"markdown\" data-preview=\"" + model_url(model) + "preview/\" data-field=\"" +
                      escape(field.name) + "\"><textarea" + common + limit(field) + " rows=\"10\">" + escape(value) +
                      "</textarea><div class=\"markdown-bar\"><button type=\"submit\" name=\"_preview\" value=\"" +
                      escape(field.name) + "\" formnovalidate>Preview</button><span class=\"count\">Markdown</span></div>";
    out += "<section class=\"markdown-preview\" id=\"" + id + "_preview\" aria-label=\"Preview of " +
           escape(field.label) + "\" aria-live=\"polite\">";
    out += value.empty() ? "<p class=\"count\">Nothing to preview.</p>" : render_markdown(value);
    return out + "</section></div>";
  }

  static std::string limit(const FieldSpec& field) {
    return field.max_length > 0 ? " maxlength=\"" + std::to_string(field.max_length) + "\"" : "";
  }

  std::string ref_widget(const FieldSpec& field, const std::string& value, const std::string& common) const {
    const auto* target = site.registry().target(field);
    if (target == nullptr) return "<input type=\"text\"" + common + " value=\"" + escape(value) + "\">";
    auto& db = site.store().database();
    auto query = site.registry().table(*target).query();
    for (const auto& ref : display_refs(*target)) query = query.select_related(ref);
    auto rows = query.limit(kSelectLimit + 1).fetch(db);
    if (static_cast<std::int64_t>(rows.size()) <= kSelectLimit) {
      std::string out = "<select" + common + "><option value=\"\">---------</option>";
      for (const auto& row : rows) {
        const std::string key = key_text(row);
        out += "<option value=\"" + escape(key) + "\"" + (key == value ? " selected" : "") + ">" +
               escape(truncate(display(row), 80)) + "</option>";
      }
      return out + "</select>";
    }
    // Too many to list: a search box filled by /lookup/, the key in a hidden input.
    std::string current;
    if (!value.empty()) {
      auto found = site.registry().table(*target).query().filter_django(key_field(*target).name, value).first(db);
      current = found ? display(*found) : value;
    }
    return "<div class=\"picker\" data-picker=\"" + model_url(*target) + "lookup/\"><input type=\"search\" id=\"id_" +
           escape(field.name) + "\" autocomplete=\"off\" value=\"" + escape(current) + "\" placeholder=\"Type to search " +
           escape(target->verbose_name_plural) + "\"><input type=\"hidden\" name=\"" + escape(field.name) +
           "\" value=\"" + escape(value) + "\"><ul role=\"listbox\" hidden></ul></div>";
  }

  std::string many_widget(const FieldSpec& field) const {
    const auto* target = site.registry().target(field);
    if (target == nullptr) return "<div class=\"readonly\">—</div>";
    auto& db = site.store().database();
    std::set<std::string> chosen;
    if (posted) {
      for (auto& item : visit.form.all(std::string(field.name))) chosen.insert(item);
    } else if (!adding) {
      chosen = many_keys(db, field, record.get(key_field(model).name));
    }
    auto query = site.registry().table(*target).query();
    for (const auto& ref : display_refs(*target)) query = query.select_related(ref);
    std::string out = "<div class=\"checks\" id=\"id_" + escape(field.name) + "\">";
    for (const auto& row : query.limit(kManyLimit).fetch(db)) {
      const std::string key = key_text(row);
      out += "<label><input type=\"checkbox\" name=\"" + escape(field.name) + "\" value=\"" + escape(key) + "\"" +
             (chosen.contains(key) ? " checked" : "") + "> " + escape(truncate(display(row), 60)) + "</label>";
    }
    return out + "</div>";
  }

  std::string field_row(const FieldSpec& field) const {
    const std::string name(field.name);
    std::vector<std::string> messages;
    for (const auto& [f, message] : errors) {
      if (f == name) messages.push_back(message);
    }
    // Who may only view the row gets its values as text, as in Django, not inputs they cannot save.
    const bool may_save = visit.user().can(model, adding ? Action::Add : Action::Change);
    const bool is_editable = may_save && editable(model, field, adding);
    std::string out = "<div class=\"field" + std::string(messages.empty() ? "" : " has-error") + "\">";
    const bool required = is_editable && !field.nullable && field.kind != FieldKind::Bool;
    out += "<label for=\"id_" + escape(name) + "\"" + (required ? " class=\"required\"" : "") + ">" +
           escape(capitalised(field.label)) + "</label><div>";
    if (is_editable) {
      out += widget(field);
    } else {
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
    }
    out += "</div>";
    if (!messages.empty()) {
      out += "<ul class=\"errors\" role=\"alert\">";
      for (const auto& m : messages) out += "<li>" + escape(m) + "</li>";
      out += "</ul>";
    }
    std::string help(field.help);
    if (!adding && is_key(model, field) && !field.auto_increment) {
      // The key is the row's address (its URL, its history, rows that refer to it): it is chosen once.
      help += std::string(help.empty() ? "" : " ") + "Part of the primary key: it cannot be changed; delete the " +
              std::string(model.verbose_name) + " and add it again instead.";
    }
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
    if (!errors.empty()) {
      body += "<p class=\"errornote\" role=\"alert\">Please correct the error" +
              std::string(errors.size() == 1 ? "" : "s") + " below.</p>\n";
      for (const auto& [f, message] : errors) {
        if (f.empty()) body += "<p class=\"errornote\">" + escape(message) + "</p>\n";
      }
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

namespace {

/** Reads the form into `record`, checks references, then writes; every problem ends up in `errors`. */
Errors save(Site& site, Visit& visit, const ModelSpec& model, orm::Record& record, bool adding) {
  Errors errors;
  const orm::Table table = site.registry().table(model);
  auto& db = site.store().database();
  std::vector<std::pair<const FieldSpec*, std::vector<db::Value>>> sets;  // many() fields, written after the row
  for (const auto& field : model.fields) {
    if (!editable(model, field, adding)) continue;
    if (field.kind == FieldKind::Many) {
      const auto* target = site.registry().target(field);
      if (target == nullptr) continue;
      std::vector<db::Value> keys;
      std::set<std::string> seen;
      for (const auto& text : visit.form.all(std::string(field.name))) {
        if (!seen.insert(text).second) continue;
        const auto& key = key_field(*target);
        auto parsed = parse_input(key, Form::parse(url_encode(key.name) + "=" + url_encode(text)));
        auto* value = std::get_if<db::Value>(&parsed);
        if (value == nullptr ||
            !site.registry().table(*target).query().filter(key.name, "exact", {*value}).exists(db)) {
          errors.emplace_back(std::string(field.name), "Select valid choices; " + text + " is not one of them.");
          break;
        }
        keys.push_back(*value);
      }
      sets.emplace_back(&field, std::move(keys));
      continue;
    }
    auto parsed = parse_input(field, visit.form);
    if (auto* message = std::get_if<std::string>(&parsed)) {
      errors.emplace_back(std::string(field.name), *message);
      continue;
    }
    auto& value = std::get<db::Value>(parsed);
    if (field.kind == FieldKind::Ref && !db::is_null(value)) {
      // Checked here, not left to the constraint: SQLite's error does not say which column failed.
      const auto* target = site.registry().target(field);
      // Text where the target's key is a number matches no row (and PostgreSQL would refuse to compare).
      const bool fits = target == nullptr || !schema::is_integer(key_field(*target).kind) ||
                        db::kind(value) == db::ValueKind::Integer;
      if (target != nullptr &&
          (!fits || !site.registry().table(*target).query().filter(key_field(*target).name, "exact", {value}).exists(db))) {
        errors.emplace_back(std::string(field.name), "Select a valid choice; that " +
                                                         std::string(target->verbose_name) + " does not exist.");
        continue;
      }
    }
    record.set(field.name, std::move(value));
  }
  if (!errors.empty()) return errors;
  try {
    // The row and its many() sets change together or not at all.
    auto connection = db.acquire();
    auto transaction = connection.begin();
    if (adding) {
      table.insert(connection, record);
    } else {
      table.update(connection, record);
    }
    const db::Value key = record.get(key_field(model).name);
    for (const auto& [field, keys] : sets) {
      const std::string join = orm::quote_identifier(field->through);
      const std::string source = orm::quote_identifier(field->through_source);
      const std::string target = orm::quote_identifier(field->through_target);
      connection.execute(auth::detail::placeholders(connection.dialect(), "DELETE FROM " + join + " WHERE " + source + " = ?"),
                         {key});
      for (const auto& value : keys) {
        connection.execute(auth::detail::placeholders(connection.dialect(), "INSERT INTO " + join + " (" + source + ", " +
                                                                                 target + ") VALUES (?, ?)"),
                           {key, value});
      }
    }
    transaction.commit();
  } catch (const orm::ValidationError& error) {
    for (const auto& problem : error.errors()) errors.emplace_back(problem.field, problem.message);
  } catch (const std::exception& error) {
    const auto typed = [&](std::string_view name) { return visit.form.get(name); };
    auto refused = forms::detail::refused_write(model, error, typed);
    if (!refused) throw;
    errors.emplace_back(refused->field, refused->message);
  }
  return errors;
}

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
  const orm::Table table = registry_.table(model);
  orm::Record record = table.new_record();
  Errors errors;
  const bool posted = visit.request.method() == http::Method::Post;
  if (posted && !visit.form.has("_preview")) {
    errors = save(*this, visit, model, record, true);
    if (errors.empty()) {
      store_.log(visit.user().id, model, object_id(record), display(record), "addition", "Added.");
      return after_save(*this, visit, model, record, "added");
    }
  }
  FormPage form{*this, visit, model, true, record, errors, posted};
  return html(form.render(), errors.empty() ? 200 : 400);
}


http::Response Site::change(Visit& visit, const ModelSpec& model, const std::string& key) {
  const bool may_change = visit.user().can(model, Action::Change);
  if (!may_change && !visit.user().can(model, Action::View)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to view this object.");
  }
  auto found = find_row(registry_, store_.database(), model, key);
  if (!found) return error_page(visit, 404, "Not found", title_singular(model) + " with key \"" + key + "\" does not exist.");
  orm::Record record = *found;
  Errors errors;
  const bool posted = visit.request.method() == http::Method::Post;
  if (posted) {
    if (!may_change) return error_page(visit, 403, "Permission denied", "You do not have permission to change this object.");
    if (visit.form.has("_preview")) {  // shows the Markdown as typed, saves nothing
      FormPage form{*this, visit, model, false, record, errors, posted};
      return html(form.render());
    }
    const orm::Record before = record;
    errors = save(*this, visit, model, record, false);
    if (errors.empty()) {
      store_.log(visit.user().id, model, object_id(record), display(record), "change",
                 changed_fields(model, before, record));
      return after_save(*this, visit, model, record, "changed");
    }
  }
  FormPage form{*this, visit, model, false, record, errors, posted};
  return html(form.render(), errors.empty() ? 200 : 400);
}

}  // namespace cpprustango::admin::detail
