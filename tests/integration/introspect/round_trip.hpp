// The round trip shared by the introspect tests: inspectdb a database with
// --managed, make the first migration from those models and migrate an empty
// database of the same dialect, then describe both so a test can compare what
// the recreated schema lost or gained (tables, columns, types, nullability,
// defaults, keys, foreign keys and their actions, unique constraints, indexes,
// checks). Header-only: one test binary includes it per translation unit.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "cpprustango/db/database.hpp"
#include "cpprustango/introspect/to_schema.hpp"
#include "cpprustango/migrate/autodetect.hpp"
#include "cpprustango/migrate/runner.hpp"
#include "cpprustango/schema/format.hpp"
#include "cpprustango/schema/parser.hpp"
#include "cpprustango/schema/spec.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace introspect_test {

namespace fs = std::filesystem;

inline std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/** How column types are compared. */
enum class Types {
  /**
   * In the field catalogue's terms: SQLite keeps each declared spelling
   * (NVARCHAR(160) and VARCHAR(160) are one type to it and to the models).
   */
  Catalogue,
  /**
   * As exact as the dialect allows: PostgreSQL's own spelling of the type
   * ("timestamp without time zone", "character(2)", "smallint"); on SQLite,
   * where a declared type is free text, the catalogue's type plus the column's
   * affinity, which decides how SQLite stores values ("datetime" has NUMERIC
   * affinity, "TEXT" has TEXT).
   */
  Exact,
};

/** SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1) applied to a declared type. */
inline std::string sqlite_affinity(const std::string& declared) {
  std::string upper;
  for (const char c : declared) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto has = [&](const char* part) { return upper.find(part) != std::string::npos; };
  if (has("INT")) return "INTEGER";
  if (has("CHAR") || has("CLOB") || has("TEXT")) return "TEXT";
  if (upper.empty() || has("BLOB")) return "BLOB";
  if (has("REAL") || has("FLOA") || has("DOUB")) return "REAL";
  return "NUMERIC";
}

inline void describe_types(cpprustango::introspect::Catalog& catalog, Types types) {
  namespace introspect = cpprustango::introspect;
  const bool sqlite = catalog.dialect == cpprustango::db::Dialect::Sqlite;
  if (types == Types::Exact && !sqlite) return;  // describe() prints PostgreSQL's declared type as it is
  for (auto& table : catalog.tables) {
    for (auto& column : table.columns) {
      const auto mapped = introspect::map_type(column.type, catalog.dialect);
      std::string text = cpprustango::schema::format_type(mapped.type);
      if (types == Types::Exact) {
        text += " [" + sqlite_affinity(column.type.declared) + " affinity]";
      } else {
        if (mapped.enum_type) text += " enum " + *mapped.enum_type;
        if (mapped.note) text += " /* " + *mapped.note + " */";
      }
      column.type = {};
      column.type.declared = text;
    }
  }
}

/** Per table, the lines only the original has ("- ...") and only the recreated one has ("+ ..."). */
inline std::string differences(const std::string& original, const std::string& recreated) {
  auto blocks = [](const std::string& text) {
    std::map<std::string, std::set<std::string>> tables;
    std::istringstream in(text);
    std::string line;
    std::string current;
    while (std::getline(in, line)) {
      if (line.starts_with("table ")) current = line;
      tables[current].insert(line);
    }
    return tables;
  };
  const auto before = blocks(original);
  const auto after = blocks(recreated);
  std::set<std::string> names;
  for (const auto& [name, _] : before) names.insert(name);
  for (const auto& [name, _] : after) names.insert(name);
  std::string out;
  for (const auto& name : names) {
    std::string lines;
    const auto b = before.contains(name) ? before.at(name) : std::set<std::string>{};
    const auto a = after.contains(name) ? after.at(name) : std::set<std::string>{};
    for (const auto& line : b) {
      if (!a.contains(line)) lines += "- " + line + "\n";
    }
    for (const auto& line : a) {
      if (!b.contains(line)) lines += "+ " + line + "\n";
    }
    if (!lines.empty()) out += name + "\n" + lines;
  }
  return out;
}

struct RoundTrip {
  std::string models;     ///< the schema file inspectdb --managed writes
  std::string original;   ///< the source database, described
  std::string recreated;  ///< the migrated copy, described
};

/** The models `inspectdb --managed --app legacy` writes for a catalog. */
inline std::string inspectdb_managed(const cpprustango::introspect::Catalog& catalog) {
  cpprustango::introspect::SchemaOptions options;
  options.app = "legacy";
  options.managed = true;
  return cpprustango::schema::format(cpprustango::introspect::to_schema(catalog, options));
}

/** Runs one step of the round trip; an exception's message is prefixed with the step's name. */
template <typename Step>
auto step(const char* name, Step&& run) {
  try {
    return run();
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string(name) + ": " + error.what());
  }
}

/**
 * inspectdb --managed, makemigrations and migrate into `target` (the migration
 * file is written to `folder`); returns the models and both databases
 * described. Throws std::runtime_error naming the step that failed
 * ("migrate: operation 71: bad column type 'ref'").
 */
inline RoundTrip round_trip(cpprustango::db::Database& source, cpprustango::db::Database& target,
                            const fs::path& folder, Types types = Types::Catalogue) {
  namespace introspect = cpprustango::introspect;
  namespace migrate = cpprustango::migrate;
  namespace schema = cpprustango::schema;
  RoundTrip result;
  auto original = step("inspect the source", [&] { return introspect::inspect(source); });
  result.models = step("inspectdb --managed", [&] { return inspectdb_managed(original); });
  const auto models =
      step("parse the models", [&] { return schema::parse(result.models, "apps/legacy/models.schema", "legacy"); });
  migrate::Migration initial;
  initial.name = "0001_initial";
  step("makemigrations", [&] {
    initial.snapshot = migrate::from_specs(schema::SpecSet(models));
    initial.operations = migrate::diff({}, initial.snapshot);
    fs::create_directories(folder);
    std::ofstream(folder / "0001_initial.json") << migrate::to_json(initial);
    return 0;
  });
  step("migrate", [&] {
    migrate::Migrator(target, migrate::History::load(folder)).migrate({}, {});
    return 0;
  });

  auto recreated = step("inspect the copy", [&] { return introspect::inspect(target); });
  std::erase_if(recreated.tables, [](const introspect::Table& t) { return t.name == migrate::kLedgerTable; });
  describe_types(original, types);
  describe_types(recreated, types);
  const introspect::DescribeOptions options{.names = false, .comments = false};
  result.original = introspect::describe(original, options);
  result.recreated = introspect::describe(recreated, options);
  return result;
}

/** Two empty databases on the test cluster, a source to load and a target to migrate into, and a scratch folder. */
class TwoPostgresDatabases : public ::testing::Test {
 protected:
  void SetUp() override {
    source_url_ = test_support::create_test_database();
    target_url_ = test_support::create_test_database();
  }
  void TearDown() override {
    test_support::drop_test_database(source_url_);
    test_support::drop_test_database(target_url_);
  }
  cpprustango::db::Database source() { return cpprustango::db::Database::open(source_url_, {.max_connections = 1}); }
  cpprustango::db::Database target() { return cpprustango::db::Database::open(target_url_, {.max_connections = 1}); }
  const fs::path& scratch() const { return dir_.path(); }

 private:
  test_support::TempDir dir_;
  std::string source_url_;
  std::string target_url_;
};

}  // namespace introspect_test
