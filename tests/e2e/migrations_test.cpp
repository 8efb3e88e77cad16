// The migration verbs as a user runs them on a new project's SQLite database:
// makemigrations, migrate (--plan, --dry-run, targets, zero, --fake),
// showmigrations, sqlmigrate, downgrade, --check for CI, --empty with hand
// SQL, --merge of two branches, dangerous changes refused without --yes, and
// a migrate killed halfway that leaves the ledger consistent.
#include <gtest/gtest.h>
#include <signal.h>

#include <cpprustango/db/database.hpp>
#include <fstream>
#include <thread>

#include "support/subprocess.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

class MigrationVerbs : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run({cpprustango(), "new", "shop", "--template", "minimal", "--no-git"}, {.cwd = dir_.path()}).exit_code, 0);
    ASSERT_EQ(cli({"make:app", "store"}).exit_code, 0);
    ASSERT_EQ(cli({"make:model", "store", "Product", "--field", "name:string(80)", "--field", "price:decimal(8,2)"}).exit_code,
              0);
  }

  fs::path project() const { return dir_.path() / "shop"; }
  /** A place outside the project, standing in for another branch's checkout. */
  fs::path dir_copy(const std::string& name) const { return dir_.path() / name; }
  Result cli(std::vector<std::string> args) {
    args.insert(args.begin(), cpprustango());
    return run(args, {.cwd = project()});
  }
  void write_schema(const std::string& text) { std::ofstream(project() / "apps/store/models.schema") << text; }
  cpprustango::db::Database database() {
    return cpprustango::db::Database::open("sqlite:" + (project() / "var/db.sqlite3").string());
  }
  std::int64_t count(const std::string& sql) { return cpprustango::db::as_int(database().query(sql).scalar()); }

 private:
  TempDir dir_;
};

