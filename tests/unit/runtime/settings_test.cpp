// Settings: layering (default < env file < environment), flattening, strict
// getters, parse errors naming the file, environment variable names.
#include "cpprustango/config/settings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>

#include "test_support/expect_throw.hpp"
#include "test_support/temp_dir.hpp"

namespace config = cpprustango::config;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using TempProject = test_support::TempDir;

/** Sets an environment variable for the scope of a test. */
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_.c_str()); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

std::string error_of(const std::function<void()>& action) {
  return test_support::message_of<config::SettingsError>(action);
}

}  // namespace

TEST(SettingsLoad, LayersDefaultThenEnvFileThenEnvironment) {
  TempProject project;
  project.write("config/default.toml", "[server]\nport = 8000\nhost = \"0.0.0.0\"\nthreads = 4\n");
  project.write("config/prod.toml", "[server]\nport = 80\nthreads = 8\n");
  ScopedEnv env{"CPPRUSTANGO_ENV", "prod"};
  ScopedEnv override_threads{"CPPRUSTANGO__SERVER__THREADS", "16"};

  auto settings = config::Settings::load(project.path());
  EXPECT_EQ(settings.env(), "prod");
  EXPECT_EQ(settings.project_dir(), project.path());
  EXPECT_EQ(settings.string("server.host"), "0.0.0.0");  // only in default.toml
  EXPECT_EQ(settings.integer("server.port"), 80);        // prod.toml beats default.toml
  EXPECT_EQ(settings.integer("server.threads"), 16);     // environment beats both
}

TEST(SettingsLoad, EnvDefaultsToDevAndMissingFilesAreSkipped) {
  TempProject project;
  ::unsetenv("CPPRUSTANGO_ENV");
  project.write("config/dev.toml", "debug = true\n");
  auto settings = config::Settings::load(project.path());
  EXPECT_EQ(settings.env(), "dev");
  EXPECT_EQ(settings.boolean("debug"), true);

  auto empty = config::Settings::load(project.path() / "nowhere", "test");
  EXPECT_TRUE(empty.values().empty());
}

TEST(SettingsLoad, RejectsEnvNamesThatCouldLeaveConfigDir) {
  TempProject project;
  EXPECT_THAT(error_of([&] { config::Settings::load(project.path(), "../secrets"); }),
              HasSubstr("\"../secrets\" is not a valid environment name"));
}

TEST(SettingsLoad, ParseErrorNamesFileAndLine) {
  TempProject project;
  project.write("config/default.toml", "[server]\nport = 80\nport = 81\n");
  auto message = error_of([&] { config::Settings::load(project.path(), "dev"); });
  EXPECT_THAT(message, HasSubstr("cannot parse "));
  EXPECT_THAT(message, HasSubstr("config/default.toml, line 3: "));
  EXPECT_THAT(message, HasSubstr("already exists"));
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
}

TEST(SettingsToml, FlattensNestedTablesToDottedKeys) {
  config::Settings settings;
  settings.merge_toml("top = \"t\"\n[a]\nx = 1\n[a.b]\ny = 2.5\nz = false\n", "inline.toml");
  EXPECT_EQ(settings.string("top"), "t");
  EXPECT_EQ(settings.integer("a.x"), 1);
  EXPECT_EQ(settings.number("a.b.y"), 2.5);
  EXPECT_EQ(settings.boolean("a.b.z"), false);
  EXPECT_FALSE(settings.contains("a"));
}

TEST(SettingsToml, LaterMergeOverridesEarlier) {
  config::Settings settings;
  settings.merge_toml("[log]\nlevel = \"info\"\n", "one.toml");
  settings.merge_toml("[log]\nlevel = \"debug\"\n", "two.toml");
  EXPECT_EQ(settings.string("log.level"), "debug");
}

TEST(SettingsToml, NonStringArraysAreRefusedNamingFileAndKey) {
  config::Settings settings;
  EXPECT_EQ(error_of([&] { settings.merge_toml("[cors]\nmax_ages = [1, 2]\n", "config/default.toml"); }),
            "config/default.toml: setting cors.max_ages is an array of non-strings; settings take scalars or lists "
            "of strings");
}

TEST(SettingsToml, DatesBecomeStrings) {
  config::Settings settings;
  settings.merge_toml("launch = 2024-05-27\n", "d.toml");
  EXPECT_EQ(settings.string("launch"), "2024-05-27");
}

TEST(SettingsGetters, WrongTypeThrowsNamingKeyAndValue) {
  config::Settings settings;
  settings.set("server.port", std::string{"abc"});
  settings.set("debug", true);
  EXPECT_EQ(error_of([&] { (void)settings.integer("server.port"); }),
            "setting server.port must be an integer, got string \"abc\"");
  EXPECT_EQ(error_of([&] { (void)settings.integer_or("server.port", 1); }),
            "setting server.port must be an integer, got string \"abc\"");
  EXPECT_EQ(error_of([&] { (void)settings.string("debug"); }), "setting debug must be a string, got boolean true");
  EXPECT_EQ(error_of([&] { (void)settings.boolean("server.port"); }),
            "setting server.port must be a boolean, got string \"abc\"");
  EXPECT_EQ(error_of([&] { (void)settings.number("debug"); }), "setting debug must be a number, got boolean true");
}

TEST(SettingsGetters, NumberWidensIntegersButIntegerDoesNotNarrowFloats) {
  config::Settings settings;
  settings.set("a", std::int64_t{5});
  settings.set("b", 1.5);
  EXPECT_EQ(settings.number("a"), 5.0);
  EXPECT_THAT(error_of([&] { (void)settings.integer("b"); }), HasSubstr("must be an integer, got float 1.5"));
}

