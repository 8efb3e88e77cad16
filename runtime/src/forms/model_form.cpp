// Model forms: fields from a model's FieldSpecs (the spec is kept with each
// field, so the pipeline checks the schema's own rules), refs as selects of
// the target's rows checked in a clean_<field> hook, and save() through
// orm::Table with the database's refusals mapped by forms::detail::refused_write,
// the same code the admin's forms use.
#include "cpprustango/forms/model_form.hpp"

#include <algorithm>
#include <stdexcept>

#include "admin/registry.hpp"
#include "cpprustango/orm/errors.hpp"
#include "forms/form_impl.hpp"
#include "forms/values.hpp"

namespace cpprustango::forms {
namespace {

using schema::FieldKind;
using schema::FieldSpec;

bool editable(const FieldSpec& field) {
  return !(field.noform || field.noedit || field.auto_increment || field.auto_now || field.auto_now_add ||
           field.kind == FieldKind::Many);
}

Kind form_kind(const FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::Bool:
      return Kind::Checkbox;
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
      return Kind::Integer;
    case FieldKind::Real:
    case FieldKind::Double:
      return Kind::Float;
    case FieldKind::Decimal:
      return Kind::Decimal;
    case FieldKind::String:
      return field.widget == schema::Widget::Default ? Kind::Text : Kind::Textarea;
    case FieldKind::Text:
    case FieldKind::Json:
      return Kind::Textarea;
    case FieldKind::Date:
      return Kind::Date;
    case FieldKind::Time:
      return Kind::Time;
    case FieldKind::DateTime:
    case FieldKind::Timestamp:
      return Kind::DateTime;
    case FieldKind::Email:
      return Kind::Email;
    case FieldKind::Url:
      return Kind::Url;
    case FieldKind::Slug:
      return Kind::Slug;
    case FieldKind::Choice:
      return Kind::Choice;
    case FieldKind::MultiChoice:
      return Kind::MultipleChoice;
    case FieldKind::Ref:
      return Kind::ModelChoice;
    default:
      return Kind::Text;
  }
}

/** A stored value as the field's input shows it. */
std::string initial_text(const FieldSpec& field, const db::Value& value) {
  if (db::is_null(value)) return {};
  if (field.kind == FieldKind::Bool) return admin::detail::is_true(value) ? "on" : "";
  if ((field.kind == FieldKind::DateTime || field.kind == FieldKind::Timestamp) &&
      db::kind(value) == db::ValueKind::Text && db::as_string(value).size() >= 16) {
    std::string text = db::as_string(value).substr(0, 16);  // "2026-01-02T03:04", what datetime-local takes
    text[10] = 'T';
    return text;
  }
  if (db::kind(value) == db::ValueKind::Text) return db::as_string(value);
  return admin::detail::value_text(field, value);
}

std::string choice_label(std::string_view value) {
  std::string out(value);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

ModelForm::ModelForm(orm::Table table, db::Database database, ModelFormOptions options)
    : table_(std::move(table)), database_(std::move(database)), options_(std::move(options)) {
  const auto& model = table_.model();
  for (const auto& name : options_.fields) {
    if (model.field(name) == nullptr) {
      throw std::invalid_argument(std::string(model.name) + " has no field '" + name + "' (in the form's fields)");
    }
  }
  for (const auto& name : options_.exclude) {
    if (model.field(name) == nullptr) {
      throw std::invalid_argument(std::string(model.name) + " has no field '" + name + "' (in the form's exclude)");
    }
  }
  std::vector<const FieldSpec*> chosen;
  if (!options_.fields.empty()) {
    for (const auto& name : options_.fields) chosen.push_back(model.field(name));
  } else {
    for (const auto& field : model.fields) {
      if (editable(field)) chosen.push_back(&field);
    }
  }
  const orm::Record defaults = table_.new_record();
  for (const FieldSpec* spec : chosen) {
    if (std::find(options_.exclude.begin(), options_.exclude.end(), spec->name) != options_.exclude.end()) continue;
    if (spec->kind == FieldKind::Many) continue;
    Field field{.name = std::string(spec->name),
                .kind = form_kind(*spec),
                .label = detail::default_label(spec->label),
                .help_text = std::string(spec->help),
                .placeholder = std::string(spec->example),
                .initial = initial_text(*spec, defaults.get(spec->name)),
                .required = !spec->nullable && spec->kind != FieldKind::Bool,
                .max_length = spec->max_length,
                .min = spec->min,
                .max = spec->max,
                .max_digits = spec->precision,
                .decimal_places = spec->scale};
    for (const auto choice : spec->choices) field.choices.push_back({std::string(choice), choice_label(choice)});
    const schema::ModelSpec* target = spec->kind == FieldKind::Ref ? table_.resolver()(*spec) : nullptr;
    if (target != nullptr)
      field.choices = model_choices(orm::Table(*target, table_.resolver()), database_, options_.choice_limit);
    const std::string name = field.name;
    Form::add(std::move(field), *spec);
    if (target != nullptr) {
      // The <select> lists only the first rows; the row itself is what is checked. Checked here, not
      // left to the constraint: SQLite's error does not say which column failed.
      const orm::Table target_table(*target, table_.resolver());
      const std::string key(admin::detail::key_field(*target).name);
      const bool integer_key = schema::is_integer(admin::detail::key_field(*target).kind);
      const std::string missing =
          "Select a valid choice; that " + std::string(target->verbose_name) + " does not exist.";
      db::Database reader = database_;
      clean_field(name, [target_table, key, integer_key, missing, reader](const db::Value& value, Form&) mutable {
        if (db::is_null(value)) return value;  // an empty optional ref
        const bool fits = !integer_key || db::kind(value) == db::ValueKind::Integer;
        if (!fits || !target_table.query().filter(key, "exact", {value}).exists(reader)) throw Invalid(missing);
        return value;
      });
    }
  }
}

ModelForm& ModelForm::instance(orm::Record record) {
  for (const auto& field : fields()) {
    if (const auto* spec = record.model().field(field.name))
      initial(field.name, initial_text(*spec, record.get(field.name)));
  }
  instance_ = std::move(record);
  return *this;
}

const std::optional<orm::Record>& ModelForm::instance() const { return instance_; }

const orm::Table& ModelForm::table() const { return table_; }

std::optional<orm::Record> ModelForm::save() {
  if (!is_valid()) return std::nullopt;
  orm::Record record = instance_ ? *instance_ : table_.new_record();
  for (const auto& field : fields()) {
    if (field.disabled || table_.model().field(field.name) == nullptr) continue;
    record.set(field.name, value(field.name));
  }
  // A problem with a field the form does not show goes to the form as a whole, naming the field.
  auto report = [&](const orm::FieldError& problem) {
    if (!problem.field.empty() && this->field(problem.field) != nullptr) {
      add_error(problem.field, problem.message, problem.code);
    } else if (const auto* spec = table_.model().field(problem.field)) {
      add_error("", std::string(spec->label) + ": " + problem.message, problem.code);
    } else {
      add_error("", problem.message, problem.code);
    }
  };
  try {
    if (instance_) {
      table_.update(database_, record);
    } else {
      table_.insert(database_, record);
    }
  } catch (const orm::ValidationError& error) {
    for (const auto& problem : error.errors()) report(problem);
    return std::nullopt;
  } catch (const std::exception& error) {
    const auto typed = [this](std::string_view name) -> std::optional<std::string> {
      if (this->field(name) == nullptr) return std::nullopt;
      return data().get(name);
    };
    auto refused = detail::refused_write(table_.model(), error, typed);
    if (!refused) throw;
    report(*refused);
    return std::nullopt;
  }
  instance_ = record;
  return record;
}

std::string key_text(const orm::Record& record) { return admin::detail::key_text(record); }

std::vector<Choice> model_choices(const orm::Table& target, orm::Executor db, std::int64_t limit) {
  std::vector<Choice> out;
  auto query = target.query().limit(limit);
  for (const auto& ref : admin::detail::display_refs(target.model())) query = query.select_related(ref);
  for (const auto& row : query.fetch(db)) out.push_back({admin::detail::key_text(row), admin::detail::display(row)});
  return out;
}

}  // namespace cpprustango::forms
