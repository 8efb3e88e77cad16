// The session middleware for an anonymous visitor (no auth tables needed: no
// session cookie, no query), flash messages across a redirect, and the
// access wrappers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/app.hpp>
#include <cpprustango/auth/session.hpp>
#include <cpprustango/db/database.hpp>
#include <cpprustango/views/access.hpp>
#include <cpprustango/views/messages.hpp>

#include "admin/admin_client.hpp"

namespace {

namespace auth = cpprustango::auth;
namespace http = cpprustango::http;
namespace views = cpprustango::views;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class Sessions : public ::testing::Test {
 protected:
  void SetUp() override {
    app.set_database(cpprustango::db::Database::open("sqlite::memory:"));
    auth::use_sessions(app, {.secret_key = "test key"});
    app.get("/form/", [](const http::Request& request) {
      return http::Response::html("<input type=\"hidden\" name=\"csrf_token\" value=\"" + auth::csrf_token(request) +
                                  "\">");
    });
    app.get("/plain/", [](const http::Request& request) {
      return http::Response::text(auth::current_user(request) == nullptr ? "anonymous" : "user");
    });
    app.post("/vote/", views::csrf_protect([](const http::Request&) { return http::Response::text("counted"); }));
    app.post("/save/", views::csrf_protect([](const http::Request& request) {
               views::flash(request, "Saved <it>.");
               return http::Response::redirect("/show/");
             }));
    app.get("/show/", [](const http::Request& request) {
      std::string out;
      for (const auto& m : views::messages(request)) out += std::string(views::to_string(m.level)) + ":" + m.text + ";";
      return http::Response::text(out);
    });
    app.get("/private/", views::login_required([](const http::Request&) { return http::Response::text("secret"); }));
    app.get("/staff/", views::permission_required("blog.add_post",
                                                  [](const http::Request&) { return http::Response::text("secret"); }));
  }
  cpprustango::App app;
};

TEST_F(Sessions, AnonymousVisitorGetsASignedCsrfCookieOnlyWhenAPageAsksForIt) {
  admin_test::Client client(app);
  auto plain = client.get("/plain/");
  EXPECT_EQ(plain.body(), "anonymous");
  EXPECT_FALSE(plain.headers().contains("Set-Cookie"));
  auto form = client.get("/form/");
  EXPECT_THAT(std::string(form.headers().get("Set-Cookie").value_or("")), StartsWith("cpprustango_csrf="));
  EXPECT_THAT(std::string(form.headers().get("Set-Cookie").value_or("")), HasSubstr("Path=/; HttpOnly; SameSite=Lax"));
  // The same token on the next page: the cookie is not set again.
  const std::string token = client.csrf();
  auto again = client.get("/form/");
  EXPECT_EQ(client.csrf(), token);
  EXPECT_FALSE(again.headers().contains("Set-Cookie"));
}

TEST_F(Sessions, UnsafeRequestWithoutTheTokenIs403AndWithItPasses) {
  admin_test::Client client(app);
  client.get("/form/");
  EXPECT_EQ(client.post("/vote/", {}, false).status(), 403);
  EXPECT_EQ(client.post("/vote/", {{"csrf_token", std::string(64, 'a')}}, false).status(), 403);
  auto counted = client.post("/vote/", {});
  EXPECT_EQ(counted.status(), 200);
  EXPECT_EQ(counted.body(), "counted");
  http::Request by_header{http::Method::Post, "/vote/"};
  by_header.headers().set("X-CSRF-Token", client.csrf());
  EXPECT_EQ(client.request(std::move(by_header)).status(), 200);
}

TEST_F(Sessions, AForgedCsrfCookieIsNotAccepted) {
  http::Request request{http::Method::Post, "/vote/", "csrf_token=abc"};
  request.headers().set("Content-Type", "application/x-www-form-urlencoded");
  request.headers().set("Cookie", "cpprustango_csrf=abc.0000");
  EXPECT_EQ(app.handle(std::move(request)).status(), 403);
}

TEST_F(Sessions, FlashMessageShowsOnTheNextPageOnly) {
  admin_test::Client client(app);
  client.get("/form/");
  auto saved = client.post("/save/", {});
  ASSERT_EQ(saved.status(), 302);
  EXPECT_EQ(client.get("/show/").body(), "success:Saved <it>.;");
  EXPECT_EQ(client.get("/show/").body(), "");
}

TEST_F(Sessions, TamperedFlashCookieIsIgnored) {
  http::Request request{http::Method::Get, "/show/"};
  request.headers().set("Cookie", "cpprustango_flash=1=forged.deadbeef");
  EXPECT_EQ(app.handle(std::move(request)).body(), "");
}

TEST_F(Sessions, WrappersSendAnonymousVisitorsToTheLoginPage) {
  auto response = app.handle(http::Request{http::Method::Get, "/private/?x=1"});
  EXPECT_EQ(response.status(), 302);
  EXPECT_EQ(response.headers().get("Location").value_or(""), "/accounts/login/?next=%2Fprivate%2F%3Fx%3D1");
  EXPECT_EQ(app.handle(http::Request{http::Method::Get, "/staff/"}).status(), 302);
}

TEST(SessionsMissing, HelpersNeedTheMiddlewareAndSaySo) {
  http::Request request{http::Method::Get, "/"};
  EXPECT_EQ(auth::current_user(request), nullptr);
  EXPECT_FALSE(auth::csrf_valid(request, "x"));
  try {
    auth::csrf_token(request);
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& error) {
    EXPECT_THAT(error.what(), HasSubstr("auth::use_sessions(app)"));
  }
}

}  // namespace
