// The typed ORM against SQLite (:memory:) and a throwaway PostgreSQL cluster,
// through a header generated at build time from catalog/models.schema: every
// value kind survives a save and a fetch, and each QuerySet operation runs the
// SQL it promises and behaves the same on both databases. The PostgreSQL half
// runs under the cpprustango_postgres CTest fixture (tests/unit/CMakeLists.txt).
#include <catalog/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

#include <optional>

#include "test_support/orm_database.hpp"

namespace {

using namespace catalog;
using cpprustango::Decimal;
using cpprustango::Uuid;
namespace orm = cpprustango::orm;
namespace chr = std::chrono;

// Hand-written per dialect until migrations exist; the column types are the
// ones the schema's types map to on each backend.
constexpr const char* kSqliteDdl = R"(
CREATE TABLE catalog_owner (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE catalog_item (
  id INTEGER PRIMARY KEY AUTOINCREMENT, flag INTEGER NOT NULL, small INTEGER, count INTEGER NOT NULL,
  big INTEGER NOT NULL, ratio REAL, weight REAL NOT NULL, price TEXT NOT NULL, title TEXT NOT NULL, body TEXT,
  email TEXT, link TEXT, slug TEXT, day TEXT, at_time TEXT, stamp TEXT, touched TEXT, token TEXT NOT NULL,
  payload BLOB, status TEXT NOT NULL, days TEXT, owner_id INTEGER REFERENCES catalog_owner (id) ON DELETE SET NULL);
CREATE TABLE catalog_code (code TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE catalog_doc (id INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT);
CREATE TABLE catalog_shift (id INTEGER PRIMARY KEY AUTOINCREMENT, starts TIMESTAMP NOT NULL, ends TIMESTAMP,
  logged TIMESTAMP, at DATETIME);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE catalog_owner (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE catalog_item (
  id BIGSERIAL PRIMARY KEY, flag BOOLEAN NOT NULL, small SMALLINT, count INTEGER NOT NULL, big BIGINT NOT NULL,
  ratio REAL, weight DOUBLE PRECISION NOT NULL, price NUMERIC(8, 2) NOT NULL, title VARCHAR(100) NOT NULL,
  body TEXT, email VARCHAR(254), link VARCHAR(200), slug VARCHAR(50), day DATE, at_time TIME, stamp TIMESTAMPTZ,
  touched TIMESTAMPTZ, token UUID NOT NULL, payload BYTEA, status VARCHAR(9) NOT NULL, days TEXT,
  owner_id BIGINT REFERENCES catalog_owner (id) ON DELETE SET NULL);
CREATE TABLE catalog_code (code VARCHAR(8) PRIMARY KEY, label VARCHAR(40) NOT NULL);
CREATE TABLE catalog_doc (id BIGSERIAL PRIMARY KEY, data JSONB);
CREATE TABLE catalog_shift (id BIGSERIAL PRIMARY KEY, starts TIMESTAMP NOT NULL, ends TIMESTAMP, logged TIMESTAMP,
  at TIMESTAMPTZ);
)";

class TypedOrm : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open(kSqliteDdl, kPostgresDdl); }

  Item item(std::string title, std::int64_t big) {
    Item it;
    it.title = std::move(title);
    it.big = big;
    it.save(db());
    return it;
  }


};

INSTANTIATE_TEST_SUITE_P(Sqlite, TypedOrm, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, TypedOrm, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(TypedOrm, DefaultsComeFromTheSchema) {
  const Item it;
  EXPECT_TRUE(it.flag);
  EXPECT_EQ(it.count, 3);
  EXPECT_EQ(it.weight, 1.5);
  EXPECT_EQ(it.price, Decimal("1.50"));
  EXPECT_EQ(it.status, Item::Status::draft);
  EXPECT_FALSE(it.token.is_nil());
  EXPECT_EQ(to_string(Item::Status::delete_), "delete") << "a keyword choice gets a trailing underscore";
}

TEST_P(TypedOrm, EveryValueKindRoundTrips) {
  Owner owner;
  owner.name = "Ann";
  owner.save(db());
  EXPECT_GT(owner.id, 0) << "RETURNING gave the new key";

  Item it;
  it.flag = false;
  it.small = -7;
  it.count = 2'000'000'000;
  it.big = 9'000'000'000'000;
  it.ratio = 0.25F;
  it.weight = 2.75;
  it.price = Decimal("12.30");
  it.title = "Über \"quoted\"";
  it.body = "long text";
  it.email = "a@example.com";
  it.link = "https://example.com";
  it.slug = "a-slug";
  it.day = chr::year{2026} / 1 / 2;
  it.at_time = cpprustango::TimeOfDay(chr::hours{3} + chr::minutes{4} + chr::seconds{5} + chr::microseconds{6});
  it.token = Uuid::parse("550e8400-e29b-41d4-a716-446655440000");
  it.payload = cpprustango::db::to_bytes(std::string("\0\x01\xff", 3));
  it.status = Item::Status::published;
  it.days = std::vector{Item::Days::mon, Item::Days::wed};
  it.owner = owner.id;
  it.save(db());
  ASSERT_GT(it.id, 0);
  ASSERT_TRUE(it.stamp) << "auto_now_add set on insert";

  const Item back = Item::objects().filter(item::id == it.id).get(db());
  EXPECT_EQ(back.flag, false);
  EXPECT_EQ(back.small, -7);
  EXPECT_EQ(back.count, 2'000'000'000);
  EXPECT_EQ(back.big, 9'000'000'000'000);
  EXPECT_EQ(back.ratio, 0.25F);
  EXPECT_EQ(back.weight, 2.75);
  EXPECT_EQ(back.price, Decimal("12.30"));
  EXPECT_EQ(back.title, it.title);
  EXPECT_EQ(back.body, "long text");
  EXPECT_EQ(back.email, it.email);
  EXPECT_EQ(back.link, it.link);
  EXPECT_EQ(back.slug, it.slug);
  EXPECT_EQ(back.day, it.day);
  ASSERT_TRUE(back.at_time);
  EXPECT_EQ(back.at_time->to_duration(), it.at_time->to_duration());
  EXPECT_EQ(back.stamp, it.stamp);
  EXPECT_EQ(back.touched, it.touched);
  EXPECT_EQ(back.token, it.token);
  EXPECT_EQ(back.payload, it.payload);
  EXPECT_EQ(back.status, Item::Status::published);
  EXPECT_EQ(back.days, it.days);
  EXPECT_EQ(back.owner, owner.id);
  EXPECT_FALSE(back.owner_) << "nothing fetched without select_related";

  Item empty = item("nulls", 1);
  const Item nulls = Item::objects().filter(item::id == empty.id).get(db());
  EXPECT_FALSE(nulls.small);
  EXPECT_FALSE(nulls.day);
  EXPECT_FALSE(nulls.days);
  EXPECT_FALSE(nulls.owner);
}

TEST_P(TypedOrm, SaveUpdatesAfterTheFirstInsert) {
  Item it = item("first", 1);
  const auto id = it.id;
  it.title = "renamed";
  it.save(db());
  EXPECT_EQ(it.id, id);
  EXPECT_EQ(Item::objects().count(db()), 1);
  EXPECT_EQ(Item::objects().get(db()).title, "renamed");
}

TEST_P(TypedOrm, NaturalKeysInsertThenUpdateByThePersistedFlag) {
  Code code;
  code.code = "EUR";
  code.label = "Euro";
  code.save(db());
  EXPECT_TRUE(code.persisted_);
  code.label = "euro";
  code.save(db());
  auto loaded = Code::objects().get(db());
  EXPECT_TRUE(loaded.persisted_);
  EXPECT_EQ(loaded.label, "euro");
  loaded.remove(db());
  EXPECT_FALSE(Code::objects().exists(db()));
}

TEST_P(TypedOrm, FiltersOrdersAndLimits) {
  for (int i = 1; i <= 5; ++i) item("t" + std::to_string(i), i);
  const auto rows = Item::objects().filter(item::big > 1 && item::title.startswith("t")).exclude(item::big == 5)
                        .order_by(-item::big).limit(2).offset(1).fetch(db());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].big, 3);
  EXPECT_EQ(rows[1].big, 2);
  EXPECT_EQ(Item::objects().filter(item::big.in({1, 4, 9})).count(db()), 2);
  EXPECT_EQ(Item::objects().filter(item::big.range(2, 4)).count(db()), 3);
  EXPECT_EQ(Item::objects().filter(item::owner.isnull()).count(db()), 5);
  EXPECT_EQ(Item::objects().filter(item::title.iexact("T3")).get(db()).big, 3);
  EXPECT_EQ(Item::objects().first(db())->title, "t1") << "the model's @@ordering([title])";
  EXPECT_FALSE(Item::objects().filter(item::big > 10).first(db()));
}

TEST_P(TypedOrm, GetSaysWhatWentWrong) {
  EXPECT_THROW(
      {
        try {
          Item::objects().get(db());
        } catch (const orm::DoesNotExist& error) {
          EXPECT_STREQ(error.what(), "Item matching the query does not exist");
          throw;
        }
      },
      orm::DoesNotExist);
  item("a", 1);
  item("b", 2);
  try {
    Item::objects().get(db());
    FAIL() << "expected MultipleObjectsReturned";
  } catch (const orm::MultipleObjectsReturned& error) {
    EXPECT_STREQ(error.what(), "get() returned more than one Item -- it returned 2");
  }
}

TEST_P(TypedOrm, SelectRelatedFillsTheRelatedSlot) {
  Owner owner;
  owner.name = "Bo";
  owner.save(db());
  Item with = item("with", 1);
  with.owner = owner.id;
  with.save(db());
  item("without", 2);
  const auto rows = Item::objects().select_related(item::owner).order_by(item::big).fetch(db());
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].owner_);
  EXPECT_EQ(rows[0].owner_->name, "Bo");
  EXPECT_FALSE(rows[1].owner_) << "a NULL reference leaves the slot empty";
}

