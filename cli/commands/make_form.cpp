// `cpprustango make:form NAME [--app APP] [--model MODEL] [--field NAME:TYPE]...`:
// a form of its own fields (src/forms/NAME.*) or, with --model, a model form
// whose fields come from the schema (src/APP/forms/NAME.*), each with a
// test of its validation.
#include <CLI/CLI.hpp>
#include <cstdlib>

#include "commands/commands.hpp"
#include "commands/make_models.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"
#include "support/names.hpp"

namespace cpprustango::cli {
namespace {

using schema::FieldKind;

/** One --field of a plain form: its C++ initializer and a FieldSpec standing for it (for sample values). */
struct PlainField {
  std::string name;
  std::string code;
  schema::FieldSpec spec;
  bool required = true;
  std::vector<std::string> choices;  ///< choice(a,b): the values
};

int positive(const std::string& text, const std::string& given) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value <= 0 || value > 1000000) throw CliError("--field '" + given + "': '" + text + "' is not a positive number");
  return static_cast<int>(value);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(separator); at != std::string::npos; at = text.find(separator, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

PlainField plain_field(const std::string& given) {
  const auto colon = given.find(':');
  if (colon == std::string::npos) throw CliError("--field '" + given + "' must be NAME:TYPE, e.g. email:email or message:textarea?");
  PlainField field;
  field.name = given.substr(0, colon);
  require_snake_case(field.name, "field name");
  std::string type = given.substr(colon + 1);
  if (type.ends_with("?")) {
    field.required = false;
    type.pop_back();
  }
  std::string argument;
  if (const auto open = type.find('('); open != std::string::npos) {
    if (!type.ends_with(")")) throw CliError("--field '" + given + "': '(' is not closed");
    argument = type.substr(open + 1, type.size() - open - 2);
    type = type.substr(0, open);
  }
  static const std::vector<std::tuple<std::string, std::string, FieldKind>> kinds = {
      {"text", "Text", FieldKind::String},        {"string", "Text", FieldKind::String},   {"textarea", "Textarea", FieldKind::Text},
      {"email", "Email", FieldKind::Email},       {"url", "Url", FieldKind::Url},          {"slug", "Slug", FieldKind::Slug},
      {"password", "Password", FieldKind::String}, {"integer", "Integer", FieldKind::Int}, {"int", "Integer", FieldKind::Int},
      {"decimal", "Decimal", FieldKind::Decimal}, {"float", "Float", FieldKind::Double},   {"bool", "Checkbox", FieldKind::Bool},
      {"choice", "Choice", FieldKind::Choice},    {"date", "Date", FieldKind::Date},       {"time", "Time", FieldKind::Time},
      {"datetime", "DateTime", FieldKind::DateTime}, {"hidden", "Hidden", FieldKind::String}};
  const auto found = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return std::get<0>(k) == type; });
  if (found == kinds.end()) {
    throw CliError("--field '" + given + "': unknown type '" + type + "' (use text, string(N), textarea, email, url, slug, password, "
                   "integer, decimal(P,S), float, bool, choice(a,b), date, time, datetime or hidden)");
  }
  field.spec.kind = std::get<2>(*found);
  field.spec.nullable = !field.required;
  std::string extra;
  if (type == "string" || type == "slug") {
    if (argument.empty() && type == "string") throw CliError("--field '" + given + "': string needs its length, e.g. string(200)");
    if (!argument.empty()) {
      field.spec.max_length = positive(argument, given);
      extra += ", .max_length = " + argument;
    }
  } else if (type == "decimal") {
    const auto parts = split(argument, ',');
    if (parts.size() != 2) throw CliError("--field '" + given + "': decimal needs its digits, e.g. decimal(10,2)");
    extra += ", .max_digits = " + std::to_string(positive(parts[0], given)) + ", .decimal_places = " + std::to_string(positive(parts[1], given));
  } else if (type == "choice") {
    const auto parts = split(argument, ',');
    std::string choices;
    for (const auto& part : parts) {
      if (!is_identifier(part)) throw CliError("--field '" + given + "': choice values are identifiers, e.g. choice(low,high)");
      choices += std::string(choices.empty() ? "" : ", ") + "{" + cpp_literal(part) + ", " + cpp_literal(sentence_case(part)) + "}";
      field.choices.push_back(part);
    }
    extra += ", .choices = {" + choices + "}";
  } else if (!argument.empty()) {
    throw CliError("--field '" + given + "': " + type + " takes no '(...)'");
  }
  const bool required = field.required && field.spec.kind != FieldKind::Bool;
  field.code = "      {.name = " + cpp_literal(field.name) + ", .kind = Kind::" + std::get<1>(*found) +
               (required ? "" : ", .required = false");
  // Designated initializers follow the member order: required, then lengths and digits, then choices.
  field.code += extra + "},\n";
  field.required = required;
  return field;
}

