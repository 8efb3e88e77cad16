// inspectdb run as the installed binary: models from a SQLite database
// (Chinook and the nasty fixture) and a PostgreSQL one (Pagila and the nasty
// fixture) are written into a new project, registered, and the project
// builds; bad input is one `error:` line and leaves the project unchanged.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cpprustango/db/database.hpp"
#include "support/subprocess.hpp"
#include "test_support/postgres_cluster.hpp"

namespace fs = std::filesystem;
namespace db = cpprustango::db;

namespace e2e {
namespace {

const fs::path kIntrospectData = CPPRUSTANGO_INTROSPECT_DATA;
const fs::path kFixtures = CPPRUSTANGO_SHARED_FIXTURES;

void run_script(const std::string& url, const fs::path& script) {
  auto database = db::Database::open(url, {.max_connections = 1});
  database.acquire().execute_script(read_file(script));
}

class InspectdbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run({cpprustango(), "new", "site", "--template", "minimal", "--no-git"}, {.cwd = dir_.path()}).exit_code, 0);
  }
  Result cli(std::vector<std::string> args) {
    args.insert(args.begin(), cpprustango());
    return run(args, {.cwd = project()});
  }
  fs::path project() const { return dir_.path() / "site"; }
  /** Every file of the project with its text: nothing may change on bad input. */
  std::vector<std::pair<std::string, std::string>> contents() const {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& name : snapshot(project())) files.emplace_back(name, read_file(project() / name));
    return files;
  }
  /** A SQLite database under var/ made from `script`; returns its URL relative to the project. */
  std::string sqlite_from(const fs::path& script, const std::string& name) {
    auto database = db::Database::open("sqlite:" + (project() / "var" / name).string(), {.max_connections = 1});
    database.acquire().execute_script(read_file(script));
    // Back to a rollback journal, as most existing SQLite files are: a plain file, no -wal/-shm beside it.
    database.execute("PRAGMA journal_mode = DELETE");
    return "sqlite:var/" + name;
  }
  /**
   * Makes the project use every model of `app`: the generated models.cpp
   * compiles their bodies, and first() instantiates each one's QuerySet.
   */
  void use_every_model(const std::string& app) {
    std::istringstream schema(read_file(project() / "apps" / app / "models.schema"));
    std::string code = "\n#include <" + app + "/models.hpp>\n#include <cpprustango/db/database.hpp>\n"
                       "[[maybe_unused]] int first_of_every_" + app + "_model(cpprustango::db::Database& db) {\n"
                       "  int found = 0;\n";
    for (std::string line; std::getline(schema, line);) {
      if (!line.starts_with("model ")) continue;
      const std::string model = line.substr(6, line.find(' ', 6) - 6);
      code += "  found += " + app + "::" + model + "::objects().first(db).has_value();\n";
    }
    std::ofstream(project() / "src/views.cpp", std::ios::app) << code << "  return found;\n}\n";
  }
  void expect_builds() {
    const auto build = cli({"build"});
    ASSERT_EQ(build.exit_code, 0) << build.out << build.err;
  }

  TempDir dir_;
};

