// introspect::inspect() and inspectdb's models on real databases: Chinook
// (SQLite and PostgreSQL), Pagila (PostgreSQL) and the nasty fixtures in
// data/, each compared with a golden schema file. Set
// CPPRUSTANGO_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
// change, then review the diff.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "cpprustango/db/database.hpp"
#include "cpprustango/introspect/to_schema.hpp"
#include "cpprustango/migrate/autodetect.hpp"
#include "cpprustango/migrate/runner.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/format.hpp"
#include "cpprustango/schema/parser.hpp"
#include "cpprustango/schema/spec.hpp"
#include "test_support/postgres_cluster.hpp"
#include "round_trip.hpp"
#include "test_support/temp_dir.hpp"

namespace db = cpprustango::db;
namespace introspect = cpprustango::introspect;
namespace migrate = cpprustango::migrate;
namespace schema = cpprustango::schema;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

const fs::path kData = CPPRUSTANGO_INTROSPECT_DATA;
const fs::path kGolden = CPPRUSTANGO_INTROSPECT_GOLDEN;
const fs::path kFixtures = CPPRUSTANGO_SHARED_FIXTURES;

using introspect_test::read;

#define SKIP_WITHOUT_FIXTURES()                                                                              \
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "shared fixtures not found at " << kFixtures.string()          \
                                           << " (the repository's ../shared/fixtures); Chinook/Pagila tests skipped"

