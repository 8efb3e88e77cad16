// Model facts for the form and CRUD generators.
#include "commands/make_models.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "support/errors.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {

using schema::FieldKind;
using schema::FieldSpec;

ProjectModels::ProjectModels(const Project& project, const std::string& app, const std::string& model)
    : files_(read_schema_files(project)), specs_(files_) {
  if (std::find(project.apps.begin(), project.apps.end(), app) == project.apps.end()) {
    throw CliError("no app '" + app + "' in this project; create it with `cpprustango make:app " + app + "`");
  }
  model_ = specs_.find(app, model);
  if (model_ == nullptr) {
    throw CliError("no model " + model + " in apps/" + app + "/models.schema; add it with `cpprustango make:model " + app +
                   " " + model + " --field ...`");
  }
}

bool is_form_field(const FieldSpec& field) {
  if (field.auto_now || field.auto_now_add || field.noform || field.noedit) return false;
  return !(field.primary_key && field.auto_increment);
}

bool is_required_in_form(const FieldSpec& field) {
  // A bool unticked, an empty many() set and an empty array are values, as model forms read them.
  return !field.nullable && field.default_kind == schema::DefaultKind::None && field.kind != FieldKind::Bool &&
         field.kind != FieldKind::Many && field.kind != FieldKind::Array && field.slug_from.empty();
}

namespace {

std::string fit(std::string text, int max_length) {
  if (max_length > 0 && static_cast<int>(text.size()) > max_length) text.resize(static_cast<std::size_t>(max_length));
  return text;
}

std::string number(const FieldSpec& field) {
  if (field.min) {
    const double low = *field.min;
    return std::to_string(static_cast<long long>(low == static_cast<double>(static_cast<long long>(low)) ? low : low + 1));
  }
  return "1";
}

}  // namespace

std::string sample_text(const FieldSpec& field) {
  if (!field.example.empty()) return std::string(field.example);
  switch (field.kind) {
    case FieldKind::Bool: return "on";
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
    case FieldKind::Real:
    case FieldKind::Double:
    case FieldKind::Decimal: return number(field);
    case FieldKind::Date: return "2026-01-02";
    case FieldKind::Time: return "12:30";
    case FieldKind::DateTime:
    case FieldKind::Timestamp: return "2026-01-02T12:30";
    case FieldKind::Uuid: return "6f1c2f9e-3b7a-4c53-9d2e-1a2b3c4d5e6f";
    case FieldKind::Json: return "{}";
    case FieldKind::Email: return fit("ada@example.com", field.max_length);
    case FieldKind::Url: return "https://example.com/";
    case FieldKind::Slug: return fit("example", field.max_length);
    case FieldKind::Choice:
    case FieldKind::MultiChoice: return field.choices.empty() ? "" : std::string(field.choices.front());
    case FieldKind::Ref: return "";
    // The PostgreSQL kinds: text each one's own check accepts.
    case FieldKind::Inet: return "192.168.0.1";
    case FieldKind::Cidr: return "10.1.0.0/16";
    case FieldKind::MacAddr: return "08:00:2b:01:02:03";
    case FieldKind::Interval: return "1 day 02:00:00";
    case FieldKind::TimeTz: return "14:30:00+02";
    case FieldKind::Xml: return "<note>Example</note>";
    case FieldKind::LTree: return "Top.Example";
    case FieldKind::Bit: return std::string(static_cast<std::size_t>(std::max(field.bit_length, 1)), '1');
    case FieldKind::TsVector: return "example";
    case FieldKind::Array: return "";  // an empty list
    default: return fit("Example " + std::string(field.name), field.max_length);
  }
}

std::string bad_text(const FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
    case FieldKind::Real:
    case FieldKind::Double:
    case FieldKind::Decimal: return "not a number";
    case FieldKind::Date:
    case FieldKind::DateTime:
    case FieldKind::Timestamp:
    case FieldKind::Time: return "not a date";
    case FieldKind::Email: return "not an address";
    case FieldKind::Url: return "not a url";
    case FieldKind::Choice: return "not one of the choices";
    case FieldKind::String:
    case FieldKind::Slug: return field.max_length > 0 ? std::string(static_cast<std::size_t>(field.max_length) + 1, 'x') : "";
    default: return "";
  }
}

std::string plural_segment(const std::string& model_name) {
  std::string lower;
  for (char c : model_name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto ends = [&](std::string_view tail) { return lower.ends_with(tail); };
  if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh")) return lower + "es";
  if (lower.size() > 1 && ends("y") && std::string_view("aeiou").find(lower[lower.size() - 2]) == std::string_view::npos) {
    return lower.substr(0, lower.size() - 1) + "ies";
  }
  return lower + "s";
}

std::string snake_case(const std::string& pascal) {
  std::string out;
  for (std::size_t i = 0; i < pascal.size(); ++i) {
    const auto c = static_cast<unsigned char>(pascal[i]);
    if (std::isupper(c) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string cpp_literal(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

SampleRow sample_row(const schema::SpecSet& specs, const schema::ModelSpec& model, bool declare) {
  SampleRow row;
  int counter = 0;
  std::set<const schema::ModelSpec*> visiting;
  // Returns the form data of one row of `of`, after emitting the rows its required refs need.
  std::function<std::vector<std::pair<std::string, std::string>>(const schema::ModelSpec&)> data_for =
      [&](const schema::ModelSpec& of) {
        visiting.insert(&of);
        std::vector<std::pair<std::string, std::string>> data;
        for (const auto& field : of.fields) {
          if (!is_form_field(field)) continue;
          if (field.kind == FieldKind::Ref) {
            const schema::ModelSpec* target = specs.target(field);
            if (!is_required_in_form(field) || target == nullptr || visiting.contains(target)) continue;
            const auto target_data = data_for(*target);
            const std::string variable = snake_case(std::string(target->name)) + "_" + std::to_string(++counter);
            row.variables.push_back(variable);
            row.lines += (declare ? "  const std::string " : "    ") + variable + " = create_row(cpprustango::views::table<" + std::string(target->app) +
                         "::" + std::string(target->name) + ">(), " + cpp_pairs(target_data) + ");\n";
            data.emplace_back(std::string(field.name), variable);
            continue;
          }
          if (field.kind == FieldKind::Bool) {
            data.emplace_back(std::string(field.name), cpp_literal("on"));
            continue;
          }
          if (!is_required_in_form(field) && field.kind != FieldKind::String && field.kind != FieldKind::Text) continue;
          data.emplace_back(std::string(field.name), cpp_literal(sample_text(field)));
        }
        visiting.erase(&of);
        return data;
      };
  row.data = data_for(model);
  return row;
}

std::string cpp_pairs(const std::vector<std::pair<std::string, std::string>>& data) {
  std::string out = "{";
  for (const auto& [name, value] : data) out += std::string(out.size() > 1 ? ", " : "") + "{" + cpp_literal(name) + ", " + value + "}";
  return out + "}";
}

}  // namespace cpprustango::cli
