// The PostgreSQL-only kinds through a viewset: a body's inet, cidr, interval
// or array is checked on its field, as a model form checks it, before the
// database sees it; good values round-trip as the text PostgreSQL gives.
#include <gmock/gmock.h>

#include "rest_fixture.hpp"

namespace rest_test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kNetSchema = R"(
model Host {
  name   string(20)
  addr   inet
  net    cidr?
  wait   interval?
  ports  array(int)?
}
)";

constexpr const char* kNetDdl = R"(
CREATE TABLE net_host (id BIGSERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, addr INET NOT NULL, net CIDR,
  wait INTERVAL, ports INTEGER[]);
)";

const schema::SpecSet& net_specs() {
  static const schema::SpecSet set(schema::parse(kNetSchema, "net/models.schema", "net"));
  return set;
}
const schema::ModelSpec* net_resolve(const schema::FieldSpec& field) { return net_specs().target(field); }

class PostgresKinds : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    db().acquire().execute_script(kNetDdl);
    rest::Router router;
    router.add(rest::ViewSet(*net_specs().find("net", "Host"), &net_resolve));
    mount(router);
  }
};

TEST_P(PostgresKinds, BadValuesAreFieldErrorsAndWriteNothing) {
  const auto response = post("/api/net/hosts/", {{"name", "db"}, {"addr", "300.1.2.3"}, {"net", "10.0.0.1/8x"},
                                                 {"wait", "soon"}, {"ports", {80, "x"}}});
  ASSERT_EQ(response.status(), 400) << response.body();
  const json errors = body(response)["errors"];
  EXPECT_THAT(errors["addr"][0].get<std::string>(), HasSubstr("Enter a valid IPv4 or IPv6")) << errors;
  EXPECT_TRUE(errors.contains("net")) << errors;
  EXPECT_TRUE(errors.contains("wait")) << errors;
  EXPECT_EQ(errors["ports"][0], "Item 2 (x): Enter a whole number.") << errors;
  EXPECT_EQ(count("net_host"), 0);
  // Alone, a bad item is still its field's error, not the database's refusal of the statement.
  const auto ports = post("/api/net/hosts/", {{"name", "db"}, {"addr", "10.0.0.1"}, {"ports", {80, 70000000000}}});
  ASSERT_EQ(ports.status(), 400) << ports.body();
  EXPECT_THAT(body(ports)["errors"]["ports"][0].get<std::string>(), HasSubstr("Item 2 (70000000000): ensure it is between"));
}

TEST_P(PostgresKinds, GoodValuesRoundTripAsPostgresWritesThem) {
  const auto created =
      post("/api/net/hosts/", {{"name", "db"}, {"addr", " 10.0.0.7 "}, {"net", "10.1.0.0/16"}, {"wait", "1 day 02:00:00"},
                               {"ports", {80, 443}}});
  ASSERT_EQ(created.status(), 201) << created.body();
  const json host = body(created);
  EXPECT_EQ(host["addr"], "10.0.0.7");
  EXPECT_EQ(host["net"], "10.1.0.0/16");
  EXPECT_EQ(host["wait"], "1 day 02:00:00");
  EXPECT_EQ(host["ports"], json({80, 443}));
  const auto id = std::to_string(host["id"].get<std::int64_t>());
  const auto updated = send(http::Method::Patch, "/api/net/hosts/" + id + "/", json{{"addr", "::1"}}.dump());
  ASSERT_EQ(updated.status(), 200) << updated.body();
  EXPECT_EQ(body(updated)["addr"], "::1");
}

// The kinds exist on PostgreSQL only.
INSTANTIATE_TEST_SUITE_P(Postgres, PostgresKinds, ::testing::Values(test_support::Backend::Postgres), backend_name);

}  // namespace
}  // namespace rest_test
