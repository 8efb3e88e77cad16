#include "wizard/setup.hpp"

#include <unistd.h>

#include <iostream>
#include <sstream>

#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/url.hpp"
#include "prompt/terminal.hpp"
#include "scaffold/git_repo.hpp"
#include "support/builder.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/names.hpp"
#include "support/project.hpp"
#include "wizard/database_probe.hpp"
#include "wizard/plan.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::wizard {
namespace {

using prompt::CatchInterrupt;

/** Ctrl-C while setting up stops between steps (and stops a build), so the undo can run. */
void stop_if_interrupted() {
  if (CatchInterrupt::fired()) throw CliError("cancelled; nothing was left behind", 130);
}

/** Removes what the setup made unless it finished: the project folder, a database it created. */
struct Undo {
  std::optional<fs::path> project;
  std::string created_database;
  bool done = false;
  ~Undo() {
    if (done) return;
    if (!created_database.empty()) drop_database(created_database);
    std::error_code ec;
    if (project) fs::remove_all(*project, ec);
  }
};

bool is_postgres(const std::string& url) { return url.starts_with("postgresql://") || url.starts_with("postgres://"); }

/** The admin user's name and password, checked before anything is made. */
void check_superuser(NewOptions& options) {
  if (options.superuser.empty()) return;
  if (!auth::valid_username(options.superuser)) {
    throw UsageError("--superuser '" + options.superuser + "': use 1 to 150 letters, digits and @ . + - _ characters");
  }
  if (options.superuser_password.empty()) {
    if (!options.password_stdin) {
      throw UsageError(
          "--superuser needs its password: pass --password-stdin and pipe it in, or run cpprustango wizard");
    }
    if (!std::getline(std::cin, options.superuser_password) || options.superuser_password.empty()) {
      throw UsageError("--password-stdin read no password: pipe it in, e.g. echo \"$PASSWORD\" | cpprustango new ...");
    }
    if (options.superuser_password.back() == '\r') options.superuser_password.pop_back();
  }
  if (auto problem = auth::password_problem(options.superuser_password, options.superuser)) {
    throw CliError(*problem + "; choose a stronger admin password");
  }
}

/** Makes sure the PostgreSQL database exists (creating it with --yes); returns its URL when it was created. */
/**
 * Checks the database before anything is made: it must answer, except a
 * missing PostgreSQL database with --yes, which is then to be created
 * (returns true). An adopted database must exist.
 */
bool check_database(const std::string& url, const NewOptions& options) {
  if (!is_postgres(url) && options.adopt.empty()) return false;
  const auto probe = probe_database(url);
  if (probe.status == ProbeStatus::Ok) return false;
  if (probe.status == ProbeStatus::MissingDatabase && options.adopt.empty()) {
    if (!options.yes) {
      throw CliError("the database " + database_name(url) +
                     " does not exist; create it, or pass --yes to have it created");
    }
    return true;
  }
  throw CliError("cannot " + std::string(options.adopt.empty() ? "use " : "adopt ") + db::redact_url(url) + ": " +
                 probe.message);
}

/** Counts in the adopted schema file: the one-screen summary after inspectdb. */
void print_adoption(const fs::path& schema, const std::string& app) {
  std::istringstream text(read_text(schema));
  int models = 0, refs = 0, comments = 0;
  bool in_model = false;
  for (std::string line; std::getline(text, line);) {
    if (line.starts_with("model ")) {
      ++models;
      in_model = true;
    } else if (line.starts_with("}")) {
      in_model = false;
    } else if (in_model && line.find("//") != std::string::npos && line.find_first_not_of(' ') == line.find("//")) {
      ++comments;
    }
    for (auto at = line.find("ref("); at != std::string::npos; at = line.find("ref(", at + 1)) ++refs;
  }
  console::info("  " + std::to_string(models) + " tables as models in apps/" + app + "/models.schema, " +
                std::to_string(refs) + " references (foreign keys), " + std::to_string(comments) +
                " comment lines (the database's own comments, and what the schema language cannot express)");
}

void build(const Project& project, const fs::path& log) {
  const bool tty = ::isatty(STDOUT_FILENO) == 1 && console::verbosity() != console::Verbosity::Quiet;
  console::step("Building " + project.name + " (the output goes to " + fs::relative(log, project.root).string() + ")");
  int shown = -1;
  try {
    build_project_logged(
        project, false, log,
        [&](int done, int total) {
          const int percent = total > 0 ? done * 100 / total : 0;
          if (tty) {
            std::cout << "\r    [" << done << "/" << total << "] " << percent << "%" << std::flush;
          } else if (percent / 25 != shown / 25) {
            console::info("    " + std::to_string(percent) + "%");
          }
          shown = percent;
        },
        &CatchInterrupt::fired);
  } catch (const ChildFailed& e) {
    if (tty && shown >= 0) std::cout << "\n";
    if (e.child_status() == 130) throw CliError("cancelled during the build; nothing was left behind", 130);
    // The project is about to be removed: keep the log where it can be read, and show its end.
    const fs::path kept = fs::temp_directory_path() / ("cpprustango-" + project.name + "-build.log");
    std::error_code ec;
    fs::copy_file(log, kept, fs::copy_options::overwrite_existing, ec);
    std::istringstream text(read_text(log));
    std::vector<std::string> lines;
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    for (std::size_t i = lines.size() > 30 ? lines.size() - 30 : 0; i < lines.size(); ++i)
      std::cerr << lines[i] << "\n";
    throw CliError("the first build of " + project.name + " failed (the end of its log is above; all of it is in " +
                   kept.string() + "); the project was removed");
  }
  if (tty && shown >= 0) std::cout << "\n";
  console::success("Built " + project.executable(false).string());
}

}  // namespace

