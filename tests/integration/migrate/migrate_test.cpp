// Migrations on real databases, SQLite (a file) and a throwaway PostgreSQL:
// a project's models evolve through every kind of change with rows in the
// tables, forward and then back, with the data checked after each step and
// the schema compared (by the catalogs) with what it was.
#include <gtest/gtest.h>

#include <cpprustango/db/database.hpp>
#include <cpprustango/introspect/introspect.hpp>
#include <cpprustango/migrate/autodetect.hpp>
#include <cpprustango/migrate/runner.hpp>
#include <cpprustango/orm/convert.hpp>
#include <cpprustango/schema/parser.hpp>
#include <cpprustango/schema/spec.hpp>
#include <fstream>
#include <thread>

#include "test_support/orm_database.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace {

using namespace cpprustango;
using test_support::Backend;

class Migrations : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    url_ = pg() ? test_support::create_test_database() : "sqlite:" + (dir_.path() / "db.sqlite3").string();
    database_.emplace(db::Database::open(url_));
    std::filesystem::create_directories(folder());
  }
  void TearDown() override {
    database_.reset();
    if (pg()) test_support::drop_test_database(url_);
  }

  bool pg() const { return GetParam() == Backend::Postgres; }
  db::Database& db() { return *database_; }
  std::filesystem::path folder() const { return dir_.path() / "migrations"; }
  migrate::Migrator migrator() { return migrate::Migrator(db(), migrate::History::load(folder())); }

  /** What makemigrations does: the next migration file from the schema text; returns its name. */
  std::string make(const std::string& schema_text, const migrate::Renames& renames = {},
                   std::vector<migrate::Operation> extra = {}) {
    const auto history = migrate::History::load(folder());
    migrate::State last;
    if (!history.empty()) last = history.read(history.heads().front()).snapshot;
    const auto file = schema::parse(schema_text, "apps/shop/models.schema", "shop");
    migrate::Migration m;
    m.snapshot = migrate::from_specs(schema::SpecSet(file));
    m.operations = migrate::diff(last, m.snapshot, renames);
    m.operations.insert(m.operations.end(), extra.begin(), extra.end());
    m.name = "000" + std::to_string(history.next_number()) + "_step";
    if (!history.empty()) m.parents = history.heads();
    std::ofstream(folder() / (m.name + ".json")) << migrate::to_json(m);
    return m.name;
  }

  migrate::Plan run(std::optional<std::string_view> target = std::nullopt, bool yes = false) {
    return migrator().migrate(target, {.confirm = [yes](const migrate::Danger&) { return yes; }});
  }

  /** Every table's columns, keys, indexes and constraints, read back from the database's catalogs. */
  std::string schema() { return introspect::describe(introspect::inspect(db())); }
  std::int64_t count(const std::string& sql) { return db::as_int(db().query(sql).scalar()); }
  std::string text(const std::string& sql) { return db::as_string(db().query(sql).scalar()); }

  const char* kV1 = R"(
model Customer {
  name  string(40)
  email email @unique
}
model Order {
  customer ref(Customer)
  total    decimal(8, 2)
  status   choice(new, paid)
  note     string(20)?
}
)";

  // Every kind of change: add columns (nullable, defaulted, NOT NULL filled), widen a string,
  // NOT NULL with a default, new choices, indexes, unique_together, a check, a changed FK
  // action, a many-to-many, a new table; one column renamed.
  const char* kV2 = R"(
model Customer {
  full_name string(40)
  email     email @unique
  city      string(30) @default("Paris")
  vip       bool @default(false)
}
model Tag {
  label slug(20) @unique
}
model Order {
  customer ref(Customer) @on_delete(restrict)
  total    decimal(8, 2) @index
  status   choice(new, paid, shipped)
  note     string(120) @default("-")
  placed   datetime?
  tags     many(Tag)
  @@unique([customer, note])
  @@check("total >= 0")
}
)";

 private:
  test_support::TempDir dir_;
  std::string url_;
  std::optional<db::Database> database_;
};

