// Viewset routes through App::handle on both databases: every action, JSON
// of every field kind, validation problems, absent and read-only actions,
// custom and nested routes, ETags, permissions and problem details.
#include <gmock/gmock.h>

#include <stdexcept>

#include "rest_fixture.hpp"

namespace rest_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ViewSets : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    tag_a = insert("Tag", {{"name", "a"}});
    tag_b = insert("Tag", {{"name", "b"}});
    books = insert("Category", {{"name", "Books"}});
  }
  void mount_default() {
    rest::Router router;
    router.add(rest::ViewSet(model("Product"), &resolve)).add(rest::ViewSet(model("Category"), &resolve));
    mount(router);
  }
  json full_product() const {
    return {{"name", "Lamp"},     {"price", "19.90"},          {"stock", 3},
            {"active", false},    {"weight", 1.25},            {"released", "2026-03-01"},
            {"data", {{"watts", 40}, {"colors", {"red", "blue"}}}},
            {"blob", "AAEC/w=="}, {"sizes", {"s", "l"}},       {"status", "live"},
            {"category", books},  {"tags", {tag_a, tag_b}}};
  }

  std::int64_t tag_a = 0;
  std::int64_t tag_b = 0;
  std::int64_t books = 0;
};

TEST_P(ViewSets, CreateReturns201WithLocationAndEveryKindAsJsonClientsExpect) {
  mount_default();
  const auto response = post("/api/shop/products/", full_product());
  ASSERT_EQ(response.status(), 201) << response.body();
  const json product = body(response);
  EXPECT_EQ(response.headers().get("Location").value_or(""),
            "/api/shop/products/" + std::to_string(product["id"].get<std::int64_t>()) + "/");
  EXPECT_EQ(product["price"], "19.90");  // a decimal is a string: no binary rounding
  EXPECT_EQ(product["stock"], 3);
  EXPECT_EQ(product["active"], false);
  EXPECT_EQ(product["weight"], 1.25);
  EXPECT_EQ(product["released"], "2026-03-01");
  EXPECT_THAT(product["created"].get<std::string>(), ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z"));
  EXPECT_THAT(product["code"].get<std::string>(), ::testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
  EXPECT_EQ(product["data"], json({{"watts", 40}, {"colors", {"red", "blue"}}}));
  EXPECT_EQ(product["blob"], "AAEC/w==");
  EXPECT_EQ(product["sizes"], json({"s", "l"}));
  EXPECT_EQ(product["status"], "live");
  EXPECT_EQ(product["category"], books);
  EXPECT_EQ(product["tags"], json({tag_a, tag_b}));
  EXPECT_FALSE(product.contains("secret"));  // @noform never leaves the server
  EXPECT_EQ(count("shop_product_tags"), 2);
}

TEST_P(ViewSets, BodiesAreTheBytesOfTheLibrarysOwnJsonText) {
  // Rows are written as text straight away; the bytes must be what dumping their JSON objects gives
  // (keys sorted, the library's number forms), for the list, its envelope, a row, and a computed,
  // a nested and a source field.
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve)
                 .serializer(rest::Serializer(model("Product"), &resolve)
                                 .nested("category")
                                 .source("category_name", "category.name")
                                 .computed("label", [](const orm::Record& row) {
                                   return db::Value(db::as_string(row.get("name")) + " \"quoted\"\n");
                                 })));
  mount(router);
  const auto id = body(post("/api/shop/products/", full_product()))["id"].get<std::int64_t>();
  json plain = full_product();
  plain["name"] = "caf\u00e9 \u20ac";
  plain["weight"] = 3.0;
  plain.erase("category");
  ASSERT_EQ(post("/api/shop/products/", plain).status(), 201);
  auto same_as_library = [](const http::Response& response) {
    const json parsed = json::parse(response.body());
    EXPECT_EQ(response.body(), parsed.dump(-1, ' ', false, json::error_handler_t::replace));
  };
  same_as_library(get("/api/shop/products/"));
  same_as_library(get("/api/shop/products/?page_size=1"));
  same_as_library(get("/api/shop/products/?page_size=1&page=2"));
  same_as_library(get("/api/shop/products/" + std::to_string(id) + "/"));
  EXPECT_THAT(get("/api/shop/products/").body(), HasSubstr("\"count\":2,\"next\":null,\"previous\":null,\"results\":[{"));
}

