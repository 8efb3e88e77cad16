// createapikey in-process against an SQLite file holding the auth tables: the
// key alone on stdout, only its hash stored, --name and --expires kept, and
// the one-line errors for an unknown user and missing tables.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <cpprustango/auth/credentials.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/db/database.hpp>
#include <sstream>

#include "commands/commands.hpp"
#include "support/errors.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/temp_dir.hpp"

namespace {

namespace cli = cpprustango::cli;
namespace db = cpprustango::db;
namespace auth = cpprustango::auth;
using ::testing::HasSubstr;

class Createapikey : public ::testing::Test {
 protected:
  void SetUp() override {
    url = "sqlite:" + (dir.path() / "db.sqlite3").string();
    auto database = db::Database::open(url);
    test_support::create_auth_tables(database);
    auth::create_user(database, {.username = "ann", .password = "ann-password-1"});
  }

  /** Runs the verb; stdout in `out`, the error text (or "") returned. */
  std::string run(const cli::CreateapikeyOptions& options, std::string& out) {
    std::ostringstream captured;
    auto* saved = std::cout.rdbuf(captured.rdbuf());
    std::string error;
    try {
      cli::run_createapikey(options, {});
    } catch (const cli::CliError& e) {
      error = e.what();
    }
    std::cout.rdbuf(saved);
    out = captured.str();
    return error;
  }

  test_support::TempDir dir;
  std::string url;
};

TEST_F(Createapikey, PrintsTheKeyAloneOnStdoutAndStoresOnlyItsHash) {
  std::string out;
  ASSERT_EQ(run({.username = "ann", .name = "ci", .expires_days = 30, .database = url}, out), "");
  ASSERT_EQ(out.back(), '\n');
  const std::string key = out.substr(0, out.size() - 1);
  EXPECT_THAT(key, ::testing::MatchesRegex("crk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}"));
  auto database = db::Database::open(url);
  const auto rows = database.query("SELECT name, prefix, hash, expires FROM auth_api_key");
  ASSERT_EQ(rows.size(), 1u);
  const auto row = *rows.begin();
  EXPECT_EQ(db::as_string(row.at(0)), "ci");
  EXPECT_EQ(key.substr(4, 8), db::as_string(row.at(1)));
  EXPECT_NE(db::as_string(row.at(2)), key);
  EXPECT_FALSE(db::is_null(row.at(3)));
  const auto check = auth::check_api_key(database, key);
  EXPECT_EQ(check.status, auth::ApiKeyCheck::Status::Valid);
}

TEST_F(Createapikey, AnUnknownUserOrMissingTablesIsOneLineAndWritesNothing) {
  std::string out;
  EXPECT_THAT(run({.username = "nobody", .database = url}, out), HasSubstr("no active user named 'nobody'"));
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(db::as_int(db::Database::open(url).query("SELECT COUNT(*) FROM auth_api_key").scalar()), 0);
  const std::string empty = "sqlite:" + (dir.path() / "empty.sqlite3").string();
  EXPECT_THAT(run({.username = "ann", .database = empty}, out), HasSubstr("run cpprustango migrate"));
}

TEST(CreateapikeyParser, TakesTheUserNameAndExpiresDays) {
  CLI::App app;
  cli::Invocation invocation;
  auto options = cli::setup_createapikey(app, invocation);
  app.parse("createapikey ann --name ci --expires 7 --database sqlite::memory:");
  EXPECT_EQ(options->username, "ann");
  EXPECT_EQ(options->name, "ci");
  EXPECT_EQ(options->expires_days, 7);
  CLI::App again;
  cli::Invocation second;
  cli::setup_createapikey(again, second);
  EXPECT_THROW(again.parse("createapikey ann --expires 0"), CLI::ValidationError);
  CLI::App third;
  cli::Invocation third_invocation;
  cli::setup_createapikey(third, third_invocation);
  EXPECT_THROW(third.parse("createapikey"), CLI::RequiredError);
}

}  // namespace