TEST_P(Migrations, EvolveForwardAndBackWithTheDataIntact) {
  make(kV1);
  EXPECT_EQ(run().steps.size(), 1u);
  const std::string schema_v1 = schema();
  db().execute("INSERT INTO shop_customer (name, email) VALUES ('Ada', 'ada@example.com'), ('Bob', 'bob@example.com')");
  db().execute("INSERT INTO shop_order (customer_id, total, status, note) VALUES (1, '12.50', 'new', NULL), "
               "(2, '7.00', 'paid', 'gift')");

  make(kV2, {.columns = {{"shop_customer", "name", "full_name"}}});
  EXPECT_EQ(run().steps.size(), 1u);
  const std::string schema_v2 = schema();
  EXPECT_EQ(text("SELECT full_name FROM shop_customer WHERE id = 2"), "Bob");
  EXPECT_EQ(text("SELECT city FROM shop_customer WHERE id = 1"), "Paris");
  EXPECT_EQ(text("SELECT note FROM shop_order WHERE id = 1"), "-");  // NULLs filled by the new default
  EXPECT_EQ(text("SELECT note FROM shop_order WHERE id = 2"), "gift");
  EXPECT_EQ(count("SELECT COUNT(*) FROM shop_order WHERE status = 'paid'"), 1);
  db().execute("INSERT INTO shop_order (customer_id, total, status, note) VALUES (1, '1.00', 'shipped', 'x')");
  EXPECT_ANY_THROW(db().execute("INSERT INTO shop_order (customer_id, total, status, note) VALUES (1, '-1', 'new', 'y')"));
  EXPECT_ANY_THROW(db().execute("DELETE FROM shop_customer WHERE id = 1"));  // restrict
  db().execute("INSERT INTO shop_tag (label) VALUES ('red')");
  db().execute("INSERT INTO shop_order_tags (order_id, tag_id) VALUES (1, 1)");
  db().execute("DELETE FROM shop_order WHERE id = 3");

  // Back to v1: the rename is undone, added columns and tables go (confirmed: they hold data).
  EXPECT_THROW(run("0001_step"), migrate::RefusedError);
  EXPECT_EQ(schema(), schema_v2);  // refused before anything ran
  EXPECT_EQ(run("0001_step", true).steps.size(), 1u);
  EXPECT_EQ(schema(), schema_v1);
  EXPECT_EQ(text("SELECT name FROM shop_customer WHERE id = 2"), "Bob");
  EXPECT_EQ(text("SELECT note FROM shop_order WHERE id = 2"), "gift");
  EXPECT_EQ(count("SELECT COUNT(*) FROM shop_order"), 2);

  // And forward again to the same v2 schema.
  EXPECT_EQ(run().steps.size(), 1u);
  EXPECT_EQ(schema(), schema_v2);
  EXPECT_EQ(run("zero", true).steps.size(), 2u);
  EXPECT_EQ(count(pg() ? "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'shop_%'"
                       : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'shop_%'"),
            0);
}

// From v2: a renamed table, dropped indexes, unique_together, check and join
// table, a widened integer, a self-reference and a reference to a new table.
TEST_P(Migrations, RenamedTablesDropsAndNewReferencesKeepTheRows) {
  make(kV1);
  make(kV2, {.columns = {{"shop_customer", "name", "full_name"}}});
  run();
  const std::string schema_v2 = schema();
  db().execute("INSERT INTO shop_customer (full_name, email) VALUES ('Ada', 'ada@example.com')");
  db().execute("INSERT INTO shop_order (customer_id, total, status, note) VALUES (1, '3.00', 'new', 'a')");
  make(R"(
model Client {
  full_name string(40)
  email     email @unique
  city      string(30) @default("Paris")
  vip       bool @default(false)
  referrer  ref(Client)? @on_delete(set_null)
  @@table("shop_client")
}
model Region {
  name string(20)
}
model Order {
  customer ref(Client) @on_delete(restrict)
  region   ref(Region)?
  total    decimal(10, 2)
  status   choice(new, paid, shipped)
  note     string(120) @default("-")
  placed   datetime?
  count    bigint @default(1)
}
)",
       {.tables = {{"shop_customer", "shop_client"}}});
  run({}, true);  // the dropped join table and tag table are empty, the order's count is new
  EXPECT_EQ(text("SELECT full_name FROM shop_client WHERE id = 1"), "Ada");
  EXPECT_EQ(text("SELECT note FROM shop_order WHERE customer_id = 1"), "a");
  EXPECT_EQ(count("SELECT count FROM shop_order"), 1);
  db().execute("INSERT INTO shop_region (name) VALUES ('north')");
  db().execute("UPDATE shop_order SET region_id = 1");
  db().execute("INSERT INTO shop_client (full_name, email, referrer_id) VALUES ('Bob', 'bob@example.com', 1)");
  EXPECT_ANY_THROW(db().execute("INSERT INTO shop_order (customer_id, total, status, note) VALUES (9, '1', 'new', 'z')"));

  // Back to v2 (the new columns and table hold data: confirmed), same schema as before.
  db().execute("UPDATE shop_order SET region_id = NULL");
  db().execute("DELETE FROM shop_region");
  db().execute("DELETE FROM shop_client WHERE id = 2");
  run("0002_step", true);
  EXPECT_EQ(schema(), schema_v2);
  EXPECT_EQ(text("SELECT full_name FROM shop_customer WHERE id = 1"), "Ada");
}

