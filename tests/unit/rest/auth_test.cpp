// Authentication and rate limits through App::handle on both databases: API
// keys (valid, unknown, revoked, expired, wrong scheme), JWTs (pairs, expiry,
// tampering, alg none, refresh rotation and revocation, checked both ways
// against python3-jwt), model permissions of real users, and 429s.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/credentials.hpp>
#include <cpprustango/auth/session.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/rest/authentication.hpp>
#include <cpprustango/rest/tokens.hpp>
#include <gmock/gmock.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "../admin/admin_client.hpp"
#include "rest_fixture.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/temp_dir.hpp"

namespace rest_test {
namespace {

namespace auth = cpprustango::auth;
using ::testing::HasSubstr;

constexpr const char* kSecret = "a-test-secret-of-at-least-32-bytes!!";

/** The standard output of a shell command, or "" when it fails. */
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  return ::pclose(pipe) == 0 ? out : "";
}

class Auth : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    test_support::create_auth_tables(db());
    ann = auth::create_user(db(), {.username = "ann", .password = "ann-password-1"});
    bob = auth::create_user(db(), {.username = "bob", .password = "bob-password-1"});
    grant(ann, "shop.view_product");
    tokens.secret = kSecret;
  }
  void grant(std::int64_t user, const std::string& codename) {
    auto conn = db().acquire();
    const bool pg = conn.dialect() == db::Dialect::Postgresql;
    conn.execute(pg ? "INSERT INTO auth_permission (codename, app, model, action) VALUES ($1, 'shop', 'product', 'view')"
                    : "INSERT INTO auth_permission (codename, app, model, action) VALUES (?, 'shop', 'product', 'view')",
                 {codename});
    conn.execute(pg ? "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                      "SELECT $1, id FROM auth_permission WHERE codename = $2"
                    : "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                      "SELECT ?, id FROM auth_permission WHERE codename = ?",
                 {user, codename});
  }
  void mount_api(rest::ThrottleOptions throttle = {}) {
    rest::Router router;
    router.add(rest::ViewSet(model("Product"), &resolve));
    router.mount(app, db(), {.authenticators = {rest::api_key_authentication(db()), rest::jwt_authentication(db(), tokens)},
                             .throttle = throttle});
    rest::mount_token_endpoints(app, db(), tokens);
  }
  http::Response with_auth(const std::string& value, const std::string& target = "/api/shop/products/") {
    return send(http::Method::Get, target, {}, {}, {{"Authorization", value}});
  }
  json token_pair(const std::string& username, const std::string& password) {
    const auto response = post("/api/auth/token/", {{"username", username}, {"password", password}});
    EXPECT_EQ(response.status(), 200) << response.body();
    return body(response);
  }
  void sql(const std::string& statement) { db().acquire().execute(statement); }

  std::int64_t ann = 0;
  std::int64_t bob = 0;
  rest::TokenOptions tokens;
};

