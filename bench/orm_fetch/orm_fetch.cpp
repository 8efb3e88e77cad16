// The typed ORM's read path against raw drivers, in one run: 10,000 rows of a
// six-column model fetched as objects through Entry::objects().fetch(db), and
// the same SELECT through SQLiteCpp and libpqxx into an equivalent struct
// (the datetime parsed by the same function, so both sides build the same
// values). Prints Google Benchmark's table, then the median of each and the
// typed/raw ratio against the 1.3x budget. See bench/README.md.
#include <benchmark/benchmark.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fetchbench/models.hpp>
#include <pqxx/pqxx>

#include <cpprustango/db/database.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "test_support/postgres_cluster.hpp"

namespace {

namespace orm = cpprustango::orm;
using fetchbench::Entry;

constexpr int kRows = 10'000;
constexpr double kBudget = 1.3;
constexpr const char* kSelect = R"(SELECT "id", "name", "body", "count", "score", "created" FROM "fetchbench_entry")";

/** What a hand-written raw reader builds: the same members as Entry. */
struct RawEntry {
  std::int64_t id{};
  std::string name;
  std::string body;
  std::int32_t count{};
  double score{};
  cpprustango::DateTime created{};
};

struct Setup {
  std::string sqlite_path;
  std::string postgres_url;
  std::unique_ptr<test_support::PostgresCluster> cluster;  // when no DATABASE_URL was given
};
Setup* setup = nullptr;

void fill(cpprustango::db::Database& db, bool pg) {
  db.acquire().execute_script(
      pg ? "DROP TABLE IF EXISTS fetchbench_entry;"
           "CREATE TABLE fetchbench_entry (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, body TEXT NOT NULL,"
           " count INTEGER NOT NULL, score DOUBLE PRECISION NOT NULL, created TIMESTAMPTZ NOT NULL);"
         : "DROP TABLE IF EXISTS fetchbench_entry;"
           "CREATE TABLE fetchbench_entry (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,"
           " body TEXT NOT NULL, count INTEGER NOT NULL, score REAL NOT NULL, created TEXT NOT NULL);");
  std::vector<Entry> entries(kRows);
  const auto start = orm::parse_datetime("2026-01-02T03:04:05.123456Z");
  for (int i = 0; i < kRows; ++i) {
    entries[static_cast<std::size_t>(i)].name = "entry number " + std::to_string(i);
    entries[static_cast<std::size_t>(i)].body = std::string(200, static_cast<char>('a' + i % 26));
    entries[static_cast<std::size_t>(i)].count = i;
    entries[static_cast<std::size_t>(i)].score = i * 0.5;
    entries[static_cast<std::size_t>(i)].created = start + std::chrono::seconds{i};
  }
  Entry::objects().bulk_create(db, entries);
}

void check_rows(benchmark::State& state, std::size_t rows) {
  if (rows != kRows) state.SkipWithError("wrong row count");
}

void typed(benchmark::State& state, const std::string& url) {
  auto db = cpprustango::db::Database::open(url);
  for (auto _ : state) {
    auto rows = Entry::objects().fetch(db);
    check_rows(state, rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
}

void BM_TypedSqlite(benchmark::State& state) { typed(state, "sqlite:" + setup->sqlite_path); }
void BM_TypedPostgres(benchmark::State& state) { typed(state, setup->postgres_url); }

void BM_RawSqlite(benchmark::State& state) {
  // The connection flags and the statement cache the runtime's SQLite connections have
  // (multi-thread mode, one prepared statement reused), so only the reading differs.
  SQLite::Database db(setup->sqlite_path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
  SQLite::Statement select(db, kSelect);
  for (auto _ : state) {
    select.reset();
    std::vector<RawEntry> rows;
    while (select.executeStep()) {
      RawEntry& e = rows.emplace_back();
      e.id = select.getColumn(0).getInt64();
      e.name = select.getColumn(1).getString();
      e.body = select.getColumn(2).getString();
      e.count = select.getColumn(3).getInt();
      e.score = select.getColumn(4).getDouble();
      e.created = orm::parse_datetime(select.getColumn(5).getText());
    }
    check_rows(state, rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
}

void BM_RawPostgres(benchmark::State& state) {
  pqxx::connection conn(setup->postgres_url);
  for (auto _ : state) {
    pqxx::nontransaction tx(conn);
    const pqxx::result result = tx.exec(kSelect);
    std::vector<RawEntry> rows;
    rows.reserve(result.size());
    for (const auto& row : result) {
      RawEntry& e = rows.emplace_back();
      e.id = row[0].as<std::int64_t>();
      e.name = row[1].c_str();
      e.body = row[2].c_str();
      e.count = row[3].as<std::int32_t>();
      e.score = row[4].as<double>();
      e.created = orm::parse_datetime(row[5].c_str());
    }
    check_rows(state, rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
}

BENCHMARK(BM_TypedSqlite)->Unit(benchmark::kMillisecond)->Repetitions(15)->ReportAggregatesOnly(true);
BENCHMARK(BM_RawSqlite)->Unit(benchmark::kMillisecond)->Repetitions(15)->ReportAggregatesOnly(true);
BENCHMARK(BM_TypedPostgres)->Unit(benchmark::kMillisecond)->Repetitions(15)->ReportAggregatesOnly(true);
BENCHMARK(BM_RawPostgres)->Unit(benchmark::kMillisecond)->Repetitions(15)->ReportAggregatesOnly(true);

/** The console table, plus each benchmark's median kept for the ratio lines. */
class MedianReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.aggregate_name == "median") medians[run.run_name.function_name] = run.GetAdjustedRealTime();
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> medians;
};

}  // namespace

int main(int argc, char** argv) {
  // Typed and raw repetitions interleaved at random, so load from other work on
  // the machine falls on both sides alike instead of on whichever ran during it
  // (a flag on the command line still decides).
  std::vector<char*> args(argv, argv + argc);
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  args.insert(args.begin() + 1, interleave.data());
  argc = static_cast<int>(args.size());
  argv = args.data();
  benchmark::Initialize(&argc, argv);
  Setup state;
  setup = &state;
  const auto dir = std::filesystem::temp_directory_path() / ("orm_fetch_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  state.sqlite_path = (dir / "bench.db").string();
  // DATABASE_URL names a server to use; otherwise a throwaway cluster, as the tests start one.
  if (const char* url = std::getenv("DATABASE_URL"); url != nullptr && *url != '\0') {
    state.postgres_url = url;
  } else {
    state.cluster = test_support::PostgresCluster::start();
    state.postgres_url = state.cluster->url();
  }
  {
    auto sqlite = cpprustango::db::Database::open("sqlite:" + state.sqlite_path);
    fill(sqlite, false);
    auto pg = cpprustango::db::Database::open(state.postgres_url);
    fill(pg, true);
  }
  MedianReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\nmedian of 15 runs, %d rows (budget: typed <= %.1fx raw)\n", kRows, kBudget);
  int status = 0;
  for (const char* db : {"Sqlite", "Postgres"}) {
    const double typed_ms = reporter.medians["BM_Typed" + std::string(db)];
    const double raw_ms = reporter.medians["BM_Raw" + std::string(db)];
    if (typed_ms == 0 || raw_ms == 0) continue;  // filtered out by --benchmark_filter
    const double ratio = typed_ms / raw_ms;
    std::printf("%-9s typed %8.2f ms  raw %8.2f ms  ratio %.2fx  %s\n", db, typed_ms, raw_ms, ratio,
                ratio <= kBudget ? "PASS" : "FAIL");
    if (ratio > kBudget) status = 1;
  }
  state.cluster.reset();
  std::filesystem::remove_all(dir);
  benchmark::Shutdown();
  return status;
}
