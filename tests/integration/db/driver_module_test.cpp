// The PostgreSQL driver is a module that libcpprustango loads on the first
// postgresql:// URL: a process on SQLite never maps libpq (nor the TLS and
// Kerberos libraries behind it), a PostgreSQL URL loads the module and works,
// and a missing or broken module is a one-line error that names the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cpprustango/app.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/db/errors.hpp"
#include "db/postgres/module.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace db = cpprustango::db;
namespace http = cpprustango::http;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

std::string mapped_files() {
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str();
}

/** Points the loader at `dir` for one test, then back at libcpprustango's folder. */
class ModuleDir {
 public:
  explicit ModuleDir(const std::filesystem::path& dir) { db::detail::set_postgres_module_dir(dir.string()); }
  ~ModuleDir() { db::detail::set_postgres_module_dir({}); }
  ModuleDir(const ModuleDir&) = delete;
  ModuleDir& operator=(const ModuleDir&) = delete;
};

std::string open_error(const std::string& url) {
  try {
    db::Database::open(url);
  } catch (const db::ConnectionError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(SqliteDriverModule, SqliteAppNeverMapsLibpq) {
  test_support::TempDir dir;
  auto database = db::Database::open("sqlite:" + (dir.path() / "app.db").string());
  database.execute("CREATE TABLE notes (body TEXT)");
  database.execute("INSERT INTO notes VALUES (?)", {"hello"});
  cpprustango::App app;
  app.get("/notes", [&database](const http::Request&) {
    return http::Response::text(db::as_string(database.query("SELECT body FROM notes").scalar()));
  });
  auto response = app.handle(http::Request{http::Method::Get, "/notes"});
  ASSERT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "hello");
  auto maps = mapped_files();
  ASSERT_THAT(maps, HasSubstr("libcpprustango.so"));  // the check below reads the right file
  EXPECT_THAT(maps, AllOf(Not(HasSubstr("libpq")), Not(HasSubstr("libcpprustango-postgres")),
                          Not(HasSubstr("libgnutls")), Not(HasSubstr("libkrb5"))));
}

TEST(SqliteDriverModule, MissingModuleIsAOneLineErrorNamingTheFile) {
  test_support::TempDir empty;
  ModuleDir redirect(empty.path());
  auto file = (empty.path() / CPPRUSTANGO_POSTGRES_MODULE_FILE).string();
  auto message = open_error("postgresql://app@127.0.0.1:1/none");
  EXPECT_THAT(message, StartsWith("PostgreSQL support is not installed: " + file + " could not be loaded: "));
  EXPECT_THAT(message, HasSubstr("could not be loaded: cannot open shared object file: No such file or directory"));
  EXPECT_THAT(message, Not(HasSubstr("\n")));
  EXPECT_THAT(mapped_files(), Not(HasSubstr("libpq")));
}

TEST(SqliteDriverModule, BrokenModuleIsAOneLineErrorNamingTheFile) {
  test_support::TempDir folder;
  folder.write(CPPRUSTANGO_POSTGRES_MODULE_FILE, "not a shared library\n");
  ModuleDir redirect(folder.path());
  auto file = (folder.path() / CPPRUSTANGO_POSTGRES_MODULE_FILE).string();
  auto message = open_error("postgres://app@127.0.0.1:1/none");
  EXPECT_THAT(message, StartsWith("PostgreSQL support is not installed: " + file + " could not be loaded: "));
  EXPECT_THAT(message, Not(HasSubstr("\n")));
}

TEST(PostgresDriverModule, UrlLoadsTheModuleFromTheRuntimesFolder) {
  auto url = test_support::create_test_database();
  {
    auto database = db::Database::open(url);
    EXPECT_EQ(db::as_int(database.query("SELECT 40 + 2").scalar()), 42);
    auto maps = mapped_files();
    EXPECT_THAT(maps, HasSubstr(std::string("/") + CPPRUSTANGO_POSTGRES_MODULE_FILE));
    EXPECT_THAT(maps, HasSubstr("libpq"));
  }
  test_support::drop_test_database(url);
}

TEST(PostgresDriverModule, LoadsAgainAfterAFailedAttempt) {
  auto url = test_support::create_test_database();
  {
    test_support::TempDir empty;
    ModuleDir redirect(empty.path());
    EXPECT_THAT(open_error(url), StartsWith("PostgreSQL support is not installed: "));
  }
  {
    auto database = db::Database::open(url);
    EXPECT_EQ(db::as_string(database.query("SELECT 'back'").scalar()), "back");
  }
  test_support::drop_test_database(url);
}
