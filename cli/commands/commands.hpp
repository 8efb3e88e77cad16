// Every verb of the CLI: an options struct, setup_<verb>() registering it on
// the parser, and run_<verb>() doing the work. Verbs are registered
// explicitly in cli.cpp; each lives in commands/<verb>.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"

namespace cpprustango::cli {

/**
 * What `new` makes, filled by its flags or by the wizard's answers (the same
 * struct, so the wizard's equivalent command makes the identical project).
 */
struct NewOptions {
  std::string name;
  std::string template_name = "default";
  std::string database = "sqlite";  ///< sqlite, postgres or a URL; a URL's password goes to .env
  std::optional<std::filesystem::path> dir;
  std::string from;  ///< a git URL whose tree is the template
  bool no_git = false;
  bool force = false;
  // The guided setup: any of these makes `new` also set the database up.
  std::string adopt;                ///< --adopt URL: the project's database, its tables inspected into `app`
  std::string app;                  ///< --app: the app the adopted tables go to (default: from the database name)
  std::vector<std::string> tables;  ///< --table: only these adopted tables
  std::vector<std::string> schemas; ///< --schema: the PostgreSQL schemas to adopt from (default: public)
  bool managed = false;             ///< --managed: migrations manage the adopted tables
  std::string superuser;            ///< --superuser NAME: create this admin user
  std::string email;                ///< --email for the admin user
  bool password_stdin = false;      ///< the admin user's password is the first line of stdin
  bool no_build = false;            ///< skip the first build
  bool yes = false;                 ///< accept every default (a missing PostgreSQL database is created)
  bool interactive = false;         ///< -i: ask the questions (the wizard)
  /** Flags given on the command line ("--template", ...): the wizard does not ask their questions. */
  std::vector<std::string> given;
  /** The admin user's password once known (typed in the wizard or read from stdin); never a flag. */
  std::string superuser_password;

