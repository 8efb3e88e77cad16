// `cpprustango new` and the quick verbs, run as the installed binary:
// what the user sees on stdout/stderr, the exit code, and what is on disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/subprocess.hpp"

namespace fs = std::filesystem;

namespace e2e {
namespace {

// An error is one "error: ..." line on stderr and nothing on stdout.
void expect_one_error_line(const Result& result, const std::string& fragment) {
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(result.err.starts_with("error: ")) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST(Cli, VersionPrintsTheVersion) {
  const auto result = run({cpprustango(), "--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "cpprustango 0.1.0\n");
}

TEST(Cli, HelpListsTheVerbs) {
  const auto result = run({cpprustango(), "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* verb : {"new", "build", "test", "runserver", "about", "completion"}) {
    EXPECT_NE(result.out.find(verb), std::string::npos) << verb;
  }
}

TEST(Cli, UnknownVerbIsAUsageError) {
  const auto result = run({cpprustango(), "frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("frobnicate"), std::string::npos) << result.err;
}

TEST(New, CreatesAProjectWithOneCommit) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog"}, {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("cd blog"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("cpprustango runserver"), std::string::npos) << result.out;
  const fs::path project = dir.path() / "blog";
  for (const char* file : {"cpprustango.toml", "CMakeLists.txt", "src/main.cpp", "src/views.cpp", "config/default.toml",
                           "config/dev.toml", "config/prod.toml", "templates/welcome.html", "static/css/site.css",
                           "tests/test_views.cpp", ".gitignore", "README.md"}) {
    EXPECT_TRUE(fs::is_regular_file(project / file)) << file;
  }
  EXPECT_NE(read_file(project / "config/default.toml").find("sqlite:var/db.sqlite3"), std::string::npos);
  const auto log = run({"git", "log", "--oneline"}, {.cwd = project});
  EXPECT_EQ(log.exit_code, 0) << log.err;
  EXPECT_EQ(std::count(log.out.begin(), log.out.end(), '\n'), 1) << log.out;
  const auto status = run({"git", "status", "--porcelain"}, {.cwd = project});
  EXPECT_EQ(status.out, "") << "everything is committed";
  // Nothing but the project is left next to it (no staging folders).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(New, NoGitMakesNoRepository) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog", "--no-git"}, {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(dir.path() / "blog" / "cpprustango.toml"));
  EXPECT_FALSE(fs::exists(dir.path() / "blog" / ".git"));
}

TEST(New, DirAndPostgresChooseWhereAndWhichDatabase) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "shop", "--dir", "work/shop-site", "--database", "postgres", "--no-git"},
                          {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto config = read_file(dir.path() / "work/shop-site/config/default.toml");
  EXPECT_NE(config.find("postgresql://localhost/shop"), std::string::npos) << config;
}

TEST(New, MinimalTemplateHasNoHtmlTemplates) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "api", "--template", "minimal", "--no-git"}, {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(dir.path() / "api/src/views.cpp"));
  EXPECT_FALSE(fs::exists(dir.path() / "api/templates"));
}

TEST(New, IntoANonEmptyFolderFailsAndChangesNothing) {
  TempDir dir;
  fs::create_directories(dir.path() / "blog");
  std::ofstream(dir.path() / "blog" / "notes.txt") << "precious";
  const auto before = snapshot(dir.path());
  const auto result = run({cpprustango(), "new", "blog"}, {.cwd = dir.path()});
  expect_one_error_line(result, "--force");
  EXPECT_EQ(snapshot(dir.path()), before);
}

TEST(New, ForceWritesIntoAnExistingFolderAndKeepsOtherFiles) {
  TempDir dir;
  fs::create_directories(dir.path() / "blog");
  std::ofstream(dir.path() / "blog" / "notes.txt") << "precious";
  const auto result = run({cpprustango(), "new", "blog", "--force"}, {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir.path() / "blog" / "notes.txt"), "precious");
  EXPECT_TRUE(fs::exists(dir.path() / "blog" / "cpprustango.toml"));
}

TEST(New, InvalidNameFailsAndCreatesNothing) {
  TempDir dir;
  for (const char* name : {"my-site", "2fast", "class", "test"}) {
    const auto result = run({cpprustango(), "new", name}, {.cwd = dir.path()});
    expect_one_error_line(result, name);
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(New, UnwritablePathFailsAndCreatesNothing) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog", "--dir", "/proc/blog"}, {.cwd = dir.path()});
  expect_one_error_line(result, "/proc");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(New, UnknownDatabaseIsAnError) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog", "--database", "mysql://x"}, {.cwd = dir.path()});
  expect_one_error_line(result, "mysql://x");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(New, UnknownTemplateIsAUsageError) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog", "--template", "nosuch"}, {.cwd = dir.path()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(New, FromAGitRepositoryUsesItsTemplate) {
  TempDir dir;
  const fs::path repo = dir.path() / "template-repo";
  fs::create_directories(repo);
  std::ofstream(repo / "template.toml") << "extends = \"minimal\"\n";
  std::ofstream(repo / "EXTRA.md.tmpl") << "Hello from {{{project_name}}}\n";
  ASSERT_TRUE(commit_all(repo));

  const auto result = run({cpprustango(), "new", "blog", "--from", repo.string()}, {.cwd = dir.path()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(dir.path() / "blog" / "EXTRA.md"), "Hello from blog\n");
  EXPECT_TRUE(fs::exists(dir.path() / "blog" / "src" / "main.cpp"));
  EXPECT_FALSE(fs::exists(dir.path() / "blog" / "template.toml"));
  // Only the template repo and the project: the clone was cleaned up.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

// A template's generators run before the project appears: one that fails
// (here a model the template's schema lacks) leaves no folder behind.
TEST(New, AFailingTemplateGeneratorIsOneLineAndCreatesNothing) {
  TempDir dir;
  const fs::path repo = dir.path() / "template-repo";
  fs::create_directories(repo / "apps/shop");
  std::ofstream(repo / "template.toml") << "extends = \"minimal\"\ngenerate = [\"make:crud shop Item\", \"make:crud shop Nope\"]\n";
  std::ofstream(repo / "cpprustango.toml.tmpl") << "[project]\nname = \"{{{project_name}}}\"\n\n[apps]\ninstalled = [\"shop\"]\n";
  std::ofstream(repo / "apps/shop/models.schema") << "model Item {\n  name string(80)\n}\n";
  ASSERT_TRUE(commit_all(repo));

  const auto result = run({cpprustango(), "new", "site", "--from", repo.string()}, {.cwd = dir.path()});
  expect_one_error_line(result, "the project template's `make:crud shop Nope`: no model Nope in apps/shop/models.schema");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1) << "only the template repo";

  // With the bad line gone, the same template makes a project with Item's pages.
  std::ofstream(repo / "template.toml") << "extends = \"minimal\"\ngenerate = [\"make:crud shop Item\"]\n";
  ASSERT_TRUE(commit_all(repo));
  const auto made = run({cpprustango(), "new", "site", "--from", repo.string()}, {.cwd = dir.path()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(read_file(dir.path() / "site/src/urls.cpp").find("shop::add_items_pages(app);"), std::string::npos);
  const auto status = run({"git", "status", "--porcelain"}, {.cwd = dir.path() / "site"});
  EXPECT_EQ(status.out, "") << "the generated files are in the first commit";
}

TEST(New, FromAMissingRepositoryFailsAndCreatesNothing) {
  TempDir dir;
  const auto result = run({cpprustango(), "new", "blog", "--from", (dir.path() / "nope").string()}, {.cwd = dir.path()});
  expect_one_error_line(result, "cannot clone");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Project, BuildOutsideAProjectSaysHowToStartOne) {
  TempDir dir;
  const auto result = run({cpprustango(), "build"}, {.cwd = dir.path()});
  expect_one_error_line(result, "cpprustango new NAME");
}

TEST(Runserver, TakenPortFailsBeforeBuilding) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "blog", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  test_support::HeldPort held;
  const std::string port = std::to_string(held.port());

  const auto result = run({cpprustango(), "runserver", "127.0.0.1:" + port, "--no-reload"}, {.cwd = dir.path() / "blog"});
  held.release();
  expect_one_error_line(result, "already in use");
  EXPECT_FALSE(fs::exists(dir.path() / "blog" / "build"));
}

TEST(Runserver, BadAddressIsAUsageError) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "blog", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const auto result = run({cpprustango(), "runserver", "localhost:99999", "--no-reload"}, {.cwd = dir.path() / "blog"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("99999"), std::string::npos) << result.err;
}

TEST(About, ShowsTheInstallationAndTheProject) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "blog", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const auto outside = run({cpprustango(), "about"}, {.cwd = dir.path()});
  EXPECT_EQ(outside.exit_code, 0);
  EXPECT_NE(outside.out.find("api, default, fullstack, minimal"), std::string::npos) << outside.out;
  EXPECT_NE(outside.out.find("No project here"), std::string::npos) << outside.out;
  const auto inside = run({cpprustango(), "--project", (dir.path() / "blog").string(), "about"}, {.cwd = dir.path()});
  EXPECT_EQ(inside.exit_code, 0) << inside.err;
  EXPECT_NE(inside.out.find("Project blog"), std::string::npos) << inside.out;
  EXPECT_NE(inside.out.find("sqlite:var/db.sqlite3"), std::string::npos) << inside.out;
}

TEST(Completion, BashScriptIsValidBash) {
  TempDir dir;
  const auto script = run({cpprustango(), "completion", "bash"});
  ASSERT_EQ(script.exit_code, 0);
  std::ofstream(dir.path() / "c.bash") << script.out;
  EXPECT_EQ(run({"bash", "-n", (dir.path() / "c.bash").string()}).exit_code, 0);
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

// The fullstack template: a blog with accounts that builds with every
// warning an error, passes its own tests, and migrates with the migration it
// ships.
TEST(NewFullstack, BuildsPassesItsTestsAndMigrates) {
  TempDir dir;
  const auto created = run({cpprustango(), "new", "shop", "--template", "fullstack", "--no-git"}, {.cwd = dir.path()});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto project = dir.path() / "shop";
  EXPECT_NE(read_file(project / "cpprustango.toml").find("installed = [\"blog\"]"), std::string::npos);
  EXPECT_NE(read_file(project / "templates/welcome.html").find("href=\"/blog/posts/\""), std::string::npos);
  const auto tested = run({cpprustango(), "test"}, {.cwd = project, .env = {{"CXXFLAGS", "-Wall -Wextra -Werror"}}});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
  EXPECT_NE(tested.out.find("100% tests passed"), std::string::npos) << tested.out;
  for (const char* name : {"AccountsTest.SignUpLogsTheNewUserIn", "BlogPostsPagesTest.AnonymousVisitorsReadButDoNotWrite",
                           "BlogPostsPagesTest.DeleteAsksThenDeletes"}) {
    EXPECT_NE(tested.out.find(name), std::string::npos) << name;
  }
  const auto migrated = run({cpprustango(), "migrate"}, {.cwd = project});
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
  const auto check = run({cpprustango(), "makemigrations", "--check"}, {.cwd = project});
  EXPECT_EQ(check.exit_code, 0) << "the shipped migration matches the schema: " << check.out << check.err;
}

// The api template: a JSON-only project whose viewset and serializer tests
// pass with every warning an error, that migrates with its migration and
// takes one more viewset (make:viewset edits its src/api.cpp).
TEST(NewApi, BuildsPassesItsTestsMigratesAndTakesAnotherViewset) {
  TempDir dir;
  const auto created = run({cpprustango(), "new", "shop", "--template", "api", "--no-git"}, {.cwd = dir.path()});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto project = dir.path() / "shop";
  EXPECT_NE(read_file(project / "cpprustango.toml").find("rest = true"), std::string::npos);
  const auto check = run({cpprustango(), "makemigrations", "--check"}, {.cwd = project});
  EXPECT_EQ(check.exit_code, 0) << "the shipped migration matches the schema: " << check.out << check.err;
  ASSERT_EQ(run({cpprustango(), "make:model", "catalog", "Review", "--field", "product:ref(Product)", "--field", "stars:int"},
                {.cwd = project})
                .exit_code,
            0);
  const auto viewset = run({cpprustango(), "make:viewset", "catalog", "Review"}, {.cwd = project});
  ASSERT_EQ(viewset.exit_code, 0) << viewset.err;
  EXPECT_NE(viewset.out.find("Updated src/api.cpp"), std::string::npos) << viewset.out;
  const auto tested = run({cpprustango(), "test"}, {.cwd = project, .env = {{"CXXFLAGS", "-Wall -Wextra -Werror"}}});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
  EXPECT_NE(tested.out.find("100% tests passed"), std::string::npos) << tested.out;
  for (const char* name : {"ViewsTest.PingAnswersJson", "CatalogProductsApiTest.CreateListRetrieveDelete",
                           "CatalogProductsApiTest.AnonymousRequestIsRefused", "CatalogProductSerializerTest.ServesAListThroughAViewset",
                           "CatalogReviewsApiTest.CreateListRetrieveDelete"}) {
    EXPECT_NE(tested.out.find(name), std::string::npos) << name;
  }
  ASSERT_EQ(run({cpprustango(), "makemigrations"}, {.cwd = project}).exit_code, 0);
  const auto migrated = run({cpprustango(), "migrate"}, {.cwd = project});
  EXPECT_EQ(migrated.exit_code, 0) << migrated.err;
}

}  // namespace
}  // namespace e2e
