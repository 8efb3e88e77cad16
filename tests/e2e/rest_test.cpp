// The REST plugin in a generated project, as a user enables it: `[plugins]
// rest = true` in cpprustango.toml links cpprustango::rest from the installed
// package, a viewset over a model is served by runserver, createapikey's key
// authenticates, and the API answers with JSON, problem details, OpenAPI and
// its docs page.
#include <gtest/gtest.h>

#include <fstream>
#include <signal.h>

#include "support/http_client.hpp"
#include "support/runserver.hpp"
#include "support/subprocess.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

constexpr const char* kUrls = R"(// site: the URLs, and the JSON API over the shop app.
#include "urls.hpp"

#include <cpprustango/rest/authentication.hpp>
#include <cpprustango/rest/routers.hpp>
#include <shop/models.hpp>

#include "views.hpp"

namespace site {

void add_routes(cpprustango::App& app) {
  namespace rest = cpprustango::rest;
  app.get("/ping", views::ping, "ping");
  cpprustango::db::Database db = app.database();  // serve() opened database.url
  rest::ViewSet products(shop::specs::Product, &shop::specs::resolve);
  products.filters(rest::FilterSet{}.field("price", {"gte"}).ordering({"price"}));
  rest::Router api;
  api.add(products);
  api.mount(app, db, {.authenticators = {rest::api_key_authentication(db)}});
}

}  // namespace site
)";

TEST(Rest, AProjectEnablesThePluginAndServesAViewsetWithAnApiKey) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "site", "--template", "minimal", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "site";
  ASSERT_EQ(run({cpprustango(), "make:app", "shop"}, {.cwd = project}).exit_code, 0);
  ASSERT_EQ(run({cpprustango(), "make:model", "shop", "Product", "--field", "name:string(80)", "--field",
                 "price:decimal(10,2)"},
                {.cwd = project})
                .exit_code,
            0);
  std::ofstream(project / "cpprustango.toml", std::ios::app) << "\n[plugins]\nrest = true\n";
  std::ofstream(project / "src" / "urls.cpp") << kUrls;
  ASSERT_EQ(run({cpprustango(), "makemigrations"}, {.cwd = project}).exit_code, 0);
  const auto migrated = run({cpprustango(), "migrate"}, {.cwd = project});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("auth.0002_api_credentials OK"), std::string::npos) << migrated.out;
  ASSERT_EQ(run({cpprustango(), "createsuperuser", "--username", "ann", "--generate", "--no-input"}, {.cwd = project})
                .exit_code,
            0);
  const auto issued = run({cpprustango(), "createapikey", "ann", "--name", "e2e"}, {.cwd = project});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  const std::string key = issued.out.substr(0, issued.out.find('\n'));
  ASSERT_EQ(key.rfind("crk_", 0), 0u) << issued.out;

  const int port = free_port();
  auto server = runserver(port, {.cwd = project}, 600s);
  ASSERT_EQ(http_get(port, "/ping").status, 200) << server->output();
  const std::string auth = "Authorization: Api-Key " + key + "\r\n";
  const auto created = http_request(port, "POST", "/api/shop/products/", auth + "Content-Type: application/json\r\n",
                                    R"({"name": "Lamp", "price": "19.90"})");
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.headers.find("Location: /api/shop/products/1/"), std::string::npos) << created.headers;
  const auto listed = http_request(port, "GET", "/api/shop/products/?price__gte=10&ordering=-price", auth);
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find(R"("price":"19.90")"), std::string::npos) << listed.body;
  const auto anonymous = http_get(port, "/api/shop/products/");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.headers.find("application/problem+json"), std::string::npos) << anonymous.headers;
  const auto refused = http_request(port, "GET", "/api/shop/products/?ordering=name", auth);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(http_request(port, "GET", "/api/shop/products/", "Authorization: Api-Key crk_wrong_key\r\n").status, 401);
  const auto document = http_get(port, "/api/openapi.json");
  EXPECT_EQ(document.status, 200);
  EXPECT_NE(document.body.find(R"("openapi":"3.1.0")"), std::string::npos);
  EXPECT_EQ(http_get(port, "/api/docs/").status, 200);
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait(20s), 0) << server->output();
}

}  // namespace
}  // namespace e2e
