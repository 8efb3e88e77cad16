// The cpprustango app bench/http measures. Usage:
//   PORT=8000 http_bench_app THREADS [DATABASE_URL]   serve
//   http_bench_app --setup DATABASE_URL            create and fill the table (100 rows)
// Routes: /ping (text), /json (a small object), /items (20 rows through the
// ORM, as a JSON array), /slow (SELECT pg_sleep(0.05), PostgreSQL only).
// Logging is off, as on the Drogon side.
#include <httpbench/models.hpp>

#include <cpprustango/app.hpp>
#include <cpprustango/db/database.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace {

using cpprustango::App;
namespace http = cpprustango::http;
namespace db = cpprustango::db;
using httpbench::Item;

/** The list as a JSON array of objects, the way a project's view would write it. */
std::string items_json(const std::vector<Item>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items) {
    out.push_back({{"id", item.id},
                   {"name", item.name},
                   {"description", item.description},
                   {"quantity", item.quantity},
                   {"price", item.price}});
  }
  return out.dump();
}

int setup(const std::string& url) {
  auto database = db::Database::open(url);
  const bool postgres = url.rfind("postgres", 0) == 0;
  database.acquire().execute_script(
      postgres ? "DROP TABLE IF EXISTS httpbench_item; CREATE TABLE httpbench_item (id BIGSERIAL PRIMARY KEY,"
                 " name VARCHAR(100) NOT NULL, description TEXT NOT NULL, quantity INTEGER NOT NULL,"
                 " price DOUBLE PRECISION NOT NULL);"
               : "DROP TABLE IF EXISTS httpbench_item; CREATE TABLE httpbench_item (id INTEGER PRIMARY KEY"
                 " AUTOINCREMENT, name TEXT NOT NULL, description TEXT NOT NULL, quantity INTEGER NOT NULL,"
                 " price REAL NOT NULL);");
  std::vector<Item> items(100);
  for (int i = 0; i < 100; ++i) {
    auto& item = items[static_cast<std::size_t>(i)];
    item.name = "item number " + std::to_string(i);
    item.description = "a plain description of item " + std::to_string(i) + ", long enough to be typical";
    item.quantity = i * 3;
    item.price = i * 1.25;
  }
  Item::objects().bulk_create(database, items);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string{argv[1]} == "--setup") return setup(argv[2]);
  const char* port = std::getenv("PORT");
  if (argc < 2 || port == nullptr) {
    std::cerr << "usage: PORT=N http_bench_app THREADS [DATABASE_URL] | http_bench_app --setup DATABASE_URL\n";
    return 2;
  }
  cpprustango::config::Settings settings;
  settings.set("server.port", std::int64_t{std::atoi(port)});
  settings.set("server.threads", std::int64_t{std::atoi(argv[1])});
  settings.set("log.access", false);
  if (const char* workers = std::getenv("BENCH_WORKERS")) settings.set("server.workers", std::int64_t{std::atoi(workers)});
  if (const char* threshold = std::getenv("BENCH_BLOCKING_MS")) {
    settings.set("server.blocking_threshold_ms", std::int64_t{std::atoi(threshold)});
  }
  App app{settings};
  app.get("/ping", [](const http::Request&) { return http::Response::text("pong"); });
  app.get("/json", [](const http::Request&) { return http::Response::json(R"({"message":"Hello, World!"})"); });
  std::optional<db::Database> database;
  if (argc > 2) {
    database.emplace(db::Database::open(argv[2], {.max_connections = 64}));
    app.get("/items", [&database](const http::Request&) {
      return http::Response::json(items_json(Item::objects().order_by(httpbench::item::id).limit(20).fetch(*database)));
    });
    app.get("/slow", [&database](const http::Request&) {
      database->query("SELECT pg_sleep(0.05)");
      return http::Response::text("slept");
    });
  }
  return app.run();
}
