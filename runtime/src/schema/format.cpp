// Canonical printing of schema files. Everything here depends only on the
// model (never on how the source was laid out), which is what makes the
// output idempotent: format(parse(format(f))) == format(f).
#include "cpprustango/schema/format.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "schema/lexer.hpp"

namespace cpprustango::schema {
namespace {

using detail::quote;

/** @@admin(...) wider than this is printed one option per line. */
constexpr std::size_t kAdminLineLimit = 100;

std::string number(double value) {
  // Shortest text that reads back as the same double, never in exponent form (the lexer reads plain digits).
  std::array<char, 512> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  return std::string(buffer.data(), result.ptr);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string list(const std::vector<std::string>& items) { return "[" + join(items) + "]"; }

std::string order_list(const std::vector<OrderTerm>& terms) {
  std::vector<std::string> items;
  for (const OrderTerm& term : terms) items.push_back((term.descending ? "-" : "") + term.field);
  return list(items);
}

/** A choice value as choice(...) takes it: a name as it is, anything else ("PG-13") as a string. */
std::string choice_value(const std::string& choice) { return detail::is_identifier(choice) ? choice : quote(choice); }

std::vector<std::string> choice_values(const std::vector<std::string>& choices) {
  std::vector<std::string> out;
  for (const auto& choice : choices) out.push_back(choice_value(choice));
  return out;
}

std::string default_value(const DefaultValue& value) {
  switch (value.kind) {
    case DefaultKind::String:
      return quote(value.text);
    case DefaultKind::Choice:
      return choice_value(value.text);
    case DefaultKind::ChoiceList: {
      std::vector<std::string> items;
      for (std::size_t start = 0; start <= value.text.size();) {
        const std::size_t comma = std::min(value.text.find(',', start), value.text.size());
        items.push_back(choice_value(value.text.substr(start, comma - start)));
        start = comma + 1;
      }
      return list(items);
    }
    case DefaultKind::Null:
      return "null";
    case DefaultKind::Now:
      return "now()";
    case DefaultKind::Uuid:
      return "uuid()";
    case DefaultKind::Sql:
      return "sql(" + quote(value.text) + ")";
    default:
      return value.text;  // Number, Bool: as written
  }
}

/** The attributes of a field, in the canonical order (the order of the language reference). */
std::string field_attributes(const Field& field) {
  std::string out;
  auto add = [&](std::string_view text) {
    if (!out.empty()) out += ' ';
    out += text;
  };
  auto add_string = [&](std::string_view name, const std::optional<std::string>& value) {
    if (value) add("@" + std::string(name) + "(" + quote(*value) + ")");
  };
  if (field.primary_key) add("@id");
  if (field.auto_increment) add("@auto");
  if (field.unique) add("@unique");
  if (field.indexed) add("@index");
  if (field.default_value) add("@default(" + default_value(*field.default_value) + ")");
  if (field.min) add("@min(" + number(*field.min) + ")");
  if (field.max) add("@max(" + number(*field.max) + ")");
  if (field.auto_now_add) add("@auto_now_add");
  if (field.auto_now) add("@auto_now");
  if (field.slug_from) add("@slug_from(" + *field.slug_from + ")");
  if (field.on_delete) add("@on_delete(" + std::string(action_name(*field.on_delete)) + ")");
  if (field.on_update) add("@on_update(" + std::string(action_name(*field.on_update)) + ")");
  if (!field.db_constraint) add("@db_constraint(false)");
  add_string("related_name", field.related_name);
  add_string("column", field.column);
  add_string("enum", field.enum_type);
  add_string("collate", field.collation);
  if (field.backend) add("@backend(" + std::string(backend_name(*field.backend)) + ")");
  if (field.display) add("@display");
  add_string("label", field.label);
  if (field.widget != Widget::Default) add("@widget(" + std::string(widget_name(field.widget)) + ")");
  add_string("help", field.help);
  add_string("example", field.example);
  if (field.noform) add("@noform");
  if (field.noedit) add("@noedit");
  add_string("comment", field.comment);
  return out;
}

std::string admin_attribute(const AdminOptions& admin) {
  std::vector<std::string> options;
  auto add_list = [&](std::string_view name, const std::vector<std::string>& items) {
    if (!items.empty()) options.push_back(std::string(name) + ": " + list(items));
  };
  add_list("list_display", admin.list_display);
  add_list("search_fields", admin.search_fields);
  add_list("list_filter", admin.list_filter);
  if (!admin.ordering.empty()) options.push_back("ordering: " + order_list(admin.ordering));
  if (admin.list_per_page) options.push_back("list_per_page: " + std::to_string(*admin.list_per_page));
  add_list("readonly_fields", admin.readonly_fields);
  if (!admin.fieldsets.empty()) {
    std::vector<std::string> sets;
    for (const Fieldset& set : admin.fieldsets) sets.push_back("(" + quote(set.title) + ", " + list(set.fields) + ")");
    options.push_back("fieldsets: " + list(sets));
  }
  if (admin.actions) options.push_back("actions: " + list(*admin.actions));

  const std::string one_line = "@@admin(" + join(options) + ")";
  if (one_line.size() + 2 <= kAdminLineLimit) return one_line;
  // One option per line, aligned after "@@admin(" (the two-space indent is added by the caller).
  std::string out = "@@admin(";
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += ",\n          ";
    out += options[i];
  }
  return out + ")";
}

struct Line {
  const Comments* comments;
  std::string text;
};

std::string index_attribute(std::string_view name, const Index& index, bool print_unique) {
  std::string out = "@@" + std::string(name) + "(" + (index.expression ? "sql(" + quote(*index.expression) + ")" : list(index.fields));
  if (index.name) out += ", name: " + quote(*index.name);
  if (index.where) out += ", where: " + quote(*index.where);
  if (index.method) out += ", using: " + quote(*index.method);
  if (print_unique && index.unique) out += ", unique: true";
  return out + ")";
}

std::vector<Line> model_attributes(const Model& model) {
  static const Comments kNone;
  std::vector<Line> lines;
  auto add = [&](std::string_view key, std::string text) {
    const auto found = model.attribute_comments.find(key);
    lines.push_back({found == model.attribute_comments.end() ? &kNone : &found->second, std::move(text)});
  };
  if (!model.id_fields.empty()) add("id", "@@id(" + list(model.id_fields) + ")");
  if (model.table) add("table", "@@table(" + quote(*model.table) + ")");
  if (!model.managed) add("managed", "@@managed(false)");
  if (model.verbose_name) add("verbose_name", "@@verbose_name(" + quote(*model.verbose_name) + ")");
  if (model.verbose_name_plural) {
    add("verbose_name_plural", "@@verbose_name_plural(" + quote(*model.verbose_name_plural) + ")");
  }
  if (model.display) add("display", "@@display(" + quote(*model.display) + ")");
  if (!model.ordering.empty()) add("ordering", "@@ordering(" + order_list(model.ordering) + ")");
  for (const Index& index : model.indexes) lines.push_back({&index.comments, index_attribute("index", index, true)});
  for (const Index& index : model.uniques) lines.push_back({&index.comments, index_attribute("unique", index, false)});
  for (const Check& check : model.checks) {
    std::string text = "@@check(" + quote(check.expression);
    if (check.name) text += ", name: " + quote(*check.name);
    lines.push_back({&check.comments, text + ")"});
  }
  if (model.comment) add("comment", "@@comment(" + quote(*model.comment) + ")");
  if (model.admin) add("admin", admin_attribute(*model.admin));
  return lines;
}

void comment_lines(std::string& out, const std::vector<std::string>& comments, std::string_view indent) {
  for (const std::string& comment : comments) out += std::string(indent) + "//" + comment + "\n";
}

void end_line(std::string& out, const std::optional<std::string>& trailing) {
  if (trailing) out += " //" + *trailing;
  out += '\n';
}

void pad_to(std::string& text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
}

void format_model(std::string& out, const Model& model) {
  comment_lines(out, model.comments.leading, "");
  out += "model " + model.name + " {";
  end_line(out, model.comments.trailing);

  std::size_t name_width = 0;
  std::size_t type_width = 0;
  std::vector<std::string> types;
  for (const Field& field : model.fields) {
    types.push_back(format_type(field.type) + (field.nullable ? "?" : ""));
    if (field.implicit) continue;
    name_width = std::max(name_width, field.name.size());
    type_width = std::max(type_width, types.back().size());
  }
  bool any_field = false;
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const Field& field = model.fields[i];
    if (field.implicit) continue;
    any_field = true;
    comment_lines(out, field.comments.leading, "  ");
    std::string line = field.name;
    pad_to(line, name_width + 1);
    line += types[i];
    const std::string attributes = field_attributes(field);
    if (!attributes.empty()) {
      pad_to(line, name_width + 1 + type_width + 1);
      line += attributes;
    }
    out += "  " + line;
    end_line(out, field.comments.trailing);
  }

