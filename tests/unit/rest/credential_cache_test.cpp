// The authenticators' credential cache (rest::CredentialCache) on both
// databases: a key's second request reads no auth table, entries end with
// their TTL and with the key's own expiry, writes in this process (a key
// revoked, a user deactivated, a permission granted) end them at once, the
// number of entries is bounded, and a write by another connection pool (as
// another process makes) is seen once the TTL has passed.
#include <cpprustango/auth/credentials.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/convert.hpp>
#include <cpprustango/rest/authentication.hpp>
#include <cpprustango/rest/tokens.hpp>
#include <gmock/gmock.h>

#include <thread>

#include "rest_fixture.hpp"
#include "test_support/auth_tables.hpp"

namespace rest_test {
namespace {

namespace auth = cpprustango::auth;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

/** What the list (one product: one page, so no COUNT) runs once it knows who asks: the page and its tags. */
constexpr std::uint64_t kPage = 2;
/** Who asks, by key or token: the key, its user and their permissions in one query. */
constexpr std::uint64_t kWho = 1;

class CredentialCacheTest : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    test_support::create_auth_tables(db());
    ann = auth::create_user(db(), {.username = "ann", .password = "ann-password-1"});
    bob = auth::create_user(db(), {.username = "bob", .password = "bob-password-1"});
    sql("INSERT INTO auth_permission (codename, app, model, action) VALUES ('shop.view_product', 'shop', 'product', 'view')");
    grant(ann);
    product("Pen");
  }
  void mount_api(rest::CredentialCache cache) {
    rest::Router router;
    router.add(rest::ViewSet(model("Product"), &resolve));
    tokens = {.secret = std::string(40, 's'), .cache = cache};
    router.mount(app, db(), {.authenticators = {rest::api_key_authentication(db(), cache),
                                                rest::jwt_authentication(db(), tokens)}});
  }
  void grant(std::int64_t user) {
    sql("INSERT INTO auth_user_user_permissions (user_id, permission_id) SELECT " + std::to_string(user) +
        ", id FROM auth_permission WHERE codename = 'shop.view_product'");
  }
  void sql(const std::string& statement) { db().acquire().execute(statement); }
  std::string truth(bool value) const { return pg() ? (value ? "true" : "false") : (value ? "1" : "0"); }

  http::Response list(const std::string& authorization) {
    return send(http::Method::Get, "/api/shop/products/", {}, {}, {{"Authorization", authorization}});
  }
  /** The statements one request runs, with its status. */
  std::pair<int, std::uint64_t> counted(const std::string& authorization) {
    const auto before = db().pool_status().statements;
    const int status = list(authorization).status();
    return {status, db().pool_status().statements - before};
  }

  std::int64_t ann = 0;
  std::int64_t bob = 0;
  rest::TokenOptions tokens;
};

TEST_P(CredentialCacheTest, AKeysSecondRequestReadsNoAuthTable) {
  mount_api({.ttl = 1h});
  const std::string key = "Api-Key " + auth::create_api_key(db(), "ann", "", std::nullopt).key;
  EXPECT_EQ(counted(key), std::make_pair(200, kWho + 1 + kPage));  // and last_used's first write
  EXPECT_EQ(counted(key), std::make_pair(200, kPage));
  EXPECT_EQ(counted(key), std::make_pair(200, kPage));
}

TEST_P(CredentialCacheTest, WithoutACacheEveryRequestReadsTheKeyOnce) {
  mount_api({.ttl = {}});
  const std::string key = "Api-Key " + auth::create_api_key(db(), "ann", "", std::nullopt).key;
  EXPECT_EQ(counted(key), std::make_pair(200, kWho + 1 + kPage));  // and last_used's first write
  EXPECT_EQ(counted(key), std::make_pair(200, kWho + kPage));
  EXPECT_EQ(counted(key), std::make_pair(200, kPage + kWho));
}

TEST_P(CredentialCacheTest, AnEntryLastsItsTtlOnly) {
  mount_api({.ttl = 150ms});
  const std::string key = "Api-Key " + auth::create_api_key(db(), "ann", "", std::nullopt).key;
  EXPECT_EQ(counted(key).first, 200);
  EXPECT_EQ(counted(key).second, kPage);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(counted(key), std::make_pair(200, kPage + kWho)) << "read again once the TTL has passed";
  EXPECT_EQ(counted(key).second, kPage);
}

TEST_P(CredentialCacheTest, AKeyRevokedThroughTheOrmIsRefusedAtOnce) {
  mount_api({.ttl = 1h});
  const auto issued = auth::create_api_key(db(), "ann", "", std::nullopt);
  EXPECT_EQ(list("Api-Key " + issued.key).status(), 200);
  EXPECT_EQ(counted("Api-Key " + issued.key).second, kPage) << "cached";
  orm::Table keys(auth::model("ApiKey"), [](const schema::FieldSpec& field) { return auth::specs().target(field); });
  auto record = keys.query().filter("id", "exact", {issued.id}).first(db());
  ASSERT_TRUE(record);
  record->set("revoked", true);
  keys.update(db(), *record);
  const auto refused = list("Api-Key " + issued.key);
  EXPECT_EQ(refused.status(), 401);
  EXPECT_THAT(body(refused)["detail"].get<std::string>(), HasSubstr("revoked"));
}

