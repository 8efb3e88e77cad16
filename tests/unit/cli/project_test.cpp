// Finding the project by its manifest, reading the manifest, and the database
// its commands use.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "support/database_url.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"
#include "test_support/temp_dir.hpp"

namespace cpprustango::cli {
namespace {

using test_support::TempDir;

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(ProjectFind, SearchesUpwardForTheManifest) {
  TempDir dir;
  write(dir.path() / "site" / "cpprustango.toml", "[project]\nname = \"site\"\n");
  std::filesystem::create_directories(dir.path() / "site" / "src" / "deep");
  const auto project = Project::find(std::nullopt, dir.path() / "site" / "src" / "deep");
  EXPECT_EQ(project.name, "site");
  EXPECT_EQ(project.root, dir.path() / "site");
  EXPECT_EQ(project.executable(false), dir.path() / "site" / "build" / "debug" / "site");
  EXPECT_EQ(project.build_dir(true), dir.path() / "site" / "build" / "release");
}

TEST(ProjectFind, ExplainsWhenThereIsNoProject) {
  TempDir dir;
  try {
    Project::find(std::nullopt, dir.path());
    FAIL() << "expected CliError";
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("cpprustango new NAME"), std::string::npos) << e.what();
  }
}

TEST(ProjectFind, ExplicitDirectoryMustHoldAManifest) {
  TempDir dir;
  EXPECT_THROW(Project::find(dir.path()), CliError);
}

TEST(ProjectLoad, RejectsAManifestWithoutAName) {
  TempDir dir;
  write(dir.path() / "cpprustango.toml", "[project]\n");
  EXPECT_THROW(Project::load(dir.path()), CliError);
}

TEST(ProjectLoad, RejectsMalformedToml) {
  TempDir dir;
  write(dir.path() / "cpprustango.toml", "[project\nname = \n");
  try {
    Project::load(dir.path());
    FAIL() << "expected CliError";
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("cpprustango.toml"), std::string::npos) << e.what();
  }
}

/** Sets an environment variable for the scope of a test (empty: unset). */
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (*value == '\0') {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

TEST(DatabaseUrl, FlagThenDatabaseUrlThenTheSettingsOrder) {
  TempDir dir;
  write(dir.path() / "cpprustango.toml", "[project]\nname = \"site\"\n");
  write(dir.path() / "config" / "default.toml", "[database]\nurl = \"sqlite:var/db.sqlite3\"\n");
  const auto project = Project::find(dir.path());
  ScopedEnv conventional{"DATABASE_URL", ""};
  ScopedEnv tiered{"CPPRUSTANGO__DATABASE__URL", ""};
  EXPECT_EQ(database_url(&project, std::nullopt), "sqlite:var/db.sqlite3");
  ::setenv("CPPRUSTANGO__DATABASE__URL", "sqlite:tiered.db", 1);
  EXPECT_EQ(database_url(&project, std::nullopt), "sqlite:tiered.db");
  EXPECT_EQ(database_url(nullptr, std::nullopt), "sqlite:tiered.db") << "outside a project, the environment still counts";
  ::setenv("DATABASE_URL", "sqlite:/tmp/x.db", 1);
  EXPECT_EQ(database_url(&project, std::nullopt), "sqlite:/tmp/x.db");
  EXPECT_EQ(database_url(nullptr, std::nullopt), "sqlite:/tmp/x.db");
  EXPECT_EQ(database_url(&project, "sqlite:flag.db"), "sqlite:flag.db");
  ::unsetenv("DATABASE_URL");
  ::unsetenv("CPPRUSTANGO__DATABASE__URL");
  try {
    (void)database_url(nullptr, std::nullopt);
    FAIL() << "expected CliError";
  } catch (const CliError& e) {
    EXPECT_STREQ(e.what(), "no database given; pass --database URL or set DATABASE_URL");
  }
}

TEST(ManifestWithSetting, AddsReplacesOrAppendsAndKeepsTheRest) {
  const std::string base = "# the manifest\n[project]\nname = \"site\"  # kept\n";
  EXPECT_EQ(manifest_with_setting(base, "plugins", "rest", "true", "# Plugins."),
            base + "\n# Plugins.\n[plugins]\nrest = true\n");
  EXPECT_EQ(manifest_with_setting("[plugins]\nrest = false\nother = 1\n", "plugins", "rest", "true", "#"),
            "[plugins]\nrest = true\nother = 1\n");
  EXPECT_EQ(manifest_with_setting("[plugins]\nresting = 1\n[x]\nrest = 2\n", "plugins", "rest", "true", "#"),
            "[plugins]\nrest = true\nresting = 1\n[x]\nrest = 2\n")
      << "a longer key and another table's key are not this one";
  const std::string on = "[project]\nname = \"a\"\n[plugins]\nrest = true\n";
  EXPECT_EQ(manifest_with_setting(on, "plugins", "rest", "true", "#"), on);
  EXPECT_EQ(manifest_with_apps("[apps]\ninstalled = [\n  \"blog\",\n]\n[plugins]\n", {"blog", "shop"}),
            "[apps]\ninstalled = [\"blog\", \"shop\"]\n[plugins]\n");
}

}  // namespace
}  // namespace cpprustango::cli
