// Checks that need more than one attribute at a time: combinations on a
// field, field references once a model is complete, ref()/many() targets once
// the file is complete. Also the naming rules and "did you mean" hints.
#include <algorithm>

#include "cpprustango/schema/format.hpp"
#include "schema/syntax.hpp"

namespace cpprustango::schema::detail {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool before(Location a, Location b) { return a.line < b.line || (a.line == b.line && a.column < b.column); }

}  // namespace

bool is_snake_case(std::string_view name) {
  if (name.empty() || !is_lower(name.front()) || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!(is_lower(c) || is_digit(c) || c == '_')) return false;
    // "__" separates lookups in the ORM (title__icontains), so names cannot hold it.
    if (c == '_' && i > 0 && name[i - 1] == '_') return false;
  }
  return true;
}

bool is_pascal_case(std::string_view name) {
  if (name.empty() || !is_upper(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_lower(c) || is_upper(c) || is_digit(c); });
}

std::optional<std::string_view> closest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::min<std::size_t>(2, (word.size() + 1) / 3) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates,
                       std::string_view prefix) {
  const auto best = closest(word, candidates);
  return best ? "; did you mean '" + std::string(prefix) + std::string(*best) + "'?" : std::string();
}

std::string describe(const Value& value) {
  switch (value.kind) {
    case Value::Kind::String:
      return "the string " + std::string(value.text);
    case Value::Kind::Descending:
      return "'-" + std::string(value.text) + "'";
    case Value::Kind::Call:
      return "'" + std::string(value.text) + (value.args.empty() ? "()'" : "(...)'");
    case Value::Kind::List:
      return "a list";
    case Value::Kind::Tuple:
      return "a group in parentheses";
    default:
      return "'" + std::string(value.text) + "'";
  }
}

void finish_field(const Field& field, const FieldState& state, const Context& context) {
  const auto& seen = state.seen;
  if (field.primary_key && field.nullable) {
    context.fail(*seen[kId], "a primary key cannot be nullable: drop the '?' of field '" + field.name + "'");
  }
  for (const FieldAttribute which : {kOnDelete, kOnUpdate}) {
    const auto& action = which == kOnDelete ? field.on_delete : field.on_update;
    const std::string spelled = "@" + std::string(kFieldAttributeNames[which]);
    if (action == ReferentialAction::SetNull && !field.nullable) {
      context.fail(*seen[which],
                   spelled + "(set_null) needs a nullable field: write '" + format_type(field.type) + "?'");
    }
    if (action == ReferentialAction::SetDefault && !field.default_value) {
      context.fail(*seen[which], spelled + "(set_default) needs a @default on field '" + field.name + "'");
    }
  }
  // Each of these sets the value on its own; two of them would fight.
  std::vector<FieldAttribute> setters;
  for (const FieldAttribute which : {kAuto, kDefault, kAutoNowAdd, kAutoNow}) {
    if (seen[which]) setters.push_back(which);
  }
  if (setters.size() > 1) {
    std::sort(setters.begin(), setters.end(), [&](auto a, auto b) { return before(*seen[a], *seen[b]); });
    context.fail(*seen[setters[1]], "@" + std::string(kFieldAttributeNames[setters[1]]) + " and @" +
                                        std::string(kFieldAttributeNames[setters[0]]) +
                                        " both set the value of field '" + field.name + "'; keep one");
  }
  if (field.min && field.max && *field.min > *field.max) {
    context.fail(*seen[kMax], "@max is less than @min on field '" + field.name + "'");
  }
}

void finish_model(Model& model, ModelState& state, const Context& context) {
  if (!model.id_fields.empty() && state.id_attribute) {
    context.fail(*state.id_attribute, "field '" + state.id_field + "' has @id but model '" + model.name +
                                          "' also declares @@id; keep one of them");
  }
  if (!state.id_attribute && model.id_fields.empty()) {
    if (const Field* id = model.find_field("id")) {
      context.fail(id->location,
                   "field 'id' needs @id: a model without a key gets an implicit 'id bigint @id @auto', "
                   "so add @id to this field or rename it");
    }
    add_implicit_primary_key(model);
  }
  if (state.display_attribute && model.display) {
    context.fail(*state.display_attribute, "field '" + state.display_field + "' has @display but model '" + model.name +
                                               "' also declares @@display; keep one of them");
  }

  std::vector<std::string_view> names;
  for (const Field& field : model.fields) names.push_back(field.name);
  for (const FieldReference& reference : state.references) {
    const Field* field = model.find_field(reference.name);
    const std::string quoted = "'" + std::string(reference.name) + "'";
    if (!field) {
      context.fail(reference.location, "unknown field " + quoted + " in " + std::string(reference.context) +
                                           " of model '" + model.name + "'" + suggestion(reference.name, names));
    }
    const FieldKind kind = field->type.kind;
    const std::string where = std::string(reference.context);
    const std::string type = " (" + format_type(field->type) + ")";
    switch (reference.use) {
      case FieldUse::Any:
        break;
      case FieldUse::NotMany:
        if (kind == FieldKind::Many) context.fail(reference.location, where + " cannot use the many() field " + quoted);
        break;
      case FieldUse::Key:
        if (kind == FieldKind::Many || field->nullable) {
          context.fail(reference.location,
                       "@@id cannot use " + quoted + type + ": key fields have one non-null column");
        }
        break;
      case FieldUse::Scalar:
        if (is_relation(kind))
          context.fail(reference.location, where + " cannot use the relation field " + quoted + type);
        break;
      case FieldUse::SlugSource:
        if (!is_textual(kind) && !is_choice(kind)) {
          context.fail(reference.location,
                       "@slug_from needs a text field; " + quoted + " is " + format_type(field->type));
        }
        break;
    }
  }
}

void finish_file(const SchemaFile& file, const Context& context) {
  std::vector<std::string_view> names;
  for (const Model& model : file.models) names.push_back(model.name);
  for (const TargetReference& reference : context.targets) {
    const auto [app, model] = split_target(reference.target);
    const std::string written = std::string(reference.kind) + "(" + std::string(reference.target) + ")";
    if (!app.empty() && !is_snake_case(app)) {
      context.fail(reference.location, written + ": '" + std::string(app) + "' is not an app name (snake_case)");
    }
    if (!is_pascal_case(model)) {
      context.fail(reference.location, written + ": '" + std::string(model) + "' is not a model name (PascalCase)");
    }
    // Other apps' models are checked across files, by check(files, backend).
    if ((app.empty() || app == file.app) && !file.find_model(model)) {
      context.fail(reference.location, written + " names no model in this file" + suggestion(model, names) +
                                           " (a model of another app is written " + std::string(reference.kind) +
                                           "(app.Model))");
    }
  }
}

}  // namespace cpprustango::schema::detail
