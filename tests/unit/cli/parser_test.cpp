// The CLI parser in-process: verbs, flags, defaults, and usage errors.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "commands/commands.hpp"
#include "support/address.hpp"
#include "support/errors.hpp"
#include "test_support/held_port.hpp"

namespace cpprustango::cli {
namespace {

TEST(NewParser, DefaultsToTheDefaultTemplateAndSqlite) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_new(app, invocation);
  app.parse("new blog");
  EXPECT_EQ(options->name, "blog");
  EXPECT_EQ(options->template_name, "default");
  EXPECT_EQ(options->database, "sqlite");
  EXPECT_FALSE(options->dir.has_value());
  EXPECT_FALSE(options->no_git);
  EXPECT_FALSE(options->force);
  EXPECT_TRUE(invocation.action);
}

TEST(NewParser, ReadsEveryFlag) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_new(app, invocation);
  app.parse("new shop --template minimal --database postgres --dir /tmp/shop --no-git --force --from /srv/tpl.git");
  EXPECT_EQ(options->template_name, "minimal");
  EXPECT_EQ(options->database, "postgres");
  EXPECT_EQ(options->dir, std::filesystem::path("/tmp/shop"));
  EXPECT_EQ(options->from, "/srv/tpl.git");
  EXPECT_TRUE(options->no_git);
  EXPECT_TRUE(options->force);
}

TEST(NewParser, RejectsATemplateThatCannotBeAName) {
  CLI::App app;
  Invocation invocation;
  setup_new(app, invocation);
  EXPECT_THROW(app.parse("new blog --template ../elsewhere"), CLI::ValidationError);
}

TEST(NewParser, ReadsTheSetupFlagsAndNotesWhichWereGiven) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_new(app, invocation);
  app.parse("new shop --adopt sqlite:legacy.db --app legacy --table a --table b --managed --superuser ann "
            "--email ann@example.com --password-stdin --no-build --yes -i");
  EXPECT_EQ(options->adopt, "sqlite:legacy.db");
  EXPECT_EQ(options->app, "legacy");
  EXPECT_EQ(options->tables, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(options->managed && options->password_stdin && options->no_build && options->yes && options->interactive);
  EXPECT_EQ(options->superuser, "ann");
  EXPECT_EQ(options->email, "ann@example.com");
  EXPECT_TRUE(options->guided());
  EXPECT_TRUE(options->was_given("--table"));
  EXPECT_FALSE(options->was_given("--template"));
}

TEST(NewParser, ANameIsOptionalForTheWizard) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_new(app, invocation);
  app.parse("new");
  EXPECT_TRUE(options->name.empty());
  EXPECT_FALSE(options->guided());
}

TEST(WizardParser, IsAlsoCalledInitAndTakesTheFlagsOfNew) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_wizard(app, invocation);
  app.parse("init shop --template minimal --yes");
  EXPECT_EQ(options->name, "shop");
  EXPECT_TRUE(options->yes);
  EXPECT_TRUE(invocation.action);
}

TEST(RunserverParser, TakesAnAddressAndFlags) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_runserver(app, invocation);
  app.parse("runserver 0.0.0.0:9000 --no-reload --release");
  EXPECT_EQ(options->address, "0.0.0.0:9000");
  EXPECT_TRUE(options->no_reload);
  EXPECT_TRUE(options->release);
}

TEST(RunserverParser, TimingsGoWithReloadOnly) {
  {
    CLI::App app;
    Invocation invocation;
    auto options = setup_runserver(app, invocation);
    app.parse("runserver --timings");
    EXPECT_TRUE(options->timings);
  }
  CLI::App app;
  Invocation invocation;
  setup_runserver(app, invocation);
  EXPECT_THROW(app.parse("runserver --timings --no-reload"), CLI::ExcludesError);
}

TEST(RunserverParser, DefaultsToLoopbackPort8000) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_runserver(app, invocation);
  app.parse("runserver");
  EXPECT_EQ(options->address, "127.0.0.1:8000");
  EXPECT_FALSE(options->no_reload);
}

TEST(GlobalParser, AcceptsGlobalFlagsAfterTheVerb) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  app.parse("build -v --color never");
  EXPECT_TRUE(invocation.global.verbose);
  EXPECT_EQ(invocation.global.color, "never");
  EXPECT_TRUE(invocation.action);
}

TEST(GlobalParser, VerboseAndQuietExcludeEachOther) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  EXPECT_THROW(app.parse("-v -q about"), CLI::ExcludesError);
}

TEST(GlobalParser, RejectsAnUnknownVerb) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  EXPECT_THROW(app.parse("frobnicate"), CLI::ParseError);
}

TEST(GlobalParser, RegistersOnlyImplementedVerbs) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  EXPECT_EQ(names, (std::vector<std::string>{"new", "wizard", "build", "test", "runserver", "make:app", "make:model",
                                             "make:view", "make:middleware", "make:command", "make:test", "make:form",
                                             "make:crud", "make:viewset", "make:serializer", "run", "makemigrations", "migrate", "showmigrations", "sqlmigrate", "downgrade",
                                             "check", "inspectdb", "createsuperuser", "createapikey", "about", "completion", "codegen"}));
}