/** Compares with golden/<name>, or rewrites it when CPPRUSTANGO_UPDATE_GOLDEN is set. */
void expect_golden(const std::string& name, const std::string& actual) {
  const fs::path path = kGolden / name;
  if (std::getenv("CPPRUSTANGO_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with CPPRUSTANGO_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(read(path), actual) << "differs from " << path;
}

/** The models inspectdb writes, checked to parse back and pass the backend's checks. */
std::string models(const introspect::Catalog& catalog, const std::string& app, schema::Backend backend) {
  const auto file = introspect::to_schema(catalog, {.app = app});
  const std::string text = schema::format(file);
  const auto reparsed = schema::parse(text, file.path, app);
  EXPECT_EQ(reparsed, schema::parse(schema::format(reparsed), file.path, app));
  for (const auto& diagnostic : schema::check(reparsed, backend)) {
    EXPECT_NE(diagnostic.severity, schema::Severity::Error) << diagnostic.to_string();
  }
  return text;
}

const introspect::Table& table(const introspect::Catalog& catalog, const std::string& name) {
  const auto* found = catalog.find_table(name);
  if (!found) throw std::runtime_error("no table " + name);
  return *found;
}

// ---------------------------------------------------------------- SQLite

class SqliteIntrospect : public ::testing::Test {
 protected:
  db::Database open_script(const std::string& sql) {
    auto database = db::Database::open("sqlite:" + (dir_.path() / ("db" + std::to_string(++count_) + ".sqlite3")).string());
    database.acquire().execute_script(sql);
    return database;
  }
  test_support::TempDir dir_;
  int count_ = 0;
};

TEST_F(SqliteIntrospect, ChinookMatchesGolden) {
  SKIP_WITHOUT_FIXTURES();
  // A read-only copy, opened read-only: inspecting changes nothing, not even the journal mode.
  const auto file = dir_.path() / "chinook.sqlite";
  fs::copy_file(kFixtures / "chinook" / "Chinook_Sqlite.sqlite", file);
  fs::permissions(file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const std::string before = read(file);
  auto database = db::Database::open("sqlite:" + file.string(), {.read_only = true});
  const auto catalog = introspect::inspect(database);
  EXPECT_THROW(database.execute("CREATE TABLE x (id INTEGER)"), db::DatabaseError);
  EXPECT_EQ(read(file), before);
  EXPECT_FALSE(fs::exists(file.string() + "-wal"));
  EXPECT_EQ(catalog.tables.size(), 11u);
  EXPECT_EQ(catalog.queries, 4u);
  const auto& track = table(catalog, "Track");
  EXPECT_EQ(track.foreign_keys.size(), 3u);
  EXPECT_EQ(table(catalog, "PlaylistTrack").primary_key, (std::vector<std::string>{"PlaylistId", "TrackId"}));
  expect_golden("chinook_sqlite.schema", models(catalog, "chinook", schema::Backend::SQLite));
}

TEST_F(SqliteIntrospect, NastyFixtureMatchesGolden) {
  auto database = open_script(read(kData / "nasty_sqlite.sql"));
  const auto catalog = introspect::inspect(database, {.include_views = true});
  const auto& items = table(catalog, "Order Items");
  EXPECT_TRUE(items.find_column("Item ID")->auto_increment);
  ASSERT_EQ(items.checks.size(), 1u);
  EXPECT_EQ(items.checks[0].expression, "price >= 0");
  const auto& person = table(catalog, "person");
  ASSERT_EQ(person.foreign_keys.size(), 2u);
  EXPECT_EQ(person.foreign_keys[1].target_columns, (std::vector<std::string>{"id"})) << "REFERENCES person means its key";
  EXPECT_EQ(table(catalog, "person_names").kind, introspect::TableKind::View);
  EXPECT_EQ(catalog.find_table("sqlite_sequence"), nullptr);
  expect_golden("nasty_sqlite.describe", introspect::describe(catalog));
  expect_golden("nasty_sqlite.schema", models(catalog, "legacy", schema::Backend::SQLite));
}

TEST_F(SqliteIntrospect, QueryCountDoesNotGrowWithTables) {
  auto one = open_script("CREATE TABLE a (id INTEGER PRIMARY KEY);");
  std::string many_sql;
  for (int i = 0; i < 60; ++i) {
    many_sql += "CREATE TABLE t" + std::to_string(i) + " (id INTEGER PRIMARY KEY, up INTEGER REFERENCES t" +
                std::to_string(i == 0 ? 0 : i - 1) + "(id)); CREATE INDEX t" + std::to_string(i) + "_up ON t" +
                std::to_string(i) + " (up);";
  }
  auto many = open_script(many_sql);
  const auto small = introspect::inspect(one);
  const auto large = introspect::inspect(many);
  EXPECT_EQ(large.tables.size(), 60u);
  EXPECT_EQ(small.queries, large.queries);
}

TEST_F(SqliteIntrospect, DescribeComparesStructureNotHistory) {
  // The same structure reached two ways describes the same; one changed column does not.
  auto direct = open_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX t_name ON t (name);");
  auto altered = open_script("CREATE TABLE t (id INTEGER PRIMARY KEY); ALTER TABLE t ADD COLUMN name TEXT NOT NULL DEFAULT '';"
                             "CREATE INDEX t_name ON t (name);");
  auto same = open_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE INDEX t_name ON t (name);");
  EXPECT_EQ(introspect::describe(introspect::inspect(direct)), introspect::describe(introspect::inspect(same)));
  EXPECT_NE(introspect::describe(introspect::inspect(direct)), introspect::describe(introspect::inspect(altered)));
}

TEST_F(SqliteIntrospect, AnExplicitDefaultNullIsNoDefault) {
  auto database = open_script("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT NULL, b INT DEFAULT (NULL), "
                              "c TEXT DEFAULT 'NULL', d INT DEFAULT 0)");
  const auto catalog = introspect::inspect(database);
  const auto& t = table(catalog, "t");
  EXPECT_EQ(t.find_column("a")->default_sql, std::nullopt);
  EXPECT_EQ(t.find_column("b")->default_sql, std::nullopt);
  EXPECT_EQ(t.find_column("c")->default_sql, "'NULL'") << "the string 'NULL' is a value";
  EXPECT_EQ(t.find_column("d")->default_sql, "0");
}

TEST_F(SqliteIntrospect, ColumnCollationsAreRead) {
  auto database = open_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE UNIQUE, code TEXT, "
                              "raw TEXT COLLATE BINARY)");
  const auto catalog = introspect::inspect(database);
  EXPECT_EQ(table(catalog, "t").find_column("name")->collation, "NOCASE");
  EXPECT_EQ(table(catalog, "t").find_column("code")->collation, std::nullopt);
  EXPECT_EQ(table(catalog, "t").find_column("raw")->collation, std::nullopt) << "BINARY is the default";
  EXPECT_THAT(introspect::describe(catalog), HasSubstr("  column name TEXT collate NOCASE\n"));
}

// ------------------------------------------------------------ PostgreSQL

class PostgresIntrospect : public ::testing::Test {
 protected:
  void SetUp() override {
    try {
      url_ = test_support::create_test_database();
    } catch (const std::exception& error) {
      FAIL() << "cannot set up a PostgreSQL database: " << error.what();
    }
  }
  void TearDown() override { test_support::drop_test_database(url_); }

  /** Runs a script on a connection of its own (scripts may change session settings such as search_path). */
  void load(const std::string& sql) {
    auto database = db::Database::open(url_, {.max_connections = 1});
    database.acquire().execute_script(sql);
  }
  introspect::Catalog inspect(const introspect::Options& options = {}) {
    auto database = db::Database::open(url_, {.max_connections = 1});
    return introspect::inspect(database, options);
  }

  std::string url_;
};

/** Chinook's PostgreSQL script without the database switch and the rows. */
std::string chinook_postgres_ddl() {
  const std::string script = read(kFixtures / "chinook" / "Chinook_PostgreSql.sql");
  const auto start = script.find("\\c chinook;");
  const auto end = script.find("Populate Tables");
  return script.substr(start + 11, script.rfind("/*", end) - start - 11);
}

TEST_F(PostgresIntrospect, ChinookMatchesGolden) {
  SKIP_WITHOUT_FIXTURES();
  load(chinook_postgres_ddl());
  const auto catalog = inspect();
  EXPECT_EQ(catalog.tables.size(), 11u);
  EXPECT_EQ(catalog.queries, 5u);
  EXPECT_EQ(table(catalog, "playlist_track").primary_key, (std::vector<std::string>{"playlist_id", "track_id"}));
  expect_golden("chinook_postgres.schema", models(catalog, "chinook", schema::Backend::PostgreSQL));
}

TEST_F(PostgresIntrospect, PagilaMatchesGolden) {
  SKIP_WITHOUT_FIXTURES();
  load(read(kFixtures / "pagila" / "pagila-schema.sql"));
  const auto catalog = inspect({.include_views = true});
  EXPECT_EQ(catalog.queries, 5u);
  const auto& payment = table(catalog, "payment");
  EXPECT_EQ(payment.kind, introspect::TableKind::Partitioned);
  EXPECT_EQ(payment.partitions.size(), 7u);
  // Six of Pagila's seven partitions declare foreign keys, payment_p2022_07 none: not the parent's, then.
  EXPECT_TRUE(payment.foreign_keys.empty());
  EXPECT_EQ(payment.partition_foreign_keys.size(), 3u);
  EXPECT_EQ(catalog.find_table("payment_p2022_01"), nullptr);
  const auto* rating = table(catalog, "film").find_column("rating");
  EXPECT_EQ(rating->type.enum_values, (std::vector<std::string>{"G", "PG", "PG-13", "R", "NC-17"}));
  EXPECT_EQ(table(catalog, "film").find_column("release_year")->type.domain, "public.year");
  EXPECT_EQ(table(catalog, "rental_by_category").kind, introspect::TableKind::MaterializedView);
  const std::string text = models(catalog, "pagila", schema::Backend::PostgreSQL);
  // The enum stays an enum, its labels that are not names written as strings.
  EXPECT_THAT(text, HasSubstr("rating            choice(G, PG, \"PG-13\", R, \"NC-17\")? @default(G) @enum(\"mpaa_rating\")"));
  expect_golden("pagila.schema", text);
}

TEST_F(PostgresIntrospect, NastyFixtureMatchesGolden) {
  load(read(kData / "nasty_postgres.sql"));
  const auto catalog = inspect({.schemas = {"public", "other"}, .include_views = true});
  const auto& every = table(catalog, "every_type");
  EXPECT_EQ(every.find_column("id")->identity, "always");
  EXPECT_TRUE(every.find_column("serial_col")->auto_increment);
  EXPECT_EQ(every.find_column("doubled")->generated, "(n * (2)::numeric)");
  EXPECT_EQ(every.find_column("text_grid")->type.array_dimensions, 1) << "PostgreSQL does not record dimensions";
  const auto& measurement = table(catalog, "measurement");
  EXPECT_EQ(measurement.partitions, (std::vector<std::string>{"measurement_2024", "measurement_2025"}));
  ASSERT_EQ(measurement.foreign_keys.size(), 1u) << "declared on every partition";
  EXPECT_EQ(measurement.foreign_keys[0].target_table, "person");
  EXPECT_EQ(table(catalog, "Order").comment, "Orders, \"quoted\"");
  expect_golden("nasty_postgres.describe", introspect::describe(catalog));
  expect_golden("nasty_postgres.schema", models(catalog, "legacy", schema::Backend::PostgreSQL));
}

TEST_F(PostgresIntrospect, QueryCountDoesNotGrowWithTables) {
  load("CREATE TABLE a (id serial PRIMARY KEY);");
  const auto small = inspect();
  std::string sql;
  for (int i = 0; i < 100; ++i) {
    const auto n = std::to_string(i);
    sql += "CREATE TABLE t" + n + " (id serial PRIMARY KEY, up int REFERENCES " + (i == 0 ? "a" : "t" + std::to_string(i - 1)) +
           " (id), label varchar(20) UNIQUE CHECK (label <> ''));";
  }
  load(sql);
  const auto large = inspect();
  EXPECT_EQ(large.tables.size(), 101u);
  EXPECT_EQ(small.queries, large.queries);
  EXPECT_EQ(large.queries, 5u);
}

// Keys come back as attribute numbers and are named from the columns read:
// key order, gaps left by dropped columns, INCLUDE columns, and a referenced
// table outside the inspected schemas (named by the server) all hold.
TEST_F(PostgresIntrospect, KeysAreNamedInKeyOrder) {
  load(R"(
    CREATE SCHEMA other;
    CREATE TABLE k (a int, gone int, b int, c int, PRIMARY KEY (c, a));
    ALTER TABLE k DROP COLUMN gone;
    CREATE TABLE r (x int, y int, FOREIGN KEY (y, x) REFERENCES k (c, a));
    CREATE INDEX k_b_including ON k (b) INCLUDE (c);
    CREATE INDEX k_b_desc ON k (b DESC);
    CREATE INDEX k_c_b ON k (c, b);
    CREATE TABLE other.o (id int PRIMARY KEY, c int, a int, FOREIGN KEY (c, a) REFERENCES public.k (c, a));)");
  const auto catalog = inspect();
  const auto& k = table(catalog, "k");
  EXPECT_EQ(k.primary_key, (std::vector<std::string>{"c", "a"}));
  ASSERT_EQ(table(catalog, "r").foreign_keys.size(), 1u);
  EXPECT_EQ(table(catalog, "r").foreign_keys[0].columns, (std::vector<std::string>{"y", "x"}));
  EXPECT_EQ(table(catalog, "r").foreign_keys[0].target_columns, (std::vector<std::string>{"c", "a"}));
  std::map<std::string, introspect::Index> indexes;
  for (const auto& index : k.indexes) indexes[index.name] = index;
  EXPECT_EQ(indexes["k_b_including"].columns, (std::vector<std::string>{"b"}));
  EXPECT_EQ(indexes["k_c_b"].columns, (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(indexes["k_c_b"].definition, "") << "the columns say it all";
  EXPECT_THAT(indexes["k_b_desc"].definition, HasSubstr("(b DESC)"));

  const auto other = inspect({.schemas = {"other"}});
  ASSERT_EQ(other.tables.size(), 1u);
  ASSERT_EQ(other.tables[0].foreign_keys.size(), 1u);
  const auto& outside = other.tables[0].foreign_keys[0];
  EXPECT_EQ(outside.columns, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(outside.target_schema, "public");
  EXPECT_EQ(outside.target_table, "k");
  EXPECT_EQ(outside.target_columns, (std::vector<std::string>{"c", "a"}));
}

TEST_F(PostgresIntrospect, ReadOnlySessionsChangeNothing) {
  load("CREATE TABLE t (id int PRIMARY KEY);");
  auto database = db::Database::open(url_, {.max_connections = 1, .read_only = true});
  EXPECT_EQ(introspect::inspect(database).tables.size(), 1u);
  EXPECT_THROW(database.execute("CREATE TABLE u (id int)"), db::DatabaseError);
}

TEST_F(PostgresIntrospect, AnExplicitDefaultNullIsNoDefault) {
  load("CREATE TABLE t (id int PRIMARY KEY, a varchar(9) DEFAULT NULL, b int DEFAULT NULL::integer, "
       "c text DEFAULT 'NULL', d int DEFAULT 0);");
  const auto catalog = inspect();
  const auto& t = table(catalog, "t");
  EXPECT_EQ(t.find_column("a")->default_sql, std::nullopt) << "PostgreSQL keeps it as NULL::character varying";
  EXPECT_EQ(t.find_column("b")->default_sql, std::nullopt);
  EXPECT_EQ(t.find_column("c")->default_sql, "'NULL'::text") << "the string 'NULL' is a value";
  EXPECT_EQ(t.find_column("d")->default_sql, "0");
}

TEST_F(PostgresIntrospect, ColumnCollationsOtherThanTheTypesAreRead) {
  load("CREATE TABLE t (id int PRIMARY KEY, code text COLLATE \"C\", name text, n int);");
  const auto catalog = inspect();
  EXPECT_EQ(table(catalog, "t").find_column("code")->collation, "C");
  EXPECT_EQ(table(catalog, "t").find_column("name")->collation, std::nullopt);
  EXPECT_EQ(table(catalog, "t").find_column("n")->collation, std::nullopt);
  EXPECT_THAT(introspect::describe(catalog), HasSubstr("  column code text collate C\n"));
}

TEST_F(PostgresIntrospect, DescribeIgnoresNamesWhenAsked) {
  load("CREATE TABLE t (id int PRIMARY KEY, code text CONSTRAINT code_unique UNIQUE);");
  const auto named = introspect::describe(inspect());
  const auto unnamed = introspect::describe(inspect(), {.names = false});
  EXPECT_THAT(named, HasSubstr("  unique (code) name code_unique\n"));
  load("ALTER TABLE t RENAME CONSTRAINT code_unique TO other_name;");
  EXPECT_NE(introspect::describe(inspect()), named);
  EXPECT_EQ(introspect::describe(inspect(), {.names = false}), unnamed);
}


// ------------------------------------------------------------ round trip
//
// inspectdb a database with --managed, make the first migration from those
// models and migrate an empty database of the same dialect: read back from the
// catalogs, the recreated schema has the same tables, columns, types (in the
// field catalogue's terms), nullability, keys, foreign keys, unique
// constraints and indexes. Where a source uses what the schema language
// cannot say, the differences are a golden file of their own
// (golden/roundtrip_*.diff), so each one is written down and any new one fails.

using introspect_test::differences;
using introspect_test::round_trip;

TEST(SqliteRoundTrip, Chinook) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "shared fixtures not found at " << kFixtures.string();
  test_support::TempDir dir;
  fs::copy_file(kFixtures / "chinook" / "Chinook_Sqlite.sqlite", dir.path() / "chinook.sqlite");
  fs::permissions(dir.path() / "chinook.sqlite", fs::perms::owner_write, fs::perm_options::add);
  auto source = db::Database::open("sqlite:" + (dir.path() / "chinook.sqlite").string());
  auto target = db::Database::open("sqlite:" + (dir.path() / "copy.sqlite").string());
  const auto [_, original, recreated] = round_trip(source, target, dir.path() / "migrations");
  EXPECT_EQ(differences(original, recreated), "");
  EXPECT_EQ(original, recreated);
}

TEST(SqliteRoundTrip, NastyNamesCompositeKeysAndSeveralReferencesToOneTable) {
  test_support::TempDir dir;
  auto source = db::Database::open("sqlite:" + (dir.path() / "nasty.sqlite").string());
  source.acquire().execute_script(read(kData / "nasty_sqlite.sql"));
  auto target = db::Database::open("sqlite:" + (dir.path() / "copy.sqlite").string());
  const auto [_, original, recreated] = round_trip(source, target, dir.path() / "migrations");
  expect_golden("roundtrip_nasty_sqlite.diff", differences(original, recreated));
}

class PostgresRoundTrip : public introspect_test::TwoPostgresDatabases {
 protected:
  introspect_test::RoundTrip run(const std::string& ddl) {
    auto from = source();
    from.acquire().execute_script(ddl);
    auto to = target();
    return round_trip(from, to, scratch() / "migrations");
  }
};

TEST_F(PostgresRoundTrip, Chinook) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "shared fixtures not found at " << kFixtures.string();
  const std::string script = read(kFixtures / "chinook" / "Chinook_PostgreSql.sql");
  const auto start = script.find("\\c chinook;");
  const auto end = script.rfind("/*", script.find("Populate Tables"));
  const auto [_, original, recreated] = run(script.substr(start + 11, end - start - 11));
  // Only Chinook's timestamps without a time zone: datetime is always TIMESTAMPTZ.
  expect_golden("roundtrip_chinook_postgres.diff", differences(original, recreated));
}

TEST_F(PostgresRoundTrip, NastyNamesEveryTypeCompositeKeysAndSeveralReferencesToOneTable) {
  const auto [_, original, recreated] = run(read(kData / "nasty_postgres.sql"));
  expect_golden("roundtrip_nasty_postgres.diff", differences(original, recreated));
}

TEST_F(PostgresRoundTrip, Pagila) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "shared fixtures not found at " << kFixtures.string();
  const auto [_, original, recreated] = run(read(kFixtures / "pagila" / "pagila-schema.sql"));
  expect_golden("roundtrip_pagila.diff", differences(original, recreated));
}

}  // namespace

namespace {

// Shapes real schemas have that once broke adoption: a key that is also a
// foreign key, referenced in turn (its column type is its own target's key
// type); one CHECK name on several tables (names are per table); a unique rule
// that holds only where a column is set, and a case-blind unique index.
constexpr const char* kAdoptedShapes = R"sql(
CREATE TABLE account (code VARCHAR(12) NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL,
                      CONSTRAINT c_lowercase_name CHECK (name = lower(name)));
CREATE TABLE customer (account_code VARCHAR(12) NOT NULL PRIMARY KEY REFERENCES account (code) ON DELETE CASCADE,
                       name VARCHAR(40) NOT NULL, email VARCHAR(254),
                       CONSTRAINT c_lowercase_name CHECK (name = lower(name)));
CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer_code VARCHAR(12) NOT NULL REFERENCES customer (account_code),
                      number VARCHAR(20), name VARCHAR(40) NOT NULL,
                      CONSTRAINT c_lowercase_name CHECK (name = lower(name)));
CREATE UNIQUE INDEX invoice_number_set ON invoice (number) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX customer_email_lower ON customer (lower(email));
)sql";

TEST(SqliteRoundTrip, KeysThatAreRefsRepeatedCheckNamesPartialAndExpressionIndexes) {
  test_support::TempDir dir;
  auto source = db::Database::open("sqlite:" + (dir.path() / "shapes.sqlite").string());
  source.acquire().execute_script(kAdoptedShapes);
  auto target = db::Database::open("sqlite:" + (dir.path() / "copy.sqlite").string());
  const auto [_, original, recreated] = round_trip(source, target, dir.path() / "migrations");
  // Only added: the index migrations give every ref column, as Django does.
  EXPECT_EQ(differences(original, recreated), "table main.invoice\n+   index (customer_code)\n");
}

TEST_F(PostgresRoundTrip, KeysThatAreRefsRepeatedCheckNamesPartialAndExpressionIndexes) {
  const auto [_, original, recreated] = run(kAdoptedShapes);
  EXPECT_EQ(differences(original, recreated), "table public.invoice\n+   index (customer_code)\n");
}

}  // namespace
