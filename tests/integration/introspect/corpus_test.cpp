// Adopting real databases: schemas that Debian packages ship for their own
// databases (Request Tracker, Bacula, Kamailio, FreeRADIUS, PowerDNS,
// Roundcube and MediaWiki on both dialects; Tiny Tiny RSS and Icinga 2 on
// PostgreSQL), each loaded into an empty SQLite file or PostgreSQL database,
// then inspectdb --managed -> makemigrations -> migrate into another empty
// database -> both described and compared (tables, columns with their exact
// types, nullability, defaults, keys, foreign keys with their actions, unique
// constraints, indexes with their conditions, checks). Then the models that
// inspectdb wrote must pass the system check, `cpprustango codegen`, and a
// compile of the generated C++.
//
// What today's product still loses on a schema is written down in
// golden/corpus_<schema>_<dialect>.diff, reviewed like code: the goal is that
// every one of them becomes empty. Set CPPRUSTANGO_UPDATE_GOLDEN=1 to rewrite
// them after a deliberate change.
//
// The packages are fetched by fetch_corpus.sh (apt-get download, then only
// the schema files are extracted into the build tree, once); a test whose
// package cannot be fetched skips, naming the package and why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>

#include "cpprustango/db/database.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/parser.hpp"
#include "round_trip.hpp"
#include "test_support/postgres_cluster.hpp"
#include "test_support/temp_dir.hpp"

namespace db = cpprustango::db;
namespace schema = cpprustango::schema;
namespace fs = std::filesystem;
using introspect_test::read;

namespace {

const fs::path kGolden = CPPRUSTANGO_INTROSPECT_GOLDEN;
const fs::path kCorpus = CPPRUSTANGO_CORPUS_DIR;             // fetch_corpus.sh's DEST, in the build tree
const fs::path kFetch = CPPRUSTANGO_CORPUS_FETCH;            // fetch_corpus.sh
const fs::path kModels = CPPRUSTANGO_CORPUS_MODELS;          // models, generated code and logs per schema
const std::string kCli = CPPRUSTANGO_CLI;                     // the cpprustango binary
const std::string kCompile = CPPRUSTANGO_CORPUS_COMPILE;      // compiler and flags for generated code

/** One schema of the corpus: which package ships it, which files (loaded in this order), how to prepare them. */
struct Schema {
  std::string name;     ///< the test's and golden file's name
  std::string package;  ///< the Debian package
  /** Paths inside the package; a name "*-create.sql" stands for every file of its folder so named, sorted. */
  std::vector<std::string> files;
  /** Turns the files' text into what the app's own installer sends to the database (documented per schema). */
  std::function<std::string(std::string)> prepare = [](std::string sql) { return sql; };
  /** Files loaded first (by name) when `files` holds a pattern. */
  std::string first{};
};

/**
 * RT's installer (RT::Handle::InsertSchema in lib/RT/Handle.pm) cuts every
 * line at "#" and at "--" before sending it; schema.SQLite relies on that for
 * its "#" comments.
 */
std::string strip_rt_comments(std::string sql) {
  std::string out;
  std::istringstream in(sql);
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    line = line.substr(0, line.find("--"));
    out += line + "\n";
  }
  return out;
}

/** The package's folder, fetched if need be; empty with the reason when it cannot be had. */
std::pair<fs::path, std::string> fetch(const std::string& package) {
  const fs::path folder = kCorpus / package;
  if (!fs::exists(folder / "VERSION")) {  // tried again after a failure: the network may be back
    const std::string command = "bash '" + kFetch.string() + "' '" + kCorpus.string() + "' " + package + " >/dev/null 2>&1";
    std::system(command.c_str());  // its outcome is the folder's VERSION or UNAVAILABLE
  }
  if (fs::exists(folder / "VERSION")) return {folder, ""};
  if (fs::exists(folder / "UNAVAILABLE")) return {{}, read(folder / "UNAVAILABLE")};
  return {{}, "fetch_corpus.sh left no trace in " + folder.string()};
}

