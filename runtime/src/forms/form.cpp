// The form pipeline: binding, each field's checks (typed parsing here, the
// rules themselves through orm::check_row on a FieldSpec per field), then the
// clean_<field>, clean() and finalize() hooks. Rendering is in render.cpp.
#include "cpprustango/forms/form.hpp"

#include <algorithm>
#include <stdexcept>

#include "auth/session_state.hpp"
#include "forms/form_impl.hpp"
#include "forms/values.hpp"

namespace cpprustango::forms {

using schema::FieldKind;

namespace detail {
namespace {

FieldKind schema_kind(const Field& field) {
  switch (field.kind) {
    case Kind::Text:
    case Kind::Password:
    case Kind::Hidden:
    case Kind::File:
      return field.max_length > 0 ? FieldKind::String : FieldKind::Text;
    case Kind::Textarea:
      return field.max_length > 0 ? FieldKind::String : FieldKind::Text;
    case Kind::Email:
      return FieldKind::Email;
    case Kind::Url:
      return FieldKind::Url;
    case Kind::Slug:
      return FieldKind::Slug;
    case Kind::Integer:
      return FieldKind::BigInt;
    case Kind::Decimal:
      return FieldKind::Decimal;
    case Kind::Float:
      return FieldKind::Double;
    case Kind::Checkbox:
      return FieldKind::Bool;
    case Kind::Choice:
    case Kind::ModelChoice:
      return FieldKind::Choice;
    case Kind::MultipleChoice:
    case Kind::ModelMultipleChoice:
      return FieldKind::MultiChoice;
    case Kind::Date:
      return FieldKind::Date;
    case Kind::Time:
      return FieldKind::Time;
    case Kind::DateTime:
      return FieldKind::DateTime;
  }
  return FieldKind::Text;
}

bool is_text_kind(Kind kind) {
  return kind == Kind::Text || kind == Kind::Textarea || kind == Kind::Password || kind == Kind::Hidden ||
         kind == Kind::Email || kind == Kind::Url || kind == Kind::Slug;
}

bool type_allowed(const std::vector<std::string>& allowed, const std::string& type) {
  if (allowed.empty()) return true;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& pattern) {
    if (pattern.ends_with("/*")) return type.starts_with(pattern.substr(0, pattern.size() - 1));
    return pattern == type;
  });
}

}  // namespace

bool is_multiple(Kind kind) { return kind == Kind::MultipleChoice || kind == Kind::ModelMultipleChoice; }

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

schema::FieldSpec synthetic_spec(const Field& field, std::vector<std::string_view>& choice_storage) {
  schema::FieldSpec spec;
  spec.name = field.name;
  spec.column = field.name;
  spec.kind = schema_kind(field);
  spec.nullable = true;  // "required" is the form's own check, before the rules run
  spec.max_length = field.max_length;
  spec.min = field.min;
  spec.max = field.max;
  if (field.kind == Kind::Decimal) {
    spec.precision = field.max_digits > 0 ? field.max_digits : 18;
    spec.scale = field.decimal_places;
  }
  for (const auto& choice : field.choices) choice_storage.push_back(choice.value);
  spec.label = field.name;
  return spec;
}