  const std::vector<Line> attributes = model_attributes(model);
  if (any_field && !attributes.empty()) out += '\n';
  for (const Line& line : attributes) {
    comment_lines(out, line.comments->leading, "  ");
    out += "  " + line.text;
    end_line(out, line.comments->trailing);
  }
  comment_lines(out, model.end_comments, "  ");
  out += "}\n";
}

}  // namespace

std::string format_type(const FieldType& type) {
  const std::string name(type_name(type.kind));
  switch (type.kind) {
    case FieldKind::String:
    case FieldKind::Slug:
      return name + "(" + std::to_string(type.max_length) + ")";
    case FieldKind::Decimal:
      return name + "(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) + ")";
    case FieldKind::Bit:
      return name + "(" + std::to_string(type.bit_length) + ")";
    case FieldKind::Choice:
    case FieldKind::MultiChoice:
      return name + "(" + join(choice_values(type.choices)) + ")";
    case FieldKind::Ref:
    case FieldKind::Many:
      return name + "(" + type.target + ")";
    case FieldKind::Array: {
      FieldType element = type;
      element.kind = type.element;
      return name + "(" + format_type(element) + ")";
    }
    default:
      return name;
  }
}

std::string format(const SchemaFile& file) {
  std::string out;
  comment_lines(out, file.header_comments, "");
  for (std::size_t i = 0; i < file.models.size(); ++i) {
    // A blank line after the header keeps it the file's header when parsed again.
    if (i > 0 || !file.header_comments.empty()) out += '\n';
    format_model(out, file.models[i]);
  }
  if (!file.trailing_comments.empty()) {
    if (!file.models.empty()) out += '\n';
    comment_lines(out, file.trailing_comments, "");
  }
  return out;
}

}  // namespace cpprustango::schema
