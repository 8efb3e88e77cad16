// `cpprustango make:crud APP MODEL`: list, detail, create, edit and delete
// pages for a model at /APP/MODELS/ (src/APP/MODELS_pages.*, registered in
// src/urls.cpp), their templates (templates/APP/, with a base layout and
// stylesheet when the project has none), the model form they use (through
// make:form's generator), and tests driving all of it through HTTP. With
// --login-required, anyone reads and only logged-in users write (the pages
// send others to /accounts/login/, which the project serves: the fullstack
// template's accounts do).
#include <CLI/CLI.hpp>
#include <filesystem>

#include "commands/commands.hpp"
#include "commands/make_models.hpp"
#include "commands/make_support.hpp"
#include "commands/verb_name.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"

namespace cpprustango::cli {
namespace {

using schema::FieldKind;

bool is_text(FieldKind kind) { return kind == FieldKind::String || kind == FieldKind::Text; }

std::string list_literal(const std::vector<std::string>& names) {
  std::string out = "{";
  for (const auto& name : names) out += std::string(out.size() > 1 ? ", " : "") + cpp_literal(name);
  return out + "}";
}

/** How the pages' URLs capture the key: "int:" for an integer key, "uuid:" for a uuid, "" (a segment) otherwise. */
std::string pk_converter(const schema::ModelSpec& model) {
  if (model.primary_key.size() != 1) return "";
  const auto* pk = model.field(model.primary_key.front());
  if (pk == nullptr) return "";
  if (pk->kind == FieldKind::Int || pk->kind == FieldKind::BigInt || pk->kind == FieldKind::SmallInt) return "int:";
  return pk->kind == FieldKind::Uuid ? "uuid:" : "";
}

}  // namespace

std::shared_ptr<MakeCrudOptions> setup_make_crud(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeCrudOptions>();
  auto* cmd = add_verb(app, "make:crud", "Add list, detail, create, edit and delete pages for a model, with tests");
  cmd->add_option("APP", options->app, "The app declaring the model")->required();
  cmd->add_option("MODEL", options->model, "The model, as in the schema file (e.g. Post)")->required();
  cmd->add_flag("--login-required", options->login_required,
                "Anyone reads; creating, editing and deleting take a logged-in user (others go to /accounts/login/)");
  add_generator_flags(*cmd, options->flags);
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_crud(*options, invocation.global); }; });
  return options;
}

