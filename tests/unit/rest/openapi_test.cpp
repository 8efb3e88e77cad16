// The OpenAPI 3.1 document (checked by a real validator, @apidevtools/
// swagger-parser from the build tree's test-tools), the docs page (loaded in
// headless Chromium against a real server), CORS, and the one real-socket
// smoke test of the plugin.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "rest_fixture.hpp"
#include "test_support/held_port.hpp"
#include "test_support/temp_dir.hpp"

namespace rest_test {
namespace {

using ::testing::HasSubstr;

std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  const int code = ::pclose(pipe);
  if (status) *status = code;
  return out;
}

/** One HTTP/1.1 request over a real socket; the whole response text. */
std::string raw_http(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return {};
  }
  ::send(fd, request.data(), request.size(), 0);
  std::string out;
  std::array<char, 8192> buffer{};
  ssize_t got = 0;
  while ((got = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0) out.append(buffer.data(), static_cast<std::size_t>(got));
  ::close(fd);
  return out;
}

class OpenApi : public RestTest {
 protected:
  void mount_shop(rest::RouterOptions options = {}) {
    rest::Router router;
    router.add(rest::ViewSet(model("Product"), &resolve)
                   .filters(rest::FilterSet{}.field("price", {"exact", "gte"}).field("category__name", {"icontains"})
                                .search({"name"}).ordering({"price", "name"}))
                   .action("publish", http::Method::Post, true, [](rest::Call& call) { return call.respond(*call.object); }))
        .add(rest::ViewSet(model("Category"), &resolve).read_only().pagination(rest::CursorPagination{}))
        .add(rest::ViewSet(model("Tag"), &resolve).pagination(rest::NoPagination{}))
        .nested(rest::ViewSet(model("Product"), &resolve), "category");
    options.default_permission = rest::allow_any();
    options.openapi.title = "Shop";
    options.openapi.token_endpoints = true;
    router.mount(app, db(), std::move(options));
  }
};

TEST_P(OpenApi, TheDocumentDescribesEveryRouteAndWhitelist) {
  mount_shop();
  const auto response = get("/api/openapi.json");
  ASSERT_EQ(response.status(), 200);
  const json doc = body(response);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["title"], "Shop");
  const json& paths = doc["paths"];
  ASSERT_TRUE(paths.contains("/api/shop/products/"));
  EXPECT_TRUE(paths["/api/shop/products/"].contains("get"));
  EXPECT_TRUE(paths["/api/shop/products/"].contains("post"));
  EXPECT_TRUE(paths["/api/shop/products/{pk}/"].contains("patch"));
  EXPECT_TRUE(paths["/api/shop/products/{pk}/publish/"].contains("post"));
  EXPECT_TRUE(paths.contains("/api/shop/categories/{parent}/products/"));
  EXPECT_FALSE(paths["/api/shop/categories/"].contains("post"));  // read-only
  EXPECT_TRUE(paths.contains("/api/auth/token/refresh/"));
  std::vector<std::string> parameters;
  for (const auto& p : paths["/api/shop/products/"]["get"]["parameters"]) parameters.push_back(p["name"]);
  EXPECT_THAT(parameters, ::testing::IsSupersetOf({"price", "price__gte", "category__name__icontains", "search",
                                                   "ordering", "page", "page_size"}));
  const json& product = doc["components"]["schemas"]["ShopProduct"];
  EXPECT_EQ(product["properties"]["price"]["type"], "string");
  EXPECT_EQ(product["properties"]["created"]["format"], "date-time");
  EXPECT_EQ(product["properties"]["id"]["readOnly"], true);
  EXPECT_FALSE(product["properties"].contains("secret"));
  EXPECT_THAT(product["required"], ::testing::Contains("name"));
  EXPECT_TRUE(doc["components"]["securitySchemes"].contains("bearer"));
  EXPECT_TRUE(doc["components"]["responses"].contains("Problem"));
}