TEST(CreatesuperuserParser, GenerateAndPasswordStdinExcludeEachOther) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_createsuperuser(app, invocation);
  app.parse("createsuperuser --username ann --email ann@example.com --generate --no-input --database sqlite::memory:");
  EXPECT_EQ(options->username, "ann");
  EXPECT_EQ(options->email, "ann@example.com");
  EXPECT_TRUE(options->generate);
  EXPECT_TRUE(options->no_input);
  EXPECT_EQ(options->database, "sqlite::memory:");
  CLI::App again;
  Invocation second;
  setup_createsuperuser(again, second);
  EXPECT_THROW(again.parse("createsuperuser --generate --password-stdin"), CLI::ExcludesError);
}

TEST(MakeParser, VerbsWithAColonParse) {
  CLI::App app;
  Invocation invocation;
  auto make_app = setup_make_app(app, invocation);
  auto make_model = setup_make_model(app, invocation);
  app.parse("make:model blog Post --field title:string(200) --field body:text? --dry-run");
  EXPECT_EQ(make_model->app, "blog");
  EXPECT_EQ(make_model->name, "Post");
  EXPECT_EQ(make_model->fields, (std::vector<std::string>{"title:string(200)", "body:text?"}));
  EXPECT_TRUE(make_model->dry_run);
  CLI::App again;
  Invocation second;
  auto app_options = setup_make_app(again, second);
  again.parse("make:app shop --force");
  EXPECT_EQ(app_options->name, "shop");
  EXPECT_TRUE(app_options->force);
  (void)make_app;
}

TEST(InspectdbParser, ReadsEveryFlagAndRepeatsTablesAndSchemas) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_inspectdb(app, invocation);
  app.parse("inspectdb --database sqlite:legacy.db --app legacy --table a --table b --schema public --schema sales "
            "--include-views --managed --stdout --force");
  EXPECT_EQ(options->database, "sqlite:legacy.db");
  EXPECT_EQ(options->app, "legacy");
  EXPECT_EQ(options->tables, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(options->schemas, (std::vector<std::string>{"public", "sales"}));
  EXPECT_TRUE(options->include_views && options->managed && options->to_stdout && options->force);
}

TEST(InspectdbParser, DefaultsReadNothingSpecial) {
  CLI::App app;
  Invocation invocation;
  auto options = setup_inspectdb(app, invocation);
  app.parse("inspectdb --stdout");
  EXPECT_FALSE(options->database.has_value());
  EXPECT_TRUE(options->tables.empty() && options->schemas.empty());
  EXPECT_FALSE(options->include_views || options->managed || options->force);
}

TEST(GlobalParser, NoVerbSelectsNoAction) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  app.parse("");
  EXPECT_FALSE(invocation.action);
}

int run_cli_with(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  return run_cli(static_cast<int>(argv.size()), argv.data());
}

TEST(ExitCodes, VersionExitsZero) { EXPECT_EQ(run_cli_with({"cpprustango", "--version"}), 0); }
TEST(ExitCodes, UnknownFlagIsAUsageError) { EXPECT_EQ(run_cli_with({"cpprustango", "build", "--nope"}), 2); }
TEST(ExitCodes, UnknownVerbIsAUsageError) { EXPECT_EQ(run_cli_with({"cpprustango", "frobnicate"}), 2); }
TEST(ExitCodes, InspectdbWithoutAppOrStdoutIsAUsageError) {
  EXPECT_EQ(run_cli_with({"cpprustango", "inspectdb", "--database", "sqlite::memory:"}), 2);
}
TEST(ExitCodes, BadProjectNameIsAnError) {
  EXPECT_EQ(run_cli_with({"cpprustango", "-q", "new", "not-valid", "--dir", "/nonexistent/x"}), 1);
}

TEST(ListenAddress, ParsesHostAndPort) {
  const auto address = parse_listen_address("0.0.0.0:9000");
  EXPECT_EQ(address.host, "0.0.0.0");
  EXPECT_EQ(address.port, 9000);
  EXPECT_EQ(address.url(), "http://0.0.0.0:9000/");
}

TEST(ListenAddress, PortAloneKeepsLoopback) {
  const auto address = parse_listen_address("8080");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, 8080);
}

TEST(ListenAddress, BracketedIpv6) {
  const auto address = parse_listen_address("[::1]:8000");
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.url(), "http://[::1]:8000/");
}

TEST(ListenAddress, RejectsBadPorts) {
  for (const char* bad : {"", "abc", "0", "65536", "127.0.0.1:", ":8000", "127.0.0.1:80x"}) {
    EXPECT_THROW(parse_listen_address(bad), UsageError) << bad;
  }
}

TEST(ListenAddress, ReportsATakenPortAndAnUnknownHost) {
  test_support::HeldPort held;
  const ListenAddress taken{"127.0.0.1", held.port()};

  const auto problem = listen_problem(taken);
  held.release();
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem, "address already in use");
  EXPECT_EQ(listen_problem(taken), std::nullopt);
  EXPECT_TRUE(listen_problem(ListenAddress{"nosuchhost.invalid", 8000}).has_value());
}

TEST(Completion, BashScriptKnowsVerbsFlagsAndChoices) {
  CLI::App app;
  Invocation invocation;
  setup_cli(app, invocation);
  app.parse("completion bash");
  testing::internal::CaptureStdout();
  ASSERT_EQ(invocation.action(), 0);
  const std::string script = testing::internal::GetCapturedStdout();
  EXPECT_NE(script.find("complete -F _cpprustango cpprustango"), std::string::npos);
  EXPECT_NE(script.find("runserver"), std::string::npos);
  EXPECT_NE(script.find("--no-git"), std::string::npos);
  EXPECT_NE(script.find("auto always never"), std::string::npos);
}

}  // namespace
}  // namespace cpprustango::cli