// datetime <-> timestamp keeps each row's UTC reading both ways, on the real databases, and defaults
// written by SQL read back through the ORM's conversions.
TEST_P(Migrations, DatetimeToTimestampAndBackKeepsTheUtcReading) {
  make("model Visit {\n  at datetime\n}\n");
  run();
  db().execute(pg() ? "INSERT INTO shop_visit (at) VALUES ('2026-03-29 02:30:00.5+02')"
                    : "INSERT INTO shop_visit (at) VALUES ('2026-03-29T00:30:00.500000Z')");
  make("model Visit {\n  at timestamp\n  seen timestamp @default(now())\n}\n");
  EXPECT_EQ(run().steps.size(), 1u) << "no confirmation: nothing is lost";
  const auto reading = orm::from_value<LocalDateTime>(db().query("SELECT at FROM shop_visit").scalar());
  EXPECT_EQ(orm::format_local_datetime(reading), "2026-03-29 00:30:00.500000");
  EXPECT_NO_THROW(orm::from_value<LocalDateTime>(db().query("SELECT seen FROM shop_visit").scalar()))
      << "the now() default is a timestamp's text";
  db().execute("INSERT INTO shop_visit (at) VALUES ('2026-12-31 23:59:59')");

  make("model Visit {\n  at datetime\n  seen timestamp @default(now())\n}\n");
  run();
  const auto instant = orm::from_value<DateTime>(db().query("SELECT at FROM shop_visit WHERE id = 1").scalar());
  EXPECT_EQ(orm::format_datetime(instant), "2026-03-29T00:30:00.500000Z");
  EXPECT_EQ(count(pg() ? "SELECT COUNT(*) FROM shop_visit WHERE at = '2026-12-31 23:59:59+00'"
                       : "SELECT COUNT(*) FROM shop_visit WHERE at = '2026-12-31T23:59:59Z'"),
            1);
  EXPECT_EQ(run("0001_step", true).steps.size(), 2u) << "and back, dropping seen";
}