TEST_F(MigrationVerbs, TheWholeCycle) {
  auto made = cli({"makemigrations"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("Created migrations/0001_initial.json:\n  - create_table store_product"), std::string::npos)
      << made.out;
  EXPECT_EQ(cli({"makemigrations"}).out, "No changes detected.\n");
  EXPECT_EQ(cli({"makemigrations", "--check"}).exit_code, 0);

  // The framework's own auth migrations come first.
  auto plan = cli({"migrate", "--plan"});
  EXPECT_TRUE(plan.out.starts_with("Planned operations:\n  [apply]   auth.0001_initial\n")) << plan.out;
  EXPECT_TRUE(plan.out.ends_with("  [apply]   0001_initial\n      create_table store_product\n")) << plan.out;
  auto dry = cli({"migrate", "--dry-run"});
  EXPECT_NE(dry.out.find("-- Applying 0001_initial\nCREATE TABLE \"store_product\" (\n"), std::string::npos) << dry.out;
  EXPECT_FALSE(fs::exists(project() / "var/db.sqlite3") && count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'store_product'"));

  // Looking creates nothing: before the first migrate, everything is unapplied and there is still no file.
  fs::remove(project() / "var/db.sqlite3");
  EXPECT_EQ(cli({"showmigrations"}).out, "[ ] auth.0001_initial\n[ ] auth.0002_api_credentials\n[ ] 0001_initial\n");
  const auto unapplied = cli({"check"});
  EXPECT_EQ(unapplied.exit_code, 0) << unapplied.err;
  EXPECT_NE(unapplied.err.find("3 unapplied migrations; run cpprustango migrate"), std::string::npos) << unapplied.err;
  EXPECT_FALSE(fs::exists(project() / "var/db.sqlite3"));

  auto applied = cli({"migrate"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("0001_initial OK"), std::string::npos) << applied.out;
  database().execute("INSERT INTO store_product (name, price) VALUES ('pen', '1.50')");

  // A change without a migration is what --check catches in CI.
  write_schema("model Product {\n  name  string(80)\n  price decimal(8, 2)\n  stock int @default(0)\n}\n");
  auto check = cli({"makemigrations", "--check"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("  - add_column store_product.stock\n"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("error: the schema files changed without a migration"), std::string::npos) << check.err;
  EXPECT_FALSE(fs::exists(project() / "migrations/0002_add_store_product_stock.json"));

  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  ASSERT_TRUE(fs::exists(project() / "migrations/0002_add_store_product_stock.json"));
  EXPECT_EQ(cli({"showmigrations"}).out, "[X] auth.0001_initial\n[X] auth.0002_api_credentials\n[X] 0001_initial\n[ ] 0002_add_store_product_stock\n");
  EXPECT_EQ(cli({"sqlmigrate", "0002"}).out, "ALTER TABLE \"store_product\" ADD COLUMN \"stock\" INTEGER NOT NULL DEFAULT 0;\n");
  EXPECT_NE(cli({"sqlmigrate", "0002", "--backwards"}).out.find("CREATE TABLE \"cpprustango_new_store_product\""),
            std::string::npos);
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  EXPECT_EQ(count("SELECT stock FROM store_product"), 0);

  // Back and forth by target, zero and downgrade; data in kept columns survives.
  // Going back drops stock, which holds a value: refused until confirmed.
  auto back = cli({"migrate", "0001"});
  EXPECT_EQ(back.exit_code, 1);
  EXPECT_NE(back.err.find("store_product.stock holds data in 1 row"), std::string::npos) << back.err;
  ASSERT_EQ(cli({"migrate", "0001", "--yes"}).exit_code, 0);
  EXPECT_EQ(cli({"showmigrations"}).out, "[X] auth.0001_initial\n[X] auth.0002_api_credentials\n[X] 0001_initial\n[ ] 0002_add_store_product_stock\n");
  EXPECT_EQ(count("SELECT COUNT(*) FROM store_product WHERE name = 'pen'"), 1);
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  ASSERT_EQ(cli({"downgrade", "--yes"}).exit_code, 0);
  EXPECT_EQ(cli({"showmigrations"}).out, "[X] auth.0001_initial\n[X] auth.0002_api_credentials\n[X] 0001_initial\n[ ] 0002_add_store_product_stock\n");

  // Dropping a table that holds data is refused without --yes, and nothing changes.
  auto refused = cli({"migrate", "zero"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("error: 0001_initial: table store_product holds 1 row; dropping it loses them (rerun with --yes"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM store_product"), 1);
  ASSERT_EQ(cli({"migrate", "zero", "--yes"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'store_product'"), 0);

  // --fake records without running.
  ASSERT_EQ(cli({"migrate", "--fake"}).exit_code, 0);
  EXPECT_EQ(cli({"showmigrations"}).out, "[X] auth.0001_initial\n[X] auth.0002_api_credentials\n[X] 0001_initial\n[X] 0002_add_store_product_stock\n");
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'store_product'"), 0);

  // Bad input: one line, nothing changed.
  auto unknown = cli({"migrate", "0009"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.err, "error: there is no migration 0009 (the newest is 0002_add_store_product_stock)\n");
  auto bad_url = cli({"migrate", "--database", "mysql://x"});
  EXPECT_EQ(bad_url.exit_code, 1);
  EXPECT_EQ(bad_url.err.find("error: "), 0u) << bad_url.err;
}

/** Runs the CLI on a terminal (script(1) gives it one), typing `answers`. */
Result on_terminal(const fs::path& cwd, const std::string& args, const std::string& answers) {
  return run({"sh", "-c", "printf '" + answers + "' | script -qec '" + cpprustango() + " " + args + "' /dev/null"},
             {.cwd = cwd});
}

TEST_F(MigrationVerbs, OnATerminalRenamesAndDangerousChangesAreAsked) {
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  database().execute("INSERT INTO store_product (name, price) VALUES ('pen', '1.50')");
  write_schema("model Product {\n  title string(80)\n  price decimal(8, 2)\n}\n");

  auto declined = on_terminal(project(), "makemigrations --dry-run", "n\\n");
  EXPECT_NE(declined.out.find("Was store_product.name renamed to store_product.title? [y/N]"), std::string::npos)
      << declined.out;
  EXPECT_NE(declined.out.find("- drop_column store_product.name"), std::string::npos) << declined.out;

  auto renamed = on_terminal(project(), "makemigrations", "y\\n");
  EXPECT_NE(renamed.out.find("- rename_column store_product.name -> title"), std::string::npos) << renamed.out;
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM store_product WHERE title = 'pen'"), 1);

  // Going back over a change that loses data asks first; "n" leaves everything as it is.
  write_schema("model Product {\n  title string(80)\n}\n");
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  auto refused = on_terminal(project(), "migrate", "n\\n");
  EXPECT_NE(refused.out.find("store_product.price holds data in 1 row"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("Go ahead? [y/N]"), std::string::npos) << refused.out;
  EXPECT_EQ(cli({"showmigrations"}).out.find("[X] 0003"), std::string::npos);
  auto accepted = on_terminal(project(), "migrate", "y\\n");
  EXPECT_NE(accepted.out.find("OK"), std::string::npos) << accepted.out;
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('store_product') WHERE name = 'price'"), 0);
}

TEST_F(MigrationVerbs, EmptyMigrationsCarryHandWrittenSqlBothWays) {
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  ASSERT_EQ(cli({"makemigrations", "--empty", "--name", "Backfill names"}).exit_code, 0);
  const fs::path file = project() / "migrations/0002_backfill_names.json";
  ASSERT_TRUE(fs::exists(file));
  std::string text = read_file(file);
  const std::string empty_ops = "\"operations\": [],";
  ASSERT_NE(text.find(empty_ops), std::string::npos) << text;
  text.replace(text.find(empty_ops), empty_ops.size(),
               "\"operations\": [{\"op\": \"run_sql\", \"sql\": \"UPDATE store_product SET name = upper(name)\", "
               "\"reverse_sql\": \"UPDATE store_product SET name = lower(name)\"}],");
  std::ofstream(file, std::ios::trunc) << text;

  ASSERT_EQ(cli({"migrate", "0001"}).exit_code, 0);
  database().execute("INSERT INTO store_product (name, price) VALUES ('pen', '1.50')");
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM store_product WHERE name = 'PEN'"), 1);
  ASSERT_EQ(cli({"downgrade", "1"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM store_product WHERE name = 'pen'"), 1);
}

TEST_F(MigrationVerbs, TwoBranchesAreMergedBeforeMoving) {
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  write_schema("model Product {\n  name  string(80)\n  price decimal(8, 2)\n  sku   string(12)?\n}\n");
  ASSERT_EQ(cli({"makemigrations", "--name", "add_sku"}).exit_code, 0);
  // The other branch made its own 0002 from 0001's snapshot.
  fs::rename(project() / "migrations/0002_add_sku.json", dir_copy("0002_add_sku.json"));
  write_schema("model Product {\n  name  string(80)\n  price decimal(8, 2)\n  color string(12)?\n}\n");
  ASSERT_EQ(cli({"makemigrations", "--name", "add_color"}).exit_code, 0);
  fs::rename(dir_copy("0002_add_sku.json"), project() / "migrations/0002_add_sku.json");
  write_schema("model Product {\n  name  string(80)\n  price decimal(8, 2)\n  sku   string(12)?\n  color string(12)?\n}\n");

  auto two_heads = cli({"makemigrations"});
  EXPECT_EQ(two_heads.exit_code, 1);
  EXPECT_NE(two_heads.err.find("2 heads (0002_add_color, 0002_add_sku)"), std::string::npos) << two_heads.err;
  ASSERT_EQ(cli({"makemigrations", "--merge"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(project() / "migrations/0003_merge_0002_0002.json"));
  EXPECT_EQ(cli({"makemigrations"}).out, "No changes detected.\n");
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('store_product') WHERE name IN ('sku', 'color')"), 2);
}

TEST_F(MigrationVerbs, AMigrateKilledHalfwayLeavesTheLedgerConsistent) {
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  // A slow data migration after a schema change in the same file.
  write_schema("model Product {\n  name  string(80)\n  price decimal(8, 2)\n  stock int @default(0)\n}\n");
  ASSERT_EQ(cli({"makemigrations", "--name", "slow"}).exit_code, 0);
  const fs::path file = project() / "migrations/0002_slow.json";
  std::string text = read_file(file);
  const std::string marker = "\"operations\": [";
  text.insert(text.find(marker) + marker.size(),
              "{\"op\": \"run_sql\", \"sql\": \"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
              "300000000) SELECT COUNT(*) FROM c\", \"reverse_sql\": \"\"}, ");
  std::ofstream(file, std::ios::trunc) << text;

  Background slow({cpprustango(), "migrate"}, {.cwd = project()});
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(slow.running()) << slow.output();
  slow.signal(SIGKILL);
  slow.wait(5s);
  EXPECT_EQ(cli({"showmigrations"}).out, "[X] auth.0001_initial\n[X] auth.0002_api_credentials\n[X] 0001_initial\n[ ] 0002_slow\n");
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('store_product') WHERE name = 'stock'"), 0);

  // Without the slow part, a re-run succeeds.
  text.erase(text.find("{\"op\": \"run_sql\""), text.find("}, ", text.find("{\"op\": \"run_sql\"")) + 3 - text.find("{\"op\": \"run_sql\""));
  std::ofstream(file, std::ios::trunc) << text;
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('store_product') WHERE name = 'stock'"), 1);
}

}  // namespace
}  // namespace e2e
