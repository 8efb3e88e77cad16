// The wizard's code generators inside a project: make:view, make:form,
// make:crud and make:serializer/make:viewset, asked question by question.
// Each answer is checked by planning the generator with it (the plan_*
// function the verb runs, which writes nothing), so the wizard refuses
// exactly what the command line refuses, with the same message; the step is
// then echoed as its command and done by the verb's run_* function.
#include "wizard/generators.hpp"

#include <functional>

#include "commands/make_models.hpp"
#include "commands/make_support.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"
#include "support/names.hpp"
#include "wizard/plan.hpp"

namespace cpprustango::cli::wizard {
namespace {

using prompt::Choice;
using prompt::Prompter;

/** A Check that plans the generator with the answer: its CliError's message is the reason to ask again. */
prompt::Check planned(std::function<void(const std::string&)> plan) {
  return [plan = std::move(plan)](const std::string& answer) -> std::optional<std::string> {
    try {
      plan(answer);
    } catch (const CliError& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  };
}

const std::filesystem::path& library() {
  static const auto path = Installation::current().make_templates();
  return path;
}

/** One of the project's apps, by menu; nullopt (after saying why) when it has none. */
std::optional<std::string> ask_app(Prompter& prompter, const Project& project) {
  if (project.apps.empty()) {
    prompter.complain("the project has no app yet: add one first");
    return std::nullopt;
  }
  std::vector<Choice> apps;
  for (const auto& app : project.apps) apps.push_back({app, ""});
  return project.apps[prompter.select("App", apps, 0)];
}

/** A model of `app`, checked by `plan` (the generator's own check: the model exists, has a single key, ...). */
std::string ask_model(Prompter& prompter, const std::function<void(const std::string&)>& plan) {
  return prompter.text("Model (as in the schema, e.g. Post)", "", planned(plan));
}

/**
 * `options` with the app and model a generator over one model needs, the
 * model checked by planning `plan` with it; false when there is no app.
 */
template <typename Options>
bool ask_app_and_model(Prompter& prompter, const Project& project, Options& options,
                       ProjectGeneration (*plan)(const Project&, const Options&, const std::filesystem::path&)) {
  const auto app = ask_app(prompter, project);
  if (!app) return false;
  options.app = *app;
  options.model = ask_model(prompter, [&](const std::string& model) {
    Options check = options;
    check.model = model;
    plan(project, check, library());
  });
  return true;
}

void echo(Prompter& prompter, const std::string& command) { prompter.say("$ " + command); }

}  // namespace

void add_view(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  MakeViewOptions options;
  std::vector<Choice> places = {{"(project)", "src/views/, at /NAME/"}};
  for (const auto& app : project.apps) places.push_back({app, "src/" + app + "/views/, at /" + app + "/NAME/"});
  const std::size_t place = prompter.select("Where does the view go", places, 0);
  if (place > 0) options.app = project.apps[place - 1];
  options.name = prompter.text("View name (snake_case, e.g. about)", "", planned([&](const std::string& name) {
                                 MakeViewOptions check = options;
                                 check.name = name;
                                 plan_make_view(project, check, library());
                               }));
  options.path = prompter.text("URL it answers (Enter for the default)", "", planned([&](const std::string& path) {
                                 MakeViewOptions check = options;
                                 check.path = path;
                                 plan_make_view(project, check, library());
                               }));
  options.with_template = prompter.confirm("Render an HTML template?", true);
  std::string command = "cpprustango make:view " + options.name;
  if (!options.app.empty()) command += " --app " + options.app;
  if (!options.path.empty()) command += " --path " + shell_quoted(options.path);
  if (options.with_template) command += " --template";
  echo(prompter, command);
  run_make_view(options, global);
}

void add_crud(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  MakeCrudOptions options;
  if (!ask_app_and_model(prompter, project, options, plan_make_crud)) return;
  options.login_required =
      prompter.confirm("Only logged-in users create, edit and delete? (the project serves /accounts/login/)", false);
  echo(prompter, "cpprustango make:crud " + options.app + " " + options.model + (options.login_required ? " --login-required" : ""));
  run_make_crud(options, global);
}

void add_form(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  MakeFormOptions options;
  const bool over_model = !project.apps.empty() && prompter.confirm("A model form (its fields from a model)?", true);
  options.name = "form";  // planned under any valid name until the name is asked
  if (over_model) ask_app_and_model(prompter, project, options, plan_make_form);
  const std::string fallback = over_model ? snake_case(options.model) + "_form" : "";
  options.name = prompter.text("Form name (snake_case, e.g. contact_form)", fallback,
                               planned([](const std::string& name) { require_snake_case(name, "form name"); }));
  while (!over_model) {
    // Checked as make:form checks --field: the form so far plus this field, planned.
    const std::string field = prompter.text(options.fields.empty() ? "Field (NAME:TYPE, e.g. email:email)" : "Field (Enter when done)", "",
                                            planned([&](const std::string& given) {
                                              if (given.empty() && !options.fields.empty()) return;
                                              MakeFormOptions check = options;
                                              check.fields.push_back(given);
                                              plan_make_form(project, check, library());
                                            }));
    if (field.empty()) break;
    options.fields.push_back(field);
  }
  std::string command = "cpprustango make:form " + options.name;
  if (over_model) command += " --app " + options.app + " --model " + options.model;
  for (const auto& field : options.fields) command += " --field " + shell_quoted(field);
  echo(prompter, command);
  run_make_form(options, global);
}

void add_api(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  MakeRestOptions options;
  if (!ask_app_and_model(prompter, project, options, plan_make_viewset)) return;
  // The viewset uses a serializer that exists when it is generated, so that one comes first.
  if (prompter.confirm("A serializer too, to choose the fields the API shows?", true)) {
    echo(prompter, "cpprustango make:serializer " + options.app + " " + options.model);
    run_make_serializer(options, global);
  }
  echo(prompter, "cpprustango make:viewset " + options.app + " " + options.model);
  run_make_viewset(options, global);
}

}  // namespace cpprustango::cli::wizard
