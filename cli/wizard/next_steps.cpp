#include "wizard/next_steps.hpp"

#include <algorithm>
#include <functional>
#include <sstream>

#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/url.hpp"
#include "cpprustango/schema/kind.hpp"
#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/names.hpp"
#include "wizard/generators.hpp"
#include "wizard/new_project.hpp"
#include "wizard/plan.hpp"

namespace cpprustango::cli::wizard {
namespace {

using prompt::Choice;
using prompt::Prompter;

/** What goes inside a type's parentheses, with a default; nullopt for a type without arguments. */
struct Arguments {
  std::string question;
  std::string fallback;
};

std::optional<Arguments> arguments_of(schema::FieldKind kind) {
  using schema::FieldKind;
  switch (kind) {
    case FieldKind::String:
      return Arguments{"Longest length", "200"};
    case FieldKind::Slug:
      return Arguments{"Longest length", "50"};
    case FieldKind::Decimal:
      return Arguments{"Digits and decimal places (p,s)", "10,2"};
    case FieldKind::Choice:
    case FieldKind::MultiChoice:
      return Arguments{"Choices, separated by commas", ""};
    case FieldKind::Ref:
    case FieldKind::Many:
      return Arguments{"Model it refers to", ""};
    case FieldKind::Array:
      return Arguments{"Element type", "text"};
    default:
      return std::nullopt;
  }
}

void echo(Prompter& prompter, const std::string& command) { prompter.say("$ " + command); }

bool uses_postgres(const Project& project) {
  try {
    return parsed_database_url(&project, std::nullopt).dialect == db::Dialect::Postgresql;
  } catch (const CliError&) {
    return false;
  }
}

void add_app(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  const std::string name = prompter.text("App name", "", [&](const std::string& app) -> std::optional<std::string> {
    if (auto problem = app_name_problem(app)) return problem;
    if (std::find(project.apps.begin(), project.apps.end(), app) != project.apps.end())
      return "the app " + app + " exists";
    return std::nullopt;
  });
  echo(prompter, "cpprustango make:app " + name);
  MakeAppOptions app;
  app.name = name;
  run_make_app(app, global);
}

void add_model(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  if (project.apps.empty()) {
    prompter.complain("the project has no app yet: add one first");
    return;
  }
  std::vector<Choice> apps;
  for (const auto& app : project.apps) apps.push_back({app, ""});
  MakeModelOptions options;
  options.app = project.apps[prompter.select("App", apps, 0)];
  options.name =
      prompter.text("Model name (PascalCase)", "", [&](const std::string& name) -> std::optional<std::string> {
        MakeModelOptions check = options;
        check.name = name;
        try {
          schema_with_new_model(project, check);
        } catch (const CliError& e) {
          return std::string(e.what());
        }
        return std::nullopt;
      });
  const auto types = field_type_choices(uses_postgres(project));
  while (true) {
    const std::string field = prompter.text("Field name (Enter when done)", "", [](const std::string& name) {
      return name.empty() || (is_identifier(name) && !std::isupper(static_cast<unsigned char>(name.front())))
                 ? std::nullopt
                 : std::optional<std::string>("use snake_case, e.g. published_at");
    });
    if (field.empty()) break;
    const auto& type = types[prompter.select("Type of " + field, types, 7)].name;
    std::string spelled = type;
    if (auto arguments = arguments_of(*schema::kind_from_name(type))) {
      spelled += "(" + prompter.text(arguments->question, arguments->fallback) + ")";
    }
    if (prompter.confirm("May " + field + " be empty (NULL)?", false)) spelled += "?";
    // Checked as make:model checks it: the model so far plus this field, through the parser.
    MakeModelOptions check = options;
    check.fields.push_back(field + ":" + spelled);
    try {
      schema_with_new_model(project, check);
      options.fields = check.fields;
    } catch (const CliError& e) {
      prompter.complain(e.what());
    }
  }
  std::string command = "cpprustango make:model " + options.app + " " + options.name;
  for (const auto& field : options.fields) command += " --field " + shell_quoted(field);
  echo(prompter, command);
  run_make_model(options, global);
  if (prompter.confirm("Make and apply its migration now?", true)) {
    echo(prompter, "cpprustango makemigrations && cpprustango migrate");
    run_makemigrations({}, global);
    run_migrate({}, global);
  }
}

void create_admin(Prompter& prompter, const GlobalOptions& global) {
  const std::string name = ask_admin_name(prompter);
  const std::string email = ask_admin_email(prompter);
  const std::string password = ask_admin_password(prompter, name);
  echo(prompter, "cpprustango createsuperuser --username " + shell_quoted(name) +
                     (email.empty() ? "" : " --email " + shell_quoted(email)));
  run_createsuperuser(admin_user(name, email, password), global);
}

void adopt(Prompter& prompter, const GlobalOptions& global) {
  NewOptions options;
  ask_adopted_database(prompter, options);
  ask_adoption(prompter, options);
  InspectdbOptions inspect = adoption(options, options.adopt);
  inspect.next_step = true;  // inside a project the build is the user's next step
  echo(prompter, inspectdb_command(inspect));
  run_inspectdb(inspect, global);
}

}  // namespace

std::vector<Choice> field_type_choices(bool postgres) {
  std::vector<Choice> choices;
  for (std::size_t i = 0; i < schema::detail::kKindNames.size(); ++i) {  // every kind, the last included
    const auto kind = static_cast<schema::FieldKind>(i);
    if (schema::is_postgres_only(kind) && !postgres) continue;
    const auto arguments = arguments_of(kind);
    choices.push_back({std::string(schema::type_name(kind)), arguments ? "(" + arguments->question + ")" : ""});
  }
  return choices;
}

bool next_step(Prompter& prompter, const Project& project, const GlobalOptions& global) {
  const std::vector<Choice> steps = {
      {"app", "Add an app"},
      {"model", "Add a model, field by field"},
      {"crud", "Add list, detail, create, edit and delete pages for a model (make:crud)"},
      {"view", "Add a view with its URL and a test (make:view)"},
      {"form", "Add a form or a model form with a test (make:form)"},
      {"api", "Add a JSON API for a model: serializer and viewset (make:viewset)"},
      {"adopt", "Adopt another database into a new app"},
      {"admin", "Create an admin user"},
      {"quit", "Nothing more"},
  };
  // In the menu's order; the last entry stops.
  const std::vector<std::function<void()>> actions = {
      [&] { add_app(prompter, project, global); },      [&] { add_model(prompter, project, global); },
      [&] { add_crud(prompter, project, global); },     [&] { add_view(prompter, project, global); },
      [&] { add_form(prompter, project, global); },     [&] { add_api(prompter, project, global); },
      [&] { adopt(prompter, global); },                 [&] { create_admin(prompter, global); },
  };
  const std::size_t chosen = prompter.select("What next in " + project.name, steps, 0);
  if (chosen >= actions.size()) return false;
  actions[chosen]();
  return true;
}

int run_project_wizard(const GlobalOptions& global) {
  if (!prompt::stdin_is_terminal()) {
    throw UsageError(
        "the wizard needs a terminal to ask its questions; inside a project, run the verbs directly "
        "(make:app, make:model, make:crud, make:view, make:form, make:viewset, inspectdb, createsuperuser)");
  }
  prompt::TerminalInput input;
  prompt::TerminalOutput output;
  Prompter prompter(input, output);
  try {
    while (true) {
      const auto project = Project::find(global.project_dir);
      try {
        if (!next_step(prompter, project, global)) return 0;
      } catch (const CliError& e) {
        prompter.complain(e.what());
      }
    }
  } catch (const prompt::Cancelled&) {
    prompter.say("Cancelled.");
    return 130;
  }
}

}  // namespace cpprustango::cli::wizard