TEST_P(TypedOrm, BulkUpdateRemoveAndAggregates) {
  for (int i = 1; i <= 4; ++i) item("n" + std::to_string(i), i * 10);
  EXPECT_EQ(Item::objects().filter(item::big >= 30).update(db(), {item::status.set(Item::Status::published)}), 2);
  EXPECT_EQ(Item::objects().filter(item::status == Item::Status::published).count(db()), 2);
  EXPECT_EQ(Item::objects().sum(db(), item::big), 100.0);
  EXPECT_EQ(Item::objects().avg(db(), item::big), 25.0);
  EXPECT_EQ(Item::objects().min(db(), item::big), 10);
  EXPECT_EQ(Item::objects().max(db(), item::title), "n4");
  EXPECT_FALSE(Item::objects().filter(item::big > 100).max(db(), item::big));
  EXPECT_EQ(Item::objects().filter(item::big < 20).remove(db()), 1);
  EXPECT_EQ(Item::objects().count(db()), 3);
}

TEST_P(TypedOrm, RefreshReloadsAndRemoveForgetsTheKey) {
  Item it = item("x", 1);
  Item::objects().filter(item::id == it.id).update(db(), {item::title.set("changed")});
  it.refresh(db());
  EXPECT_EQ(it.title, "changed");
  it.remove(db());
  EXPECT_EQ(it.id, 0);
  EXPECT_THROW(Item::objects().filter(item::title == "changed").get(db()), orm::DoesNotExist);
}

