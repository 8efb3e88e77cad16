// A shop app (categories, tags, products with one field of most kinds) on
// sqlite::memory: and the throwaway PostgreSQL cluster, with the REST plugin
// mounted over it and a small JSON client that goes through App::handle.
#pragma once

#include <gtest/gtest.h>

#include <cpprustango/app.hpp>
#include <cpprustango/orm/dynamic.hpp>
#include <cpprustango/rest/routers.hpp>
#include <cpprustango/schema/parser.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "test_support/orm_database.hpp"

namespace rest_test {

namespace db = cpprustango::db;
namespace http = cpprustango::http;
namespace orm = cpprustango::orm;
namespace rest = cpprustango::rest;
namespace schema = cpprustango::schema;
using json = nlohmann::json;

inline constexpr const char* kSchema = R"(
model Category {
  name string(60) @unique @display
  @@verbose_name_plural("categories")
}
model Tag {
  name string(30) @unique
}
model Product {
  name     string(80)
  price    decimal(10, 2)
  stock    int @default(0) @min(0)
  active   bool @default(true)
  weight   double?
  released date?
  created  datetime @auto_now_add
  code     uuid @default(uuid())
  data     json?
  blob     bytes?
  sizes    multichoice(s, m, l)?
  status   choice(draft, live) @default(draft)
  secret   string(40)? @noform
  category ref(Category)? @on_delete(restrict)
  tags     many(Tag)
  @@ordering([name])
}
)";

inline constexpr const char* kSqliteDdl = R"(
CREATE TABLE shop_category (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE shop_tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE shop_product (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, price NUMERIC(10, 2) NOT NULL,
  stock INTEGER NOT NULL, active INTEGER NOT NULL, weight REAL, released TEXT, created TEXT NOT NULL,
  code TEXT NOT NULL, data TEXT, blob BLOB, sizes TEXT, status TEXT NOT NULL, secret TEXT,
  category_id INTEGER REFERENCES shop_category (id) ON DELETE RESTRICT);
CREATE TABLE shop_product_tags (id INTEGER PRIMARY KEY AUTOINCREMENT,
  product_id INTEGER NOT NULL REFERENCES shop_product (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES shop_tag (id) ON DELETE CASCADE);
)";

inline constexpr const char* kPostgresDdl = R"(
CREATE TABLE shop_category (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL UNIQUE);
CREATE TABLE shop_tag (id BIGSERIAL PRIMARY KEY, name VARCHAR(30) NOT NULL UNIQUE);
CREATE TABLE shop_product (id BIGSERIAL PRIMARY KEY, name VARCHAR(80) NOT NULL, price NUMERIC(10, 2) NOT NULL,
  stock INTEGER NOT NULL, active BOOLEAN NOT NULL, weight DOUBLE PRECISION, released DATE,
  created TIMESTAMPTZ NOT NULL, code UUID NOT NULL, data JSONB, blob BYTEA, sizes TEXT, status VARCHAR(5) NOT NULL,
  secret VARCHAR(40), category_id BIGINT REFERENCES shop_category (id) ON DELETE RESTRICT);
CREATE TABLE shop_product_tags (id BIGSERIAL PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES shop_product (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES shop_tag (id) ON DELETE CASCADE);
)";

inline const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "shop/models.schema", "shop"));
  return set;
}
inline const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
inline const schema::ModelSpec& model(const char* name) { return *specs().find("shop", name); }

/**
 * Who a request is from, for the tests of layers above authentication:
 * "X-Test-User: ann view_product add_product" (shop.<codename> each).
 */
inline rest::Authenticator test_header_authenticator() {
  return [](const http::Request& request) -> std::optional<rest::Identity> {
    const auto header = request.header("x-test-user");
    if (!header) return std::nullopt;
    rest::Identity identity;
    std::string text(*header);
    std::size_t start = 0;
    bool first = true;
    while (start < text.size()) {
      auto end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      const std::string word = text.substr(start, end - start);
      if (first) {
        identity.username = word;
        identity.user_id = 1;
        first = false;
      } else if (word == "staff") {
        identity.staff = true;
      } else if (!word.empty()) {
        identity.permissions.insert("shop." + word);
      }
      start = end + 1;
    }
    identity.scheme = "test";
    return identity;
  };
}

class RestTest : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open(kSqliteDdl, kPostgresDdl); }

  /** Mounts `router` with the test authenticator and every permission open unless a viewset says otherwise. */
  void mount(const rest::Router& router, rest::Permission default_permission = rest::allow_any()) {
    router.mount(app, db(), {.authenticators = {test_header_authenticator()},
                             .default_permission = std::move(default_permission)});
  }

  http::Response send(http::Method method, const std::string& target, const std::string& body = {},
                      const std::string& user = {}, std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::Request request{method, target, body};
    if (!body.empty()) request.headers().set("Content-Type", "application/json");
    if (!user.empty()) request.headers().set("X-Test-User", user);
    for (auto& [name, value] : headers) request.headers().set(name, value);
    request.set_client_ip("127.0.0.1");
    return app.handle(std::move(request));
  }
  http::Response get(const std::string& target, const std::string& user = {}) {
    return send(http::Method::Get, target, {}, user);
  }
  http::Response post(const std::string& target, const json& body, const std::string& user = {}) {
    return send(http::Method::Post, target, body.dump(), user);
  }
  static json body(const http::Response& response) {
    return json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
  }

  std::int64_t insert(const char* model_name, std::initializer_list<std::pair<const char*, db::Value>> values) {
    orm::Table table(model(model_name), &resolve);
    orm::Record record = table.new_record();
    for (const auto& [name, value] : values) record.set(name, value);
    table.insert(db(), record);
    return db::as_int(record.get("id"));
  }
  std::int64_t product(const std::string& name, const std::string& price = "1.00", std::int64_t stock = 0,
                       std::optional<std::int64_t> category = std::nullopt) {
    orm::Table table(model("Product"), &resolve);
    orm::Record record = table.new_record();
    record.set("name", name);
    record.set("price", price);
    record.set("stock", stock);
    if (category) record.set("category", *category);
    table.insert(db(), record);
    return db::as_int(record.get("id"));
  }
  std::int64_t count(const std::string& table) {
    return db::as_int(db().acquire().query("SELECT COUNT(*) FROM " + table).scalar());
  }

  cpprustango::App app;
};

inline std::string backend_name(const ::testing::TestParamInfo<test_support::Backend>& info) {
  return test_support::backend_name(info);
}

}  // namespace rest_test