void expect_error(const Result& result, const std::string& fragment, int exit_code = 1) {
  EXPECT_EQ(result.exit_code, exit_code) << result.out << result.err;
  EXPECT_TRUE(result.err.starts_with("error: ")) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST_F(InspectdbTest, SqliteModelsAreWrittenRegisteredAndBuild) {
  const auto nasty = sqlite_from(kIntrospectData / "nasty_sqlite.sql", "legacy.sqlite3");
  auto result = cli({"inspectdb", "--database", nasty, "--app", "legacy", "--include-views"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Wrote apps/legacy/models.schema: 6 models"), std::string::npos) << result.out;
  EXPECT_NE(read_file(project() / "cpprustango.toml").find("installed = [\"legacy\"]"), std::string::npos);
  const auto schema = read_file(project() / "apps/legacy/models.schema");
  EXPECT_NE(schema.find("@@table(\"Order Items\")"), std::string::npos) << schema;
  EXPECT_NE(schema.find("@@managed(false)"), std::string::npos) << schema;

  if (fs::exists(kFixtures)) {
    // The fixture is read-only; inspectdb opens it read-only and leaves it as it was.
    fs::copy_file(kFixtures / "chinook" / "Chinook_Sqlite.sqlite", project() / "var" / "chinook.sqlite");
    const auto before = read_file(project() / "var" / "chinook.sqlite");
    result = cli({"inspectdb", "--database", "sqlite:var/chinook.sqlite", "--app", "chinook", "--managed"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(read_file(project() / "var" / "chinook.sqlite"), before);
    EXPECT_FALSE(fs::exists(project() / "var" / "chinook.sqlite-wal"));
    EXPECT_NE(read_file(project() / "cpprustango.toml").find("installed = [\"legacy\", \"chinook\"]"), std::string::npos);
    EXPECT_EQ(read_file(project() / "apps/chinook/models.schema").find("@@managed(false)"), std::string::npos);
    // Managed models need a migration; it recreates Chinook's tables in an empty database.
    ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
    const auto migrated = cli({"migrate", "--database", "sqlite:var/copy.sqlite3"});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
    auto copy = cpprustango::db::Database::open("sqlite:" + (project() / "var/copy.sqlite3").string());
    EXPECT_EQ(cpprustango::db::as_int(copy.query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name "
                                                 "IN ('Album', 'Artist', 'Customer', 'Employee', 'Genre', 'Invoice', "
                                                 "'InvoiceLine', 'MediaType', 'Playlist', 'PlaylistTrack', 'Track')")
                                          .scalar()),
              11);
  }
  EXPECT_EQ(cli({"check"}).exit_code, 0);
  use_every_model("legacy");
  if (fs::exists(kFixtures)) use_every_model("chinook");
  expect_builds();
  EXPECT_TRUE(fs::exists(project() / "build/debug/generated/legacy/models.hpp"));
}

TEST_F(InspectdbTest, StdoutPrintsTheModelsAndWritesNothing) {
  const auto url = sqlite_from(kIntrospectData / "nasty_sqlite.sql", "legacy.sqlite3");
  const auto before = contents();
  const auto result = cli({"inspectdb", "--database", url, "--stdout", "--table", "person", "--table", "friendship"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("model Person {"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("model Friendship {"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("model Keyless {"), std::string::npos) << "only the tables asked for";
  EXPECT_EQ(contents(), before);
  // DATABASE_URL is used when --database is not given.
  const auto from_env = run({cpprustango(), "inspectdb", "--stdout"}, {.cwd = project(), .env = {{"DATABASE_URL", url}}});
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_NE(from_env.out.find("model OrderItems {"), std::string::npos) << from_env.out;
}

TEST_F(InspectdbTest, BadInputIsOneLineAndChangesNothing) {
  const auto url = sqlite_from(kIntrospectData / "nasty_sqlite.sql", "legacy.sqlite3");
  sqlite_from(kIntrospectData / "empty.sql", "empty.sqlite3");
  const auto before = contents();
  expect_error(cli({"inspectdb", "--database", "sqlite:var/missing.sqlite3", "--app", "legacy"}), "no SQLite database at");
  expect_error(cli({"inspectdb", "--database", "sqlite:var/empty.sqlite3", "--app", "legacy"}), "has no tables");
  expect_error(cli({"inspectdb", "--database", url, "--app", "legacy", "--table", "person", "--table", "nope"}),
               "no table nope in the database");
  expect_error(cli({"inspectdb", "--database", "postgresql://nobody:secret@127.0.0.1:" + std::to_string(free_port()) + "/x",
                    "--app", "legacy"}),
               "cannot connect to database postgresql://nobody:***@127.0.0.1:");
  expect_error(cli({"inspectdb", "--database", "mysql://x", "--app", "legacy"}), "mysql");
  expect_error(cli({"inspectdb", "--database", url, "--app", "Legacy"}), "not a valid app name");
  expect_error(cli({"inspectdb", "--database", url}), "--app APP", 2);
  EXPECT_EQ(contents(), before);

  ASSERT_EQ(cli({"inspectdb", "--database", url, "--app", "legacy"}).exit_code, 0);
  const auto written = contents();
  expect_error(cli({"inspectdb", "--database", url, "--app", "legacy"}), "pass --force");
  EXPECT_EQ(contents(), written);
  EXPECT_EQ(cli({"inspectdb", "--database", url, "--app", "legacy", "--force", "--managed"}).exit_code, 0);
  EXPECT_NE(contents(), written);
}

// ------------------------------------------------------------ PostgreSQL

class PostgresInspectdbTest : public InspectdbTest {
 protected:
  void SetUp() override {
    InspectdbTest::SetUp();
    try {
      url_ = test_support::create_test_database();
    } catch (const std::exception& error) {
      FAIL() << "cannot set up a PostgreSQL database: " << error.what();
    }
  }
  void TearDown() override { test_support::drop_test_database(url_); }
  std::string url_;
};

TEST_F(PostgresInspectdbTest, PagilaAndNastyModelsBuild) {
  run_script(url_, kIntrospectData / "nasty_postgres.sql");
  auto result = cli({"inspectdb", "--database", url_, "--app", "legacy", "--schema", "public", "--schema", "other",
                     "--include-views", "--table", "Order", "--table", "every_type", "--table", "person",
                     "--table", "friendship", "--table", "friendship_note", "--table", "other.thing",
                     "--table", "measurement", "--table", "person_names"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("8 models"), std::string::npos) << result.out;
  if (fs::exists(kFixtures)) {
    const auto pagila = test_support::create_test_database();
    run_script(pagila, kFixtures / "pagila" / "pagila-schema.sql");
    result = cli({"inspectdb", "--database", pagila, "--app", "pagila", "--include-views"});
    test_support::drop_test_database(pagila);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  const auto check = run({cpprustango(), "check"}, {.cwd = project(), .env = {{"DATABASE_URL", url_}}});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  use_every_model("legacy");
  if (fs::exists(kFixtures)) use_every_model("pagila");
  expect_builds();
}

TEST_F(PostgresInspectdbTest, UnknownRoleAndDatabaseAreOneLine) {
  const auto before = contents();
  const auto port = std::to_string(test_support::postgres_cluster().port());
  expect_error(cli({"inspectdb", "--database", "postgresql://nobody:wrong@127.0.0.1:" + port + "/postgres", "--app", "x"}),
               "nobody");
  expect_error(cli({"inspectdb", "--database", "postgresql://postgres@127.0.0.1:" + port + "/no_such_db", "--app", "x"}),
               "no_such_db");
  expect_error(cli({"inspectdb", "--database", url_, "--app", "x"}), "has no tables (schemas");
  EXPECT_EQ(contents(), before);
}

// The cluster trusts every local connection; one role is made to need its
// password (require_password), so a wrong one is refused as on a real server.
TEST_F(PostgresInspectdbTest, WrongPasswordIsOneLine) {
  const auto port = std::to_string(test_support::postgres_cluster().port());
  test_support::require_password("inspect_pw", "right-one");
  run_script(url_, kIntrospectData / "nasty_postgres.sql");
  const auto before = contents();
  const std::string database = url_.substr(url_.rfind('/'));
  expect_error(cli({"inspectdb", "--database", "postgresql://inspect_pw:wrong-one@127.0.0.1:" + port + database,
                    "--app", "x"}),
               "password authentication failed for user \"inspect_pw\"");
  EXPECT_EQ(contents(), before);
}

}  // namespace
}  // namespace e2e