std::string trim_list(const std::vector<std::string>& names) {
  std::string out = "{";
  for (const auto& name : names) out += std::string(out.size() > 1 ? ", " : "") + cpp_literal(name);
  return out + "}";
}

void plan_plain_form(ProjectGeneration& generation, const MakeFormOptions& options) {
  if (options.fields.empty()) throw CliError("a form needs its fields: --field email:email --field message:textarea (or --model MODEL)");
  std::vector<PlainField> fields;
  for (const auto& given : options.fields) {
    fields.push_back(plain_field(given));
    for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
      if (fields[i].name == fields.back().name) throw CliError("--field " + fields.back().name + " is given twice");
    }
  }
  std::string code;
  std::string render_checks;
  std::vector<std::pair<std::string, std::string>> valid;
  std::vector<std::pair<std::string, std::string>> invalid;
  std::string invalid_field;
  for (const auto& field : fields) {
    schema::FieldSpec spec = field.spec;
    spec.name = field.name;  // the copy in `field` moved with it
    code += field.code;
    render_checks += "  EXPECT_NE(html.find(\"name=\\\"" + field.name + "\\\"\"), std::string::npos) << html;\n";
    valid.emplace_back(field.name, cpp_literal(field.choices.empty() ? sample_text(spec) : field.choices.front()));
    if (invalid_field.empty() && field.required) {
      invalid_field = field.name;
      invalid.emplace_back(field.name, cpp_literal(""));
    } else if (invalid_field.empty() && !bad_text(spec).empty()) {
      invalid_field = field.name;
      invalid.emplace_back(field.name, cpp_literal(bad_text(spec)));
    } else {
      invalid.push_back(valid.back());
    }
  }
  generation.set_flag("has_invalid", !invalid_field.empty());
  generation.add_variable("fields_code", code);
  generation.add_variable("first_field", fields.front().name);
  generation.add_variable("valid_data", cpp_pairs(valid));
  generation.add_variable("invalid_data", cpp_pairs(invalid));
  generation.add_variable("invalid_field", invalid_field);
  generation.add_variable("render_checks", render_checks);
}

