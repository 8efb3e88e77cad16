// `cpprustango make:viewset APP MODEL` and `cpprustango make:serializer APP MODEL`:
// the REST plugin's code for a model. A viewset is src/APP/api/MODELS_viewset.*,
// added to the project's API in src/api.cpp (written by the first viewset,
// with API-key, JWT and session authentication, and mounted from
// src/urls.cpp); a serializer is src/APP/api/MODEL_serializer.*, which a
// viewset generated after it uses. Both switch `[plugins] rest = true` on in
// cpprustango.toml and come with tests driving them through HTTP.
#include <CLI/CLI.hpp>
#include <filesystem>

#include "commands/commands.hpp"
#include "commands/make_models.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {
namespace {

using schema::FieldKind;

std::string list_literal(const std::vector<std::string>& names) {
  std::string out = "{";
  for (const auto& name : names) out += std::string(out.size() > 1 ? ", " : "") + cpp_literal(name);
  return out + "}";
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/** The sample value of a non-ref field as JSON the API decodes (a number for an int, a string for a decimal). */
std::string sample_json(const schema::FieldSpec& field) {
  const std::string text = sample_text(field);
  switch (field.kind) {
    case FieldKind::Bool: return "true";
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
    case FieldKind::Real:
    case FieldKind::Double: return text;
    case FieldKind::Json: return text;
    case FieldKind::MultiChoice: return "[" + json_string(text) + "]";
    case FieldKind::Array: return "[]";
    default: return json_string(text);
  }
}

/**
 * A C++ expression building the JSON body of a valid create from the
 * sample row: fixed text for plain fields, json_key(variable) for refs.
 */
std::string json_body(const schema::ModelSpec& model, const SampleRow& row) {
  std::string expression = "std::string(";
  std::string pending = "{";
  bool first = true;
  for (const auto& [name, value] : row.data) {
    const auto* field = model.field(name);
    if (field == nullptr || field->kind == FieldKind::Bytes || field->kind == FieldKind::Many) continue;
    pending += std::string(first ? "" : ", ") + json_string(name) + ": ";
    first = false;
    if (field->kind == FieldKind::Ref) {
      expression += cpp_literal(pending) + ") + json_key(" + value + ") + std::string(";
      pending.clear();
    } else {
      pending += sample_json(*field);
    }
  }
  return expression + cpp_literal(pending + "}") + ")";
}


/** What both generators share: the model, its names and the manifest switch. */
struct RestNames {
  std::string app;
  std::string model;
  std::string model_lower;  ///< "blog_post"
  std::string segment;      ///< "posts": the API path under /api/<app>/
};

RestNames rest_names(const MakeRestOptions& options, const schema::ModelSpec& model) {
  if (model.primary_key.size() != 1) {
    throw CliError("model " + options.model + " has a composite primary key; API viewsets address one row by one key");
  }
  // The plugin's path: the model's plural in lower case without spaces.
  std::string segment;
  for (const char c : std::string(model.verbose_name_plural)) {
    if (c != ' ') segment += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return {options.app, options.model, snake_case(options.model), segment};
}

void enable_rest(ProjectGeneration& generation, const Project& project) {
  const auto manifest = project.root / "cpprustango.toml";
  generation.edit("cpprustango.toml", manifest_with_setting(read_text(manifest), "plugins", "rest", "true",
                                                           "# First-party plugins: the JSON API (cpprustango::rest, docs/api.md)."));
}

std::shared_ptr<MakeRestOptions> setup_rest_verb(CLI::App& app, Invocation& invocation, const std::string& verb,
                                                 const std::string& description,
                                                 int (*run)(const MakeRestOptions&, const GlobalOptions&)) {
  auto options = std::make_shared<MakeRestOptions>();
  auto* cmd = add_verb(app, verb, description);
  cmd->add_option("APP", options->app, "The app declaring the model")->required();
  cmd->add_option("MODEL", options->model, "The model, as in the schema file (e.g. Post)")->required();
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, run, &invocation] { invocation.action = [options, run, &invocation] { return run(*options, invocation.global); }; });
  return options;
}

}  // namespace

int run_make_viewset(const MakeRestOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_viewset(project, options, Installation::current().make_templates()).finish(options.flags);
}

int run_make_serializer(const MakeRestOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_serializer(project, options, Installation::current().make_templates()).finish(options.flags);
}

std::shared_ptr<MakeRestOptions> setup_make_viewset(CLI::App& app, Invocation& invocation) {
  return setup_rest_verb(app, invocation, "make:viewset", "Add a REST API viewset for a model (/api/APP/MODELS/), with tests",
                         run_make_viewset);
}

std::shared_ptr<MakeRestOptions> setup_make_serializer(CLI::App& app, Invocation& invocation) {
  return setup_rest_verb(app, invocation, "make:serializer", "Add a REST API serializer for a model, with a test",
                         run_make_serializer);
}

