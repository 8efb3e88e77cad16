// Model forms: fields from a model's FieldSpecs (the spec is kept with each
// field, so the pipeline reads and checks values as the schema's kind does),
// refs and many() fields as the target's rows checked in a clean_<field>
// hook, and save() writing the row and its many() sets in one transaction,
// with the database's refusals mapped by forms::detail::refused_write. The
// admin's add and change pages are model forms.
#include "cpprustango/forms/model_form.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "admin/registry.hpp"
#include "cpprustango/orm/errors.hpp"
#include "forms/form_impl.hpp"
#include "forms/schema_kinds.hpp"
#include "forms/values.hpp"

namespace cpprustango::forms {
namespace {

using schema::FieldKind;
using schema::FieldSpec;

bool editable(const FieldSpec& field) {
  return !(field.noform || field.noedit || field.auto_increment || field.auto_now || field.auto_now_add);
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
    case FieldKind::Xml:
    case FieldKind::TsVector:
    case FieldKind::Array:
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
    case FieldKind::Many:
      return Kind::ModelMultipleChoice;
    default:
      return Kind::Text;
  }
}

std::string choice_label(std::string_view value) {
  std::string out(value);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

/**
 * The clean_<field> hook of a ref or many() field: the <select> or checkboxes
 * list only the first rows, so the rows themselves are what is checked (here,
 * not by the constraint: SQLite's error does not say which column failed).
 */
Form::FieldHook rows_exist(const orm::Table& target, db::Database database, bool many) {
  const FieldSpec& key = admin::detail::key_field(target.model());
  const std::string missing = "Select a valid choice; that " + std::string(target.model().verbose_name) + " does not exist.";
  return [target, key, missing, database, many](const db::Value& value, Form&) mutable -> db::Value {
    if (db::is_null(value)) return value;  // an empty optional ref
    std::vector<std::string> items = many ? orm::detail::parse_array(db::as_string(value))
                                          : std::vector<std::string>{admin::detail::raw_text(key, value)};
    std::vector<db::Value> keys;
    for (const auto& item : items) {
      auto parsed = detail::parse_scalar(key, item);
      auto* typed = std::get_if<db::Value>(&parsed);
      // Text where the target's key is a number matches no row (and PostgreSQL would refuse to compare).
      if (typed == nullptr || (schema::is_integer(key.kind) && db::kind(*typed) != db::ValueKind::Integer)) {
        throw Invalid(many ? "Select valid choices; " + item + " is not one of them." : missing);
      }
      keys.push_back(std::move(*typed));
    }
    if (keys.empty()) return value;
    std::set<std::string> found;
    for (const auto& row : target.query().filter(key.name, "in", keys).fetch(database)) {
      found.insert(admin::detail::raw_text(key, row.get(key.name)));
    }
    for (const auto& item : keys) {
      const std::string text = admin::detail::raw_text(key, item);
      if (!found.contains(text)) throw Invalid(many ? "Select valid choices; " + text + " is not one of them." : missing);
    }
    if (!many) return keys.front();
    std::vector<std::string> typed;
    for (const auto& item : keys) typed.push_back(orm::detail::array_item(item));
    return db::Value(orm::detail::format_array(typed));
  };
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
  const auto limit = static_cast<std::size_t>(std::max<std::int64_t>(options_.choice_limit, 0));
  for (const FieldSpec* spec : chosen) {
    if (std::find(options_.exclude.begin(), options_.exclude.end(), spec->name) != options_.exclude.end()) continue;
    const bool many = spec->kind == FieldKind::Many;
    Field field{.name = std::string(spec->name),
                .kind = form_kind(*spec),
                .label = detail::default_label(spec->label),
                .help_text = std::string(spec->help),
                .placeholder = std::string(spec->example),
                .initial = many ? std::string() : detail::input_text(*spec, defaults.get(spec->name)),
                // A bool unticked, an empty list and an empty set are values, not missing ones.
                .required = !spec->nullable && spec->kind != FieldKind::Bool && spec->kind != FieldKind::Array && !many,
                .max_length = spec->max_length,
                .min = spec->min,
                .max = spec->max,
                .max_digits = spec->precision,
                .decimal_places = spec->scale,
                .radio = many};
    for (const auto choice : spec->choices) field.choices.push_back({std::string(choice), choice_label(choice)});
    const schema::ModelSpec* target = spec->kind == FieldKind::Ref || many ? table_.resolver()(*spec) : nullptr;
    if (target != nullptr) {
      const orm::Table target_table(*target, table_.resolver());
      field.choices = model_choices(target_table, database_, static_cast<std::int64_t>(limit) + 1);
      if (field.choices.size() > limit) {
        field.choices.resize(limit);
        // Too many rows to list in a <select>: the key is typed instead (the admin gives it a search box).
        if (!many) field.kind = Kind::Text;
      }
    }
    const std::string name = field.name;
    Form::add(std::move(field), *spec);
    if (target != nullptr) clean_field(name, rows_exist(orm::Table(*target, table_.resolver()), database_, many));
  }
}

ModelForm& ModelForm::instance(orm::Record record) {
  const auto& model = table_.model();
  for (const auto& field : fields()) {
    const auto* spec = model.field(field.name);
    if (spec == nullptr) continue;
    if (spec->kind != FieldKind::Many) {
      initial(field.name, detail::input_text(*spec, record.get(field.name)));
      continue;
    }
    // The rows linked now are checked, and offered even when the list stops before them.
    const auto* target = table_.resolver()(*spec);
    if (target == nullptr) continue;
    const FieldSpec& target_key = admin::detail::key_field(*target);
    const db::Value key = record.get(admin::detail::key_field(model).name);
    const auto linked = orm::linked_keys(database_, *spec, std::span(&key, 1));
    std::string chosen;
    if (auto found = linked.find(db::describe(key)); found != linked.end()) {
      std::vector<Choice> missing;
      for (const auto& linked_key : found->second) {
        const std::string text = admin::detail::raw_text(target_key, linked_key);
        chosen += (chosen.empty() ? "" : ",") + text;
        const bool listed = std::any_of(field.choices.begin(), field.choices.end(),
                                        [&](const Choice& choice) { return choice.value == text; });
        if (!listed) missing.push_back({text, text});
      }
      if (!missing.empty()) {
        std::vector<Choice> all = field.choices;
        all.insert(all.end(), missing.begin(), missing.end());
        choices(field.name, std::move(all));
      }
    }
    initial(field.name, chosen);
  }
  instance_ = std::move(record);
  return *this;
}

const std::optional<orm::Record>& ModelForm::instance() const { return instance_; }

const orm::Table& ModelForm::table() const { return table_; }

std::optional<orm::Record> ModelForm::save() {
  if (!is_valid()) return std::nullopt;
  const auto& model = table_.model();
  orm::Record record = instance_ ? *instance_ : table_.new_record();
  std::vector<std::pair<const FieldSpec*, std::vector<db::Value>>> links;  // many() sets, written after the row
  for (const auto& field : fields()) {
    const auto* spec = model.field(field.name);
    if (field.disabled || spec == nullptr) continue;
    if (spec->kind != FieldKind::Many) {
      record.set(field.name, value(field.name));
      continue;
    }
    const auto* target = table_.resolver()(*spec);
    if (target == nullptr) continue;
    const auto kind = schema::is_integer(admin::detail::key_field(*target).kind) ? db::ValueKind::Integer
                                                                                 : db::ValueKind::Text;
    std::vector<db::Value> keys;
    for (auto& item : orm::detail::parse_array(db::as_string(value(field.name))))
      keys.push_back(orm::detail::array_item_value(std::move(item), kind));
    links.emplace_back(spec, std::move(keys));
  }
  // A problem with a field the form does not show goes to the form as a whole, naming the field.
  auto report = [&](const orm::FieldError& problem) {
    if (!problem.field.empty() && this->field(problem.field) != nullptr) {
      add_error(problem.field, problem.message, problem.code);
    } else if (const auto* spec = model.field(problem.field)) {
      add_error("", std::string(spec->label) + ": " + problem.message, problem.code);
    } else {
      add_error("", problem.message, problem.code);
    }
  };
  const auto write = [&](orm::Executor db) {
    if (instance_) {
      table_.update(db, record);
    } else {
      table_.insert(db, record);
    }
    const db::Value key = record.get(admin::detail::key_field(model).name);
    for (const auto& [spec, keys] : links) orm::set_links(db, *spec, key, keys);
  };
  try {
    // The row and its many() sets change together or not at all. A row alone is one statement,
    // atomic by itself: a transaction around it would only hold SQLite's write lock longer.
    if (links.empty()) {
      write(database_);
    } else {
      orm::Executor(database_).atomically(write);
    }
  } catch (const orm::ValidationError& error) {
    for (const auto& problem : error.errors()) report(problem);
    return std::nullopt;
  } catch (const std::exception& error) {
    const auto typed = [this](std::string_view name) -> std::optional<std::string> {
      if (this->field(name) == nullptr) return std::nullopt;
      return data().get(name);
    };
    auto refused = detail::refused_write(model, error, typed);
    if (!refused) throw;
    report(*refused);
    return std::nullopt;
  }
  instance_ = record;
  return record;
}

std::string key_text(const orm::Record& record) { return admin::detail::key_text(record); }

std::optional<orm::FieldError> refused_write(const schema::ModelSpec& model, const std::exception& error,
                                             const std::function<std::optional<std::string>(std::string_view)>& typed) {
  return detail::refused_write(model, error, typed);
}

std::variant<db::Value, std::string> parse_text(const schema::FieldSpec& field, const std::string& text) {
  // Blank text stays the caller's to judge (a REST body's "" or an empty filter are not a form's blank input).
  const bool checked_kind = schema::is_postgres_only(field.kind) || field.kind == FieldKind::Json;
  if (checked_kind && !detail::trimmed(text).empty()) return detail::parse_typed(field, text);
  return detail::parse_scalar(field, text);
}

std::variant<db::Value, std::string> parse_items(const schema::FieldSpec& field, const std::vector<std::string>& items) {
  return detail::parse_array_items(field, items);
}

std::vector<Choice> model_choices(const orm::Table& target, orm::Executor db, std::int64_t limit) {
  std::vector<Choice> out;
  auto query = target.query().limit(limit);
  for (const auto& ref : admin::detail::display_refs(target.model())) query = query.select_related(ref);
  for (const auto& row : query.fetch(db)) out.push_back({admin::detail::key_text(row), admin::detail::display(row)});
  return out;
}

}  // namespace cpprustango::forms