void plan_model_form(ProjectGeneration& generation, const Project& project, const MakeFormOptions& options) {
  const ProjectModels models(project, options.app, options.model);
  const auto& model = models.model();
  std::vector<std::string> names;
  for (const auto& given : options.fields) {
    if (given.find(':') != std::string::npos) {
      throw CliError("--field '" + given + "': a model form takes its types from the schema; name the field alone, e.g. --field " +
                     given.substr(0, given.find(':')));
    }
    const auto* field = model.field(given);
    if (field == nullptr || !is_form_field(*field)) {
      throw CliError("--field " + given + ": " + options.model + " has no field of that name that a form may edit");
    }
    names.push_back(given);
  }
  if (names.empty()) {
    for (const auto& field : model.fields) {
      if (is_form_field(field)) names.emplace_back(field.name);
    }
  }
  if (names.empty()) throw CliError("model " + options.model + " has no field a form may edit");
  std::vector<std::string> trimmed;
  for (const auto& name : names) {
    const auto kind = model.field(name)->kind;
    if (kind == FieldKind::String || kind == FieldKind::Text) trimmed.push_back(name);
  }
  // A sample row limited to the form's fields; the refs it needs are made first.
  SampleRow row = sample_row(models.specs(), model);
  std::erase_if(row.data, [&](const auto& pair) { return std::find(names.begin(), names.end(), pair.first) == names.end(); });
  std::string invalid_field;
  auto invalid = row.data;
  for (const auto& name : names) {
    const auto& field = *model.field(name);
    std::string bad = is_required_in_form(field) ? "" : bad_text(field);
    if (!is_required_in_form(field) && bad.empty()) continue;
    invalid_field = name;
    const auto at = std::find_if(invalid.begin(), invalid.end(), [&](const auto& pair) { return pair.first == name; });
    if (at != invalid.end()) at->second = cpp_literal(bad);
    else invalid.emplace_back(name, cpp_literal(bad));
    break;
  }
  generation.set_flag("has_invalid", !invalid_field.empty());
  generation.add_variable("fields_list", trim_list(names));
  generation.add_variable("trimmed_list", trim_list(trimmed));
  generation.add_variable("setup_lines", row.lines);
  generation.add_variable("valid_data", cpp_pairs(row.data));
  generation.add_variable("invalid_data", cpp_pairs(invalid));
  generation.add_variable("invalid_field", invalid_field);
}

}  // namespace

std::shared_ptr<MakeFormOptions> setup_make_form(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeFormOptions>();
  auto* cmd = add_verb(app, "make:form", "Add a form (or, with --model, a model form) and a test of its validation");
  cmd->add_option("NAME", options->name, "The form's name, snake_case, e.g. contact_form")->required();
  cmd->add_option("--app", options->app, "The app it belongs to (required with --model)");
  cmd->add_option("--model", options->model, "A model form over this model of --app");
  cmd->add_option("--field", options->fields, "NAME:TYPE (repeatable); with --model, the model's fields to show, by name")
      ->type_name("NAME[:TYPE]");
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_form(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_form(const Project& project, const MakeFormOptions& options, const std::filesystem::path& library) {
  require_snake_case(options.name, "form name");
  if (!options.model.empty() && options.app.empty()) throw CliError("--model " + options.model + " needs --app, the app that declares it");
  if (!options.app.empty()) require_app(project, options.app);
  const bool in_app = !options.app.empty();
  const std::string folder = in_app ? options.app + "/forms/" : "forms/";
  const std::string header = folder + options.name + ".hpp";
  const std::string test_file = "tests/test_" + (in_app ? options.app + "_" : "") + options.name + ".cpp";
  ProjectGeneration generation(project, library, "form",
                               {{"name", options.name},
                                {"app", options.app},
                                {"model", options.model},
                                {"namespace", in_app ? options.app + "::forms" : project.name + "::forms"},
                                {"header", header},
                                {"test_file", test_file},
                                {"test_name", pascal_case((in_app ? options.app + "_" : "") + options.name) + "Test"}});
  const bool model_form = !options.model.empty();
  if (model_form) plan_model_form(generation, project, options);
  else plan_plain_form(generation, options);
  generation.render(model_form ? "model_form.hpp.tmpl" : "form.hpp.tmpl", "src/" + header);
  generation.render(model_form ? "model_form.cpp.tmpl" : "form.cpp.tmpl", "src/" + folder + options.name + ".cpp");
  generation.render(model_form ? "model_test.cpp.tmpl" : "test.cpp.tmpl", test_file);
  generation.add_app_source("src/" + folder + options.name + ".cpp");
  generation.add_test_source(test_file);
  generation.next_step("use it in a view: #include \"" + header + "\"; cpprustango test runs " + test_file);
  return generation;
}

int run_make_form(const MakeFormOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_form(project, options, Installation::current().make_templates()).finish(options.flags);
}

}  // namespace cpprustango::cli