TEST_P(TypedOrm, WorksInsideATransaction) {
  auto conn = db().acquire();
  {
    auto tx = conn.begin();
    Item it;
    it.title = "rolled back";
    it.save(conn);
    EXPECT_EQ(Item::objects().count(conn), 1);
  }
  EXPECT_EQ(Item::objects().count(conn), 0);
}

TEST_P(TypedOrm, JsonRoundTrips) {
  Doc doc;
  doc.data = nlohmann::json{{"name", "Ann"}, {"tags", {1, 2.5, nullptr}}, {"nested", {{"ok", true}}}};
  doc.save(db());
  Doc empty;
  empty.save(db());
  EXPECT_EQ(Doc::objects().filter(doc::id == doc.id).get(db()).data, doc.data);
  EXPECT_FALSE(Doc::objects().filter(doc::id == empty.id).get(db()).data);
}

TEST_P(TypedOrm, TextLookupsMatchCaseTheSameOnBothDatabases) {
  for (const char* title : {"Apple pie", "apple tart", "APPLE", "100% [sure]*?", "a_b"}) item(title, 1);
  auto titles = [&](orm::Q q) {
    std::vector<std::string> out;
    for (const auto& it : Item::objects().filter(std::move(q)).order_by(item::title).fetch(db())) out.push_back(it.title);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(titles(item::title.contains("apple")), V{"apple tart"}) << "contains is case-sensitive";
  EXPECT_EQ(titles(item::title.icontains("apple")), (V{"APPLE", "Apple pie", "apple tart"}));
  EXPECT_EQ(titles(item::title.iexact("apple")), V{"APPLE"});
  EXPECT_EQ(titles(item::title.startswith("A")), (V{"APPLE", "Apple pie"}));
  EXPECT_EQ(titles(item::title.istartswith("a")), (V{"APPLE", "Apple pie", "a_b", "apple tart"}));
  EXPECT_EQ(titles(item::title.endswith("E")), V{"APPLE"});
  EXPECT_EQ(titles(item::title.iendswith("e")), (V{"APPLE", "Apple pie"}));
  // Wildcards of either syntax (LIKE's % _, GLOB's * ? [) match literally.
  EXPECT_EQ(titles(item::title.contains("% [s")), V{"100% [sure]*?"});
  EXPECT_EQ(titles(item::title.endswith("*?")), V{"100% [sure]*?"});
  EXPECT_EQ(titles(item::title.contains("_")), V{"a_b"});
  EXPECT_EQ(titles(item::title.icontains("%")), V{"100% [sure]*?"});
}

TEST_P(TypedOrm, NullsSortLastAscendingAndFirstDescending) {
  for (const auto& [title, ratio] : {std::pair{"b", std::optional<float>{2.0F}}, std::pair{"none", std::optional<float>{}},
                                     std::pair{"a", std::optional<float>{1.0F}}}) {
    Item it;
    it.title = title;
    it.ratio = ratio;
    it.save(db());
  }
  auto titles = [&](const auto& qs) {
    std::string out;
    for (const auto& it : qs.fetch(db())) out += it.title + " ";
    return out;
  };
  EXPECT_EQ(titles(Item::objects().order_by(item::ratio)), "a b none ");
  EXPECT_EQ(titles(Item::objects().order_by(-item::ratio)), "none b a ");
}

TEST_P(TypedOrm, BulkCreateInsertsInOneStatementAndSetsTheKeys) {
  std::vector<Item> items(3);
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i].title = "bulk" + std::to_string(i);
    items[i].big = static_cast<std::int64_t>(i);
  }
  items[1].price = Decimal("7.25");
  Item::objects().bulk_create(db(), items);
  ASSERT_NE(items[0].id, 0);
  EXPECT_EQ(items[1].id, items[0].id + 1);
  EXPECT_EQ(items[2].id, items[0].id + 2);
  ASSERT_TRUE(items[0].stamp) << "auto_now_add applies as in save()";
  EXPECT_TRUE(items[2].touched) << "and auto_now";
  const Item back = Item::objects().filter(item::id == items[1].id).get(db());
  EXPECT_EQ(back.title, "bulk1");
  EXPECT_EQ(back.price, Decimal("7.25"));
  EXPECT_EQ(back.stamp, items[1].stamp);
  EXPECT_EQ(Item::objects().count(db()), 3);

  std::vector<Item> none;
  Item::objects().bulk_create(db(), none);
  EXPECT_EQ(Item::objects().count(db()), 3) << "an empty vector runs nothing";
  EXPECT_THROW(Item::objects().bulk_create(db(), items), orm::QueryError) << "objects that already have a key";
}

