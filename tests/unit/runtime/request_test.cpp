// Request, Headers, url_decode and the Response factories: the plain HTTP
// message types handlers read and return. (Response suites are prefixed
// "Request" so the runtime test filter picks them up with the rest.)
#include "cpprustango/http/request.hpp"

#include "cpprustango/http/response.hpp"

#include <gtest/gtest.h>

namespace http = cpprustango::http;

TEST(RequestHeaders, LookupIgnoresCase) {
  http::Headers headers;
  headers.add("Content-Type", "text/html");
  EXPECT_EQ(headers.get("content-type"), "text/html");
  EXPECT_EQ(headers.get("CONTENT-TYPE"), "text/html");
  EXPECT_FALSE(headers.get("Content-Length").has_value());
  EXPECT_TRUE(headers.contains("cOnTeNt-TyPe"));
}

TEST(RequestHeaders, AddKeepsDuplicatesAndGetReturnsTheFirst) {
  http::Headers headers;
  headers.add("Set-Cookie", "a=1");
  headers.add("set-cookie", "b=2");
  EXPECT_EQ(headers.entries().size(), 2u);
  EXPECT_EQ(headers.get("Set-Cookie"), "a=1");
}

TEST(RequestHeaders, SetReplacesEveryHeaderOfThatName) {
  http::Headers headers;
  headers.add("X-A", "1");
  headers.add("x-a", "2");
  headers.add("X-B", "3");
  headers.set("X-a", "9");
  ASSERT_EQ(headers.entries().size(), 2u);
  EXPECT_EQ(headers.get("x-a"), "9");
  headers.remove("X-A");
  EXPECT_FALSE(headers.contains("x-a"));
  EXPECT_TRUE(headers.contains("x-b"));
}

TEST(RequestTarget, SplitsPathAndQuery) {
  http::Request request{http::Method::Get, "/posts/7/?q=c%2B%2B&page=2"};
  EXPECT_EQ(request.path(), "/posts/7/");
  EXPECT_EQ(request.query_string(), "q=c%2B%2B&page=2");
}

TEST(RequestTarget, DecodesPercentInPathButNotPlus) {
  http::Request request{http::Method::Get, "/a%20b/c+d"};
  EXPECT_EQ(request.path(), "/a b/c+d");
  EXPECT_EQ(request.query_string(), "");
}

TEST(RequestTarget, EmptyTargetIsRoot) {
  http::Request request{http::Method::Get, ""};
  EXPECT_EQ(request.path(), "/");
}

TEST(RequestQuery, DecodesNamesAndValuesWithPlusAsSpace) {
  http::Request request{http::Method::Get, "/search?q=c%2B%2B+rocks&page=2&empty=&flag&na%6De=x"};
  EXPECT_EQ(request.query("q"), "c++ rocks");
  EXPECT_EQ(request.query("page"), "2");
  EXPECT_EQ(request.query("empty"), "");
  EXPECT_EQ(request.query("flag"), "");
  EXPECT_EQ(request.query("name"), "x");
  EXPECT_FALSE(request.query("missing").has_value());
}

TEST(RequestQuery, FirstOccurrenceWins) {
  http::Request request{http::Method::Get, "/?a=1&a=2"};
  EXPECT_EQ(request.query("a"), "1");
}

TEST(RequestParams, ParamAndParamInt) {
  http::Request request;
  request.set_params({{"id", "42"}, {"slug", "hello"}, {"big", "99999999999999999999"}, {"neg", "-5"}});
  EXPECT_EQ(request.param("slug"), "hello");
  EXPECT_EQ(request.param_int("id"), 42);
  EXPECT_EQ(request.param_int("neg"), -5);
  EXPECT_FALSE(request.param_int("slug").has_value());
  EXPECT_FALSE(request.param_int("big").has_value()) << "overflow must not wrap";
  EXPECT_FALSE(request.param_int("missing").has_value());
  EXPECT_FALSE(request.param("missing").has_value());
}

TEST(RequestParams, ParamIntRejectsTrailingGarbage) {
  http::Request request;
  request.set_params({{"id", "12abc"}, {"empty", ""}});
  EXPECT_FALSE(request.param_int("id").has_value());
  EXPECT_FALSE(request.param_int("empty").has_value());
}

