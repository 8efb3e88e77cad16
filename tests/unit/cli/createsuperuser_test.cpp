// createsuperuser in-process against an SQLite file holding the auth tables:
// scripted creation with --password-stdin and --generate, and the one-line
// errors for missing tables, weak passwords, taken names and missing flags.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/auth/passwords.hpp>
#include <cpprustango/db/database.hpp>
#include <sstream>

#include "commands/commands.hpp"
#include "support/errors.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/temp_dir.hpp"

namespace {

namespace cli = cpprustango::cli;
namespace db = cpprustango::db;
using ::testing::HasSubstr;

/** Runs the verb with `input` as stdin; returns the exception text, or "" on success. */
std::string run(const cli::CreatesuperuserOptions& options, const std::string& input = "") {
  std::istringstream in(input);
  auto* saved = std::cin.rdbuf(in.rdbuf());
  std::string error;
  try {
    cli::run_createsuperuser(options, {});
  } catch (const cli::CliError& e) {
    error = e.what();
  }
  std::cin.rdbuf(saved);
  return error;
}

class Createsuperuser : public ::testing::Test {
 protected:
  void SetUp() override {
    url = "sqlite:" + (dir.path() / "db.sqlite3").string();
    auto database = db::Database::open(url);
    test_support::create_auth_tables(database);
  }

  cli::CreatesuperuserOptions options(const std::string& username) {
    cli::CreatesuperuserOptions o;
    o.username = username;
    o.database = url;
    o.no_input = true;
    return o;
  }

  db::Result users() {
    return db::Database::open(url).acquire().query("SELECT username, email, is_superuser, is_staff, password FROM auth_user");
  }

  test_support::TempDir dir;
  std::string url;
};

TEST_F(Createsuperuser, PasswordFromStdinCreatesAStaffSuperuserWithAnArgon2idHash) {
  auto o = options("ann");
  o.email = "ann@example.com";
  o.password_stdin = true;
  EXPECT_EQ(run(o, "violet-tractor-42\n"), "");
  auto rows = users();
  ASSERT_EQ(rows.size(), 1u);
  const auto row = *rows.begin();
  EXPECT_EQ(db::as_string(row[0]), "ann");
  EXPECT_EQ(db::as_string(row[1]), "ann@example.com");
  EXPECT_TRUE(db::as_bool(row[2]));
  EXPECT_TRUE(db::as_bool(row[3]));
  EXPECT_TRUE(cpprustango::auth::verify_password("violet-tractor-42", db::as_string(row[4])));
}

TEST_F(Createsuperuser, GeneratePrintsTheOnlyCopyOfAStrongPassword) {
  auto o = options("ann");
  o.generate = true;
  testing::internal::CaptureStdout();
  EXPECT_EQ(run(o), "");
  const std::string out = testing::internal::GetCapturedStdout();
  const auto at = out.find("Password: ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string password = out.substr(at + 10, 20);
  EXPECT_TRUE(cpprustango::auth::verify_password(password, db::as_string((*users().begin())[4])));
}

TEST_F(Createsuperuser, RefusesWeakPasswordsTakenNamesAndMissingFlags) {
  auto weak = options("ann");
  weak.password_stdin = true;
  EXPECT_EQ(run(weak, "ann12\n"), "the password is too short: use at least 10 characters; choose a stronger password "
                                  "(or use --generate)");
  auto ok = options("ann");
  ok.generate = true;
  testing::internal::CaptureStdout();
  EXPECT_EQ(run(ok), "");
  testing::internal::GetCapturedStdout();
  testing::internal::CaptureStdout();
  EXPECT_EQ(run(ok), "a user named 'ann' already exists");
  testing::internal::GetCapturedStdout();
  EXPECT_THAT(run(options("")), HasSubstr("createsuperuser needs --username and --password-stdin or --generate"));
  EXPECT_EQ(users().size(), 1u);
}

TEST(CreatesuperuserWithoutTables, SaysToRunMigrate) {
  test_support::TempDir dir;
  cli::CreatesuperuserOptions o;
  o.username = "ann";
  o.generate = true;
  o.database = "sqlite:" + (dir.path() / "empty.sqlite3").string();
  EXPECT_EQ(run(o), "the auth tables do not exist; run cpprustango migrate");
}

}  // namespace