TEST_P(OpenApi, TheDocumentPassesAnOpenApiValidator) {
  const std::filesystem::path tools = CPPRUSTANGO_TEST_TOOLS;
  ASSERT_TRUE(std::filesystem::exists(tools / "node_modules/@apidevtools/swagger-parser"))
      << "the OpenAPI validator is missing: install.sh installs it (npm install --prefix " << tools.string()
      << " @apidevtools/swagger-parser@10)";
  mount_shop();
  test_support::TempDir dir;
  const auto file = dir.path() / "openapi.json";
  std::ofstream(file) << get("/api/openapi.json").body();
  int status = -1;
  const std::string output =
      run("cd '" + tools.string() + "' && node -e \"require('@apidevtools/swagger-parser').validate(process.argv[1])"
          ".then(api => console.log('valid', api.openapi), e => { console.error(e.message); process.exit(1); })\" '" +
          file.string() + "'", &status);
  EXPECT_EQ(status, 0) << output;
  EXPECT_THAT(output, HasSubstr("valid 3.1.0"));
}

TEST_P(OpenApi, CorsForAllowedOriginsOnly) {
  mount_shop({.cors = {.allowed_origins = {"https://app.example.com"}}});
  const auto preflight = send(http::Method::Options, "/api/shop/products/", {}, {},
                              {{"Origin", "https://app.example.com"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status(), 204);
  EXPECT_EQ(preflight.headers().get("Access-Control-Allow-Origin").value_or(""), "https://app.example.com");
  EXPECT_THAT(std::string(preflight.headers().get("Access-Control-Allow-Methods").value_or("")), HasSubstr("PATCH"));
  const auto simple = send(http::Method::Get, "/api/shop/products/", {}, {}, {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(simple.headers().get("Access-Control-Allow-Origin").value_or(""), "https://app.example.com");
  const auto other = send(http::Method::Get, "/api/shop/products/", {}, {}, {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(other.headers().contains("Access-Control-Allow-Origin"));
  EXPECT_THROW(rest::Router{}.mount(app, db(), {.cors = {.allowed_origins = {"*"}, .allow_credentials = true}}),
               rest::DeclarationError);
}

TEST_P(OpenApi, RealServerSmokeAndTheDocsPageInHeadlessChromium) {
  mount_shop();
  product("Lamp", "19.90");
  test_support::HeldPort held;
  const std::uint16_t port = held.port();
  held.release();
  const std::string listen = std::to_string(port);
  cpprustango::config::Settings settings;
  settings.merge_toml("[server]\nhost = \"127.0.0.1\"\nport = " + listen + "\n", "test");
  cpprustango::App server(settings);
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve)).add(rest::ViewSet(model("Category"), &resolve));
  router.mount(server, db(), {.default_permission = rest::allow_any()});
  auto exit_code = std::async(std::launch::async, [&server] { return server.run(); });
  std::string reply;
  for (int i = 0; i < 100 && reply.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    reply = raw_http(port, "GET /api/shop/products/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }
  EXPECT_THAT(reply, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(reply, HasSubstr("\"name\":\"Lamp\""));
  const std::string problem =
      raw_http(port, "GET /api/shop/products/?ordering=price HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(problem, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(problem, HasSubstr("application/problem+json"));

  std::string chromium;
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(candidate)) chromium = candidate;
  }
  if (chromium.empty()) {
    server.stop();
    exit_code.get();
    FAIL() << "chromium is missing: install.sh installs it";
  }
  test_support::TempDir profile;
  const std::string dom = run(chromium + " --headless=new --no-sandbox --disable-gpu --user-data-dir='" +
                              profile.path().string() + "' --virtual-time-budget=5000 --dump-dom http://127.0.0.1:" +
                              listen + "/api/docs/");
  server.stop();
  EXPECT_EQ(exit_code.get(), 0);
  // The script ran, fetched openapi.json and drew one block per operation (list, create, and four on a
  // detail, for each of the two viewsets).
  EXPECT_THAT(dom, HasSubstr("data-loaded=\"12\"")) << dom.substr(0, 2000);
  EXPECT_THAT(dom, HasSubstr("/api/shop/products/{pk}/"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OpenApi, ::testing::Values(test_support::Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, OpenApi, ::testing::Values(test_support::Backend::Postgres), backend_name);

}  // namespace
}  // namespace rest_test