  /** True when `new` does more than lay down files: migrate, adopt, admin user, first build. */
  bool guided() const { return yes || interactive || !adopt.empty() || !superuser.empty(); }
  bool was_given(const std::string& flag) const;
};
std::shared_ptr<NewOptions> setup_new(CLI::App& app, Invocation& invocation);
int run_new(const NewOptions& options, const GlobalOptions& global);
/** The flags `new` and `wizard` share. */
void add_new_flags(CLI::App& cmd, NewOptions& options);
/** Notes which of them were given, after parsing (NewOptions::given). */
void record_given_flags(const CLI::App& cmd, NewOptions& options);

/**
 * The project's database URL: --adopt's, else --database's (sqlite, postgres
 * or a URL); an adopted SQLite file's path is made absolute. Throws CliError
 * for anything else.
 */
std::string project_database_url(const NewOptions& options);

/** What create_project() made. */
struct CreatedProject {
  std::filesystem::path root;
  std::size_t files = 0;
  std::string database_url;  ///< as the project reaches it (with its password, which is in .env)
  bool existed = false;      ///< the folder was there before (--force): never removed on failure
  bool repository = false;   ///< a git repository with a first commit was made
  bool inside_repository = false;
};
/** The project's files (and, unless no_git, its repository): the part every path of `new` shares. */
CreatedProject create_project(const NewOptions& options);
/** "Created project ..." and the git line. */
void print_created(const NewOptions& options, const CreatedProject& created);
/** The closing "Next steps" lines; `admin_user` (when not empty) is who logs in at /admin/. */
void print_next_steps(const CreatedProject& created, const std::string& admin_user);

/** `wizard` (alias `init`): asks what `new` needs, or offers the next steps inside a project. */
std::shared_ptr<NewOptions> setup_wizard(CLI::App& app, Invocation& invocation);
int run_wizard(const NewOptions& options, const GlobalOptions& global);

struct BuildOptions {
  bool release = false;
};
std::shared_ptr<BuildOptions> setup_build(CLI::App& app, Invocation& invocation);
int run_build(const BuildOptions& options, const GlobalOptions& global);

struct TestOptions {
  bool release = false;
  std::string filter;  ///< a ctest -R regex
};
std::shared_ptr<TestOptions> setup_test(CLI::App& app, Invocation& invocation);
int run_test(const TestOptions& options, const GlobalOptions& global);

struct RunserverOptions {
  std::string address = "127.0.0.1:8000";
  bool no_reload = false;
  bool release = false;
  bool timings = false;
};
std::shared_ptr<RunserverOptions> setup_runserver(CLI::App& app, Invocation& invocation);
int run_runserver(const RunserverOptions& options, const GlobalOptions& global);

struct AboutOptions {};
std::shared_ptr<AboutOptions> setup_about(CLI::App& app, Invocation& invocation);
int run_about(const AboutOptions& options, const GlobalOptions& global);

struct MakeAppOptions {
  std::string name;
  bool force = false;
  bool dry_run = false;
};
std::shared_ptr<MakeAppOptions> setup_make_app(CLI::App& app, Invocation& invocation);
int run_make_app(const MakeAppOptions& options, const GlobalOptions& global);

struct MakeModelOptions {
  std::string app;
  std::string name;
  std::vector<std::string> fields;  ///< NAME:TYPE[?], e.g. "title:string(200)"
  bool force = false;
  bool dry_run = false;
};
std::shared_ptr<MakeModelOptions> setup_make_model(CLI::App& app, Invocation& invocation);
int run_make_model(const MakeModelOptions& options, const GlobalOptions& global);
struct Project;
/**
 * The app's schema file with the model added, formatted: every check make:model
 * makes (the app, the name, each --field through the real parser), nothing
 * written. Throws CliError naming the bad --field.
 */
std::string schema_with_new_model(const Project& project, const MakeModelOptions& options);

/** --force and --dry-run, which every make:* generator takes. */
struct GeneratorFlags {
  bool force = false;
  bool dry_run = false;
};
/** A generator's planned files and edits (commands/make_support.hpp). */
class ProjectGeneration;

struct MakeViewOptions {
  std::string name;
  std::string app;   ///< empty: the project's own views
  std::string path;  ///< empty: /NAME/ or /APP/NAME/
  bool with_template = false;
  GeneratorFlags flags;
};
std::shared_ptr<MakeViewOptions> setup_make_view(CLI::App& app, Invocation& invocation);
int run_make_view(const MakeViewOptions& options, const GlobalOptions& global);
/** What make:view would write, from the generator templates in `library` (templates/make); writes nothing. */
ProjectGeneration plan_make_view(const Project& project, const MakeViewOptions& options, const std::filesystem::path& library);

struct MakeMiddlewareOptions {
  std::string name;
  GeneratorFlags flags;
};
std::shared_ptr<MakeMiddlewareOptions> setup_make_middleware(CLI::App& app, Invocation& invocation);
int run_make_middleware(const MakeMiddlewareOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_middleware(const Project& project, const MakeMiddlewareOptions& options,
                                       const std::filesystem::path& library);

struct MakeTestOptions {
  std::string name;
  GeneratorFlags flags;
};
std::shared_ptr<MakeTestOptions> setup_make_test(CLI::App& app, Invocation& invocation);
int run_make_test(const MakeTestOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_test(const Project& project, const MakeTestOptions& options, const std::filesystem::path& library);

struct MakeCommandOptions {
  std::string name;
  GeneratorFlags flags;
};
std::shared_ptr<MakeCommandOptions> setup_make_command(CLI::App& app, Invocation& invocation);
int run_make_command(const MakeCommandOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_command(const Project& project, const MakeCommandOptions& options,
                                    const std::filesystem::path& library);

struct MakeFormOptions {
  std::string name;
  std::string app;
  std::string model;                 ///< a model form over this model of `app`
  std::vector<std::string> fields;   ///< NAME:TYPE; with `model`, field names
  GeneratorFlags flags;
};
std::shared_ptr<MakeFormOptions> setup_make_form(CLI::App& app, Invocation& invocation);
int run_make_form(const MakeFormOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_form(const Project& project, const MakeFormOptions& options, const std::filesystem::path& library);

struct MakeCrudOptions {
  std::string app;
  std::string model;
  bool login_required = false;  ///< anyone reads; writing takes a logged-in user
  GeneratorFlags flags;
};
std::shared_ptr<MakeCrudOptions> setup_make_crud(CLI::App& app, Invocation& invocation);
int run_make_crud(const MakeCrudOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_crud(const Project& project, const MakeCrudOptions& options, const std::filesystem::path& library);

// make:viewset APP MODEL and make:serializer APP MODEL: the REST plugin's
// viewset (mounted by src/api.cpp, which the first one writes) and serializer.
struct MakeRestOptions {
  std::string app;
  std::string model;
  GeneratorFlags flags;
};
std::shared_ptr<MakeRestOptions> setup_make_viewset(CLI::App& app, Invocation& invocation);
std::shared_ptr<MakeRestOptions> setup_make_serializer(CLI::App& app, Invocation& invocation);
int run_make_viewset(const MakeRestOptions& options, const GlobalOptions& global);
int run_make_serializer(const MakeRestOptions& options, const GlobalOptions& global);
ProjectGeneration plan_make_viewset(const Project& project, const MakeRestOptions& options, const std::filesystem::path& library);
ProjectGeneration plan_make_serializer(const Project& project, const MakeRestOptions& options, const std::filesystem::path& library);

/**
 * What a project template's template.toml asks of the generators: `generate`,
 * make:* command lines run in order, and the template's own sources for the
 * project's targets (app_sources, test_sources).
 */
struct TemplateGenerators {
  std::vector<std::string> generate;
  std::vector<std::string> app_sources;
  std::vector<std::string> test_sources;
};
/**
 * Runs them on the project at `root` (a staged new one), writing as the verbs
 * would but quietly; returns the new files' paths. Throws CliError naming the
 * line, e.g. when a generator's file is already there (a template's own copy).
 */
std::vector<std::filesystem::path> run_template_generators(const std::filesystem::path& root, const TemplateGenerators& generators,
                                                           const std::filesystem::path& library);

struct RunOptions {
  std::vector<std::string> words;  ///< NAME and its arguments; empty: list the commands
  bool release = false;
};
std::shared_ptr<RunOptions> setup_run(CLI::App& app, Invocation& invocation);
int run_run(const RunOptions& options, const GlobalOptions& global);
/**
 * The command line with "--" put before `run`'s NAME, so the command's own
 * flags reach it: {"cpprustango", "run", "import", "--dry-run"} ->
 * {"cpprustango", "run", "--", "import", "--dry-run"}. Other verbs are unchanged.
 */
std::vector<std::string> command_line_for_run(std::vector<std::string> args);

struct CheckOptions {};
std::shared_ptr<CheckOptions> setup_check(CLI::App& app, Invocation& invocation);
int run_check(const CheckOptions& options, const GlobalOptions& global);

struct MakemigrationsOptions {
  std::string name;
  bool empty = false;
  bool check = false;
  bool dry_run = false;
  bool merge = false;
  std::vector<std::string> renames;  ///< OLD=NEW
};
std::shared_ptr<MakemigrationsOptions> setup_makemigrations(CLI::App& app, Invocation& invocation);
int run_makemigrations(const MakemigrationsOptions& options, const GlobalOptions& global);

struct MigrateOptions {
  std::string target;  ///< empty: everything
  bool plan = false;
  bool dry_run = false;
  bool fake = false;
  bool yes = false;
  std::optional<std::string> database;
};
std::shared_ptr<MigrateOptions> setup_migrate(CLI::App& app, Invocation& invocation);
int run_migrate(const MigrateOptions& options, const GlobalOptions& global);

struct ShowmigrationsOptions {
  std::optional<std::string> database;
};
std::shared_ptr<ShowmigrationsOptions> setup_showmigrations(CLI::App& app, Invocation& invocation);
int run_showmigrations(const ShowmigrationsOptions& options, const GlobalOptions& global);

struct SqlmigrateOptions {
  std::string name;
  bool backwards = false;
  std::optional<std::string> database;
};
std::shared_ptr<SqlmigrateOptions> setup_sqlmigrate(CLI::App& app, Invocation& invocation);
int run_sqlmigrate(const SqlmigrateOptions& options, const GlobalOptions& global);

struct DowngradeOptions {
  int count = 1;
  bool yes = false;
  std::optional<std::string> database;
};
std::shared_ptr<DowngradeOptions> setup_downgrade(CLI::App& app, Invocation& invocation);
int run_downgrade(const DowngradeOptions& options, const GlobalOptions& global);
struct InspectdbOptions {
  std::optional<std::string> database;  ///< --database URL; else DATABASE_URL, else the project's settings
  std::string app;                      ///< writes apps/APP/models.schema
  std::vector<std::string> tables;      ///< only these tables
  std::vector<std::string> schemas;     ///< PostgreSQL schemas (default: public)
  bool include_views = false;
  bool managed = false;
  bool to_stdout = false;
  bool force = false;
  bool next_step = true;  ///< ends with "Next: cpprustango build"; off when a larger command goes on to build
};
std::shared_ptr<InspectdbOptions> setup_inspectdb(CLI::App& app, Invocation& invocation);
int run_inspectdb(const InspectdbOptions& options, const GlobalOptions& global);

struct CreatesuperuserOptions {
  std::string username;
  std::string email;
  std::string database;  ///< --database URL; empty: DATABASE_URL, then config
  bool password_stdin = false;
  bool generate = false;
  bool no_input = false;
  /** A password the caller already has (the wizard's hidden prompt); never a flag. */
  std::optional<std::string> password;
};
std::shared_ptr<CreatesuperuserOptions> setup_createsuperuser(CLI::App& app, Invocation& invocation);
int run_createsuperuser(const CreatesuperuserOptions& options, const GlobalOptions& global);

struct CreateapikeyOptions {
  std::string username;
  std::string name;
  std::optional<int> expires_days;  ///< --expires DAYS; unset: never
  std::string database;             ///< --database URL; empty: DATABASE_URL, then config
};
std::shared_ptr<CreateapikeyOptions> setup_createapikey(CLI::App& app, Invocation& invocation);
int run_createapikey(const CreateapikeyOptions& options, const GlobalOptions& global);

struct CompletionOptions {
  std::string shell;
};
std::shared_ptr<CompletionOptions> setup_completion(CLI::App& app, Invocation& invocation);
/** Prints a completion script generated from `root`, the fully set-up parser. */
int run_completion(const CompletionOptions& options, const CLI::App& root);

struct CodegenOptions {
  std::string app;
  std::filesystem::path schema;
  std::filesystem::path output;
  std::filesystem::path source;  ///< empty: output with .cpp
  std::string backend;  ///< "", "sqlite" or "postgresql"
};
std::shared_ptr<CodegenOptions> setup_codegen(CLI::App& app, Invocation& invocation);
int run_codegen(const CodegenOptions& options, const GlobalOptions& global);

}  // namespace cpprustango::cli