std::vector<fs::path> files_of(const Schema& corpus, const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& file : corpus.files) {
    const fs::path path = root / file;
    if (path.filename().string().starts_with("*")) {
      const std::string suffix = path.filename().string().substr(1);
      std::vector<fs::path> matched;
      for (const auto& entry : fs::directory_iterator(path.parent_path())) {
        if (entry.path().filename().string().ends_with(suffix)) matched.push_back(entry.path());
      }
      std::sort(matched.begin(), matched.end(), [&](const fs::path& a, const fs::path& b) {
        return std::pair(a.filename() != corpus.first, a) < std::pair(b.filename() != corpus.first, b);
      });
      files.insert(files.end(), matched.begin(), matched.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}

struct Command {
  int status = 0;
  std::string output;
};

Command run(const std::string& command, const fs::path& log) {
  const int status = std::system((command + " >'" + log.string() + "' 2>&1").c_str());
  return {status, read(log)};
}

/** A tool's error lines without the folders this run used, so they can stand in a golden file. */
std::string error_lines(const std::string& output, const fs::path& folder) {
  std::string out;
  std::istringstream in(output);
  std::string line;
  int kept = 0;
  while (std::getline(in, line) && kept < 20) {
    if (line.find("error") == std::string::npos) continue;
    for (auto at = line.find(folder.string()); at != std::string::npos; at = line.find(folder.string())) {
      line.erase(at, folder.string().size() + 1);
    }
    out += "  " + line + "\n";
    ++kept;
  }
  return out;
}

/**
 * The models inspectdb wrote, through the system check, `cpprustango codegen`
 * and the compiler: what fails, one line per problem; empty when they build.
 */
std::string build_models(const std::string& models, const std::string& name, schema::Backend backend) {
  std::string out;
  const fs::path folder = kModels / name;
  fs::remove_all(folder);
  fs::create_directories(folder / "apps" / "legacy");
  std::ofstream(folder / "apps" / "legacy" / "models.schema") << models;
  try {
    const auto file = schema::parse(models, "apps/legacy/models.schema", "legacy");
    for (const auto& diagnostic : schema::check(file, backend)) {
      if (diagnostic.severity == schema::Severity::Error) out += "check: " + diagnostic.to_string() + "\n";
    }
  } catch (const std::exception& error) {
    out += std::string("check: the models do not parse: ") + error.what() + "\n";
  }
  const std::string backend_name = backend == schema::Backend::SQLite ? "sqlite" : "postgresql";
  const auto codegen = run("cd '" + folder.string() + "' && '" + kCli + "' --quiet codegen --app legacy" +
                               " --schema apps/legacy/models.schema --output generated/models.hpp --backend " +
                               backend_name,
                           folder / "codegen.log");
  if (codegen.status != 0) return out + "codegen failed:\n" + error_lines(codegen.output, folder);
  const auto compile = run(kCompile + " -fsyntax-only '" + (folder / "generated" / "models.cpp").string() + "'",
                           folder / "compile.log");
  if (compile.status != 0) out += "the generated models do not compile:\n" + error_lines(compile.output, folder);
  return out;
}

std::size_t count_tables(const std::string& described) {
  std::size_t count = 0;
  std::istringstream in(described);
  std::string line;
  while (std::getline(in, line)) count += line.starts_with("table ");
  return count;
}

/**
 * Loads the schema into `source`, round-trips it into `target`, builds its
 * models; compares everything lost or broken with the golden file.
 */
void adopt(const Schema& corpus, db::Dialect dialect, db::Database& source, db::Database& target,
           const fs::path& scratch) {
  const auto [root, reason] = fetch(corpus.package);
  if (root.empty()) GTEST_SKIP() << "Debian package " << corpus.package << " cannot be fetched: " << reason;
  std::string sql;
  for (const auto& file : files_of(corpus, root)) {
    ASSERT_TRUE(fs::exists(file)) << file << " is not in " << corpus.package;
    sql += corpus.prepare(read(file)) + "\n";
  }
  source.acquire().execute_script(sql);

  const bool sqlite = dialect == db::Dialect::Sqlite;
  const std::string name = corpus.name + (sqlite ? "_sqlite" : "_postgres");
  std::string report;
  introspect_test::RoundTrip trip;
  try {
    trip = introspect_test::round_trip(source, target, scratch / "migrations", introspect_test::Types::Exact);
  } catch (const std::exception& error) {
    report += std::string("round trip stopped at ") + error.what() + "\n";
    // The models are still worth building: inspectdb alone does not need the migration.
    if (trip.models.empty()) {
      try {
        trip.models = introspect_test::inspectdb_managed(cpprustango::introspect::inspect(source));
      } catch (const std::exception&) {
        // The report already says where the round trip stopped.
      }
    }
  }
  if (!trip.models.empty()) report += build_models(trip.models, name, sqlite ? schema::Backend::SQLite
                                                                            : schema::Backend::PostgreSQL);
  report += introspect_test::differences(trip.original, trip.recreated);
  std::cout << corpus.package << " " << read(root / "VERSION").substr(0, read(root / "VERSION").find('\n')) << ": "
            << count_tables(trip.original) << " tables; models, generated code and logs in " << (kModels / name)
            << "\n";

  const fs::path golden = kGolden / ("corpus_" + name + ".diff");
  if (std::getenv("CPPRUSTANGO_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << report;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with CPPRUSTANGO_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(read(golden), report) << "differs from " << golden;
}

// The corpus. Each schema as its package ships it; the only preparation is
// what the package's own installer does (named where there is any).

const Schema kRequestTrackerPg{.name = "request_tracker", .package = "request-tracker5",
                               .files = {"usr/share/request-tracker5/etc/schema.Pg"}, .prepare = strip_rt_comments};
const Schema kRequestTrackerSqlite{.name = "request_tracker", .package = "request-tracker5",
                                   .files = {"usr/share/request-tracker5/etc/schema.SQLite"},
                                   .prepare = strip_rt_comments};
const Schema kBaculaPg{.name = "bacula", .package = "bacula-director-pgsql",
                       .files = {"usr/share/dbconfig-common/data/bacula-director-pgsql/install/pgsql"}};
const Schema kBaculaSqlite{.name = "bacula", .package = "bacula-director-sqlite3",
                           .files = {"usr/share/dbconfig-common/data/bacula-director-sqlite3/install/sqlite3"}};
const Schema kFreeRadiusPg{.name = "freeradius", .package = "freeradius-config",
                           .files = {"etc/freeradius/3.0/mods-config/sql/main/postgresql/schema.sql"}};
const Schema kFreeRadiusSqlite{.name = "freeradius", .package = "freeradius-config",
                               .files = {"etc/freeradius/3.0/mods-config/sql/main/sqlite/schema.sql"}};
// Every module's tables, as kamdbctl creates them: standard-create.sql (the
// version table the others insert into) first.
const Schema kKamailioPg{.name = "kamailio", .package = "kamailio-postgres-modules",
                         .files = {"usr/share/kamailio/postgres/*-create.sql"}, .first = "standard-create.sql"};
const Schema kKamailioSqlite{.name = "kamailio", .package = "kamailio-sqlite-modules",
                             .files = {"usr/share/kamailio/db_sqlite/*-create.sql"}, .first = "standard-create.sql"};
const Schema kPowerDnsPg{.name = "powerdns", .package = "pdns-backend-pgsql",
                         .files = {"usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql"}};
const Schema kPowerDnsSqlite{.name = "powerdns", .package = "pdns-backend-sqlite3",
                             .files = {"usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"}};
const Schema kRoundcubePg{.name = "roundcube", .package = "roundcube-core",
                          .files = {"usr/share/roundcube/SQL/postgres.initial.sql"}};
const Schema kRoundcubeSqlite{.name = "roundcube", .package = "roundcube-core",
                              .files = {"usr/share/roundcube/SQL/sqlite.initial.sql"}};
const Schema kIcingaPg{.name = "icinga2_ido", .package = "icinga2-ido-pgsql",
                       .files = {"usr/share/icinga2-ido-pgsql/schema/pgsql.sql"}};
// The generated, dialect-parallel schema the installer loads first (its
// PostgreSQL tables.sql then adds full-text columns and triggers, left out).
// On SQLite "/*_*/" marks where the installer puts a table prefix: a comment.
const Schema kMediaWikiPg{.name = "mediawiki", .package = "mediawiki",
                          .files = {"usr/share/mediawiki/maintenance/postgres/tables-generated.sql"}};
const Schema kMediaWikiSqlite{.name = "mediawiki", .package = "mediawiki",
                              .files = {"usr/share/mediawiki/maintenance/sqlite/tables-generated.sql"}};
const Schema kTinyTinyRssPg{.name = "tt_rss", .package = "tt-rss",
                            .files = {"usr/share/tt-rss/schema/ttrss_schema_pgsql.sql"}};

// ---------------------------------------------------------------- SQLite

class SqliteCorpus : public ::testing::Test {
 protected:
  void adopt(const Schema& corpus) {
    auto source = db::Database::open("sqlite:" + (dir_.path() / "source.sqlite3").string());
    auto target = db::Database::open("sqlite:" + (dir_.path() / "copy.sqlite3").string());
    ::adopt(corpus, db::Dialect::Sqlite, source, target, dir_.path());
  }
  test_support::TempDir dir_;
};

TEST_F(SqliteCorpus, RequestTracker) { adopt(kRequestTrackerSqlite); }
TEST_F(SqliteCorpus, Bacula) { adopt(kBaculaSqlite); }
TEST_F(SqliteCorpus, FreeRadius) { adopt(kFreeRadiusSqlite); }
TEST_F(SqliteCorpus, Kamailio) { adopt(kKamailioSqlite); }
TEST_F(SqliteCorpus, PowerDns) { adopt(kPowerDnsSqlite); }
TEST_F(SqliteCorpus, Roundcube) { adopt(kRoundcubeSqlite); }
TEST_F(SqliteCorpus, MediaWiki) { adopt(kMediaWikiSqlite); }

// ------------------------------------------------------------ PostgreSQL

class PostgresCorpus : public introspect_test::TwoPostgresDatabases {
 protected:
  void adopt(const Schema& corpus) {
    auto from = source();
    auto to = target();
    ::adopt(corpus, db::Dialect::Postgresql, from, to, scratch());
  }
};

TEST_F(PostgresCorpus, RequestTracker) { adopt(kRequestTrackerPg); }
TEST_F(PostgresCorpus, Bacula) { adopt(kBaculaPg); }
TEST_F(PostgresCorpus, FreeRadius) { adopt(kFreeRadiusPg); }
TEST_F(PostgresCorpus, Kamailio) { adopt(kKamailioPg); }
TEST_F(PostgresCorpus, PowerDns) { adopt(kPowerDnsPg); }
TEST_F(PostgresCorpus, Roundcube) { adopt(kRoundcubePg); }
TEST_F(PostgresCorpus, TinyTinyRss) { adopt(kTinyTinyRssPg); }
TEST_F(PostgresCorpus, Icinga) { adopt(kIcingaPg); }
TEST_F(PostgresCorpus, MediaWiki) { adopt(kMediaWikiPg); }

}  // namespace
