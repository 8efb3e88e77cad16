// The wizard's flow in-process with scripted answers: the questions fill the
// same NewOptions as new's flags, given flags skip their questions, the
// summary and the equivalent command come from that struct, and a password
// never appears in the command or the committed settings.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cpprustango/config/settings.hpp"
#include "support/secrets.hpp"
#include "test_support/temp_dir.hpp"
#include "wizard/new_project.hpp"
#include "wizard/next_steps.hpp"
#include "wizard/plan.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::wizard {
namespace {

const std::vector<TemplateInfo> kTemplates = {{"default", "Server-rendered HTML pages"}, {"minimal", "The smallest"}};

/** Runs the questions in a fresh folder (the project folder must not exist there). */
class WizardFlow : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = fs::current_path();
    fs::current_path(dir_.path());
  }
  void TearDown() override { fs::current_path(previous_); }

  bool ask(std::string_view keys, bool live = true) {
    prompt::ScriptedInput input(keys, live);
    prompt::Prompter prompter(input, output_);
    return ask_new_project(prompter, options_, kTemplates);
  }

  test_support::TempDir dir_;
  fs::path previous_;
  NewOptions options_;
  prompt::StringOutput output_;
};

TEST_F(WizardFlow, EnterEverywhereGivesASqliteProjectFromTheDefaultTemplate) {
  EXPECT_TRUE(ask("\r\r\r\r\r"));
  EXPECT_EQ(options_.name, "mysite");
  EXPECT_EQ(options_.template_name, "default");
  EXPECT_EQ(options_.database, "sqlite");
  EXPECT_TRUE(options_.superuser.empty());
  EXPECT_NE(output_.text().find("Same thing without the wizard:\n"
                                "  cpprustango new mysite --template default --database sqlite --yes\n"),
            std::string::npos)
      << output_.text();
}

TEST_F(WizardFlow, TheDefaultNameSkipsAFolderThatExists) {
  fs::create_directory(dir_.path() / "mysite");
  dir_.write("mysite/keep", "x");
  EXPECT_TRUE(ask("\r\r\r\r\r"));
  EXPECT_EQ(options_.name, "mysite2");
}

TEST_F(WizardFlow, ABadOrTakenNameIsAskedAgainWithTheReason) {
  dir_.write("taken/file", "x");
  EXPECT_TRUE(ask("my-site\rtaken\rtest\rshop\r\r\r\r\r"));
  EXPECT_EQ(options_.name, "shop");
  const auto& text = output_.text();
  EXPECT_NE(text.find("'my-site' is not a valid project name"), std::string::npos) << text;
  EXPECT_NE(text.find("a folder taken already exists here"), std::string::npos) << text;
  EXPECT_NE(text.find("'test' is reserved"), std::string::npos) << text;
}

TEST_F(WizardFlow, TheTemplateMenuListsEachTemplatesDescription) {
  EXPECT_TRUE(ask("shop\r\x1b[B\r\r\r\r"));
  EXPECT_EQ(options_.template_name, "minimal");
  EXPECT_NE(output_.text().find("1) default  Server-rendered HTML pages"), std::string::npos) << output_.text();
}

TEST_F(WizardFlow, TheNumberedFallbackAsksTheSameQuestions) {
  EXPECT_TRUE(ask("shop\n2\n1\n\n\n", /*live=*/false));
  EXPECT_EQ(options_.template_name, "minimal");
  EXPECT_EQ(options_.database, "sqlite");
  EXPECT_NE(output_.text().find("Choose 1-3 [1]: "), std::string::npos) << output_.text();
}

TEST_F(WizardFlow, AnAdminUserIsAskedWithAHiddenStrengthCheckedPasswordTypedTwice) {
  EXPECT_TRUE(
      ask("shop\r\r\ry\rann\rann@example.com\rshort\rGood-pass-123\rother-pass-99\r"
          "Good-pass-123\rGood-pass-123\r\r"));
  EXPECT_EQ(options_.superuser, "ann");
  EXPECT_EQ(options_.email, "ann@example.com");
  EXPECT_EQ(options_.superuser_password, "Good-pass-123");
  const auto& text = output_.text();
  EXPECT_NE(text.find("too short"), std::string::npos) << text;
  EXPECT_NE(text.find("the passwords do not match"), std::string::npos) << text;
  EXPECT_EQ(text.find("Good-pass"), std::string::npos) << "the password is never shown";
  EXPECT_NE(text.find("--superuser ann --email ann@example.com --password-stdin --yes"), std::string::npos) << text;
  EXPECT_NE(text.find("(with the admin password as the first line of stdin)"), std::string::npos) << text;
}

TEST_F(WizardFlow, GivenFlagsSkipTheirQuestions) {
  options_.name = "shop";
  options_.template_name = "minimal";
  options_.given = {"NAME", "--template", "--database"};
  EXPECT_TRUE(ask("\r\r"));
  const auto& text = output_.text();
  EXPECT_EQ(text.find("Project name"), std::string::npos) << text;
  EXPECT_EQ(text.find("? Template"), std::string::npos) << text;
  EXPECT_EQ(text.find("? Database"), std::string::npos) << text;
  EXPECT_NE(text.find("cpprustango new shop --template minimal --database sqlite --yes"), std::string::npos) << text;
}

