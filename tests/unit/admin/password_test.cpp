// A user's password form in the admin (/admin/auth/user/<pk>/password/) and
// the clean-up of expired sessions, through App::handle on sqlite::memory: and
// the throwaway PostgreSQL cluster.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/passwords.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/schema/parser.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace auth = cpprustango::auth;
using admin_test::Client;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPassword = "s3cret-enough-pw";
constexpr const char* kNewPassword = "violet-tractor-42";

class PasswordForm : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open("", "");
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), {}, {.secret_key = "test key"});
    root = auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
    bob = auth::create_user(db(), {.username = "bob", .password = kPassword, .staff = true});
  }

  std::string url(std::int64_t id) const { return "/admin/auth/user/" + std::to_string(id) + "/password/"; }

  std::string hash_of(std::int64_t id) {
    return db::as_string(db().acquire().query("SELECT password FROM auth_user WHERE id = " + std::to_string(id)).scalar());
  }

  std::int64_t sessions_of(std::int64_t id) {
    return db::as_int(
        db().acquire().query("SELECT COUNT(*) FROM auth_session WHERE user_id = " + std::to_string(id)).scalar());
  }

  /** Gives bob these permissions directly. */
  void grant_bob(const std::vector<std::string>& codenames) {
    auto conn = db().acquire();
    for (const auto& codename : codenames) {
      conn.execute(std::string(pg() ? "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                      "SELECT $1, id FROM auth_permission WHERE codename = $2"
                                    : "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                      "SELECT ?, id FROM auth_permission WHERE codename = ?"),
                   {bob, codename});
    }
  }

  cpprustango::App app;
  std::int64_t root = 0;
  std::int64_t bob = 0;
};

TEST_P(PasswordForm, TheUserChangeFormLinksToIt) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get("/admin/auth/user/" + std::to_string(bob) + "/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("href=\"" + url(bob) + "\">Change password</a>"));
  auto page = client.get(url(bob));
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("<h1>Change password: bob</h1>"));
  EXPECT_THAT(page.body(), HasSubstr("type=\"password\" id=\"id_password1\" name=\"password1\""));
  EXPECT_THAT(page.body(), HasSubstr("type=\"password\" id=\"id_password2\" name=\"password2\""));
  EXPECT_THAT(page.body(), HasSubstr("type=\"hidden\" name=\"csrf_token\""));
}

TEST_P(PasswordForm, ChangesTheHashLogsItAndEndsTheUsersOtherSessions) {
  Client bobs_browser(app);
  ASSERT_TRUE(bobs_browser.login("bob", kPassword));
  ASSERT_EQ(sessions_of(bob), 1);
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  const std::string before = hash_of(bob);
  client.get(url(bob));
  auto done = client.post(url(bob), {{"password1", kNewPassword}, {"password2", kNewPassword}});
  ASSERT_EQ(done.status(), 302) << done.body();
  EXPECT_EQ(done.headers().get("Location").value_or(""), "/admin/auth/user/" + std::to_string(bob) + "/change/");
  EXPECT_NE(hash_of(bob), before);
  EXPECT_TRUE(auth::verify_password(kNewPassword, hash_of(bob)));
  EXPECT_EQ(sessions_of(bob), 0);
  EXPECT_EQ(bobs_browser.get("/admin/").status(), 302);  // logged out
  EXPECT_THAT(client.get("/admin/auth/user/" + std::to_string(bob) + "/change/").body(),
              HasSubstr("The password of &quot;bob&quot; was changed successfully."));
  EXPECT_THAT(client.get("/admin/auth/user/" + std::to_string(bob) + "/history/").body(),
              HasSubstr("Changed password."));
  Client again(app);
  EXPECT_FALSE(again.login("bob", kPassword));
  EXPECT_TRUE(again.login("bob", kNewPassword));
}

TEST_P(PasswordForm, ChangingYourOwnKeepsYouLoggedIn) {
  Client other(app);
  ASSERT_TRUE(other.login("root", kPassword));
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get(url(root));
  ASSERT_EQ(client.post(url(root), {{"password1", kNewPassword}, {"password2", kNewPassword}}).status(), 302);
  EXPECT_EQ(client.get("/admin/").status(), 200);
  EXPECT_EQ(other.get("/admin/").status(), 302);
  EXPECT_EQ(sessions_of(root), 1);
}