std::string default_label(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace detail

Form::Form(std::vector<Field> fields) : impl_(std::make_unique<Impl>()) {
  for (auto& field : fields) add(std::move(field));
}
Form::~Form() = default;
Form::Form(const Form& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Form& Form::operator=(const Form& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Form::Form(Form&& other) noexcept : impl_(std::exchange(other.impl_, std::make_unique<Impl>())) {}
Form& Form::operator=(Form&& other) noexcept {
  std::swap(impl_, other.impl_);
  return *this;
}

Form& Form::add(Field field) {
  if (field.name.empty()) throw std::invalid_argument("a form field needs a name");
  if (this->field(field.name) != nullptr)
    throw std::invalid_argument("the form already has a field '" + field.name + "'");
  if (field.label.empty()) field.label = detail::default_label(field.name);
  impl_->fields.push_back(std::move(field));
  impl_->specs.emplace_back(std::nullopt);
  impl_->values.emplace_back(nullptr);
  return *this;
}

Form& Form::add(Field field, const schema::FieldSpec& spec) {
  add(std::move(field));
  impl_->specs.back() = spec;
  return *this;
}

const std::vector<Field>& Form::fields() const { return impl_->fields; }

const Field* Form::field(std::string_view name) const {
  for (const auto& f : impl_->fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::size_t Form::Impl::index(std::string_view name) const {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  throw std::out_of_range("the form has no field '" + std::string(name) + "'");
}

Form& Form::clean_field(std::string name, FieldHook hook) {
  impl_->index(name);  // a typo in the name fails here, not silently at validation
  impl_->field_hooks.emplace_back(std::move(name), std::move(hook));
  return *this;
}

Form& Form::clean(FormHook hook) {
  impl_->clean_hooks.push_back(std::move(hook));
  return *this;
}

Form& Form::finalize(FormHook hook) {
  impl_->finalize_hooks.push_back(std::move(hook));
  return *this;
}

Form& Form::widget(std::string name, Widget draw) {
  impl_->index(name);
  std::erase_if(impl_->widgets, [&](const auto& entry) { return entry.first == name; });
  impl_->widgets.emplace_back(std::move(name), std::move(draw));
  return *this;
}

Form& Form::bind(const http::Request& request) {
  for_request(request);
  return bind(FormData::parse(request));
}

Form& Form::bind(FormData data) {
  impl_->data = std::move(data);
  impl_->valid.reset();
  impl_->errors.clear();
  return *this;
}

Form& Form::csrf_token(std::string token) {
  impl_->csrf = std::move(token);
  return *this;
}

Form& Form::for_request(const http::Request& request) {
  if (auth::detail::state(request) != nullptr) impl_->csrf = auth::csrf_token(request);
  return *this;
}

Form& Form::choices(std::string_view name, std::vector<Choice> options) {
  impl_->fields[impl_->index(name)].choices = std::move(options);
  return *this;
}

Form& Form::initial(std::string_view name, std::string text) {
  impl_->fields[impl_->index(name)].initial = std::move(text);
  return *this;
}

bool Form::is_bound() const { return impl_->data.has_value(); }

const FormData& Form::data() const {
  static const FormData empty;
  return impl_->data ? *impl_->data : empty;
}

const db::Value& Form::value(std::string_view name) const { return impl_->values[impl_->index(name)]; }

void Form::set_value(std::string_view name, db::Value value) { impl_->values[impl_->index(name)] = std::move(value); }

const UploadedFile* Form::file(std::string_view name) const {
  impl_->index(name);
  return impl_->data ? impl_->data->file(name) : nullptr;
}

void Form::add_error(std::string field, std::string message, std::string code) {
  if (!field.empty()) impl_->index(field);
  impl_->errors.push_back({std::move(field), std::move(code), std::move(message)});
  if (impl_->valid) impl_->valid = false;
}

const std::vector<orm::FieldError>& Form::errors() const { return impl_->errors; }

std::vector<std::string> Form::errors_of(std::string_view field) const {
  std::vector<std::string> out;
  for (const auto& e : impl_->errors) {
    if (e.field == field) out.push_back(e.message);
  }
  return out;
}

std::vector<std::string> Form::non_field_errors() const { return errors_of(""); }

bool Form::is_valid() {
  if (impl_->valid) return *impl_->valid;
  if (!impl_->data) return false;
  impl_->errors.clear();
  auto& impl = *impl_;
  const FormData& data = *impl.data;
  std::vector<bool> failed(impl.fields.size(), false);

  // 1. Each field: required, then the typed value.
  for (std::size_t i = 0; i < impl.fields.size(); ++i) {
    const Field& field = impl.fields[i];
    const auto& model_spec = impl.specs[i];
    auto fail = [&](std::string message, std::string code) {
      impl.errors.push_back({field.name, std::move(code), std::move(message)});
      failed[i] = true;
    };
    impl.values[i] = nullptr;
    if (field.kind == Kind::Checkbox) {
      const bool checked = field.disabled ? field.initial == "on" || field.initial == "true" || field.initial == "1"
                                          : data.has(field.name);
      if (!checked && field.required && !model_spec) {
        fail("This field is required.", "required");
        continue;
      }
      impl.values[i] = checked;
      continue;
    }
    if (field.kind == Kind::File) {
      const UploadedFile* upload = data.file(field.name);
      if (upload == nullptr || upload->filename.empty()) {
        if (field.required) fail("No file was submitted.", "required");
        continue;
      }
      if (field.max_bytes > 0 && upload->size() > field.max_bytes) {
        fail("The file is too large: " + std::to_string(upload->size()) + " bytes, at most " +
                 std::to_string(field.max_bytes) + ".",
             "max_size");
        continue;
      }
      if (!detail::type_allowed(field.content_types, upload->content_type)) {
        std::string allowed;
        for (const auto& t : field.content_types) allowed += (allowed.empty() ? "" : ", ") + t;
        fail("Files of type " + upload->content_type + " are not accepted (accepted: " + allowed + ").",
             "content_type");
        continue;
      }
      impl.values[i] = upload->filename;
      continue;
    }
    if (field.kind == Kind::ModelMultipleChoice) {
      // Rows, each once, cleaned as an array of their keys ("{1,3}"); a model form checks the rows.
      std::vector<std::string> items;
      const auto sent = field.disabled ? detail::split_commas(field.initial) : data.all(field.name);
      for (const auto& item : sent) {
        if (!item.empty() && std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
      }
      if (items.empty() && field.required) {
        fail("This field is required.", "required");
        continue;
      }
      if (!model_spec && !field.choices.empty()) {
        const auto unknown = std::find_if(items.begin(), items.end(), [&](const std::string& item) {
          return std::none_of(field.choices.begin(), field.choices.end(),
                              [&](const Choice& choice) { return choice.value == item; });
        });
        if (unknown != items.end()) {
          fail("Select valid choices; " + *unknown + " is not one of them.", "invalid_choice");
          continue;
        }
      }
      impl.values[i] = orm::detail::format_array(items);
      continue;
    }
    std::string text;
    if (field.kind == Kind::MultipleChoice) {
      const auto items = field.disabled ? std::vector<std::string>{} : data.all(field.name);
      for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
      if (field.disabled) text = field.initial;
    } else {
      text = field.disabled ? field.initial : data.value(field.name);
    }
    // Blank input: nothing was entered (Django strips text fields too).
    if (detail::trimmed(text).empty()) {
      if (field.required) {
        fail("This field is required.", "required");
      } else if (model_spec) {
        // A model field's own empty value: NULL, or an empty list for an array.
        auto parsed = detail::parse_typed(*model_spec, text);
        if (auto* value = std::get_if<db::Value>(&parsed)) impl.values[i] = std::move(*value);
      } else if (detail::is_text_kind(field.kind)) {
        impl.values[i] = std::string();  // as Django: an optional text field cleans to ""
      }
      continue;
    }
    if (!model_spec && (!detail::is_text_kind(field.kind) || field.kind == Kind::Email || field.kind == Kind::Url ||
                        field.kind == Kind::Slug)) {
      text = detail::trimmed(text);
    }
    if (field.min_length > 0 && detail::characters(text) < static_cast<std::size_t>(field.min_length)) {
      fail("Ensure this value has at least " + std::to_string(field.min_length) + " characters (it has " +
               std::to_string(detail::characters(text)) + ").",
           "min_length");
      continue;
    }
    std::vector<std::string_view> choice_storage;
    // A model field reads as its schema kind does (PostgreSQL-only kinds, JSON, arrays included).
    auto parsed = model_spec ? detail::parse_typed(*model_spec, text)
                             : detail::parse_scalar(detail::synthetic_spec(field, choice_storage), text);
    if (auto* message = std::get_if<std::string>(&parsed)) {
      fail(*message, "invalid");
      continue;
    }
    impl.values[i] = std::move(std::get<db::Value>(parsed));
  }

  // 2. The ORM's write-path rules over every field that parsed.
  {
    std::vector<std::vector<std::string_view>> choices(impl.fields.size());
    std::vector<schema::FieldSpec> specs;
    std::vector<db::Value> row;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < impl.fields.size(); ++i) {
      if (failed[i] || db::is_null(impl.values[i])) continue;
      // An optional field left empty cleans to "" and has nothing to check (an empty
      // optional email is not an invalid address), as in Django.
      if (const auto* text = std::get_if<std::string>(&impl.values[i]); text != nullptr && text->empty()) continue;
      schema::FieldSpec spec = impl.specs[i] ? *impl.specs[i] : detail::synthetic_spec(impl.fields[i], choices[i]);
      if (!impl.specs[i]) spec.choices = choices[i];
      if (impl.fields[i].kind == Kind::ModelChoice && impl.fields[i].choices.empty()) spec.kind = FieldKind::Text;
      if (spec.kind == FieldKind::Ref || spec.kind == FieldKind::Many) continue;  // a model form checks the rows itself
      if (impl.fields[i].kind == Kind::ModelMultipleChoice) continue;  // checked against its choices above
      spec.primary_key = false;
      spec.auto_increment = false;
      specs.push_back(spec);
      row.push_back(impl.values[i]);
      index.push_back(i);
    }
    const schema::ModelSpec model{.app = "forms", .name = "Form", .table = "form", .fields = specs};
    for (auto& problem : orm::check_row(model, row, true)) {
      for (std::size_t k = 0; k < specs.size(); ++k) {
        if (specs[k].name == problem.field) failed[index[k]] = true;
      }
      impl.errors.push_back(std::move(problem));
    }
  }

  // 3. clean_<field> hooks, for fields that passed their own checks.
  for (std::size_t i = 0; i < impl.fields.size(); ++i) {
    if (failed[i]) continue;
    for (const auto& [name, hook] : impl.field_hooks) {
      if (name != impl.fields[i].name) continue;
      try {
        impl.values[i] = hook(impl.values[i], *this);
      } catch (const Invalid& invalid) {
        impl.errors.push_back({name, "invalid", invalid.what()});
        failed[i] = true;
        break;
      }
    }
  }
  // 4. clean(): cross-field rules.
  for (const auto& hook : impl.clean_hooks) {
    try {
      hook(*this);
    } catch (const Invalid& invalid) {
      impl.errors.push_back({"", "invalid", invalid.what()});
    }
  }
  // 5. finalize(): only for a valid form.
  if (impl.errors.empty()) {
    for (const auto& hook : impl.finalize_hooks) hook(*this);
  }
  impl.valid = impl.errors.empty();
  return *impl.valid;
}

std::string Form::shown_text(std::string_view name) const {
  const Field& field = impl_->fields[impl_->index(name)];
  if (!impl_->data || field.disabled) return field.initial;
  if (detail::is_multiple(field.kind)) {
    std::string text;
    for (const auto& item : impl_->data->all(name)) text += (text.empty() ? "" : ",") + item;
    return text;
  }
  if (field.kind == Kind::Checkbox) return impl_->data->has(name) ? "on" : "";
  return impl_->data->value(name);
}

bool Form::is_multipart() const {
  return std::any_of(impl_->fields.begin(), impl_->fields.end(), [](const Field& f) { return f.kind == Kind::File; });
}

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::Text:
      return "text";
    case Kind::Textarea:
      return "textarea";
    case Kind::Email:
      return "email";
    case Kind::Url:
      return "url";
    case Kind::Slug:
      return "slug";
    case Kind::Password:
      return "password";
    case Kind::Integer:
      return "integer";
    case Kind::Decimal:
      return "decimal";
    case Kind::Float:
      return "float";
    case Kind::Checkbox:
      return "checkbox";
    case Kind::Choice:
      return "choice";
    case Kind::MultipleChoice:
      return "multiple_choice";
    case Kind::Date:
      return "date";
    case Kind::Time:
      return "time";
    case Kind::DateTime:
      return "datetime";
    case Kind::Hidden:
      return "hidden";
    case Kind::File:
      return "file";
    case Kind::ModelChoice:
      return "model_choice";
    case Kind::ModelMultipleChoice:
      return "model_multiple_choice";
  }
  return "text";
}

}  // namespace cpprustango::forms
