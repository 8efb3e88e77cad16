// `cpprustango new NAME`: a project from a template, with a git repository
// and a first commit. A template's template.toml may name make:* generators
// (`generate`): they write their files into the project before that commit. Everything is built in a hidden staging folder and
// renamed into place at the end, so a failure leaves nothing behind. With
// the setup flags (--adopt, --superuser, --yes, -i) it goes on to set the
// database up and build, as the wizard does (wizard/setup.cpp).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <system_error>

#include "commands/commands.hpp"
#include "cpprustango/version.hpp"
#include "prompt/terminal.hpp"
#include "scaffold/git_repo.hpp"
#include "scaffold/scaffold.hpp"
#include "support/console.hpp"
#include "cpprustango/db/url.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/installation.hpp"
#include "support/names.hpp"
#include "support/secrets.hpp"
#include "wizard/new_project.hpp"
#include "wizard/setup.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli {
namespace {

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

/** The installed project templates, read once a run: `new` and `wizard` both name them in their flags. */
const std::vector<std::string>& installed_templates() {
  static const std::vector<std::string> names =
      scaffold::available_templates(Installation::current().project_templates());
  return names;
}

void check_template(const std::string& name) {
  const auto& installed = installed_templates();
  if (std::find(installed.begin(), installed.end(), name) != installed.end()) return;
  std::string list;
  for (const auto& t : installed) list += (list.empty() ? "" : ", ") + t;
  throw UsageError("no project template '" + name + "'; the installed ones are " + list);
}

}  // namespace

std::string project_database_url(const NewOptions& options) {
  const std::string& choice = options.adopt.empty() ? options.database : options.adopt;
  if (!options.adopt.empty() && choice.starts_with("sqlite:") && choice != "sqlite::memory:") {
    const std::string path = choice.substr(choice.starts_with("sqlite:///") ? 9 : 7);
    return "sqlite:" + fs::absolute(path).lexically_normal().string();
  }
  if (choice == "sqlite") return "sqlite:var/db.sqlite3";
  if (choice == "postgres" || choice == "postgresql") return "postgresql://localhost/" + options.name;
  if (choice.starts_with("sqlite:") || choice.starts_with("postgresql://") || choice.starts_with("postgres://")) {
    return choice;
  }
  throw CliError("unsupported " + std::string(options.adopt.empty() ? "--database" : "--adopt") + " '" + choice +
                 "': use sqlite, postgres, or a URL like sqlite:var/db.sqlite3 or postgresql://user@host/db");
}

bool NewOptions::was_given(const std::string& flag) const {
  return std::find(given.begin(), given.end(), flag) != given.end();
}

void add_new_flags(CLI::App& cmd, NewOptions& options) {
  // The installed templates, so shell completion offers them; the name is
  // checked against them when the project is made (a new one needs no code).
  std::string installed;
  try {
    for (const auto& name : installed_templates()) {
      installed += (installed.empty() ? "" : ",") + name;
    }
  } catch (const CliError&) {
    // No installation beside this binary: `new` says so when it runs.
  }
  cmd.add_option("--template", options.template_name, "Project template (the wizard lists them with descriptions)")
      ->check(CLI::Validator(
          [](const std::string& name) {
            return is_identifier(name) ? std::string() : "'" + name + "' is not a template name";
          },
          ""))
      ->type_name(installed.empty() ? "TEMPLATE" : "{" + installed + "}")
      ->default_str("default");
  cmd.add_option("--database", options.database, "sqlite, postgres, or a database URL")->default_str("sqlite");
  cmd.add_option("--adopt", options.adopt, "Use this existing database (SQLite or PostgreSQL URL) and write models for its tables")
      ->type_name("URL");
  cmd.add_option("--app", options.app, "The app the adopted tables go to (default: from the database name)")
      ->type_name("APP");
  cmd.add_option("--table", options.tables, "Adopt only this table, repeatable")->type_name("TABLE");
  cmd.add_option("--schema", options.schemas, "Adopt from this PostgreSQL schema, repeatable (default: public)")
      ->type_name("SCHEMA");
  cmd.add_flag("--managed", options.managed, "Let migrations manage the adopted tables (default: @@managed(false))");
  cmd.add_option("--superuser", options.superuser, "Create this admin user")->type_name("NAME");
  cmd.add_option("--email", options.email, "The admin user's e-mail address")->type_name("EMAIL");
  cmd.add_flag("--password-stdin", options.password_stdin, "Read the admin user's password from the first line of stdin");
  cmd.add_flag("--no-build", options.no_build, "Skip the first build");
  cmd.add_flag("--yes", options.yes, "Accept every default: migrate, build, create a missing PostgreSQL database");
  cmd.add_flag("-i,--interactive", options.interactive, "Ask the questions (the wizard)");
  cmd.add_option("--dir", options.dir, "Folder to create the project in (default: ./NAME)")->type_name("DIR");
  cmd.add_option("--from", options.from, "Use the project template in this git repository")->type_name("GIT_URL");
  cmd.add_flag("--no-git", options.no_git, "Do not create a git repository");
  cmd.add_flag("--force", options.force, "Write into an existing, non-empty folder, replacing template files");
}

