// `cpprustango new NAME`: a project from a template, with a git repository
// and a first commit. Everything is built in a hidden staging folder and
// renamed into place at the end, so a failure leaves nothing behind.
#include <CLI/CLI.hpp>
#include <system_error>

#include "commands/commands.hpp"
#include "cpprustango/version.hpp"
#include "scaffold/git_repo.hpp"
#include "scaffold/scaffold.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"
#include "support/names.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli {
namespace {

/** `sqlite`, `postgres` or a URL, as the project's database.url. */
std::string database_url(const std::string& choice, const std::string& project_name) {
  if (choice == "sqlite") return "sqlite:var/db.sqlite3";
  if (choice == "postgres" || choice == "postgresql") return "postgresql://localhost/" + project_name;
  if (choice.starts_with("sqlite:") || choice.starts_with("postgresql://") || choice.starts_with("postgres://")) {
    return choice;
  }
  throw CliError("unsupported --database '" + choice +
                 "': use sqlite, postgres, or a URL like sqlite:var/db.sqlite3 or postgresql://user@host/db");
}

fs::path relative_to_cwd(const fs::path& path) {
  std::error_code ec;
  auto relative = fs::relative(path, fs::current_path(), ec);
  if (ec || relative.empty() || relative.string().starts_with("..")) return path;
  return relative;
}

/** Creates the missing parents of `dir`; returns the topmost one created, to undo on failure. */
std::optional<fs::path> create_parents(const fs::path& dir) {
  std::optional<fs::path> topmost;
  for (fs::path p = dir.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path()) topmost = p;
  if (topmost) {
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec) throw CliError("cannot create " + dir.parent_path().string() + ": " + ec.message());
  }
  return topmost;
}

struct RemoveOnFailure {
  std::optional<fs::path> path;
  bool done = false;
  ~RemoveOnFailure() {
    std::error_code ec;
    if (!done && path) fs::remove_all(*path, ec);
  }
};

}  // namespace

std::shared_ptr<NewOptions> setup_new(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand("new", "Create a new project (SQLite by default) with a git repository");
  cmd->add_option("NAME", options->name, "Project name: letters, digits and underscores")->required();
  cmd->add_option("--template", options->template_name, "Project template: default or minimal")
      ->check(CLI::IsMember({"default", "minimal"}))
      ->default_str("default");
  cmd->add_option("--database", options->database, "sqlite, postgres, or a database URL")->default_str("sqlite");
  cmd->add_option("--dir", options->dir, "Folder to create the project in (default: ./NAME)")->type_name("DIR");
  cmd->add_option("--from", options->from, "Use the project template in this git repository")->type_name("GIT_URL");
  cmd->add_flag("--no-git", options->no_git, "Do not create a git repository");
  cmd->add_flag("--force", options->force, "Write into an existing, non-empty folder, replacing template files");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_new(*options, invocation.global); }; });
  return options;
}

int run_new(const NewOptions& options, const GlobalOptions&) {
  if (auto problem = project_name_problem(options.name)) throw CliError(*problem);
  const std::string url = database_url(options.database, options.name);
  const fs::path destination = fs::absolute(options.dir.value_or(options.name)).lexically_normal();

  std::error_code ec;
  const bool exists = fs::exists(destination, ec);
  if (exists && !fs::is_directory(destination)) {
    throw CliError(destination.string() + " exists and is not a folder; pick another name or --dir");
  }
  if (exists && !fs::is_empty(destination, ec) && !options.force) {
    throw CliError(destination.string() + " already exists and is not empty; pick another name or --dir, or pass --force to write into it");
  }

  const auto& installation = Installation::current();
  RemoveOnFailure created_parents{create_parents(destination)};
  scaffold::Staging staging(destination.parent_path(), options.name);

  // A template from git is cloned beside the staging folder, used, and dropped.
  std::optional<scaffold::Staging> clone_dir;
  fs::path template_dir = installation.project_templates() / options.template_name;
  if (!options.from.empty()) {
    clone_dir.emplace(destination.parent_path(), options.name + "-template");
    console::detail("cloning template " + options.from);
    git::clone(options.from, clone_dir->path() / "repo");
    template_dir = clone_dir->path() / "repo";
  }
  const auto project_template = scaffold::ProjectTemplate::resolve(template_dir, installation.project_templates());
  const scaffold::Variables variables = {
      {"project_name", options.name},
      {"template_name", options.from.empty() ? options.template_name : options.from},
      {"database_url", url},
      {"cpprustango_version", CPPRUSTANGO_VERSION},
  };
  const auto files = scaffold::render(project_template, variables, staging.path());

  const bool inside_repository = exists && git::is_inside_repository(destination);
  const bool make_repository = !options.no_git && !inside_repository;
  if (make_repository) git::init_with_first_commit(staging.path(), "Create " + options.name + " with cpprustango new");
  staging.move_to(destination);
  created_parents.done = true;

  const fs::path shown = relative_to_cwd(destination);
  console::success("Created project " + options.name + " in " + shown.string() + " (" + std::to_string(files.size()) +
                   " files, database " + url + ")");
  if (make_repository) console::info("Initialized a git repository with a first commit.");
  if (inside_repository && !options.no_git) console::info("Already inside a git repository: no new repository created.");
  console::info("\nNext steps:");
  if (shown != ".") console::info("  cd " + shown.string());
  console::info("  cpprustango runserver      # build and serve http://127.0.0.1:8000/");
  console::info("  cpprustango test           # build and run the project's tests");
  return 0;
}

}  // namespace cpprustango::cli
