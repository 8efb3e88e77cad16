// The PostgreSQL-only types through the typed ORM, on the throwaway cluster:
// inet, cidr, macaddr, xml, bit, tsvector, interval and ltree travel as the
// server's text form in a std::string; array(T) is a std::vector of T's C++
// type. Every value is written with save() and read back with a fetch, and a
// filter on each kind is bound like any other value.
#include <pgkinds/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

#include "test_support/expect_throw.hpp"
#include "test_support/orm_database.hpp"

namespace {

using namespace pgkinds;
using cpprustango::Decimal;
namespace orm = cpprustango::orm;

constexpr const char* kPostgresDdl = R"(
CREATE TABLE pgkinds_host (
  id BIGSERIAL PRIMARY KEY, addr INET NOT NULL, net CIDR, mac MACADDR, doc XML, flags BIT(4), search TSVECTOR,
  wait INTERVAL, ports INTEGER[] NOT NULL, names VARCHAR(20)[], prices NUMERIC(8, 2)[], seen TIMESTAMPTZ[],
  checks BOOLEAN[]);
)";

class PostgresKinds : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open("", kPostgresDdl); }
};

// PostgreSQL only: the types do not exist on SQLite (schema.E001).
INSTANTIATE_TEST_SUITE_P(Postgres, PostgresKinds, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(PostgresKinds, EveryKindRoundTripsAsTheServersTextForm) {
  Host host;
  host.addr = "192.168.0.1/24";
  host.net = "10.1.0.0/16";
  host.mac = "08:00:2B:01:02:03";
  host.doc = "<a href=\"x\">t &amp; u</a>";
  host.flags = "1010";
  host.search = "fat rat fat";  // written as text, the server parses it
  host.wait = "1 day 02:03:04";
  host.ports = {80, 443, -1};
  host.names = std::vector<std::string>{"a b", "quote\"d", "back\\slash", "NULL", "{x,y}", ""};
  host.prices = std::vector<Decimal>{Decimal("1.50"), Decimal("-2.00")};
  host.seen = std::vector<cpprustango::DateTime>{orm::parse_datetime("2026-01-02T03:04:05.000006Z")};
  host.checks = std::vector<bool>{true, false};
  host.save(db());

  const Host back = Host::objects().filter(host::id == host.id).get(db());
  EXPECT_EQ(back.addr, "192.168.0.1/24");
  EXPECT_EQ(back.net, "10.1.0.0/16");
  EXPECT_EQ(back.mac, "08:00:2b:01:02:03") << "the server's canonical form";
  EXPECT_EQ(back.doc, host.doc);
  EXPECT_EQ(back.flags, "1010");
  EXPECT_EQ(back.search, "'fat' 'rat'") << "tsvector text is its sorted, distinct lexemes";
  EXPECT_EQ(back.wait, "1 day 02:03:04");
  EXPECT_EQ(back.ports, (std::vector<std::int32_t>{80, 443, -1}));
  EXPECT_EQ(back.names, host.names) << "quotes, backslashes, braces, NULL-looking and empty items survive";
  EXPECT_EQ(back.prices, host.prices);
  EXPECT_EQ(back.seen, host.seen);
  EXPECT_EQ(back.checks, host.checks);

  Host bare;
  bare.addr = "::1";
  bare.save(db());
  const Host empty = Host::objects().filter(host::addr == "::1").get(db());
  EXPECT_TRUE(empty.ports.empty()) << "an empty array is {}";
  EXPECT_FALSE(empty.net);
  EXPECT_FALSE(empty.names);
}

TEST_P(PostgresKinds, FiltersBindTheTextForm) {
  for (const char* addr : {"10.0.0.1", "10.0.0.2", "192.168.1.1"}) {
    Host h;
    h.addr = addr;
    h.ports = {1};
    h.save(db());
  }
  EXPECT_EQ(Host::objects().filter(host::addr == "10.0.0.2").count(db()), 1);
  EXPECT_EQ(Host::objects().filter(host::addr.in({"10.0.0.1", "192.168.1.1"})).count(db()), 2);
  EXPECT_EQ(Host::objects().filter(host::ports == std::vector<std::int32_t>{1}).count(db()), 3);
  Host::objects().filter(host::addr == "10.0.0.1").update(db(), {host::ports.set({5, 6})});
  EXPECT_EQ(Host::objects().filter(host::addr == "10.0.0.1").get(db()).ports, (std::vector<std::int32_t>{5, 6}));
}

TEST_P(PostgresKinds, LtreeRoundTripsWhereTheExtensionExists) {
  const auto available = db().query("SELECT 1 FROM pg_available_extensions WHERE name = 'ltree'");
  if (available.empty()) GTEST_SKIP() << "the ltree extension is not installed on this server (postgresql-contrib)";
  db().acquire().execute_script("CREATE EXTENSION ltree; CREATE TABLE pgkinds_node (id BIGSERIAL PRIMARY KEY, path LTREE NOT NULL);");
  Node node;
  node.path = "Top.Science.Astronomy";
  node.save(db());
  EXPECT_EQ(Node::objects().get(db()).path, "Top.Science.Astronomy");
  EXPECT_EQ(Node::objects().filter(node::path == "Top.Science.Astronomy").count(db()), 1);
}

TEST(ArrayText, ParsesAndFormatsPostgresArrayLiterals) {
  namespace detail = orm::detail;
  EXPECT_EQ(detail::parse_array("{}"), std::vector<std::string>{});
  EXPECT_EQ(detail::parse_array(R"({1,-2,"a \"b\"",c\\d})"), (std::vector<std::string>{"1", "-2", "a \"b\"", "c\\d"}));
  EXPECT_EQ(detail::format_array({"a", "b\"c", "d\\"}), R"({"a","b\"c","d\\"})");
  EXPECT_EQ(test_support::message_of<orm::ConversionError>([] { detail::parse_array("{1,NULL}"); }),
            "cannot read '{1,NULL}' as an array: NULL items are not read");
  EXPECT_EQ(test_support::message_of<orm::ConversionError>([] { detail::parse_array("{{1},{2}}"); }),
            "cannot read '{{1},{2}}' as an array: nested or empty items are not read");
  EXPECT_EQ(test_support::message_of<orm::ConversionError>([] { detail::parse_array("1,2"); }),
            "cannot read '1,2' as an array: it is not in braces");
  std::vector<std::int64_t> numbers;
  orm::Convert<std::vector<std::int64_t>>::from(cpprustango::db::Value("{3,4}"), numbers);
  EXPECT_EQ(numbers, (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(orm::to_value(std::vector<double>{0.5, 2}), cpprustango::db::Value(R"({"0.5","2"})"));
}

}  // namespace
