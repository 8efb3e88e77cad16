// The typed ORM against sqlite::memory:, through a header generated at build
// time from catalog/models.schema: every value kind survives a save and a
// fetch, and each QuerySet operation runs the SQL it promises.
#include <catalog/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

namespace {

using namespace catalog;
using cpprustango::Decimal;
using cpprustango::Uuid;
namespace orm = cpprustango::orm;
namespace chr = std::chrono;

constexpr const char* kDdl = R"(
CREATE TABLE catalog_owner (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE catalog_item (
  id INTEGER PRIMARY KEY AUTOINCREMENT, flag INTEGER NOT NULL, small INTEGER, count INTEGER NOT NULL,
  big INTEGER NOT NULL, ratio REAL, weight REAL NOT NULL, price TEXT NOT NULL, title TEXT NOT NULL, body TEXT,
  email TEXT, link TEXT, slug TEXT, day TEXT, at_time TEXT, stamp TEXT, touched TEXT, token TEXT NOT NULL,
  payload BLOB, status TEXT NOT NULL, days TEXT, owner_id INTEGER REFERENCES catalog_owner (id) ON DELETE SET NULL);
CREATE TABLE catalog_code (code TEXT PRIMARY KEY, label TEXT NOT NULL);
)";

class TypedOrm : public ::testing::Test {
 protected:
  void SetUp() override { db.acquire().execute_script(kDdl); }

  Item item(std::string title, std::int64_t big) {
    Item it;
    it.title = std::move(title);
    it.big = big;
    it.save(db);
    return it;
  }

  cpprustango::db::Database db = cpprustango::db::Database::open("sqlite::memory:");
};

TEST_F(TypedOrm, DefaultsComeFromTheSchema) {
  const Item it;
  EXPECT_TRUE(it.flag);
  EXPECT_EQ(it.count, 3);
  EXPECT_EQ(it.weight, 1.5);
  EXPECT_EQ(it.price, Decimal("1.50"));
  EXPECT_EQ(it.status, Item::Status::draft);
  EXPECT_FALSE(it.token.is_nil());
  EXPECT_EQ(to_string(Item::Status::delete_), "delete") << "a keyword choice gets a trailing underscore";
}

TEST_F(TypedOrm, EveryValueKindRoundTrips) {
  Owner owner;
  owner.name = "Ann";
  owner.save(db);
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
  it.save(db);
  ASSERT_GT(it.id, 0);
  ASSERT_TRUE(it.stamp) << "auto_now_add set on insert";

  const Item back = Item::objects().filter(item::id == it.id).get(db);
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
  const Item nulls = Item::objects().filter(item::id == empty.id).get(db);
  EXPECT_FALSE(nulls.small);
  EXPECT_FALSE(nulls.day);
  EXPECT_FALSE(nulls.days);
  EXPECT_FALSE(nulls.owner);
}

TEST_F(TypedOrm, SaveUpdatesAfterTheFirstInsert) {
  Item it = item("first", 1);
  const auto id = it.id;
  it.title = "renamed";
  it.save(db);
  EXPECT_EQ(it.id, id);
  EXPECT_EQ(Item::objects().count(db), 1);
  EXPECT_EQ(Item::objects().get(db).title, "renamed");
}

TEST_F(TypedOrm, NaturalKeysInsertThenUpdateByThePersistedFlag) {
  Code code;
  code.code = "EUR";
  code.label = "Euro";
  code.save(db);
  EXPECT_TRUE(code.persisted_);
  code.label = "euro";
  code.save(db);
  auto loaded = Code::objects().get(db);
  EXPECT_TRUE(loaded.persisted_);
  EXPECT_EQ(loaded.label, "euro");
  loaded.remove(db);
  EXPECT_FALSE(Code::objects().exists(db));
}

TEST_F(TypedOrm, FiltersOrdersAndLimits) {
  for (int i = 1; i <= 5; ++i) item("t" + std::to_string(i), i);
  const auto rows = Item::objects().filter(item::big > 1 && item::title.startswith("t")).exclude(item::big == 5)
                        .order_by(-item::big).limit(2).offset(1).fetch(db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].big, 3);
  EXPECT_EQ(rows[1].big, 2);
  EXPECT_EQ(Item::objects().filter(item::big.in({1, 4, 9})).count(db), 2);
  EXPECT_EQ(Item::objects().filter(item::big.range(2, 4)).count(db), 3);
  EXPECT_EQ(Item::objects().filter(item::owner.isnull()).count(db), 5);
  EXPECT_EQ(Item::objects().filter(item::title.iexact("T3")).get(db).big, 3);
  EXPECT_EQ(Item::objects().first(db)->title, "t1") << "the model's @@ordering([title])";
  EXPECT_FALSE(Item::objects().filter(item::big > 10).first(db));
}