ProjectGeneration plan_make_crud(const Project& project, const MakeCrudOptions& options, const std::filesystem::path& library) {
  const ProjectModels models(project, options.app, options.model);
  const auto& model = models.model();
  if (model.primary_key.size() != 1) {
    throw CliError("model " + options.model + " has a composite primary key; make:crud pages address one row by one key");
  }
  const std::string& app = options.app;
  const std::string model_lower = snake_case(options.model);
  const std::string segment = plural_segment(options.model);
  const std::string base_path = "/" + app + "/" + segment + "/";
  const std::string form_name = model_lower + "_form";
  const std::string form_header = app + "/forms/" + form_name + ".hpp";
  const std::string test_file = "tests/test_" + app + "_" + segment + "_pages.cpp";

  // The pages' columns and fields: what a person reads of a row.
  std::vector<scaffold::Variables> shown;
  std::vector<std::string> ordering;
  std::vector<std::string> search;
  std::vector<std::string> refs;  // shown by their target's display string, fetched with the rows
  std::string title_field;
  for (const auto& field : model.fields) {
    if (field.kind == FieldKind::Many || field.kind == FieldKind::Bytes) continue;
    std::string label(field.label);  // the schema's label, lower case unless @label says otherwise
    if (!label.empty()) label.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(label.front())));
    shown.push_back({{"name", std::string(field.name)}, {"label", label}});
    if (field.kind != FieldKind::Json) ordering.emplace_back(field.name);
    if (field.kind == FieldKind::Ref) refs.emplace_back(field.name);
    if (is_text(field.kind) || field.kind == FieldKind::Email || field.kind == FieldKind::Slug) search.emplace_back(field.name);
    if (title_field.empty() && is_form_field(field) && field.kind == FieldKind::String) title_field = std::string(field.name);
  }
  std::vector<scaffold::Variables> columns;
  for (const auto& item : shown) {
    const auto* field = model.field(item[0].second);
    if (field->primary_key || field->kind == FieldKind::Text || field->kind == FieldKind::Json) continue;
    columns.push_back(item);
    if (columns.size() == 4) break;
  }
  if (columns.empty()) columns.push_back(shown.front());
  const auto first = columns.front();
  columns.erase(columns.begin());

  // What the tests submit: a valid row, an invalid one, an edit.
  SampleRow row = sample_row(models.specs(), model, false);
  std::string invalid_field;
  auto invalid = row.data;
  for (const auto& field : model.fields) {
    if (!is_form_field(field)) continue;
    const std::string bad = is_required_in_form(field) ? "" : bad_text(field);
    if (!is_required_in_form(field) && bad.empty()) continue;
    invalid_field = std::string(field.name);
    const auto at = std::find_if(invalid.begin(), invalid.end(), [&](const auto& pair) { return pair.first == invalid_field; });
    if (at != invalid.end()) at->second = cpp_literal(bad);
    else invalid.emplace_back(invalid_field, cpp_literal(bad));
    break;
  }
  auto edit = row.data;
  std::string title_value;
  std::string edited_value;
  for (auto& [name, value] : edit) {
    if (name != title_field) continue;
    title_value = value;
    const int max = model.field(title_field)->max_length;
    edited_value = cpp_literal(max > 0 && max < 7 ? std::string(static_cast<std::size_t>(max), 'z') : "Changed");
    value = edited_value;
  }
  std::vector<scaffold::Variables> ref_variables;
  for (const auto& variable : row.variables) ref_variables.push_back({{"name", variable}});

  const std::string plural(model.verbose_name_plural);
  std::string plural_title = plural;
  if (!plural_title.empty()) plural_title.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(plural_title.front())));
  ProjectGeneration generation(project, library, "crud",
                               {{"app", app},
                                {"model", options.model},
                                {"model_lower", model_lower},
                                {"models", segment},
                                {"base_path", base_path},
                                {"form_name", form_name},
                                {"form_header", form_header},
                                {"test_file", test_file},
                                {"test_name", pascal_case(app + "_" + segment) + "PagesTest"},
                                {"verbose_name", std::string(model.verbose_name)},
                                {"verbose_plural", plural},
                                {"verbose_plural_title", plural_title},
                                {"ordering", list_literal(ordering)},
                                {"search_fields", list_literal(search)},
                                {"select_related", list_literal(refs)},
                                {"pk_converter", pk_converter(model)},
                                {"missing_pk", pk_converter(model) == "int:" ? "999999" : pk_converter(model) == "uuid:" ? "00000000-0000-4000-8000-000000000000" : "missing"},
                                {"first_name", first[0].second},
                                {"first_label", first[1].second},
                                {"setup_lines", row.lines},
                                {"valid_data", cpp_pairs(row.data)},
                                {"invalid_data", cpp_pairs(invalid)},
                                {"edit_data", cpp_pairs(edit)},
                                {"title_value", title_value},
                                {"edited_value", edited_value}});
  generation.set_list("columns", columns);
  generation.set_list("fields", shown);
  generation.set_list("ref_variables", ref_variables);
  generation.set_flag("has_invalid", !invalid_field.empty());
  generation.set_flag("has_title", !title_value.empty());
  // The templates start a line with this section's tags rather than giving them lines of
  // their own: the renderer leaves a blank line where a standalone section is skipped.
  generation.set_flag("login_required", options.login_required);

  const std::string pages = "src/" + app + "/" + segment + "_pages";
  generation.render("pages.hpp.tmpl", pages + ".hpp");
  generation.render("pages.cpp.tmpl", pages + ".cpp");
  const std::string templates = "templates/" + app + "/" + model_lower;
  generation.render("list.html.tmpl", templates + "_list.html");
  generation.render("detail.html.tmpl", templates + "_detail.html");
  generation.render("form.html.tmpl", templates + "_form.html");
  generation.render("confirm_delete.html.tmpl", templates + "_confirm_delete.html");
  // The layout and stylesheet every generated page shares: written once, then the project's.
  if (!std::filesystem::exists(project.root / "templates/base.html")) generation.render("base.html.tmpl", "templates/base.html");
  if (!std::filesystem::exists(project.root / "static/css/pages.css")) generation.render("static/pages.css", "static/css/pages.css");
  generation.render("test.cpp.tmpl", test_file);
  generation.add_app_source(pages + ".cpp");
  generation.add_test_source(test_file);
  generation.add_route(app + "/" + segment + "_pages.hpp", {app + "::add_" + segment + "_pages($app);", ""});
  // The model form comes from make:form's generator, so a CRUD's form and a
  // hand-made one are the same code; one the project already has is kept.
  const MakeFormOptions form{.name = form_name, .app = app, .model = options.model, .fields = {}, .flags = options.flags};
  if (options.flags.force || !std::filesystem::exists(project.root / "src" / form_header)) {
    generation.absorb(plan_make_form(project, form, library));
  }
  generation.next_step("cpprustango makemigrations && cpprustango migrate, if " + options.model + " has no migration yet");
  if (options.login_required) {
    generation.next_step("the pages send anonymous writers to /accounts/login/: the project serves it (src/accounts.cpp in the fullstack template)");
  }
  generation.next_step("cpprustango runserver, then open http://127.0.0.1:8000" + base_path);
  generation.next_step("cpprustango test runs " + test_file);
  return generation;
}

int run_make_crud(const MakeCrudOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  return plan_make_crud(project, options, Installation::current().make_templates()).finish(options.flags);
}

}  // namespace cpprustango::cli