ProjectGeneration plan_make_viewset(const Project& project, const MakeRestOptions& options, const std::filesystem::path& library) {
  const ProjectModels models(project, options.app, options.model);
  const auto& model = models.model();
  const RestNames names = rest_names(options, model);
  const std::string api_path = "/api/" + names.app + "/" + names.segment + "/";
  const std::string viewset = "src/" + names.app + "/api/" + names.segment + "_viewset";
  const std::string test_file = "tests/test_" + names.app + "_" + names.segment + "_api.cpp";
  const bool has_serializer =
      std::filesystem::exists(project.root / "src" / names.app / "api" / (names.model_lower + "_serializer.hpp"));

  // The whitelists: exact filters on keys, refs, choices and booleans; search over text; ordering over columns.
  std::vector<std::string> filters;
  std::vector<std::string> search;
  std::vector<std::string> ordering;
  for (const auto& field : model.fields) {
    const auto kind = field.kind;
    if (kind == FieldKind::Many || kind == FieldKind::Bytes || kind == FieldKind::Json || kind == FieldKind::Array) continue;
    ordering.emplace_back(field.name);
    if (kind == FieldKind::Ref || kind == FieldKind::Choice || kind == FieldKind::Bool || field.primary_key) filters.emplace_back(field.name);
    if (kind == FieldKind::String || kind == FieldKind::Text || kind == FieldKind::Email || kind == FieldKind::Slug) search.emplace_back(field.name);
  }
  std::vector<scaffold::Variables> filter_items;
  for (const auto& name : filters) filter_items.push_back({{"name", name}});

  const SampleRow row = sample_row(models.specs(), model, false);
  std::vector<scaffold::Variables> ref_variables;
  for (const auto& variable : row.variables) ref_variables.push_back({{"name", variable}});

  ProjectGeneration generation(project, library, "viewset",
                               {{"app", names.app},
                                {"model", names.model},
                                {"model_lower", names.model_lower},
                                {"models", names.segment},
                                {"api_path", api_path},
                                {"search_fields", list_literal(search)},
                                {"ordering", list_literal(ordering)},
                                {"test_name", pascal_case(names.app + "_" + names.segment) + "ApiTest"},
                                {"setup_lines", row.lines},
                                {"valid_body", json_body(model, row)}});
  generation.set_list("filters", filter_items);
  generation.set_list("ref_variables", ref_variables);
  generation.set_flag("has_serializer", has_serializer);
  generation.set_flag("has_search", !search.empty());
  generation.render("viewset.hpp.tmpl", viewset + ".hpp");
  generation.render("viewset.cpp.tmpl", viewset + ".cpp");
  generation.render("test.cpp.tmpl", test_file);
  generation.add_app_source(viewset + ".cpp");
  generation.add_test_source(test_file);

  // The project's API: src/api.cpp's add_routes() lists the viewsets; the first run writes it.
  const std::string include = names.app + "/api/" + names.segment + "_viewset.hpp";
  const codegen::RouteStatement added{"api.add(" + names.app + "::" + names.segment + "_viewset());", ""};
  const auto api_source = project.root / "src" / "api.cpp";
  if (std::filesystem::exists(api_source)) {
    auto edited = codegen::add_to_urls(read_text(api_source), "src/api.cpp", {{include}, {added}});
    if (edited.changed) generation.edit("src/api.cpp", std::move(edited.text));
  } else {
    generation.add_variable("viewset_include", include);
    generation.add_variable("viewset_statement", added.code);
    generation.render("api.hpp.tmpl", "src/api.hpp");
    generation.render("api.cpp.tmpl", "src/api.cpp");
    generation.add_app_source("src/api.cpp");
  }
  generation.add_route("api.hpp", {project.name + "::api::mount($app);", ""});
  enable_rest(generation, project);

  generation.next_step("cpprustango makemigrations && cpprustango migrate, if " + options.model + " has no migration yet");
  generation.next_step("cpprustango createsuperuser, then KEY=$(cpprustango createapikey USER) and "
                       "curl -H \"Authorization: Api-Key $KEY\" http://127.0.0.1:8000" + api_path);
  generation.next_step("the API's description: http://127.0.0.1:8000/api/docs/ (OpenAPI at /api/openapi.json)");
  generation.next_step("cpprustango test runs " + test_file);
  return generation;
}

ProjectGeneration plan_make_serializer(const Project& project, const MakeRestOptions& options, const std::filesystem::path& library) {
  const ProjectModels models(project, options.app, options.model);
  const auto& model = models.model();
  const RestNames names = rest_names(options, model);
  const std::string serializer = "src/" + names.app + "/api/" + names.model_lower + "_serializer";
  const std::string test_file = "tests/test_" + names.app + "_" + names.model_lower + "_serializer.cpp";

  // Every field a client may read or write; a @noform field (a password hash) stays on the server.
  std::vector<std::string> fields;
  std::vector<std::string> read_only;
  for (const auto& field : model.fields) {
    if (field.noform) continue;
    fields.emplace_back(field.name);
    if (!is_form_field(field) && field.kind != FieldKind::Many) read_only.emplace_back(field.name);
  }
  std::vector<scaffold::Variables> field_items;
  for (const auto& name : fields) field_items.push_back({{"name", name}});

  ProjectGeneration generation(project, library, "serializer",
                               {{"app", names.app},
                                {"model", names.model},
                                {"model_lower", names.model_lower},
                                {"models", names.segment},
                                {"fields", list_literal(fields)},
                                {"read_only", list_literal(read_only)},
                                {"test_name", pascal_case(names.app + "_" + names.model_lower) + "SerializerTest"}});
  generation.set_list("field_names", field_items);
  generation.set_flag("has_read_only", !read_only.empty());
  generation.render("serializer.hpp.tmpl", serializer + ".hpp");
  generation.render("serializer.cpp.tmpl", serializer + ".cpp");
  generation.render("test.cpp.tmpl", test_file);
  generation.add_app_source(serializer + ".cpp");
  generation.add_test_source(test_file);
  enable_rest(generation, project);
  const std::string viewset = "src/" + names.app + "/api/" + names.segment + "_viewset.cpp";
  if (std::filesystem::exists(project.root / viewset)) {
    generation.next_step("use it in " + viewset + ": .serializer(" + names.app + "::" + names.model_lower + "_serializer())");
  } else {
    generation.next_step("cpprustango make:viewset " + names.app + " " + names.model + " serves it at /api/" + names.app + "/" +
                         names.segment + "/");
  }
  generation.next_step("cpprustango test runs " + test_file);
  return generation;
}

}  // namespace cpprustango::cli