TEST_P(ViewSets, RetrieveUpdatePartialUpdateAndDestroy) {
  mount_default();
  const auto id = body(post("/api/shop/products/", full_product()))["id"].get<std::int64_t>();
  const std::string url = "/api/shop/products/" + std::to_string(id) + "/";

  auto got = get(url);
  ASSERT_EQ(got.status(), 200);
  EXPECT_EQ(body(got)["name"], "Lamp");

  json replaced = full_product();
  replaced["name"] = "Desk lamp";
  replaced["tags"] = {tag_b};
  auto put = send(http::Method::Put, url, replaced.dump());
  ASSERT_EQ(put.status(), 200) << put.body();
  EXPECT_EQ(body(put)["name"], "Desk lamp");
  EXPECT_EQ(body(put)["tags"], json({tag_b}));

  auto patch = send(http::Method::Patch, url, R"({"price": "5.50"})");
  ASSERT_EQ(patch.status(), 200) << patch.body();
  EXPECT_EQ(body(patch)["price"], "5.50");
  EXPECT_EQ(body(patch)["name"], "Desk lamp");  // untouched by a PATCH

  // A PUT is the whole object: a required field left out is an error.
  auto partial_put = send(http::Method::Put, url, R"({"price": "5.50"})");
  EXPECT_EQ(partial_put.status(), 200) << "a stored row already has its name: " << partial_put.body();

  auto removed = send(http::Method::Delete, url);
  EXPECT_EQ(removed.status(), 204);
  EXPECT_EQ(count("shop_product"), 0);
  auto gone = get(url);
  EXPECT_EQ(gone.status(), 404);
  EXPECT_EQ(gone.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(body(gone)["status"], 404);
}

TEST_P(ViewSets, ValidationErrorsArePerFieldProblemsAndWriteNothing) {
  mount_default();
  const auto response = post("/api/shop/products/", {{"price", "abc"},
                                                     {"stock", -1},
                                                     {"released", "yesterday"},
                                                     {"status", "archived"},
                                                     {"colour", "red"},
                                                     {"active", "yes"}});
  ASSERT_EQ(response.status(), 400);
  EXPECT_EQ(response.headers().get("Content-Type").value_or(""), "application/problem+json");
  const json problem = body(response);
  EXPECT_EQ(problem["status"], 400);
  EXPECT_EQ(problem["instance"], "/api/shop/products/");
  const json& errors = problem["errors"];
  EXPECT_TRUE(errors.contains("name")) << errors;      // required
  EXPECT_TRUE(errors.contains("price")) << errors;     // not a decimal
  EXPECT_TRUE(errors.contains("released")) << errors;  // not a date
  EXPECT_TRUE(errors.contains("colour")) << errors;    // unknown key
  EXPECT_TRUE(errors.contains("active")) << errors;    // not a boolean
  EXPECT_EQ(count("shop_product"), 0);

  // Past the type checks, the model's own rules (min, choices) answer per field too.
  const auto rules = post("/api/shop/products/", {{"name", "X"}, {"price", "1"}, {"stock", -1}, {"status", "archived"}});
  ASSERT_EQ(rules.status(), 400) << rules.body();
  EXPECT_TRUE(body(rules)["errors"].contains("stock")) << rules.body();
  EXPECT_TRUE(body(rules)["errors"].contains("status")) << rules.body();
  EXPECT_EQ(count("shop_product"), 0);
}

TEST_P(ViewSets, UnknownRefAndManyKeysAreFieldErrors) {
  mount_default();
  const auto response = post("/api/shop/products/", {{"name", "X"}, {"price", "1"}, {"category", 999}, {"tags", {tag_a, 998}}});
  ASSERT_EQ(response.status(), 400);
  const json errors = body(response)["errors"];
  EXPECT_THAT(errors["category"][0].get<std::string>(), HasSubstr("does not exist"));
  EXPECT_THAT(errors["tags"][0].get<std::string>(), HasSubstr("998"));
  EXPECT_EQ(count("shop_product"), 0);
}

TEST_P(ViewSets, UniqueViolationIsAFieldError) {
  mount_default();
  const auto response = post("/api/shop/categories/", {{"name", "Books"}});
  ASSERT_EQ(response.status(), 400) << response.body();
  EXPECT_TRUE(body(response)["errors"].contains("name")) << response.body();
}

TEST_P(ViewSets, DeletingARowOthersStillReferToIsAConflict) {
  mount_default();
  product("Novel", "9.00", 1, books);
  const auto response = send(http::Method::Delete, "/api/shop/categories/" + std::to_string(books) + "/");
  EXPECT_EQ(response.status(), 409) << response.body();
  EXPECT_EQ(count("shop_category"), 1);
}

TEST_P(ViewSets, BadBodiesAndKeys) {
  mount_default();
  EXPECT_EQ(send(http::Method::Post, "/api/shop/products/", "{not json").status(), 400);
  EXPECT_EQ(send(http::Method::Post, "/api/shop/products/", "[1, 2]").status(), 400);
  http::Request form{http::Method::Post, "/api/shop/products/", "name=x"};
  form.headers().set("Content-Type", "application/x-www-form-urlencoded");
  EXPECT_EQ(app.handle(std::move(form)).status(), 415);
  EXPECT_EQ(get("/api/shop/products/abc/").status(), 404);
  EXPECT_EQ(get("/api/shop/products/1%20OR%201=1/").status(), 404);
}

TEST_P(ViewSets, ReadOnlyAndAbsentActionsAnswer405WithAllow) {
  rest::Router router;
  router.add(rest::ViewSet(model("Category"), &resolve).read_only())
      .add(rest::ViewSet(model("Product"), &resolve).without({rest::Action::Destroy}));
  mount(router);
  const auto create = post("/api/shop/categories/", {{"name", "Toys"}});
  EXPECT_EQ(create.status(), 405);
  EXPECT_EQ(create.headers().get("Allow").value_or(""), "GET, HEAD, OPTIONS");
  EXPECT_EQ(create.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(count("shop_category"), 1);
  EXPECT_EQ(get("/api/shop/categories/").status(), 200);

  const auto id = product("Pen");
  const auto destroy = send(http::Method::Delete, "/api/shop/products/" + std::to_string(id) + "/");
  EXPECT_EQ(destroy.status(), 405);
  EXPECT_EQ(destroy.headers().get("Allow").value_or(""), "GET, HEAD, PUT, PATCH, OPTIONS");
  EXPECT_EQ(count("shop_product"), 1);
}

TEST_P(ViewSets, CustomDetailAndCollectionActions) {
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve)
                 .action("publish", http::Method::Post, true,
                         [](rest::Call& call) {
                           call.object->set("status", std::string("live"));
                           call.save(*call.object);
                           return call.respond(*call.object);
                         })
                 .action("in-stock", http::Method::Get, false, [](rest::Call& call) {
                   const auto n = call.viewset.table().query().filter("stock", "gt", {std::int64_t{0}}).count(call.database);
                   return http::Response::json("{\"count\": " + std::to_string(n) + "}");
                 }));
  mount(router);
  const auto id = product("Pen", "1.00", 2);
  product("Ink");
  const auto published = post("/api/shop/products/" + std::to_string(id) + "/publish/", json::object());
  ASSERT_EQ(published.status(), 200) << published.body();
  EXPECT_EQ(body(published)["status"], "live");
  EXPECT_EQ(body(get("/api/shop/products/in-stock/"))["count"], 1);
  EXPECT_EQ(get("/api/shop/products/" + std::to_string(id) + "/publish/").status(), 405);
  EXPECT_EQ(post("/api/shop/products/999/publish/", json::object()).status(), 404);
}