TEST(SettingsGetters, FallbackOnlyWhenAbsent) {
  config::Settings settings;
  settings.set("present", std::int64_t{0});
  EXPECT_EQ(settings.integer_or("present", 99), 0);
  EXPECT_EQ(settings.integer_or("absent", 99), 99);
  EXPECT_EQ(settings.string_or("absent", "x"), "x");
  EXPECT_EQ(settings.boolean_or("absent", true), true);
  EXPECT_EQ(settings.number_or("absent", 2.5), 2.5);
  EXPECT_FALSE(settings.integer("absent").has_value());
  EXPECT_FALSE(settings.contains("absent"));
}

TEST(SettingsEnvironment, ValuesAreTypedByParsing) {
  ScopedEnv a{"CPPRUSTANGO__T__FLAG", "true"};
  ScopedEnv b{"CPPRUSTANGO__T__OFF", "false"};
  ScopedEnv c{"CPPRUSTANGO__T__PORT", "9000"};
  ScopedEnv d{"CPPRUSTANGO__T__RATIO", "0.25"};
  ScopedEnv e{"CPPRUSTANGO__T__NAME", "hello world"};
  ScopedEnv f{"CPPRUSTANGO__T__NAN", "nan"};
  config::Settings settings;
  settings.merge_environment();
  EXPECT_EQ(settings.boolean("t.flag"), true);
  EXPECT_EQ(settings.boolean("t.off"), false);
  EXPECT_EQ(settings.integer("t.port"), 9000);
  EXPECT_EQ(settings.number("t.ratio"), 0.25);
  EXPECT_EQ(settings.string("t.name"), "hello world");
  EXPECT_EQ(settings.string("t.nan"), "nan");
}

TEST(SettingsEnvironment, NumericLookingTextStillReadsAsString) {
  ScopedEnv password{"CPPRUSTANGO__DATABASE__PASSWORD", "12345"};
  config::Settings settings;
  settings.merge_environment();
  EXPECT_EQ(settings.integer("database.password"), 12345);
  EXPECT_EQ(settings.string("database.password"), "12345");
  settings.set("database.password", std::int64_t{7});
  EXPECT_THAT(error_of([&] { (void)settings.string("database.password"); }), HasSubstr("must be a string"));
}

TEST(SettingsEnvironment, DatabaseUrlOutranksEveryOtherLayerOfDatabaseUrl) {
  TempProject project;
  fs::create_directories(project.path() / "config");
  std::ofstream(project.path() / "config" / "default.toml") << "[database]\nurl = \"sqlite:var/db.sqlite3\"\n";
  std::ofstream(project.path() / "config" / "dev.toml") << "[database]\nurl = \"sqlite:var/dev.sqlite3\"\n";
  ScopedEnv tiered{"CPPRUSTANGO__DATABASE__URL", "sqlite:var/tiered.sqlite3"};
  EXPECT_EQ(config::Settings::load(project.path(), "dev").string("database.url"), "sqlite:var/tiered.sqlite3");
  {
    ScopedEnv conventional{"DATABASE_URL", "sqlite:/tmp/x.db"};
    EXPECT_EQ(config::Settings::load(project.path(), "dev").string("database.url"), "sqlite:/tmp/x.db");
  }
  ScopedEnv empty{"DATABASE_URL", ""};
  EXPECT_EQ(config::Settings::load(project.path(), "dev").string("database.url"), "sqlite:var/tiered.sqlite3")
      << "an empty DATABASE_URL counts as unset";
}

TEST(SettingsEnvironment, KeyFromEnvironmentName) {
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__SERVER__PORT"), "server.port");
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__DEBUG"), "debug");
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__LOG__ACCESS_LOG"), "log.access_log");
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__A__B__C"), "a.b.c");
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO_ENV"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__SERVER__"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__SERVER___PORT"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__SERVER____PORT"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("cpprustango__server__port"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("PATH"), std::nullopt);
  EXPECT_EQ(config::key_from_environment_name("CPPRUSTANGO__SE-RVER"), std::nullopt);
}

namespace {

TEST(SettingsLists, ArraysOfStringsAreLists) {
  config::Settings settings;
  settings.merge_toml("[apps]\ninstalled = [\"blog\", \"shop\"]\n", "cpprustango.toml");
  EXPECT_EQ(settings.string_list("apps.installed"), (std::vector<std::string>{"blog", "shop"}));
  EXPECT_TRUE(settings.contains("apps.installed"));
  EXPECT_EQ(settings.string_list("apps.missing"), std::nullopt);
}

TEST(SettingsLists, OtherArraysAreStillRefused) {
  config::Settings settings;
  EXPECT_THROW(settings.merge_toml("ports = [1, 2]\n", "x.toml"), config::SettingsError);
}

TEST(SettingsLists, AStringOverrideSplitsOnCommas) {
  config::Settings settings;
  settings.merge_toml("[apps]\ninstalled = [\"blog\"]\n", "cpprustango.toml");
  settings.set("apps.installed", std::string("blog, shop,,news"));
  EXPECT_EQ(settings.string_list("apps.installed"), (std::vector<std::string>{"blog", "shop", "news"}));
  settings.set("apps.installed", std::int64_t{3});
  EXPECT_THROW(settings.string_list("apps.installed"), config::SettingsError);
}

}  // namespace