TEST_P(Auth, ApiKeysValidUnknownRevokedExpiredAndOnlyHashed) {
  mount_api();
  const auto issued = auth::create_api_key(db(), "ann", "ci", std::nullopt);
  EXPECT_THAT(issued.key, ::testing::StartsWith("crk_" + issued.prefix + "_"));
  EXPECT_EQ(with_auth("Api-Key " + issued.key).status(), 200);
  // Only the hash is stored.
  EXPECT_EQ(db::as_int(db().query("SELECT COUNT(*) FROM auth_api_key WHERE hash = '" + issued.key + "'").scalar()), 0);

  const auto unknown = with_auth("Api-Key crk_nope_nope");
  EXPECT_EQ(unknown.status(), 401);
  EXPECT_EQ(unknown.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(unknown.headers().get("WWW-Authenticate").value_or(""), "Api-Key realm=\"api\"");

  sql("UPDATE auth_api_key SET revoked = " + std::string(pg() ? "true" : "1"));
  EXPECT_THAT(body(with_auth("Api-Key " + issued.key))["detail"].get<std::string>(), HasSubstr("revoked"));

  const auto old = auth::create_api_key(db(), "ann", "", std::chrono::days(1));
  EXPECT_EQ(with_auth("Api-Key " + old.key).status(), 200);
  sql("UPDATE auth_api_key SET expires = '2000-01-01T00:00:00Z' WHERE prefix = '" + old.prefix + "'");
  const auto expired = with_auth("Api-Key " + old.key);
  EXPECT_EQ(expired.status(), 401);
  EXPECT_THAT(body(expired)["detail"].get<std::string>(), HasSubstr("expired"));

  EXPECT_THROW(auth::create_api_key(db(), "nobody", "", std::nullopt), auth::UserError);
}

TEST_P(Auth, AKeyRevokedInTheAdminIsRefused) {
  mount_api();
  const schema::ModelSpec* const models[] = {&model("Product")};
  const schema::AppSpec apps[] = {{.name = "shop", .models = models, .resolve = &resolve}};
  cpprustango::admin::mount(app, db(), apps, {.secret_key = "test key"});
  auth::create_user(db(), {.username = "root", .password = "root-password-1", .superuser = true, .staff = true});
  const auto issued = auth::create_api_key(db(), "ann", "ci", std::nullopt);
  EXPECT_EQ(with_auth("Api-Key " + issued.key).status(), 200);

  admin_test::Client browser(app);
  ASSERT_TRUE(browser.login("root", "root-password-1"));
  const std::string change = "/admin/auth/apikey/" + std::to_string(issued.id) + "/change/";
  const auto page = browser.get(change);
  ASSERT_EQ(page.status(), 200) << page.body();
  EXPECT_EQ(page.body().find(issued.key), std::string::npos);  // the key is nowhere to be shown
  const auto saved = browser.post(change, {{"user", std::to_string(ann)}, {"name", "ci"}, {"revoked", "on"}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  const auto refused = with_auth("Api-Key " + issued.key);
  EXPECT_EQ(refused.status(), 401);
  EXPECT_THAT(body(refused)["detail"].get<std::string>(), HasSubstr("revoked"));
}

TEST_P(Auth, TheAdminOffersNoAddForApiKeysOrRefreshTokens) {
  const schema::ModelSpec* const models[] = {&model("Product")};
  const schema::AppSpec apps[] = {{.name = "shop", .models = models, .resolve = &resolve}};
  cpprustango::admin::mount(app, db(), apps, {.secret_key = "test key"});
  auth::create_user(db(), {.username = "root", .password = "root-password-1", .superuser = true, .staff = true});
  admin_test::Client browser(app);
  ASSERT_TRUE(browser.login("root", "root-password-1"));
  // A key's hash and a token's id are chosen by the code that issues them, never by a form.
  const auto list = browser.get("/admin/auth/apikey/");
  ASSERT_EQ(list.status(), 200) << list.body();
  EXPECT_EQ(list.body().find("/admin/auth/apikey/add/"), std::string::npos);
  const auto index = browser.get("/admin/");
  EXPECT_EQ(index.body().find("/admin/auth/apikey/add/"), std::string::npos);
  EXPECT_EQ(index.body().find("/admin/auth/refreshtoken/add/"), std::string::npos);
  EXPECT_NE(index.body().find("/admin/auth/user/add/"), std::string::npos) << "users are still added in the admin";
  const auto add = browser.get("/admin/auth/apikey/add/");
  EXPECT_EQ(add.status(), 404);
  EXPECT_THAT(add.body(), HasSubstr("cpprustango createapikey USER"));
  EXPECT_EQ(browser.post("/admin/auth/apikey/add/", {{"user", std::to_string(ann)}, {"name", "x"}}).status(), 404);
  EXPECT_EQ(browser.get("/admin/auth/refreshtoken/add/").status(), 404);
}

TEST_P(Auth, TheAdminsSessionWithCsrfForUnsafeMethods) {
  app.set_database(db());
  cpprustango::auth::use_sessions(app, {.secret_key = "test key"});
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve));
  router.mount(app, db(), {.authenticators = {rest::session_authentication()}});
  const schema::ModelSpec* const models[] = {&model("Product")};
  const schema::AppSpec apps[] = {{.name = "shop", .models = models, .resolve = &resolve}};
  cpprustango::admin::mount(app, db(), apps, {.secret_key = "test key"});
  auth::create_user(db(), {.username = "root", .password = "root-password-1", .superuser = true, .staff = true});

  admin_test::Client browser(app);
  EXPECT_EQ(browser.get("/api/shop/products/").status(), 401);
  ASSERT_TRUE(browser.login("root", "root-password-1"));
  EXPECT_EQ(browser.get("/api/shop/products/").status(), 200);  // one login serves the admin and the API
  browser.get("/admin/");                                       // a page with the session's token
  const std::string body_text = R"({"name": "Pen", "price": "1.00"})";
  http::Request without{http::Method::Post, "/api/shop/products/", body_text};
  without.headers().set("Content-Type", "application/json");
  EXPECT_EQ(browser.request(std::move(without)).status(), 403);
  http::Request with{http::Method::Post, "/api/shop/products/", body_text};
  with.headers().set("Content-Type", "application/json");
  with.headers().set("X-CSRF-Token", browser.csrf());
  EXPECT_EQ(browser.request(std::move(with)).status(), 201);
  EXPECT_EQ(count("shop_product"), 1);
}

TEST_P(Auth, WrongSchemesAndMissingPermissions) {
  mount_api();
  const auto key = auth::create_api_key(db(), "ann", "", std::nullopt).key;
  EXPECT_EQ(with_auth("Bearer " + key).status(), 401);    // an API key is not a JWT
  EXPECT_EQ(with_auth("Basic YW5uOnB3").status(), 401);   // not a scheme of this API: anonymous, then 401
  EXPECT_EQ(get("/api/shop/products/").status(), 401);
  const auto bob_key = auth::create_api_key(db(), "bob", "", std::nullopt).key;
  EXPECT_EQ(with_auth("Api-Key " + bob_key).status(), 403);  // known, without shop.view_product
  EXPECT_EQ(with_auth("api-key " + key).status(), 200);        // schemes are case-blind
}

TEST_P(Auth, JwtPairsExpiryAndTampering) {
  mount_api();
  EXPECT_EQ(post("/api/auth/token/", {{"username", "ann"}, {"password", "wrong"}}).status(), 401);
  EXPECT_EQ(post("/api/auth/token/", {{"username", "nobody"}, {"password", "x"}}).status(), 401);
  EXPECT_EQ(post("/api/auth/token/", {{"username", "ann"}}).status(), 400);
  EXPECT_EQ(get("/api/auth/token/").status(), 405);
  const json tokens_json = token_pair("ann", "ann-password-1");
  const std::string access = tokens_json["access"];
  EXPECT_EQ(with_auth("Bearer " + access).status(), 200);
  EXPECT_EQ(with_auth("Bearer " + tokens_json["refresh"].get<std::string>()).status(), 401);  // a refresh token is not an access token

  std::string tampered = access;
  tampered[tampered.find('.') + 3] ^= 1;  // one bit of the payload
  EXPECT_EQ(with_auth("Bearer " + tampered).status(), 401);
  std::string resigned = access;
  resigned.back() = resigned.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(with_auth("Bearer " + resigned).status(), 401);
  // alg "none": the payload of a valid token, no signature.
  const std::string payload = access.substr(access.find('.') + 1, access.rfind('.') - access.find('.') - 1);
  EXPECT_EQ(with_auth("Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".").status(), 401);

  rest::TokenOptions short_lived = tokens;
  short_lived.access_lifetime = std::chrono::seconds(-1);
  EXPECT_EQ(with_auth("Bearer " + rest::issue_access_token(short_lived, ann)).status(), 401);
  rest::TokenOptions other_key = tokens;
  other_key.secret = std::string(40, 'k');
  EXPECT_EQ(with_auth("Bearer " + rest::issue_access_token(other_key, ann)).status(), 401);
  EXPECT_THROW(rest::jwt_authentication(db(), {.secret = "short"}), rest::DeclarationError);
}

TEST_P(Auth, RefreshTokensRotateAndRevoke) {
  mount_api();
  const json first = token_pair("ann", "ann-password-1");
  const auto refreshed = post("/api/auth/token/refresh/", {{"refresh", first["refresh"]}});
  ASSERT_EQ(refreshed.status(), 200) << refreshed.body();
  const json second = body(refreshed);
  EXPECT_NE(second["refresh"], first["refresh"]);
  EXPECT_EQ(with_auth("Bearer " + second["access"].get<std::string>()).status(), 200);
  // Rotated: the first refresh token is spent.
  EXPECT_EQ(post("/api/auth/token/refresh/", {{"refresh", first["refresh"]}}).status(), 401);
  // Revoked by the client.
  EXPECT_EQ(post("/api/auth/token/revoke/", {{"refresh", second["refresh"]}}).status(), 204);
  EXPECT_EQ(post("/api/auth/token/refresh/", {{"refresh", second["refresh"]}}).status(), 401);
  // Revoked in the admin (the row's flag).
  const json third = token_pair("ann", "ann-password-1");
  sql("UPDATE auth_refresh_token SET revoked = " + std::string(pg() ? "true" : "1"));
  EXPECT_EQ(post("/api/auth/token/refresh/", {{"refresh", third["refresh"]}}).status(), 401);
  // An inactive user's tokens stop working.
  const json fourth = token_pair("ann", "ann-password-1");
  sql("UPDATE auth_user SET is_active = " + std::string(pg() ? "false" : "0") + " WHERE username = 'ann'");
  EXPECT_EQ(with_auth("Bearer " + fourth["access"].get<std::string>()).status(), 401);
}

TEST_P(Auth, TokensAgreeWithPythonJwt) {
  // Debian's interpreter, where python3-jwt lives (not whatever python3 the PATH finds first).
  if (std::system("/usr/bin/python3 -c 'import jwt' 2>/dev/null") != 0) {
    FAIL() << "python3-jwt is missing: apt-get install python3-jwt (install.sh installs it)";
  }
  mount_api();
  const std::string access = token_pair("ann", "ann-password-1")["access"];
  // Ours, read by PyJWT with the same key: signature, algorithm, issuer, expiry.
  const std::string decoded = run("/usr/bin/python3 -c \"import jwt,json,sys; print(json.dumps(jwt.decode(sys.argv[1], sys.argv[2], "
                                  "algorithms=['HS256'], issuer='cpprustango')))\" '" + access + "' '" + kSecret + "'");
  ASSERT_FALSE(decoded.empty()) << "PyJWT refused our token";
  const json claims = json::parse(decoded);
  EXPECT_EQ(claims["sub"], std::to_string(ann));
  EXPECT_EQ(claims["typ"], "access");
  EXPECT_GT(claims["exp"].get<std::int64_t>(), claims["iat"].get<std::int64_t>());
  // PyJWT's, accepted by us; and PyJWT's with another key, refused.
  const std::string script = "import jwt,sys,time; print(jwt.encode({'sub': sys.argv[1], 'typ': 'access', 'iss': 'cpprustango', "
                             "'jti': 'x', 'iat': int(time.time()), 'exp': int(time.time()) + 60}, sys.argv[2], algorithm='HS256'))";
  const auto mint = [&](const std::string& key) {
    std::string token = run("/usr/bin/python3 -c \"" + script + "\" " + std::to_string(ann) + " '" + key + "'");
    while (!token.empty() && token.back() == '\n') token.pop_back();
    return token;
  };
  const std::string theirs = mint(kSecret);
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(with_auth("Bearer " + theirs).status(), 200);
  EXPECT_EQ(with_auth("Bearer " + mint(std::string(40, 'z'))).status(), 401);
}

TEST_P(Auth, RateLimitsPerAddressAndPerUserWithRetryAfter) {
  mount_api({.user = {.requests = 2, .per = std::chrono::seconds(60)},
             .anonymous = {.requests = 3, .per = std::chrono::seconds(60)}});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get("/api/shop/products/").status(), 401);
  const auto limited = get("/api/shop/products/");
  EXPECT_EQ(limited.status(), 429);
  EXPECT_EQ(limited.headers().get("Content-Type").value_or(""), "application/problem+json");
  const int retry = std::stoi(std::string(limited.headers().get("Retry-After").value_or("0")));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);

  const auto key = auth::create_api_key(db(), "ann", "", std::nullopt).key;
  EXPECT_EQ(with_auth("Api-Key " + key).status(), 200);  // users are counted apart from the address
  EXPECT_EQ(with_auth("Api-Key " + key).status(), 200);
  EXPECT_EQ(with_auth("Api-Key " + key).status(), 429);
  // A window that has passed starts again.
  sql("UPDATE auth_api_throttle SET window_start = '2000-01-01T00:00:00Z'");
  EXPECT_EQ(with_auth("Api-Key " + key).status(), 200);
}

TEST_P(Auth, AnExpiredRefreshTokenIsRefused) {
  tokens.refresh_lifetime = std::chrono::seconds(-1);
  mount_api();
  const json pair = token_pair("ann", "ann-password-1");
  const auto refreshed = post("/api/auth/token/refresh/", {{"refresh", pair["refresh"]}});
  EXPECT_EQ(refreshed.status(), 401);
  EXPECT_EQ(refreshed.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(post("/api/auth/token/refresh/", {{"refresh", "not.a.token"}}).status(), 401);
}

TEST_P(Auth, TheTokenEndpointLimitsPasswordGuessesPerAddress) {
  tokens.login_limit = {.requests = 3, .per = std::chrono::seconds(60)};
  mount_api();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post("/api/auth/token/", {{"username", "ann"}, {"password", "guess"}}).status(), 401);
  const auto limited = post("/api/auth/token/", {{"username", "ann"}, {"password", "ann-password-1"}});
  EXPECT_EQ(limited.status(), 429);  // even the right password, once the address is over its limit
  EXPECT_TRUE(limited.headers().contains("Retry-After"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Auth, ::testing::Values(test_support::Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Auth, ::testing::Values(test_support::Backend::Postgres), backend_name);

}  // namespace
}  // namespace rest_test