int run_setup(const NewOptions& given, const GlobalOptions& global) {
  NewOptions options = given;
  accept_defaults(options);
  if (auto problem = project_name_problem(options.name)) throw CliError(*problem);
  if (!options.adopt.empty()) {
    if (auto problem = app_name_problem(options.app)) throw UsageError("--app: " + *problem);
  }
  check_superuser(options);

  CatchInterrupt interrupt;
  Undo undo;
  NewOptions files_only = options;
  files_only.no_git = true;  // the first commit comes last, with the adopted models and migrations in it
  const std::string url = project_database_url(options);
  const bool create_missing_database = check_database(url, options);
  console::step("Creating project " + options.name);
  const CreatedProject created = create_project(files_only);
  if (!created.existed) undo.project = created.root;
  print_created(options, created);
  stop_if_interrupted();

  if (create_missing_database) {
    create_database(url);
    undo.created_database = url;
    console::success("Created the database " + database_name(url));
    stop_if_interrupted();
  }

  GlobalOptions in_project = global;
  in_project.project_dir = created.root;
  if (!options.adopt.empty()) {
    console::step("Adopting the tables of " + db::redact_url(url) + " into app " + options.app);
    run_inspectdb(adoption(options, url), in_project);
    print_adoption(created.root / "apps" / options.app / "models.schema", options.app);
    stop_if_interrupted();
  }

  console::step("Migrating");
  MigrateOptions migrate;
  migrate.database = url;
  if (!options.adopt.empty() && options.managed) {
    // The adopted tables exist: the auth tables are made, then the migration
    // describing the adopted tables is recorded as applied, never run.
    run_migrate(migrate, in_project);
    run_makemigrations({}, in_project);
    migrate.fake = true;
    run_migrate(migrate, in_project);
  } else {
    run_makemigrations({}, in_project);
    run_migrate(migrate, in_project);
  }
  stop_if_interrupted();

  if (!options.superuser.empty()) {
    console::step("Creating the admin user " + options.superuser);
    run_createsuperuser(admin_user(options.superuser, options.email, options.superuser_password, url), in_project);
    stop_if_interrupted();
  }

  const auto project = Project::load(created.root);
  if (!options.no_build) build(project, created.root / "var" / "first-build.log");
  stop_if_interrupted();

  if (!options.no_git && !git::is_inside_repository(created.root)) {
    git::init_with_first_commit(created.root, "Create " + options.name + " with cpprustango new");
    console::info("Initialized a git repository with a first commit.");
  }
  undo.done = true;
  print_next_steps(created, options.superuser);
  return 0;
}

}  // namespace cpprustango::cli::wizard
