// test_database(): the project's tables made from its schema files (the
// same State the migrations reach), rendered per dialect and run in one
// transaction.
#include "cpprustango/testing/database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/migrate/autodetect.hpp"
#include "cpprustango/migrate/operation.hpp"
#include "cpprustango/migrate/sql.hpp"
#include "cpprustango/migrate/state.hpp"
#include "cpprustango/schema/parser.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string() + " (tests run in the project folder)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/** Drops the process's PostgreSQL schema when the process ends. */
struct SchemaDropper {
  std::unique_ptr<db::Database> database;
  std::string schema;
  ~SchemaDropper() {
    try {
      if (database) database->execute("DROP SCHEMA IF EXISTS " + migrate::quote(schema) + " CASCADE");
    } catch (...) {  // NOLINT(bugprone-empty-catch): the server may already be gone at exit
    }
  }
};

std::string unique_schema_name() {
  std::random_device random;
  return "cpprustango_test_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1000000);
}

}  // namespace

db::Database test_database(std::span<const schema::AppSpec> apps, const std::filesystem::path& project_dir) {
  std::vector<schema::SchemaFile> files;
  files.push_back(schema::parse(auth::schema_text(), "auth/models.schema", "auth"));
  for (const auto& app : apps) {
    const std::string name(app.name);
    const auto path = project_dir / "apps" / name / "models.schema";
    files.push_back(schema::parse(read_file(path), "apps/" + name + "/models.schema", name));
  }
  const migrate::State wanted = migrate::from_specs(schema::SpecSet(files));

  const char* configured = std::getenv("CPPRUSTANGO_TEST_DATABASE_URL");
  std::string url = configured != nullptr && *configured != '\0' ? configured : "sqlite::memory:";
  db::Database database = db::Database::open(url);
  if (database.dialect() == db::Dialect::Postgresql) {
    // One schema per process, first on every pooled connection's search_path.
    const std::string schema = unique_schema_name();
    database.execute("CREATE SCHEMA " + migrate::quote(schema));
    // Made after that first query: the client library's function-local statics,
    // which a query creates, then outlive the dropper at exit (static objects
    // are destroyed in reverse order), so its DROP SCHEMA does not use them dead.
    static SchemaDropper dropper;
    dropper.schema = schema;
    dropper.database = std::make_unique<db::Database>(database);
    url += std::string(url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + dropper.schema;
    database = db::Database::open(url);
  }
  {
    migrate::State state;
    auto conn = database.acquire();
    auto transaction = conn.begin();
    for (const auto& op : migrate::diff(state, wanted)) {
      for (const auto& statement : migrate::render(op, state, database.dialect())) conn.execute(statement);
      migrate::apply(state, op);
    }
    transaction.commit();
  }
  return database;
}

}  // namespace cpprustango::testing
