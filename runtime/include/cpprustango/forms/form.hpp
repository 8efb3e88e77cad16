// A form: fields, bound to submitted data, validated in Django's order, and
// rendered as accessible HTML.
//
//   forms::Form form({{.name = "email", .kind = forms::Kind::Email},
//                     {.name = "password", .kind = forms::Kind::Password, .min_length = 8},
//                     {.name = "password2", .kind = forms::Kind::Password, .label = "Password again"}});
//   form.clean_field("email", [](const db::Value& v, forms::Form&) { return db::Value(lower(db::as_string(v))); });
//   form.clean([](forms::Form& f) {
//     if (f.value("password") != f.value("password2")) f.add_error("password2", "The passwords differ.");
//   });
//   form.finalize([](forms::Form& f) { f.set_value("password",
//   auth::hash_password(f.cleaned<std::string>("password"))); }); form.bind(request);                       //
//   url-encoded or multipart; also takes the CSRF token if (form.is_valid()) { auto email =
//   form.cleaned<std::string>("email"); ... } ctx.set_html("form", form.html());        // {{form}} in the template
//
// is_valid() runs, once: each field's own checks (required, type and format,
// length, range, choices, digits, upload size and type; the ORM's write-path
// rules) -> clean_<field> hooks, in field order, for fields without errors ->
// clean() hooks -> finalize() hooks (only when nothing failed). Hooks reject
// a value by throwing forms::Invalid or by add_error().
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/forms/field.hpp"
#include "cpprustango/forms/upload.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/validation.hpp"
#include "cpprustango/render/templates.hpp"

namespace cpprustango::forms {

/** Text made safe inside HTML and attribute values (&, <, >, " and ' escaped), for widgets. */
std::string html_escape(std::string_view text);

/** Thrown by a clean_field hook: the message lands on that field. */
class Invalid : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Form {
 public:
  using FieldHook = std::function<db::Value(const db::Value& value, Form& form)>;
  using FormHook = std::function<void(Form& form)>;
  /** Draws a field's input: `text` is what it shows, `attributes` its id, name, required and aria ones, escaped. */
  using Widget = std::function<std::string(const Form& form, const Field& field, const std::string& text,
                                           const std::string& attributes)>;

  explicit Form(std::vector<Field> fields = {});
  virtual ~Form();
  Form(const Form&);
  Form& operator=(const Form&);
  Form(Form&&) noexcept;
  Form& operator=(Form&&) noexcept;

  /** Adds a field after the others. */
  Form& add(Field field);
  const std::vector<Field>& fields() const;
  /** The field named `name`, or nullptr. */
  const Field* field(std::string_view name) const;

  // ---- the pipeline's hooks ----
  /** clean_<field>: gets the checked value, returns the value to keep (or throws Invalid). */
  Form& clean_field(std::string name, FieldHook hook);
  /** clean(): cross-field rules; add_error(field, ...) or add_error("", ...) for the whole form. */
  Form& clean(FormHook hook);
  /** finalize(): last transforms once everything is valid (hashing a password). */
  Form& finalize(FormHook hook);

  // ---- rendering choices ----
  /**
   * Draws `name`'s input with `draw` instead of its kind's own (its label,
   * help and errors stay the form's), as a Django widget does:
   *   form.widget("color", [](const forms::Form&, const forms::Field&, const std::string& text,
   *                           const std::string& attributes) {
   *     return "<input type=\"color\"" + attributes + " value=\"" + forms::html_escape(text) + "\">";
   *   });
   * Throws std::out_of_range for a bad name.
   */
  Form& widget(std::string name, Widget draw);

  // ---- binding ----
  /**
   * Binds the request's submitted data (url-encoded or multipart/form-data)
   * and takes the CSRF token of the request's session for rendering.
   * Throws BadRequest for an unreadable body.
   */
  Form& bind(const http::Request& request);
  Form& bind(FormData data);
  /** The token the rendered form carries; bind(request) and for_request() set it. */
  Form& csrf_token(std::string token);
  /** An unbound form for a GET: takes the request's CSRF token only. */
  Form& for_request(const http::Request& request);
  /** Replaces a choice field's options, e.g. with rows read for this request. */
  Form& choices(std::string_view name, std::vector<Choice> options);
  /** Initial values for an unbound form, as text: `form.initial("qty", "2")`. */
  Form& initial(std::string_view name, std::string text);
  bool is_bound() const;
  const FormData& data() const;

  // ---- validation ----
  /** Runs the pipeline (once; later calls return the same answer). False for an unbound form. */
  bool is_valid();
  /** The cleaned value (after hooks); NULL for an empty optional field. Throws std::out_of_range for a bad name. */
  const db::Value& value(std::string_view name) const;
  /** Replaces a cleaned value (for clean() and finalize() hooks). */
  void set_value(std::string_view name, db::Value value);
  /** The cleaned value converted: `form.cleaned<std::int64_t>("qty")`, `form.cleaned<orm::Date>("day")`. */
  template <class T>
  T cleaned(std::string_view name) const {
    return orm::from_value<T>(value(name));
  }
  /** The uploaded file of a File field, or nullptr. */
  const UploadedFile* file(std::string_view name) const;

  /** Adds an error to a field, or to the form when `field` is "". Makes the form invalid. */
  void add_error(std::string field, std::string message, std::string code = "invalid");
  /** Every error: field ("" for the form), code and message, in the order found. */
  const std::vector<orm::FieldError>& errors() const;
  std::vector<std::string> errors_of(std::string_view field) const;
  std::vector<std::string> non_field_errors() const;

  // ---- rendering ----
  /**
   * Every field as HTML: a label bound to its input (for/id), help text and
   * errors linked by aria-describedby, aria-invalid on a field with errors,
   * the non-field errors first (role="alert"), and the CSRF hidden input
   * `csrf_token`. Not the <form> tag itself, so the page chooses its action:
   *   <form method="post" enctype="multipart/form-data">{{form}}<button>Save</button></form>
   * What was typed is kept, except in password inputs. Everything is escaped.
   */
  std::string html() const;
  /** One field's block (label, input, help, errors). Throws std::out_of_range for a bad name. */
  std::string field_html(std::string_view name) const;
  /** One field's input element alone. */
  std::string input_html(std::string_view name) const;
  /** `<input type="hidden" name="csrf_token" value="...">`, or "" without a token. */
  std::string csrf_input() const;
  /** Whether a file field makes this form need enctype="multipart/form-data". */
  bool is_multipart() const;
  /**
   * The form for a template, field by field:
   *   {{form}} (the whole form, unescaped), {{csrf_input}}, {{#non_field_errors}}{{.}}{{/non_field_errors}},
   *   {{#fields}}{{label}} {{input}} {{#errors}}{{.}}{{/errors}}{{/fields}} and each field by name:
   *   {{fields_by_name.title.html}}; `multipart` is true when enctype must be multipart/form-data.
   */
  render::Context context() const;

 protected:
  /**
   * The field's rule as the ORM checks it: a model form passes the model's
   * FieldSpec so max_length, choices, min/max and digits come from the schema.
   */
  Form& add(Field field, const schema::FieldSpec& spec);
  /** The text the field shows: what was typed when bound, else its initial value. */
  std::string shown_text(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cpprustango::forms