TEST_P(Migrations, DangerousChangesAreRefusedUntilConfirmed) {
  make(kV1);
  run();
  db().execute("INSERT INTO shop_customer (name, email) VALUES ('Ada', 'ada@example.com')");
  make(R"(
model Customer {
  name  string(10)
  email email @unique
  age   int
}
)");
  std::vector<std::string> seen;
  auto refuse = [&](const migrate::Danger& d) {
    seen.push_back(d.operation + ": " + d.explanation);
    return false;
  };
  EXPECT_THROW(migrator().migrate({}, {.confirm = refuse}), migrate::RefusedError);
  ASSERT_EQ(seen.size(), 2u);  // dropping the empty shop_order table loses nothing
  EXPECT_EQ(seen[0], "alter_column shop_customer.name: altering shop_customer.name shortens it to 10 characters (1 row with a value)");
  EXPECT_EQ(seen[1], "add_column shop_customer.age: adds NOT NULL column shop_customer.age without a default to a table with 1 row; "
                     "they would get an empty value (0, '', false); give the field a @default or make it optional instead");
  EXPECT_EQ(migrator().applied(), std::vector<std::string>{"0001_step"});
  EXPECT_EQ(run({}, true).steps.size(), 1u);
  EXPECT_EQ(count("SELECT age FROM shop_customer"), 0);
  EXPECT_EQ(text("SELECT name FROM shop_customer"), "Ada");
}

TEST_P(Migrations, AFailedMigrationLeavesTheDatabaseAndLedgerAsTheyWere) {
  make(kV1);
  run();
  const std::string before = schema();
  make(kV2, {}, {migrate::RunSql{{.both = "UPDATE no_such_table SET x = 1"}, std::nullopt}});
  try {
    run({}, true);
    FAIL() << "expected MigrationError";
  } catch (const migrate::MigrationError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(message.starts_with("0002_step: operation ")) << message;
    EXPECT_NE(message.find("(run_sql): "), std::string::npos) << message;
    EXPECT_NE(message.find("no_such_table"), std::string::npos) << message;
    EXPECT_NE(message.find("nothing of 0002_step was applied"), std::string::npos) << message;
  }
  EXPECT_EQ(schema(), before);
  EXPECT_EQ(migrator().applied(), std::vector<std::string>{"0001_step"});
}

