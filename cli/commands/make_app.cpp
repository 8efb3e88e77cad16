// `cpprustango make:app NAME`: an app folder with an empty schema file,
// registered in the manifest. Nothing is written until every check passed.
#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "commands/verb_name.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/names.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {
namespace {

std::string schema_header(const std::string& app) {
  return "// Models of the " + app + " app, one `model` block each. Add one with\n"
         "//   cpprustango make:model " + app + " Post --field 'title:string(200)'\n"
         "// or write it here; docs/schema.md describes the language.\n";
}

}  // namespace

std::shared_ptr<MakeAppOptions> setup_make_app(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakeAppOptions>();
  auto* cmd = add_verb(app, "make:app", "Create an app (apps/NAME/models.schema) and register it in the manifest");
  cmd->add_option("NAME", options->name, "App name: lower-case letters, digits and underscores")->required();
  cmd->add_flag("--force", options->force, "Replace an existing apps/NAME/models.schema");
  cmd->add_flag("--dry-run", options->dry_run, "Show what would change, change nothing");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_make_app(*options, invocation.global); }; });
  return options;
}

int run_make_app(const MakeAppOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  if (auto problem = app_name_problem(options.name)) throw CliError(*problem);
  const bool registered = std::find(project.apps.begin(), project.apps.end(), options.name) != project.apps.end();
  const auto schema = project.schema_file(options.name);
  if (std::filesystem::exists(schema) && !options.force) {
    throw CliError(schema.string() + " already exists; pass --force to replace it with an empty schema");
  }
  auto apps = project.apps;
  if (!registered) apps.push_back(options.name);
  const std::string manifest = manifest_with_apps(read_text(project.manifest()), apps);

  if (options.dry_run) {
    console::info("Would write apps/" + options.name + "/models.schema");
    if (!registered) console::info("Would register " + options.name + " in cpprustango.toml: [apps] installed = [" + [&] {
      std::string list;
      for (const auto& a : apps) list += (list.empty() ? "\"" : ", \"") + a + "\"";
      return list;
    }() + "]");
    return 0;
  }
  write_atomically(schema, schema_header(options.name));
  if (!registered) write_atomically(project.manifest(), manifest);
  console::success("Created app " + options.name + " (apps/" + options.name + "/models.schema)" +
                   (registered ? "" : ", registered in cpprustango.toml"));
  console::info("Next: cpprustango make:model " + options.name + " NAME --field 'title:string(200)'");
  return 0;
}

}  // namespace cpprustango::cli