TEST_P(TypedOrm, BulkCreateSplitsPastTheParameterLimit) {
  // 21 columns a row (the key is left out): 2,000 rows is 42,000 values, past SQLite's 32,766 bound parameters.
  std::vector<Item> items(2000);
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i].title = "n" + std::to_string(i);
    items[i].big = static_cast<std::int64_t>(i);
  }
  Item::objects().bulk_create(db(), items);
  EXPECT_EQ(Item::objects().count(db()), 2000);
  EXPECT_EQ(Item::objects().filter(item::id == items[1999].id).get(db()).big, 1999);
}

TEST_P(TypedOrm, BulkCreateOfNaturalKeysMarksThemPersisted) {
  std::vector<Code> codes(2);
  codes[0].code = "EUR";
  codes[0].label = "Euro";
  codes[1].code = "USD";
  codes[1].label = "Dollar";
  Code::objects().bulk_create(db(), codes);
  EXPECT_TRUE(codes[0].persisted_);
  codes[1].label = "US dollar";
  codes[1].save(db());
  EXPECT_EQ(Code::objects().filter(code::code == "USD").get(db()).label, "US dollar");
}

TEST(OrmValues, ParsesBothDatetimeForms) {
  const auto a = orm::parse_datetime("2026-01-02 03:04:05+00");
  const auto b = orm::parse_datetime("2026-01-02T03:04:05Z");
  const auto c = orm::parse_datetime("2026-01-02T05:34:05.5+02:30");
  EXPECT_EQ(a, b);
  EXPECT_EQ(c - a, chr::milliseconds{500});
  EXPECT_EQ(orm::format_datetime(a), "2026-01-02T03:04:05Z");
  EXPECT_THROW(orm::parse_datetime("2026-13-02T03:04:05Z"), orm::ConversionError);
}