TEST_F(WizardFlow, DecliningCreatesNothingAndCtrlCCancelsAnywhere) {
  EXPECT_FALSE(ask("\r\r\r\rn\r"));
  for (const std::string keys : {"\x03", "shop\r\x03", "shop\r\r\x1b[B\x03", "shop\r\r\r\x04", "shop\r\r\ry\r\x03"}) {
    options_ = {};
    EXPECT_THROW(ask(keys), prompt::Cancelled) << keys;
  }
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(WizardFlow, AdoptingAskedForASqliteFileChecksItExists) {
  // A missing file is refused with the reason and asked again; Ctrl-C then stops.
  EXPECT_THROW(ask("shop\r\r\x1b[B\x1b[B\rno-such.sqlite\r\x03"), prompt::Cancelled);
  EXPECT_NE(output_.text().find("no SQLite database at " + (dir_.path() / "no-such.sqlite").string()),
            std::string::npos)
      << output_.text();
}

TEST(EquivalentCommand, NamesEveryAnswerAndNeverAPassword) {
  NewOptions options;
  options.name = "shop";
  options.template_name = "minimal";
  options.adopt = "postgresql://app:p%40ss@db.example:5433/legacy";
  options.app = "legacy";
  options.schemas = {"public", "sales"};
  options.tables = {"film", "actor"};
  options.managed = true;
  options.superuser = "ann";
  options.no_build = true;
  const std::string command = equivalent_command(options);
  EXPECT_EQ(command,
            "cpprustango new shop --template minimal --adopt \"postgresql://app:${PGPASSWORD}@db.example:5433/legacy\" "
            "--app legacy --schema public --schema sales --table film --table actor --managed --superuser ann "
            "--password-stdin --no-build --yes");
  EXPECT_EQ(adoption(options, options.adopt).schemas, (std::vector<std::string>{"public", "sales"}));
  EXPECT_EQ(equivalent_command_note(options),
            "(with PGPASSWORD set to the database password, and the admin password as the first line of stdin)");
  for (const auto& line : summary(options)) EXPECT_EQ(line.find("p%40ss"), std::string::npos) << line;
}

TEST(EquivalentCommand, QuotesWhatTheShellWouldSplit) {
  NewOptions options;
  options.name = "shop";
  options.database = "sqlite:/tmp/my files/db.sqlite3";
  options.dir = "/tmp/it's here";
  EXPECT_EQ(equivalent_command(options),
            "cpprustango new shop --template default --database 'sqlite:/tmp/my files/db.sqlite3' "
            "--dir '/tmp/it'\\''s here' --yes");
}

TEST(Plan, AppNamesComeFromTheDatabaseName) {
  EXPECT_EQ(app_name_for("Chinook_Sqlite"), "chinook_sqlite");
  EXPECT_EQ(app_name_for("pagila-2024"), "pagila_2024");
  EXPECT_EQ(app_name_for("2024data"), "db_2024data");
  EXPECT_EQ(app_name_for(""), "legacy");
  EXPECT_EQ(app_name_for("test"), "legacy");
}

TEST(Plan, WithoutATerminalTheOneLineNamesTheFlagsStillMissing) {
  NewOptions options;
  EXPECT_EQ(unanswered_flags(options),
            "NAME, --template, --database or --adopt URL, --superuser NAME (for an admin user)");
  options.name = "shop";
  options.adopt = "sqlite:/x.db";
  options.given = {"--template"};
  EXPECT_EQ(unanswered_flags(options), "--app, --superuser NAME (for an admin user)");
}

TEST(Secrets, APasswordMovesFromTheUrlToDotenv) {
  EXPECT_EQ(without_password("postgresql://bob:pw@db:5432/app?sslmode=require"),
            "postgresql://bob@db:5432/app?sslmode=require");
  EXPECT_EQ(without_password("sqlite:var/db.sqlite3"), "sqlite:var/db.sqlite3");
  EXPECT_FALSE(has_password("postgresql://bob@db/app"));
  EXPECT_TRUE(has_password("postgresql://bob:@db/app"));
  EXPECT_EQ(with_password("postgresql://bob@db/app", "p@ss:/w"), "postgresql://bob:p%40ss%3A%2Fw@db/app");
  EXPECT_EQ(with_dbname("postgresql://bob:pw@db:5/app?x=1", "postgres"), "postgresql://bob:pw@db:5/postgres?x=1");
  EXPECT_EQ(with_dbname("postgresql://db", "shop"), "postgresql://db/shop");
}

TEST(Secrets, SettingsReadDotenvBetweenTheConfigFilesAndTheEnvironment) {
  test_support::TempDir dir;
  dir.write("config/default.toml", "[database]\nurl = \"postgresql://bob@db/app\"\n[server]\nport = 8000\n");
  dir.write(".env", dotenv_text("postgresql://bob:pw@db/app") + "CPPRUSTANGO__SERVER__PORT=9000\nOTHER=ignored\n");
  const auto settings = config::Settings::load(dir.path(), "dev");
  EXPECT_EQ(settings.string_or("database.url", ""), "postgresql://bob:pw@db/app");
  EXPECT_EQ(settings.integer_or("server.port", 0), 9000);
  EXPECT_FALSE(settings.contains("other"));
}

TEST(FieldTypes, ComeFromTheSchemaCatalogueWithPostgresOnlyOnesOnPostgres) {
  const auto sqlite = field_type_choices(false);
  const auto postgres = field_type_choices(true);
  EXPECT_EQ(sqlite.size(), 23U);
  EXPECT_EQ(postgres.size(), 33U);
  EXPECT_EQ(sqlite[12].name, "timestamp");
  EXPECT_EQ(postgres.back().name, "timetz");
  EXPECT_EQ(sqlite[7].name, "string");
  EXPECT_EQ(sqlite[7].description, "(Longest length)");
}

}  // namespace
}  // namespace cpprustango::cli::wizard
