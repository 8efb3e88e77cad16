// The peer for bench/http: Drogon's plain endpoints, shaped like the
// cpprustango bench app's /ping and /json. Usage: PORT=N drogon_app THREADS
#include <drogon/drogon.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  const char* port_text = std::getenv("PORT");
  const int port = port_text != nullptr ? std::atoi(port_text) : 8081;
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  using drogon::HttpRequestPtr;
  using drogon::HttpResponse;
  using drogon::HttpResponsePtr;
  drogon::app().registerHandler("/ping", [](const HttpRequestPtr&, std::function<void(const HttpResponsePtr&)>&& done) {
    auto response = HttpResponse::newHttpResponse();
    response->setContentTypeCode(drogon::CT_TEXT_PLAIN);
    response->setBody("pong");
    done(response);
  });
  drogon::app().registerHandler("/json", [](const HttpRequestPtr&, std::function<void(const HttpResponsePtr&)>&& done) {
    auto response = HttpResponse::newHttpResponse();
    response->setContentTypeCode(drogon::CT_APPLICATION_JSON);
    response->setBody(R"({"message":"Hello, World!"})");
    done(response);
  });
  drogon::app().setLogLevel(trantor::Logger::kWarn).addListener("127.0.0.1", static_cast<uint16_t>(port));
  drogon::app().setThreadNum(static_cast<size_t>(threads)).run();
  return 0;
}