TEST_P(ViewSets, NestedRoutesListAndCreateUnderTheParent) {
  rest::Router router;
  router.add(rest::ViewSet(model("Category"), &resolve)).nested(rest::ViewSet(model("Product"), &resolve), "category");
  mount(router);
  const auto toys = insert("Category", {{"name", "Toys"}});
  product("Novel", "9.00", 1, books);
  product("Kite", "9.00", 1, toys);
  const std::string url = "/api/shop/categories/" + std::to_string(books) + "/products/";
  const json listed = body(get(url));
  ASSERT_EQ(listed["count"], 1) << listed;
  EXPECT_EQ(listed["results"][0]["name"], "Novel");

  // The parent comes from the URL, whatever the body says.
  const auto created = post(url, {{"name", "Atlas"}, {"price", "30"}, {"category", toys}});
  ASSERT_EQ(created.status(), 201) << created.body();
  EXPECT_EQ(body(created)["category"], books);
  EXPECT_EQ(body(get(url))["count"], 2);
  EXPECT_EQ(get("/api/shop/categories/999/products/").status(), 404);
  // A child of another parent is not found under this one.
  const auto kite = body(get("/api/shop/categories/" + std::to_string(toys) + "/products/"))["results"][0]["id"];
  EXPECT_EQ(get(url + kite.dump() + "/").status(), 404);
}

