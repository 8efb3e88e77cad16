// Emits the statements that fill automatic values before a save. Timestamps
// use the runtime's clock helpers; @auto_now_add and @slug_from only fill a
// value the program left unset, so imports and fixtures keep what they carry.
#include "codegen/write_path.hpp"

namespace cpprustango::cli::codegen::detail {

namespace {

using schema::FieldKind;
using schema::FieldSpec;

constexpr std::string_view kOrm = "cpprustango::orm::";

std::string now_for(FieldKind kind) {
  switch (kind) {
    case FieldKind::Date: return std::string(kOrm) + "today_utc()";
    case FieldKind::Time: return std::string(kOrm) + "time_now_utc()";
    case FieldKind::Timestamp: return std::string(kOrm) + "local_now_utc()";
    case FieldKind::TimeTz: return std::string(kOrm) + "timetz_now_utc()";
    default: return std::string(kOrm) + "now_utc()";
  }
}

/** The text the slug is made from: the member itself when it is a plain string, else its stored form. */
std::string slug_source(const FieldSpec& source) {
  const std::string name(source.name);
  if (schema::is_textual(source.kind) && !source.nullable) return name;
  return std::string(kOrm) + "detail::slug_source(" + std::string(kOrm) + "to_value(" + name + "))";
}

}  // namespace

std::string automatic_values(const schema::ModelSpec& model, const std::vector<bool>& member,
                             const std::string& inserting) {
  std::string out;
  for (std::size_t i = 0; i < model.fields.size(); ++i) {
    const FieldSpec& field = model.fields[i];
    if (!member[i]) continue;
    const std::string name(field.name);
    if (field.auto_now) out += "  " + name + " = " + now_for(field.kind) + ";\n";
    if (field.auto_now_add) {
      out += "  if (" + inserting + " && " + std::string(kOrm) + "detail::is_unset(" + name + ")) " + name + " = " +
             now_for(field.kind) + ";\n";
    }
    if (!field.slug_from.empty()) {
      const FieldSpec* source = model.field(field.slug_from);
      if (source == nullptr || !member[static_cast<std::size_t>(source - model.fields.data())]) continue;
      const std::string empty = field.nullable ? "(!" + name + " || " + name + "->empty())" : name + ".empty()";
      out += "  if (" + inserting + " && " + empty + ") " + name + " = " + std::string(kOrm) + "slugify(" +
             slug_source(*source) + ", " + std::to_string(field.max_length) + ");\n";
    }
  }
  return out.empty() ? "  (void)" + inserting + ";\n" : out;
}

}  // namespace cpprustango::cli::codegen::detail