TEST_P(PasswordForm, MismatchAndWeakPasswordsAreErrorsOnTheirFieldAndChangeNothing) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  const std::string before = hash_of(bob);
  client.get(url(bob));
  auto mismatch = client.post(url(bob), {{"password1", kNewPassword}, {"password2", "violet-tractor-43"}});
  ASSERT_EQ(mismatch.status(), 400);
  EXPECT_THAT(mismatch.body(), HasSubstr("The two password fields didn&#39;t match."));
  EXPECT_THAT(mismatch.body(), Not(HasSubstr(kNewPassword)));  // never echoed
  auto weak = client.post(url(bob), {{"password1", "12345678901"}, {"password2", "12345678901"}});
  ASSERT_EQ(weak.status(), 400);
  EXPECT_THAT(weak.body(), HasSubstr("<div class=\"field has-error\"><label for=\"id_password1\""));
  EXPECT_THAT(weak.body(), HasSubstr("This password is too weak: the password is entirely numeric."));
  auto similar = client.post(url(bob), {{"password1", "bob-bob-bob-1"}, {"password2", "bob-bob-bob-1"}});
  EXPECT_THAT(similar.body(), HasSubstr("too similar to the username"));
  auto empty = client.post(url(bob), {{"password1", ""}, {"password2", ""}});
  EXPECT_THAT(empty.body(), HasSubstr("This field is required."));
  EXPECT_EQ(hash_of(bob), before);
}

TEST_P(PasswordForm, NeedsTheCsrfTokenAndTheChangePermission) {
  const std::string before = hash_of(root);
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get(url(bob));
  EXPECT_EQ(client.post(url(bob), {{"password1", kNewPassword}, {"password2", kNewPassword}}, false).status(), 403);

  Client staff(app);
  ASSERT_TRUE(staff.login("bob", kPassword));
  EXPECT_EQ(staff.get(url(root)).status(), 403);
  EXPECT_EQ(staff.post(url(root), {{"password1", kNewPassword}, {"password2", kNewPassword}}).status(), 403);
  grant_bob({"auth.view_user"});
  EXPECT_EQ(staff.get(url(root)).status(), 403);
  EXPECT_THAT(staff.get("/admin/auth/user/" + std::to_string(root) + "/change/").body(), Not(HasSubstr("Change password")));
  EXPECT_EQ(hash_of(root), before);
  grant_bob({"auth.change_user"});
  EXPECT_EQ(staff.get(url(root)).status(), 200);
}

TEST_P(PasswordForm, OnlyUsersHaveOneAndAnUnknownUserIsNotFound) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  EXPECT_EQ(client.get("/admin/auth/group/1/password/").status(), 404);
  EXPECT_EQ(client.get(url(9999)).status(), 404);
}

TEST_P(PasswordForm, ExpiredSessionsAreDeletedAtLoginAHundredAtATime) {
  {
    auto conn = db().acquire();
    for (int i = 0; i < 150; ++i) {
      const std::string key = "expired" + std::to_string(i);
      conn.execute(std::string(pg() ? "INSERT INTO auth_session (key, user_id, csrf, created, expires) "
                                      "VALUES ($1, $2, 'x', '2020-01-01T00:00:00.000000Z', $3)"
                                    : "INSERT INTO auth_session (key, user_id, csrf, created, expires) "
                                      "VALUES (?, ?, 'x', '2020-01-01T00:00:00.000000Z', ?)"),
                   {key, bob, std::string(i < 149 ? "2020-01-02T00:00:00.000000Z" : "2020-01-01T00:00:01.000000Z")});
    }
  }
  Client live(app);
  ASSERT_TRUE(live.login("root", kPassword));
  // The 100 that expired first went; the live session stays.
  EXPECT_EQ(sessions_of(bob), 50);
  EXPECT_EQ(db::as_int(db().acquire()
                           .query("SELECT COUNT(*) FROM auth_session WHERE key = 'expired149'")
                           .scalar()),
            0);
  Client second(app);
  ASSERT_TRUE(second.login("bob", kPassword));
  EXPECT_EQ(sessions_of(bob), 1);  // only the new one
  EXPECT_EQ(sessions_of(root), 1);
  EXPECT_EQ(live.get("/admin/").status(), 200);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, PasswordForm, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, PasswordForm, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

}  // namespace
