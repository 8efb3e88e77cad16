// The peer for bench/http's ORM list: Drogon's database client (its ORM's
// DbClient, non-blocking on PostgreSQL) reading the same 20 rows as the
// cpprustango bench app's /items and writing the same JSON array with jsoncpp.
// Usage: PORT=N drogon_orm_app THREADS DATABASE   (sqlite:PATH or a postgresql:// URL)
#include <drogon/drogon.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const char* port_text = std::getenv("PORT");
  const int port = port_text != nullptr ? std::atoi(port_text) : 8081;
  const int threads = std::atoi(argv[1]);
  const std::string database = argv[2];
  const bool sqlite = database.rfind("sqlite:", 0) == 0;
  // As many PostgreSQL connections as the cpprustango side may open; SQLite serializes anyway.
  auto client = sqlite ? drogon::orm::DbClient::newSqlite3Client("filename=" + database.substr(7), 2)
                       : drogon::orm::DbClient::newPgClient(database, 16);
  using drogon::HttpRequestPtr;
  using drogon::HttpResponse;
  using drogon::HttpResponsePtr;
  drogon::app().registerHandler("/ping", [](const HttpRequestPtr&, std::function<void(const HttpResponsePtr&)>&& done) {
    auto response = HttpResponse::newHttpResponse();
    response->setContentTypeCode(drogon::CT_TEXT_PLAIN);
    response->setBody("pong");
    done(response);
  });
  drogon::app().registerHandler(
      "/items", [client](const HttpRequestPtr&, std::function<void(const HttpResponsePtr&)>&& done) {
        auto respond = std::make_shared<std::function<void(const HttpResponsePtr&)>>(std::move(done));
        client->execSqlAsync(
            "SELECT id, name, description, quantity, price FROM httpbench_item ORDER BY id LIMIT 20",
            [respond](const drogon::orm::Result& rows) {
              Json::Value items(Json::arrayValue);
              for (const auto& row : rows) {
                Json::Value item;
                item["id"] = static_cast<Json::Int64>(row["id"].as<long long>());
                item["name"] = row["name"].as<std::string>();
                item["description"] = row["description"].as<std::string>();
                item["quantity"] = row["quantity"].as<int>();
                item["price"] = row["price"].as<double>();
                items.append(std::move(item));
              }
              (*respond)(HttpResponse::newHttpJsonResponse(std::move(items)));
            },
            [respond](const drogon::orm::DrogonDbException&) {
              auto response = HttpResponse::newHttpResponse();
              response->setStatusCode(drogon::k500InternalServerError);
              (*respond)(response);
            });
      });
  drogon::app().setLogLevel(trantor::Logger::kWarn).addListener("127.0.0.1", static_cast<uint16_t>(port));
  drogon::app().setThreadNum(static_cast<size_t>(threads)).run();
  return 0;
}