TEST_P(Migrations, FakeRecordsWithoutRunning) {
  make(kV1);
  EXPECT_EQ(migrator().migrate({}, {.fake = true}).steps.size(), 1u);
  EXPECT_EQ(migrator().applied(), std::vector<std::string>{"0001_step"});
  EXPECT_EQ(count(pg() ? "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'shop_customer'"
                       : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'shop_customer'"),
            0);
  EXPECT_TRUE(migrator().plan({}).empty());
  EXPECT_EQ(migrator().plan("zero").steps, (std::vector<migrate::Step>{{"0001_step", false}}));
}

TEST_P(Migrations, DataOperationsRunBothWays) {
  make(kV1);
  run();
  db().execute("INSERT INTO shop_customer (name, email) VALUES ('ada', 'ada@example.com')");
  make(kV1, {}, {migrate::RunSql{{.both = "UPDATE shop_customer SET name = upper(name)"},
                                 migrate::DialectSql{.both = "UPDATE shop_customer SET name = lower(name)"}}});
  run();
  EXPECT_EQ(text("SELECT name FROM shop_customer"), "ADA");
  migrator().downgrade(1, {});
  EXPECT_EQ(text("SELECT name FROM shop_customer"), "ada");
}

// Two `migrate` runs at once (each with its own connection): PostgreSQL's
// advisory lock, or SQLite's write lock, makes the second wait and then find
// nothing to do.
TEST_P(Migrations, ConcurrentRunsApplyEachMigrationOnce) {
  const char* slow = pg() ? "SELECT pg_sleep(0.5)"
                          : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) "
                            "SELECT COUNT(*) FROM c";
  make(kV1, {}, {migrate::RunSql{{.both = slow}, std::nullopt}});
  std::size_t steps[2] = {0, 0};
  std::string errors;
  auto migrate_once = [&](std::size_t i) {
    try {
      auto own = db::Database::open(db().url());
      steps[i] = migrate::Migrator(own, migrate::History::load(folder())).migrate({}, {}).steps.size();
    } catch (const std::exception& e) {
      errors += e.what();
    }
  };
  std::thread other(migrate_once, 1);
  migrate_once(0);
  other.join();
  EXPECT_EQ(errors, "");
  EXPECT_EQ(steps[0] + steps[1], 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cpprustango_migrations"), 1);
}

// An @enum choice: a native enum type on PostgreSQL (made, relabeled, dropped
// with its last column), the CHECK form on SQLite; rows keep their values.
TEST_P(Migrations, EnumChoicesAreMadeRelabeledAndDroppedWithTheRowsIntact) {
  make(R"schema(
model Film {
  rating choice(G, "PG-13") @default(G) @enum("mpaa_rating")
}
)schema");
  run();
  db().execute("INSERT INTO shop_film (rating) VALUES ('PG-13')");
  db().execute("INSERT INTO shop_film DEFAULT VALUES");
  EXPECT_ANY_THROW(db().execute("INSERT INTO shop_film (rating) VALUES ('X')"));
  const auto enum_labels = [&] {
    return text("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON "
                "t.oid = e.enumtypid WHERE t.typname = 'mpaa_rating'");
  };
  if (pg()) {
    EXPECT_EQ(text("SELECT data_type FROM information_schema.columns WHERE table_name = 'shop_film' AND "
                   "column_name = 'rating'"),
              "USER-DEFINED");
    EXPECT_EQ(enum_labels(), "G,PG-13");
  }

  // A label added in the middle, one kept by a second table: the rows convert, the type is whole again.
  make(R"schema(
model Film {
  rating choice(G, PG, "PG-13") @default(G) @enum("mpaa_rating")
}
model Clip {
  rating choice(G, PG, "PG-13") @enum("mpaa_rating")
}
)schema");
  run();
  if (pg()) EXPECT_EQ(enum_labels(), "G,PG,PG-13");
  db().execute("INSERT INTO shop_film (rating) VALUES ('PG')");
  db().execute("INSERT INTO shop_clip (rating) VALUES ('PG')");
  EXPECT_EQ(count("SELECT COUNT(*) FROM shop_film WHERE rating = 'PG-13'"), 1);

  // A label goes only when confirmed, and not while rows hold it: the migration fails and changes nothing.
  make(R"schema(
model Film {
  rating choice(G, "PG-13") @default(G) @enum("mpaa_rating")
}
model Clip {
  rating choice(G, "PG-13") @enum("mpaa_rating")
}
)schema");
  const std::string before = schema();
  EXPECT_THROW(run(), migrate::RefusedError);
  EXPECT_ANY_THROW(run(std::nullopt, true));
  EXPECT_EQ(schema(), before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM shop_film WHERE rating = 'PG'"), 1);
  db().execute("DELETE FROM shop_film WHERE rating = 'PG'");
  db().execute("DELETE FROM shop_clip");
  run(std::nullopt, true);
  if (pg()) EXPECT_EQ(enum_labels(), "G,PG-13");

  // Back to zero: both tables go, and the type with the last of them.
  run("zero", true);
  if (pg()) EXPECT_EQ(count("SELECT COUNT(*) FROM pg_type WHERE typname = 'mpaa_rating'"), 0);
}

// @collate reaches the column: SQLite's NOCASE makes a unique login case-blind;
// PostgreSQL keeps the named collation in its catalog.
TEST_P(Migrations, CollatedColumnsKeepTheirCollation) {
  make(std::string("model User {\n  login string(40) @unique @collate(\"") + (pg() ? "C" : "NOCASE") + "\")\n}\n");
  run();
  db().execute("INSERT INTO shop_user (login) VALUES ('ada')");
  if (pg()) {
    EXPECT_EQ(text("SELECT co.collname FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation "
                   "WHERE a.attrelid = 'shop_user'::regclass AND a.attname = 'login'"),
              "C");
  } else {
    EXPECT_ANY_THROW(db().execute("INSERT INTO shop_user (login) VALUES ('ADA')"));
    EXPECT_EQ(count("SELECT COUNT(*) FROM shop_user WHERE login = 'Ada'"), 1);
  }
}

std::string database_kind(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "File" : "Cluster";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Migrations, ::testing::Values(Backend::Sqlite), database_kind);
INSTANTIATE_TEST_SUITE_P(Postgres, Migrations, ::testing::Values(Backend::Postgres), database_kind);

}  // namespace