TEST_F(TypedOrm, GetSaysWhatWentWrong) {
  EXPECT_THROW(
      {
        try {
          Item::objects().get(db);
        } catch (const orm::DoesNotExist& error) {
          EXPECT_STREQ(error.what(), "Item matching the query does not exist");
          throw;
        }
      },
      orm::DoesNotExist);
  item("a", 1);
  item("b", 2);
  try {
    Item::objects().get(db);
    FAIL() << "expected MultipleObjectsReturned";
  } catch (const orm::MultipleObjectsReturned& error) {
    EXPECT_STREQ(error.what(), "get() returned more than one Item -- it returned 2");
  }
}

TEST_F(TypedOrm, SelectRelatedFillsTheRelatedSlot) {
  Owner owner;
  owner.name = "Bo";
  owner.save(db);
  Item with = item("with", 1);
  with.owner = owner.id;
  with.save(db);
  item("without", 2);
  const auto rows = Item::objects().select_related(item::owner).order_by(item::big).fetch(db);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].owner_);
  EXPECT_EQ(rows[0].owner_->name, "Bo");
  EXPECT_FALSE(rows[1].owner_) << "a NULL reference leaves the slot empty";
}

TEST_F(TypedOrm, BulkUpdateRemoveAndAggregates) {
  for (int i = 1; i <= 4; ++i) item("n" + std::to_string(i), i * 10);
  EXPECT_EQ(Item::objects().filter(item::big >= 30).update(db, {item::status.set(Item::Status::published)}), 2);
  EXPECT_EQ(Item::objects().filter(item::status == Item::Status::published).count(db), 2);
  EXPECT_EQ(Item::objects().sum(db, item::big), 100.0);
  EXPECT_EQ(Item::objects().avg(db, item::big), 25.0);
  EXPECT_EQ(Item::objects().min(db, item::big), 10);
  EXPECT_EQ(Item::objects().max(db, item::title), "n4");
  EXPECT_FALSE(Item::objects().filter(item::big > 100).max(db, item::big));
  EXPECT_EQ(Item::objects().filter(item::big < 20).remove(db), 1);
  EXPECT_EQ(Item::objects().count(db), 3);
}

TEST_F(TypedOrm, RefreshReloadsAndRemoveForgetsTheKey) {
  Item it = item("x", 1);
  Item::objects().filter(item::id == it.id).update(db, {item::title.set("changed")});
  it.refresh(db);
  EXPECT_EQ(it.title, "changed");
  it.remove(db);
  EXPECT_EQ(it.id, 0);
  EXPECT_THROW(Item::objects().filter(item::title == "changed").get(db), orm::DoesNotExist);
}

TEST_F(TypedOrm, WorksInsideATransaction) {
  auto conn = db.acquire();
  {
    auto tx = conn.begin();
    Item it;
    it.title = "rolled back";
    it.save(conn);
    EXPECT_EQ(Item::objects().count(conn), 1);
  }
  EXPECT_EQ(Item::objects().count(conn), 0);
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