TEST(RequestUrlDecode, HandlesValidAndInvalidEscapes) {
  EXPECT_EQ(http::url_decode("a%2Fb%2fc"), "a/b/c");
  EXPECT_EQ(http::url_decode("100%"), "100%");
  EXPECT_EQ(http::url_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(http::url_decode("a+b"), "a+b");
  EXPECT_EQ(http::url_decode("a+b", true), "a b");
  EXPECT_EQ(http::url_decode("%C3%A9"), "\xC3\xA9");
}

TEST(RequestMethod, RoundTripsNames) {
  for (auto method : {http::Method::Get, http::Method::Head, http::Method::Post, http::Method::Put,
                      http::Method::Patch, http::Method::Delete, http::Method::Options}) {
    EXPECT_EQ(http::method_from_string(http::to_string(method)), method);
  }
  EXPECT_EQ(http::to_string(http::Method::Delete), "DELETE");
  EXPECT_EQ(http::method_from_string("get"), http::Method::Other) << "method names are case-sensitive";
  EXPECT_EQ(http::method_from_string("PROPFIND"), http::Method::Other);
}

TEST(RequestBody, ConstructorKeepsBodyAndSetters) {
  http::Request request{http::Method::Post, "/x", "payload"};
  EXPECT_EQ(request.method(), http::Method::Post);
  EXPECT_EQ(request.body(), "payload");
  request.set_client_ip("10.0.0.1");
  EXPECT_EQ(request.client_ip(), "10.0.0.1");
  request.headers().add("X-Token", "t");
  EXPECT_EQ(request.header("x-token"), "t");
}

TEST(RequestResponseFactories, SetContentTypes) {
  EXPECT_EQ(http::Response::text("hi").headers().get("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(http::Response::html("<p>").headers().get("Content-Type"), "text/html; charset=utf-8");
  auto json = http::Response::json("{}", 201);
  EXPECT_EQ(json.headers().get("Content-Type"), "application/json");
  EXPECT_EQ(json.status(), 201);
  EXPECT_EQ(json.body(), "{}");
}

TEST(RequestResponseFactories, RedirectSetsLocation) {
  auto response = http::Response::redirect("/login/", 303);
  EXPECT_EQ(response.status(), 303);
  EXPECT_EQ(response.headers().get("Location"), "/login/");
  EXPECT_EQ(http::Response::redirect("/x").status(), 302);
}

TEST(RequestResponseFactories, ErrorIsPlainTextStatusAndReason) {
  auto response = http::Response::error(404);
  EXPECT_EQ(response.status(), 404);
  EXPECT_EQ(response.body(), "404 Not Found");
  EXPECT_EQ(response.headers().get("Content-Type"), "text/plain; charset=utf-8");
}

TEST(RequestResponseFactories, ReasonPhrases) {
  EXPECT_EQ(http::reason_phrase(200), "OK");
  EXPECT_EQ(http::reason_phrase(405), "Method Not Allowed");
  EXPECT_EQ(http::reason_phrase(431), "Request Header Fields Too Large");
  EXPECT_EQ(http::reason_phrase(503), "Service Unavailable");
  EXPECT_EQ(http::reason_phrase(299), "Unknown");
}

TEST(RequestResponseFactories, HeaderSetterReplaces) {
  auto response = http::Response::text("x");
  response.header("content-type", "text/csv");
  EXPECT_EQ(response.headers().get("Content-Type"), "text/csv");
  EXPECT_EQ(response.headers().entries().size(), 1u);
}

TEST(RequestUrlEncode, KeepsUnreservedAndEscapesEverythingElse) {
  EXPECT_EQ(http::url_encode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(http::url_encode("a b&c=d/e?f"), "a%20b%26c%3Dd%2Fe%3Ff");
  EXPECT_EQ(http::url_encode("\xC3\xA9%+"), "%C3%A9%25%2B");
  EXPECT_EQ(http::url_encode(""), "");
  for (const std::string text : {"x y", "100%", "\xC3\xA9/?#", "a+b"}) EXPECT_EQ(http::url_decode(http::url_encode(text)), text);
}