TEST_P(ViewSets, SerializerOptions) {
  rest::Serializer serializer(model("Product"), &resolve);
  serializer.only({"id", "name", "category", "secret"})
      .nested("category")
      .source("category_name", "category.name")
      .computed("shout", [](const orm::Record& r) { return db::Value(db::as_string(r.get("name")) + "!"); });
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve).serializer(serializer));
  mount(router);
  const auto created = post("/api/shop/products/", {{"name", "Pen"}, {"secret", "s3"}, {"category", books}});
  // price is not among the serializer's fields, and the table needs one.
  EXPECT_EQ(created.status(), 400) << created.body();
  const auto id = product("Pen", "1.00", 0, books);
  const json got = body(get("/api/shop/products/" + std::to_string(id) + "/"));
  EXPECT_EQ(got["category"], json({{"id", books}, {"name", "Books"}}));
  EXPECT_EQ(got["category_name"], "Books");
  EXPECT_EQ(got["shout"], "Pen!");
  EXPECT_FALSE(got.contains("secret"));  // asked for by name: write-only
  EXPECT_FALSE(got.contains("price"));

  EXPECT_THROW(rest::Serializer(model("Product"), &resolve).only({"nope"}), rest::DeclarationError);
  EXPECT_THROW(rest::Serializer(model("Product"), &resolve).source("x", "category.nope"), rest::DeclarationError);
  EXPECT_THROW(rest::Serializer(model("Product"), &resolve).nested("name"), rest::DeclarationError);
}

TEST_P(ViewSets, AnInternalErrorNeverLeaksItsDetails) {
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve).action("boom", http::Method::Get, false, [](rest::Call&) -> http::Response {
    throw std::runtime_error("password=hunter2 at /srv/secret.cpp:12");
  }));
  mount(router);
  const auto response = get("/api/shop/products/boom/");
  EXPECT_EQ(response.status(), 500);
  EXPECT_EQ(response.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_THAT(response.body(), Not(HasSubstr("hunter2")));
  EXPECT_THAT(body(response)["detail"].get<std::string>(), HasSubstr("reference"));
}