TEST_P(CredentialCacheTest, ADeactivatedUserIsRefusedAtOnceWithAKeyOrAToken) {
  mount_api({.ttl = 1h});
  const std::string key = "Api-Key " + auth::create_api_key(db(), "ann", "", std::nullopt).key;
  const std::string bearer = "Bearer " + rest::issue_access_token(tokens, ann);
  EXPECT_EQ(list(key).status(), 200);
  EXPECT_EQ(list(bearer).status(), 200);
  EXPECT_EQ(counted(bearer).second, kPage) << "the token's user is cached too";
  sql("UPDATE auth_user SET is_active = " + truth(false) + " WHERE id = " + std::to_string(ann));
  const auto refused = list(key);
  EXPECT_EQ(refused.status(), 401);
  EXPECT_THAT(body(refused)["detail"].get<std::string>(), HasSubstr("inactive"));
  EXPECT_EQ(list(bearer).status(), 401);
}

TEST_P(CredentialCacheTest, APermissionGrantedCountsAtOnce) {
  mount_api({.ttl = 1h});
  const std::string key = "Api-Key " + auth::create_api_key(db(), "bob", "", std::nullopt).key;
  EXPECT_EQ(list(key).status(), 403);
  EXPECT_EQ(counted(key), std::make_pair(403, std::uint64_t{0})) << "the user without the permission is cached";
  grant(bob);
  EXPECT_EQ(list(key).status(), 200);
}

TEST_P(CredentialCacheTest, AKeysExpiryEndsItsEntry) {
  mount_api({.ttl = 1h});
  const auto issued = auth::create_api_key(db(), "ann", "", std::chrono::days(1));
  const auto soon = orm::format_datetime(orm::now_utc() + 1s);
  sql("UPDATE auth_api_key SET expires = '" + soon + "' WHERE id = " + std::to_string(issued.id));
  EXPECT_EQ(list("Api-Key " + issued.key).status(), 200);
  EXPECT_EQ(counted("Api-Key " + issued.key).second, kPage);
  std::this_thread::sleep_for(1100ms);
  const auto expired = list("Api-Key " + issued.key);
  EXPECT_EQ(expired.status(), 401);
  EXPECT_THAT(body(expired)["detail"].get<std::string>(), HasSubstr("expired"));
}

TEST_P(CredentialCacheTest, TheNumberOfEntriesIsBounded) {
  mount_api({.ttl = 1h, .max_entries = 1});
  const std::string first = "Api-Key " + auth::create_api_key(db(), "ann", "a", std::nullopt).key;
  const std::string second = "Api-Key " + auth::create_api_key(db(), "ann", "b", std::nullopt).key;
  EXPECT_EQ(list(first).status(), 200);
  EXPECT_EQ(counted(first).second, kPage);
  EXPECT_EQ(list(second).status(), 200);  // takes the only place
  EXPECT_EQ(counted(second).second, kPage);
  EXPECT_EQ(counted(first), std::make_pair(200, kPage + kWho)) << "the first was dropped";
}

TEST_P(CredentialCacheTest, UnknownKeysAreNotRemembered) {
  mount_api({.ttl = 1h});
  EXPECT_EQ(counted("Api-Key crk_nope_nope"), std::make_pair(401, kWho));
  EXPECT_EQ(counted("Api-Key crk_nope_nope"), std::make_pair(401, kWho));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CredentialCacheTest, ::testing::Values(test_support::Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, CredentialCacheTest, ::testing::Values(test_support::Backend::Postgres), backend_name);

// Another process's write, as a second pool on the same PostgreSQL database makes it: not seen
// until the entry is older than the TTL (the revocation lag docs/api.md states).
class CredentialCacheAcrossPools : public CredentialCacheTest {};

TEST_P(CredentialCacheAcrossPools, AKeyRevokedElsewhereIsRefusedOnceTheTtlHasPassed) {
  mount_api({.ttl = 300ms});
  const auto issued = auth::create_api_key(db(), "ann", "", std::nullopt);
  const std::string key = "Api-Key " + issued.key;
  EXPECT_EQ(list(key).status(), 200);
  db::Database elsewhere = db::Database::open(url());
  elsewhere.execute("UPDATE auth_api_key SET revoked = true WHERE id = " + std::to_string(issued.id));
  EXPECT_EQ(list(key).status(), 200) << "within the TTL, the cached key still serves";
  std::this_thread::sleep_for(350ms);
  EXPECT_EQ(list(key).status(), 401);
}

INSTANTIATE_TEST_SUITE_P(Postgres, CredentialCacheAcrossPools, ::testing::Values(test_support::Backend::Postgres),
                         backend_name);

}  // namespace
}  // namespace rest_test
