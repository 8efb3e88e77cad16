// `cpprustango make:model APP NAME --field NAME:TYPE[?]...`: adds a model to
// the app's schema file. The file is parsed, the model added to the parsed
// file, and the whole file written back through the canonical formatter, so
// the result always parses and a bad --field changes nothing. Before it is
// written, the new model's relations get reverse accessors that clash with
// nothing (named as inspectdb names them), and the file must pass the checks
// codegen runs at build time: a model that would not build is never written.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>

#include "commands/commands.hpp"
#include "commands/verb_name.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/format.hpp"
#include "cpprustango/schema/parser.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/names.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {
namespace {

struct FieldArgument {
  std::string name;
  std::string type;  ///< as written after ':', "?" included
  std::string given;
};

FieldArgument split_field(const std::string& given) {
  const auto colon = given.find(':');
  FieldArgument field{given.substr(0, colon), colon == std::string::npos ? "" : given.substr(colon + 1), given};
  if (colon == std::string::npos || field.name.empty() || field.type.empty()) {
    throw CliError("--field '" + given + "' must be NAME:TYPE, e.g. title:string(200) or published_at:datetime?");
  }
  if (!is_identifier(field.name) || std::isupper(static_cast<unsigned char>(field.name.front()))) {
    throw CliError("--field '" + given + "': '" + field.name + "' is not a valid field name (use snake_case, e.g. published_at)");
  }
  return field;
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

/** The first rule the build's codegen would stop at, so that make:model never writes a file the build refuses. */
std::optional<schema::Diagnostic> codegen_error(const schema::SchemaFile& file) {
  for (auto& diagnostic : schema::check_codegen(file)) {
    if (diagnostic.severity == schema::Severity::Error) return std::move(diagnostic);
  }
  return std::nullopt;
}

/**
 * Gives the new model's relations distinct reverse accessors (those the user named are
 * kept) and returns what it gave: "Product.brand @related_name(\"product_brand_set\"), ...".
 */
std::string name_reverse_accessors(schema::SchemaFile& file, const std::string& model_name) {
  const schema::Model before = *file.find_model(model_name);
  schema::name_reverse_accessors(file, model_name);
  const schema::Model& after = *file.find_model(model_name);
  std::string named;
  for (std::size_t i = 0; i < after.fields.size(); ++i) {
    const auto& field = after.fields[i];
    if (field.related_name == before.fields[i].related_name) continue;
    named += (named.empty() ? "" : ", ") + model_name + "." + field.name + " @related_name(\"" + *field.related_name + "\")";
  }
  return named;
}

}  // namespace

std::shared_ptr<MakeModelOptions> setup_make_model(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeModelOptions>();
  auto* cmd = add_verb(app, "make:model", "Add a model to an app's schema file");
  cmd->add_option("APP", options->app, "The app (see [apps] in cpprustango.toml)")->required();
  cmd->add_option("NAME", options->name, "Model name in PascalCase, e.g. BlogPost")->required();
  cmd->add_option("--field", options->fields, "NAME:TYPE[?], repeatable: --field 'title:string(200)' --field 'body:text?'")
      ->type_name("NAME:TYPE");
  cmd->add_flag("--force", options->force, "Replace a model of that name");
  cmd->add_flag("--dry-run", options->dry_run, "Print the model that would be added, change nothing");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_model(*options, invocation.global); }; });
  return options;
}

std::string schema_with_new_model(const Project& project, const MakeModelOptions& options) {
  if (std::find(project.apps.begin(), project.apps.end(), options.app) == project.apps.end()) {
    throw CliError("no app '" + options.app + "' in this project; create it with `cpprustango make:app " + options.app + "`");
  }
  const auto path = project.schema_file(options.app);
  const std::string shown = "apps/" + options.app + "/models.schema";
  if (!std::filesystem::exists(path)) {
    throw CliError(shown + " is missing; recreate it with `cpprustango make:app " + options.app + " --force`");
  }
  if (!is_identifier(options.name) || !std::isupper(static_cast<unsigned char>(options.name.front()))) {
    throw CliError("'" + options.name + "' is not a valid model name: use PascalCase, e.g. BlogPost");
  }
  std::vector<FieldArgument> fields;
  for (const auto& given : options.fields) {
    fields.push_back(split_field(given));
    for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
      if (fields[i].name == fields.back().name) throw CliError("--field " + fields.back().name + " is given twice");
    }
  }

  schema::SchemaFile file;
  try {
    file = schema::parse(read_text(path), shown, options.app);
  } catch (const schema::ParseError& e) {
    throw CliError(std::string(e.what()) + " (fix the file first)");
  }
  if (file.find_model(options.name) != nullptr) {
    if (!options.force) throw CliError("model " + options.name + " already exists in " + shown + "; pass --force to replace it");
    std::erase_if(file.models, [&](const schema::Model& m) { return m.name == options.name; });
  }
  if (auto error = codegen_error(file)) throw CliError(error->to_string() + " (fix the file first)");

  // The new model goes through the real parser, so types, refs and '?' are
  // checked exactly as in a hand-written file; errors point at the --field.
  const std::string base = schema::format(file);
  std::string candidate = base + "\nmodel " + options.name + " {\n";
  for (const auto& field : fields) candidate += "  " + field.name + " " + field.type + "\n";
  candidate += "}\n";
  // An error on one of the new lines is told against the --field that wrote it.
  const auto first_field_line = count_lines(base) + 3;
  const auto refusal = [&](int line, const std::string& message) {
    const auto at = static_cast<std::size_t>(line);
    if (at >= first_field_line && at < first_field_line + fields.size()) {
      return CliError("--field '" + fields[at - first_field_line].given + "': " + message);
    }
    return CliError("model " + options.name + ": " + message);
  };
  schema::SchemaFile updated;
  try {
    updated = schema::parse(candidate, shown, options.app);
  } catch (const schema::ParseError& e) {
    throw refusal(e.line(), e.message());
  }
  const std::string named = name_reverse_accessors(updated, options.name);
  if (auto error = codegen_error(updated)) throw refusal(error->location.line, error->message);
  if (!named.empty()) console::info("Named the reverse accessors apart, as each needs its own: " + named);
  return schema::format(updated);
}

int run_make_model(const MakeModelOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  const std::string result = schema_with_new_model(project, options);
  const std::string shown = "apps/" + options.app + "/models.schema";
  if (options.dry_run) {
    const auto updated = schema::parse(result, shown, options.app);
    schema::SchemaFile only_new;
    only_new.app = options.app;
    only_new.path = shown;
    only_new.models = {*updated.find_model(options.name)};
    console::info("Would add to " + shown + ":\n");
    console::info(schema::format(only_new));
    return 0;
  }
  write_atomically(project.schema_file(options.app), result);
  console::success("Added model " + options.name + " to " + shown + " (" + std::to_string(options.fields.size()) +
                   " field" + (options.fields.size() == 1 ? "" : "s") + ")");
  return 0;
}

}  // namespace cpprustango::cli
