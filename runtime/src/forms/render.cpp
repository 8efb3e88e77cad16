// A form as accessible HTML: each input bound to its label, help and errors
// linked by aria-describedby, aria-invalid on fields with errors, what was
// typed kept (never a password), every value escaped; and the same pieces as
// a template context for field-by-field pages.
#include <algorithm>
#include <sstream>

#include "cpprustango/forms/form.hpp"
#include "forms/form_impl.hpp"
#include "forms/schema_kinds.hpp"
#include "http/web.hpp"

namespace cpprustango::forms {
namespace {

using http::detail::escape;

std::string id_of(const Field& field) { return "id_" + field.name; }

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string input_type(Kind kind) {
  switch (kind) {
    case Kind::Email:
      return "email";
    case Kind::Url:
      return "url";
    case Kind::Password:
      return "password";
    case Kind::Integer:
    case Kind::Decimal:
    case Kind::Float:
      return "number";
    case Kind::Date:
      return "date";
    case Kind::Time:
      return "time";
    case Kind::DateTime:
      return "datetime-local";
    case Kind::Hidden:
      return "hidden";
    case Kind::File:
      return "file";
    case Kind::Checkbox:
      return "checkbox";
    default:
      return "text";
  }
}

/**
 * A datetime's input, stepping by the precision the value has. A browser
 * empties a datetime-local whose value has more than three fractional digits,
 * so such a value is shown in a text input instead and kept whole.
 */
std::string datetime_input(const std::string& text, const std::string& attributes) {
  const auto dot = text.find('.');
  const std::size_t digits = dot == std::string::npos ? 0 : text.size() - dot - 1;
  if (digits > 3) {
    return "<input type=\"text\" class=\"mono\" spellcheck=\"false\"" + attributes + " value=\"" + escape(text) +
           "\"> <span class=\"count\">YYYY-MM-DD HH:MM:SS.ffffff</span>";
  }
  return "<input type=\"datetime-local\" step=\"" + std::string(digits == 0 ? "1" : "0.001") + "\"" + attributes +
         " value=\"" + escape(text) + "\">";
}

/** A model field's input where its schema kind asks for more than the form kind's own; "" when it does not. */
std::string schema_input(const schema::FieldSpec& spec, const std::string& text, const std::string& attributes) {
  using schema::FieldKind;
  if (schema::is_postgres_only(spec.kind)) return detail::pg_widget(spec, text, attributes);
  if (spec.kind == FieldKind::Json || spec.widget == schema::Widget::Code) {
    return "<textarea" + attributes + " class=\"code\" spellcheck=\"false\" rows=\"8\">" + escape(text) + "</textarea>";
  }
  // No zone is typed: a datetime is read as UTC, a timestamp keeps its wall-clock reading.
  if (spec.kind == FieldKind::DateTime) return datetime_input(text, attributes) + " <span class=\"count\">UTC</span>";
  if (spec.kind == FieldKind::Timestamp) return datetime_input(text, attributes);
  if (spec.kind == FieldKind::Time) {
    return "<input type=\"time\" step=\"1\"" + attributes + " value=\"" + escape(text) + "\">";
  }
  return {};
}

}  // namespace

std::string html_escape(std::string_view text) { return escape(text); }

std::string Form::csrf_input() const {
  if (impl_->csrf.empty()) return {};
  return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + escape(impl_->csrf) + "\">";
}

std::string Form::input_html(std::string_view name) const {
  const std::size_t index = impl_->index(name);
  const Field& field = impl_->fields[index];
  const std::string id = id_of(field);
  const bool has_errors = !errors_of(field.name).empty();
  std::string described;
  if (!field.help_text.empty()) described += id + "_help";
  if (has_errors) described += (described.empty() ? "" : " ") + id + "_errors";

  // Attributes every kind of input shares.
  std::string common = " name=\"" + escape(field.name) + "\"";
  if (field.required && field.kind != Kind::Checkbox && !detail::is_multiple(field.kind) && field.kind != Kind::Hidden) {
    common += " required";
  }
  if (field.disabled) common += " disabled";
  if (!described.empty()) common += " aria-describedby=\"" + described + "\"";
  if (has_errors) common += " aria-invalid=\"true\"";
  for (const auto& [attribute, value] : field.attributes)
    common += " " + escape(attribute) + "=\"" + escape(value) + "\"";

  const std::string text = shown_text(field.name);
  for (const auto& [widget_of, draw] : impl_->widgets) {
    if (widget_of == field.name) return draw(*this, field, text, " id=\"" + id + "\"" + common);
  }
  if (const auto& spec = impl_->specs[index]; spec && field.kind != Kind::Password && field.kind != Kind::Hidden) {
    std::string placeholder = field.placeholder.empty() ? "" : " placeholder=\"" + escape(field.placeholder) + "\"";
    if (auto input = schema_input(*spec, text, " id=\"" + id + "\"" + common + placeholder); !input.empty()) return input;
  }
  if (field.kind == Kind::Textarea) {
    std::string out = "<textarea id=\"" + id + "\"" + common;
    if (field.max_length > 0) out += " maxlength=\"" + std::to_string(field.max_length) + "\"";
    if (!field.placeholder.empty()) out += " placeholder=\"" + escape(field.placeholder) + "\"";
    return out + " rows=\"6\">" + escape(text) + "</textarea>";
  }
  if (field.kind == Kind::Choice || field.kind == Kind::ModelChoice || detail::is_multiple(field.kind)) {
    const bool multiple = detail::is_multiple(field.kind);
    const auto selected = multiple ? detail::split_commas(text) : std::vector<std::string>{text};
    auto is_selected = [&](const std::string& value) {
      return std::find(selected.begin(), selected.end(), value) != selected.end();
    };
    if (field.radio) {
      // A group: the fieldset's legend is the label (see field_html), each option labelled.
      std::string out;
      for (std::size_t i = 0; i < field.choices.size(); ++i) {
        const auto& choice = field.choices[i];
        const std::string option_id = id + "_" + std::to_string(i);
        out += "<label for=\"" + option_id + "\"><input type=\"" + (multiple ? "checkbox" : "radio") + "\" id=\"" +
               option_id + "\"" + common + " value=\"" + escape(choice.value) + "\"" +
               (is_selected(choice.value) ? " checked" : "") + "> " + escape(choice.label) + "</label>";
      }
      return out;
    }
    std::string out = "<select id=\"" + id + "\"" + common + (multiple ? " multiple" : "") + ">";
    if (!multiple) out += "<option value=\"\">---------</option>";
    for (const auto& choice : field.choices) {
      out += "<option value=\"" + escape(choice.value) + "\"" + (is_selected(choice.value) ? " selected" : "") + ">" +
             escape(choice.label) + "</option>";
    }
    return out + "</select>";
  }
  std::string out = "<input type=\"" + input_type(field.kind) + "\" id=\"" + id + "\"" + common;
  if (field.kind == Kind::Checkbox) {
    return out + (text.empty() || text == "false" || text == "0" ? "" : " checked") + ">";
  }
  if (field.kind == Kind::File) {
    std::string accept;
    for (const auto& type : field.content_types) accept += (accept.empty() ? "" : ",") + type;
    if (!accept.empty()) out += " accept=\"" + escape(accept) + "\"";
    return out + ">";
  }
  if (field.max_length > 0) out += " maxlength=\"" + std::to_string(field.max_length) + "\"";
  if (field.min_length > 0) out += " minlength=\"" + std::to_string(field.min_length) + "\"";
  if (field.min) out += " min=\"" + number_text(*field.min) + "\"";
  if (field.max) out += " max=\"" + number_text(*field.max) + "\"";
  if (field.kind == Kind::Integer) out += " step=\"1\"";
  if (field.kind == Kind::Float) out += " step=\"any\"";
  if (field.kind == Kind::Decimal) {
    out +=
        " step=\"" + (field.decimal_places > 0 ? "0." + std::string(field.decimal_places - 1, '0') + "1" : "1") + "\"";
  }
  if (!field.placeholder.empty()) out += " placeholder=\"" + escape(field.placeholder) + "\"";
  if (field.kind == Kind::Password) return out + ">";  // never the typed value
  return out + " value=\"" + escape(text) + "\">";
}

std::string Form::field_html(std::string_view name) const {
  const Field& field = impl_->fields[impl_->index(name)];
  if (field.kind == Kind::Hidden) return input_html(name);
  const std::string id = id_of(field);
  const auto errors = errors_of(field.name);
  std::string out =
      "<div class=\"field field-" + std::string(to_string(field.kind)) + (errors.empty() ? "" : " has-errors") + "\">";
  const std::string required_mark = field.required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "";
  if (field.radio && (field.kind == Kind::Choice || detail::is_multiple(field.kind))) {
    out += "<fieldset id=\"" + id + "\"><legend>" + escape(field.label) + required_mark + "</legend>" +
           input_html(name) + "</fieldset>";
  } else if (field.kind == Kind::Checkbox) {
    out += input_html(name) + " <label for=\"" + id + "\">" + escape(field.label) + "</label>";
  } else {
    out += "<label for=\"" + id + "\">" + escape(field.label) + required_mark + "</label>" + input_html(name);
  }
  if (!field.help_text.empty()) out += "<p class=\"help\" id=\"" + id + "_help\">" + escape(field.help_text) + "</p>";
  if (!errors.empty()) {
    out += "<ul class=\"errorlist\" id=\"" + id + "_errors\">";
    for (const auto& message : errors) out += "<li>" + escape(message) + "</li>";
    out += "</ul>";
  }
  return out + "</div>\n";
}

std::string Form::html() const {
  std::string out = csrf_input();
  if (!out.empty()) out += "\n";
  const auto general = non_field_errors();
  if (!general.empty()) {
    out += "<ul class=\"errorlist nonfield\" role=\"alert\">";
    for (const auto& message : general) out += "<li>" + escape(message) + "</li>";
    out += "</ul>\n";
  }
  for (const auto& field : impl_->fields) {
    if (field.kind == Kind::Hidden) {
      // A hidden field's errors have no place beside it: they show with the form's.
      for (const auto& message : errors_of(field.name)) {
        out += "<ul class=\"errorlist nonfield\" role=\"alert\"><li>" + escape(field.label) + ": " + escape(message) +
               "</li></ul>\n";
      }
    }
    out += field_html(field.name);
  }
  return out;
}

render::Context Form::context() const {
  render::Context ctx;
  ctx.set_html("form", html());
  ctx.set_html("csrf_input", csrf_input());
  ctx.set("csrf_token", impl_->csrf);
  ctx.set("multipart", is_multipart());
  ctx.set("has_errors", !impl_->errors.empty());
  std::vector<render::Context> general;
  for (const auto& message : non_field_errors()) general.push_back(render::Context().set("message", message));
  ctx.set("non_field_errors", std::move(general));
  std::vector<render::Context> fields;
  render::Context by_name;
  for (const auto& field : impl_->fields) {
    render::Context item;
    item.set("name", field.name);
    item.set("id", id_of(field));
    item.set("label", field.label);
    item.set("help_text", field.help_text);
    item.set("required", field.required);
    item.set("kind", std::string(to_string(field.kind)));
    item.set_html("html", field_html(field.name));
    item.set_html("input", input_html(field.name));
    item.set("value", field.kind == Kind::Password ? std::string() : shown_text(field.name));
    std::vector<render::Context> errors;
    for (const auto& message : errors_of(field.name)) errors.push_back(render::Context().set("message", message));
    item.set("has_errors", !errors.empty());
    item.set("errors", std::move(errors));
    by_name.set(field.name, item);
    fields.push_back(std::move(item));
  }
  ctx.set("fields", std::move(fields));
  ctx.set("fields_by_name", std::move(by_name));
  return ctx;
}

}  // namespace cpprustango::forms
