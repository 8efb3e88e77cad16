// Router: converters, method handling (404/405/HEAD), order, url_for and
// the errors malformed patterns raise.
#include "cpprustango/http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace http = cpprustango::http;
using ::testing::HasSubstr;

namespace {

/** Echoes the captured params as "name=value;..." so tests can see what matched. */
http::Response echo(const http::Request& request, std::initializer_list<const char*> names) {
  std::string body;
  for (const char* name : names) {
    auto value = request.param(name);
    body += std::string{name} + "=" + (value ? std::string{*value} : "<none>") + ";";
  }
  return http::Response::text(body);
}

http::Response dispatch(const http::Router& router, http::Method method, std::string_view target) {
  http::Request request{method, target};
  return router.dispatch(request);
}

http::Response get(const http::Router& router, std::string_view target) {
  return dispatch(router, http::Method::Get, target);
}

std::string route_error(std::string_view pattern) {
  http::Router router;
  try {
    router.get(pattern, [](const http::Request&) { return http::Response::text(""); });
  } catch (const http::RouteError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(RouterConverters, StrIsTheDefaultAndMatchesOneNonEmptySegment) {
  http::Router router;
  router.get("/hello/<name>/", [](const http::Request& r) { return echo(r, {"name"}); });
  EXPECT_EQ(get(router, "/hello/ada/").body(), "name=ada;");
  EXPECT_EQ(get(router, "/hello/a%20b/").body(), "name=a b;");
  EXPECT_EQ(get(router, "/hello//").status(), 404);
  EXPECT_EQ(get(router, "/hello/a/b/").status(), 404);
  EXPECT_EQ(get(router, "/hello/ada").status(), 404);
}

TEST(RouterConverters, IntMatchesDigitsOnly) {
  http::Router router;
  router.get("/posts/<int:id>/", [](const http::Request& r) { return echo(r, {"id"}); });
  EXPECT_EQ(get(router, "/posts/42/").body(), "id=42;");
  EXPECT_EQ(get(router, "/posts/007/").body(), "id=007;");
  EXPECT_EQ(get(router, "/posts/-1/").status(), 404);
  EXPECT_EQ(get(router, "/posts/4x/").status(), 404);
  EXPECT_EQ(get(router, "/posts//").status(), 404);
}

TEST(RouterConverters, SlugMatchesLettersDigitsDashUnderscore) {
  http::Router router;
  router.get("/tags/<slug:tag>/", [](const http::Request& r) { return echo(r, {"tag"}); });
  EXPECT_EQ(get(router, "/tags/c-plus_plus-20/").body(), "tag=c-plus_plus-20;");
  EXPECT_EQ(get(router, "/tags/c++/").status(), 404);
  EXPECT_EQ(get(router, "/tags/a.b/").status(), 404);
}

TEST(RouterConverters, UuidMatchesLowerCase8_4_4_4_12Hex) {
  http::Router router;
  router.get("/u/<uuid:id>", [](const http::Request& r) { return echo(r, {"id"}); });
  EXPECT_EQ(get(router, "/u/123e4567-e89b-12d3-a456-426614174000").body(),
            "id=123e4567-e89b-12d3-a456-426614174000;");
  EXPECT_EQ(get(router, "/u/123E4567-E89B-12D3-A456-426614174000").status(), 404) << "Django's converter is lower-case";
  EXPECT_EQ(get(router, "/u/123e4567e89b12d3a456426614174000").status(), 404);
  EXPECT_EQ(get(router, "/u/123e4567-e89b-12d3-a456-42661417400").status(), 404);
  EXPECT_EQ(get(router, "/u/123e4567-e89b-12d3-a456-42661417400g").status(), 404);
}

TEST(RouterConverters, PathTakesTheRestIncludingSlashes) {
  http::Router router;
  router.get("/files/<path:rest>", [](const http::Request& r) { return echo(r, {"rest"}); });
  router.get("/docs/<path:page>/edit", [](const http::Request& r) { return echo(r, {"page"}); });
  EXPECT_EQ(get(router, "/files/a/b/c.txt").body(), "rest=a/b/c.txt;");
  EXPECT_EQ(get(router, "/files/").status(), 404) << "path must be non-empty";
  EXPECT_EQ(get(router, "/docs/guide/intro/edit").body(), "page=guide/intro;");
}

TEST(RouterConverters, ParamFollowedByLiteralInSameSegmentBacktracks) {
  http::Router router;
  router.get("/dl/<name>.txt", [](const http::Request& r) { return echo(r, {"name"}); });
  router.get("/<int:year>-<int:month>/", [](const http::Request& r) { return echo(r, {"year", "month"}); });
  EXPECT_EQ(get(router, "/dl/a.b.txt").body(), "name=a.b;");
  EXPECT_EQ(get(router, "/2024-05/").body(), "year=2024;month=05;");
}

TEST(RouterDispatch, UnknownPathIs404) {
  http::Router router;
  router.get("/a/", [](const http::Request&) { return http::Response::text("a"); });
  auto response = get(router, "/b/");
  EXPECT_EQ(response.status(), 404);
  EXPECT_EQ(response.body(), "404 Not Found");
}

TEST(RouterDispatch, WrongMethodIs405WithAllowListingMethodsInStableOrder) {
  http::Router router;
  router.post("/items/", [](const http::Request&) { return http::Response::text("created"); });
  router.get("/items/", [](const http::Request&) { return http::Response::text("list"); });
  router.del("/items/<int:id>/", [](const http::Request&) { return http::Response::text("gone"); });
  auto response = dispatch(router, http::Method::Put, "/items/");
  EXPECT_EQ(response.status(), 405);
  EXPECT_EQ(response.headers().get("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(dispatch(router, http::Method::Post, "/items/").body(), "created");
  EXPECT_EQ(dispatch(router, http::Method::Get, "/items/3/").headers().get("Allow"), "DELETE");
}

TEST(RouterDispatch, GetRoutesAnswerHead) {
  http::Router router;
  router.get("/page/", [](const http::Request&) { return http::Response::text("body"); });
  auto response = dispatch(router, http::Method::Head, "/page/");
  EXPECT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "body") << "the server, not the router, drops HEAD bodies";
}

TEST(RouterDispatch, PostRouteDoesNotAnswerHead) {
  http::Router router;
  router.post("/form/", [](const http::Request&) { return http::Response::text("ok"); });
  EXPECT_EQ(dispatch(router, http::Method::Head, "/form/").status(), 405);
}

TEST(RouterDispatch, FirstMatchingRouteWins) {
  http::Router router;
  router.get("/posts/new/", [](const http::Request&) { return http::Response::text("new"); });
  router.get("/posts/<str:slug>/", [](const http::Request&) { return http::Response::text("slug"); });
  router.get("/posts/<str:other>/", [](const http::Request&) { return http::Response::text("never"); });
  EXPECT_EQ(get(router, "/posts/new/").body(), "new");
  EXPECT_EQ(get(router, "/posts/hello/").body(), "slug");
}

TEST(RouterDispatch, LaterRouteForTheRightMethodBeatsEarlierPathMatch) {
  http::Router router;
  router.get("/thing/", [](const http::Request&) { return http::Response::text("get"); });
  router.route({http::Method::Put, http::Method::Patch}, "/thing/",
               [](const http::Request&) { return http::Response::text("update"); });
  EXPECT_EQ(dispatch(router, http::Method::Patch, "/thing/").body(), "update");
  EXPECT_EQ(dispatch(router, http::Method::Delete, "/thing/").headers().get("Allow"), "GET, HEAD, PUT, PATCH");
}

TEST(RouterDispatch, HandlerSeesTypedParams) {
  http::Router router;
  router.get("/posts/<int:id>/", [](const http::Request& r) {
    return http::Response::text(std::to_string(r.param_int("id").value_or(-1) * 2));
  });
  EXPECT_EQ(get(router, "/posts/21/").body(), "42");
}

TEST(RouterUrlFor, BuildsFromNamedRoute) {
  http::Router router;
  router.get("/posts/<int:id>/", [](const http::Request&) { return http::Response::text(""); }, "post");
  router.get("/", [](const http::Request&) { return http::Response::text(""); }, "home");
  router.get("/f/<path:p>", [](const http::Request&) { return http::Response::text(""); }, "file");
  router.get("/s/<q>/", [](const http::Request&) { return http::Response::text(""); }, "search");
  EXPECT_EQ(router.url_for("post", {{"id", "7"}}), "/posts/7/");
  EXPECT_EQ(router.url_for("home"), "/");
  EXPECT_EQ(router.url_for("file", {{"p", "a/b c"}}), "/f/a/b%20c");
  EXPECT_EQ(router.url_for("search", {{"q", "c++ 20?"}}), "/s/c++%2020%3F/");
}

TEST(RouterUrlFor, NulloptForUnknownNameMissingInvalidOrExtraParams) {
  http::Router router;
  router.get("/posts/<int:id>/", [](const http::Request&) { return http::Response::text(""); }, "post");
  EXPECT_FALSE(router.url_for("nope").has_value());
  EXPECT_FALSE(router.url_for("post").has_value());
  EXPECT_FALSE(router.url_for("post", {{"id", "abc"}}).has_value());
  EXPECT_FALSE(router.url_for("post", {{"id", "1"}, {"typo", "2"}}).has_value());
}

TEST(RouterErrors, MalformedPatternsNameThePatternAndProblem) {
  EXPECT_EQ(route_error("/p/<foo:id>/"),
            "invalid route pattern \"/p/<foo:id>/\": unknown converter \"foo\" (use str, int, slug, uuid or path)");
  EXPECT_THAT(route_error("/p/<int:id"), HasSubstr("\"/p/<int:id\": '<' is never closed"));
  EXPECT_THAT(route_error("/p/<id>/<slug:id>/"), HasSubstr("parameter \"id\" appears twice"));
  EXPECT_THAT(route_error("posts/"), HasSubstr("\"posts/\": it must start with '/'"));
  EXPECT_THAT(route_error(""), HasSubstr("must start with '/'"));
  EXPECT_THAT(route_error("/p/<int:>/"), HasSubstr("not an identifier"));
  EXPECT_THAT(route_error("/p/id>/"), HasSubstr("'>' without a matching '<'"));
}

TEST(RouterErrors, ValidPatternsDoNotThrow) {
  EXPECT_EQ(route_error("/"), "no error");
  EXPECT_EQ(route_error("/a/<int:x>/<slug:y>/<uuid:z>/<path:rest>"), "no error");
}