TEST_P(TypedOrm, TimestampsKeepTheirWallClockReading) {
  static_assert(std::is_same_v<decltype(Shift::starts), cpprustango::LocalDateTime>,
                "a timestamp is a local_time, not an instant");
  const cpprustango::LocalDateTime reading =
      chr::local_days(chr::year{2026} / 3 / 29) + chr::hours{2} + chr::minutes{30} + chr::microseconds{6};
  Shift work;
  EXPECT_EQ(orm::format_local_datetime(work.starts), "2026-01-02 09:30:00") << "the schema's default";
  work.starts = reading;
  work.at = cpprustango::DateTime(reading.time_since_epoch());
  work.save(db());
  ASSERT_TRUE(work.logged) << "auto_now_add on a timestamp";

  const Shift back = Shift::objects().filter(shift::id == work.id).get(db());
  EXPECT_EQ(back.starts, reading);
  EXPECT_FALSE(back.ends);
  EXPECT_EQ(back.logged, work.logged);
  EXPECT_EQ(back.at, work.at);
  EXPECT_EQ(Shift::objects().filter(shift::starts < reading + chr::seconds{1}).count(db()), 1);
  EXPECT_EQ(Shift::objects().filter(shift::starts > reading).count(db()), 0);

  // Stored as the reading itself, and no session time zone moves it; the datetime beside it is an instant.
  std::optional<cpprustango::db::Database> other;  // PostgreSQL: a session of its own, in another zone
  if (pg()) other.emplace(cpprustango::db::Database::open(url()));
  auto conn = (other ? *other : db()).acquire();
  if (pg()) conn.execute("SET TIME ZONE 'Asia/Kathmandu'");
  const auto rows = conn.query(pg() ? "SELECT starts::text, at::text FROM catalog_shift"
                                    : "SELECT starts, at FROM catalog_shift");
  for (const auto row : rows) {
    EXPECT_EQ(cpprustango::db::as_string(row[0]), "2026-03-29 02:30:00.000006");
    EXPECT_EQ(orm::from_value<cpprustango::LocalDateTime>(row[0]), reading);
    EXPECT_EQ(orm::from_value<cpprustango::DateTime>(row[1]), work.at) << cpprustango::db::as_string(row[1]);
    if (pg()) EXPECT_EQ(cpprustango::db::as_string(row[1]), "2026-03-29 08:15:00.000006+05:45");
  }
}

TEST(OrmValues, TimestampTextHasNoZone) {
  const cpprustango::LocalDateTime noon = chr::local_days(chr::year{2026} / 1 / 2) + chr::hours{12};
  EXPECT_EQ(orm::format_local_datetime(noon), "2026-01-02 12:00:00");
  EXPECT_EQ(orm::format_local_datetime(noon + chr::microseconds{120000}), "2026-01-02 12:00:00.120000");
  EXPECT_EQ(orm::parse_local_datetime("2026-01-02T12:00"), noon);
  EXPECT_EQ(orm::parse_local_datetime("2026-01-02 12:00:00.12"), noon + chr::milliseconds{120});
  EXPECT_EQ(orm::parse_local_datetime("2026-01-02 12:00:00.123"), noon + chr::milliseconds{123})
      << "SQLite's strftime('%f') form";
  EXPECT_THROW(orm::parse_local_datetime("2026-01-02T12:00:00Z"), orm::ConversionError) << "an instant's text";
  EXPECT_THROW(orm::parse_local_datetime("2026-01-02 12:00:00+02"), orm::ConversionError);
  EXPECT_THROW(orm::parse_local_datetime("2026-02-30 12:00:00"), orm::ConversionError);
  EXPECT_EQ(orm::to_value(noon), cpprustango::db::Value(std::string("2026-01-02 12:00:00")));
  const auto now = orm::local_now_utc();
  EXPECT_LT(chr::abs(now.time_since_epoch() - orm::now_utc().time_since_epoch()), chr::seconds{5})
      << "now() on a timestamp is the UTC reading";
}

TEST(OrmValues, UuidAndDecimalValidateTheirText) {
  const auto id = Uuid::parse("{550E8400-E29B-41D4-A716-446655440000}");
  EXPECT_EQ(id.str(), "550e8400-e29b-41d4-a716-446655440000");
  EXPECT_THROW(Uuid::parse("550e8400"), std::invalid_argument);
  EXPECT_EQ(Uuid::random().str()[14], '4');
  EXPECT_EQ(Decimal("+007.50").str(), "7.50");
  EXPECT_EQ(Decimal("-0.00").str(), "0.00");
  EXPECT_THROW(Decimal("1e5"), std::invalid_argument);
  EXPECT_THROW(Decimal("."), std::invalid_argument);
}

}  // namespace