void record_given_flags(const CLI::App& cmd, NewOptions& options) {
  options.given.clear();
  for (const auto* option : cmd.get_options()) {
    if (option->count() > 0) options.given.push_back(option->get_name());
  }
}

std::shared_ptr<NewOptions> setup_new(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<NewOptions>();
  auto* cmd = app.add_subcommand("new", "Create a new project (SQLite by default) with a git repository");
  cmd->add_option("NAME", options->name, "Project name: letters, digits and underscores (none on a terminal: the wizard)");
  add_new_flags(*cmd, *options);
  cmd->callback([cmd, options, &invocation] {
    record_given_flags(*cmd, *options);
    invocation.action = [options, &invocation] { return run_new(*options, invocation.global); };
  });
  return options;
}

CreatedProject create_project(const NewOptions& options) {
  if (auto problem = project_name_problem(options.name)) throw CliError(*problem);
  if (options.from.empty()) check_template(options.template_name);
  const std::string url = project_database_url(options);
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
  // The password stays out of the committed settings: it goes to .env (git-ignored).
  const scaffold::Variables variables = {
      {"project_name", options.name},
      {"template_name", options.from.empty() ? options.template_name : options.from},
      {"database_url", without_password(url)},
      {"cpprustango_version", CPPRUSTANGO_VERSION},
  };
  auto files = scaffold::render(project_template, variables, staging.path());
  // What the generators write comes from them, not from copies in the template.
  const TemplateGenerators generators{.generate = scaffold::manifest_list(project_template, "generate"),
                                      .app_sources = scaffold::manifest_list(project_template, "app_sources"),
                                      .test_sources = scaffold::manifest_list(project_template, "test_sources")};
  const auto generated = run_template_generators(staging.path(), generators, installation.make_templates());
  files.insert(files.end(), generated.begin(), generated.end());
  if (has_password(url)) {
    write_atomically(staging.path() / ".env", dotenv_text(url));
    fs::permissions(staging.path() / ".env", fs::perms::owner_read | fs::perms::owner_write);
    files.emplace_back(".env");
  }

  CreatedProject created{.root = destination, .files = files.size(), .database_url = url, .existed = exists};
  const bool inside_repository = exists && git::is_inside_repository(destination);
  created.repository = !options.no_git && !inside_repository;
  created.inside_repository = inside_repository && !options.no_git;
  if (created.repository) git::init_with_first_commit(staging.path(), "Create " + options.name + " with cpprustango new");
  staging.move_to(destination);
  created_parents.done = true;
  return created;
}

void print_created(const NewOptions& options, const CreatedProject& created) {
  console::success("Created project " + options.name + " in " + relative_to_cwd(created.root).string() + " (" +
                   std::to_string(created.files) + " files, database " + db::redact_url(created.database_url) + ")");
  if (created.repository) console::info("Initialized a git repository with a first commit.");
  if (created.inside_repository) console::info("Already inside a git repository: no new repository created.");
}

void print_next_steps(const CreatedProject& created, const std::string& admin_user) {
  const fs::path shown = relative_to_cwd(created.root);
  console::info("\nNext steps:");
  if (shown != ".") console::info("  cd " + shown.string());
  console::info("  cpprustango runserver      # build and serve http://127.0.0.1:8000/");
  if (!admin_user.empty()) console::info("  open http://127.0.0.1:8000/admin/ and log in as " + admin_user);
  console::info("  cpprustango test           # build and run the project's tests");
}

int run_new(const NewOptions& options, const GlobalOptions& global) {
  if (options.name.empty() || options.interactive) {
    if (options.name.empty() && !prompt::stdin_is_terminal() && !options.yes) {
      throw UsageError("new needs a project NAME (run it on a terminal without one for the wizard)");
    }
    return wizard::run_new_project_wizard(options, global);
  }
  if (options.adopt.empty() && (!options.app.empty() || !options.tables.empty() || options.managed)) {
    throw UsageError("--app, --table and --managed say how to adopt a database: give it with --adopt URL");
  }
  if (options.superuser.empty() && (!options.email.empty() || options.password_stdin)) {
    throw UsageError("--email and --password-stdin are for the admin user: give its name with --superuser NAME");
  }
  if (options.guided()) return wizard::run_setup(options, global);
  const auto created = create_project(options);
  print_created(options, created);
  print_next_steps(created, "");
  return 0;
}

}  // namespace cpprustango::cli