TEST_P(ViewSets, ETagAndIfNoneMatch) {
  mount_default();
  const auto id = product("Pen");
  const std::string url = "/api/shop/products/" + std::to_string(id) + "/";
  const auto first = get(url);
  const std::string etag(first.headers().get("ETag").value_or(""));
  ASSERT_FALSE(etag.empty());
  const auto again = send(http::Method::Get, url, {}, {}, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status(), 304);
  EXPECT_TRUE(again.body().empty());
  send(http::Method::Patch, url, R"({"stock": 4})");
  EXPECT_EQ(send(http::Method::Get, url, {}, {}, {{"If-None-Match", etag}}).status(), 200);
}

TEST_P(ViewSets, ModelPermissionsByDefault) {
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve));
  router.mount(app, db(), {.authenticators = {test_header_authenticator()}});
  const auto anonymous = get("/api/shop/products/");
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_TRUE(anonymous.headers().contains("WWW-Authenticate"));
  EXPECT_EQ(anonymous.headers().get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(get("/api/shop/products/", "ann").status(), 403);
  EXPECT_EQ(get("/api/shop/products/", "ann view_product").status(), 200);
  EXPECT_EQ(post("/api/shop/products/", {{"name", "Pen"}, {"price", "1"}}, "ann view_product").status(), 403);
  EXPECT_EQ(post("/api/shop/products/", {{"name", "Pen"}, {"price", "1"}}, "ann add_product").status(), 201);
  EXPECT_EQ(count("shop_product"), 1);
}

TEST_P(ViewSets, PerViewsetPermissions) {
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve).permission(rest::authenticated_or_read_only()))
      .add(rest::ViewSet(model("Category"), &resolve).permission(rest::staff_only()))
      .add(rest::ViewSet(model("Tag"), &resolve).permission([](const rest::Access& access) {
        return access.user && access.user->username == "ann";
      }));
  router.mount(app, db(), {.authenticators = {test_header_authenticator()}});
  EXPECT_EQ(get("/api/shop/products/").status(), 200);
  EXPECT_EQ(post("/api/shop/products/", {{"name", "Pen"}, {"price", "1"}}).status(), 401);
  EXPECT_EQ(post("/api/shop/products/", {{"name", "Pen"}, {"price", "1"}}, "bob").status(), 201);
  EXPECT_EQ(get("/api/shop/categories/", "bob").status(), 403);
  EXPECT_EQ(get("/api/shop/categories/", "bob staff").status(), 200);
  EXPECT_EQ(get("/api/shop/tags/", "bob").status(), 403);
  EXPECT_EQ(get("/api/shop/tags/", "ann").status(), 200);
}

TEST_P(ViewSets, DeclarationsNamingWhatTheModelLacksFailAtMount) {
  rest::Router bad_filter;
  bad_filter.add(rest::ViewSet(model("Product"), &resolve).filters(rest::FilterSet{}.field("nope")));
  EXPECT_THROW(bad_filter.mount(app, db()), rest::DeclarationError);
  rest::Router bad_lookup;
  bad_lookup.add(rest::ViewSet(model("Product"), &resolve).filters(rest::FilterSet{}.field("name", {"regex"})));
  EXPECT_THROW(bad_lookup.mount(app, db()), rest::DeclarationError);
  rest::Router bad_cursor;
  bad_cursor.add(rest::ViewSet(model("Product"), &resolve).pagination(rest::CursorPagination{.ordering = "weight"}));
  EXPECT_THROW(bad_cursor.mount(app, db()), rest::DeclarationError);
  rest::Router bad_nest;
  bad_nest.nested(rest::ViewSet(model("Product"), &resolve), "name");
  EXPECT_THROW(bad_nest.mount(app, db()), rest::DeclarationError);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ViewSets, ::testing::Values(test_support::Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ViewSets, ::testing::Values(test_support::Backend::Postgres), backend_name);

}  // namespace
}  // namespace rest_test
