// The write-path rules through a model generated at build time from
// journal/models.schema, on sqlite::memory:: a bad save() throws one
// ValidationError naming every bad field and writes nothing; @auto_now,
// @auto_now_add and @slug_from values reach both the database and the object.
#include <journal/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

#include <thread>

#include "test_support/expect_throw.hpp"

namespace {

using namespace journal;
using cpprustango::Decimal;
namespace orm = cpprustango::orm;
namespace chr = std::chrono;

constexpr const char* kDdl = R"(
CREATE TABLE journal_entry (
  id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, slug TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
  email TEXT, site TEXT, rating INTEGER, price TEXT NOT NULL, created TEXT NOT NULL, updated TEXT,
  day TEXT NOT NULL, at_time TEXT, opened TEXT NOT NULL);
CREATE TABLE journal_note (code TEXT PRIMARY KEY, label TEXT);
)";

class WriteRules : public ::testing::Test {
 protected:
  void SetUp() override { db.acquire().execute_script(kDdl); }

  cpprustango::db::Database db = cpprustango::db::Database::open("sqlite::memory:");
};

TEST_F(WriteRules, ABadSaveThrowsEveryFieldErrorAndWritesNothing) {
  Entry e;
  e.title = std::string(25, 'x');
  e.email = "nope";
  e.site = "ftp://example.com";
  e.rating = 9;
  e.price = Decimal("1234.5");
  const auto error = test_support::expect_throw<orm::ValidationError>([&] { e.save(db); });
  EXPECT_STREQ(error.what(),
               "Entry: title: at most 20 characters (got 25); email: 'nope' is not a valid email address; "
               "site: 'ftp://example.com' is not a valid URL (http:// or https:// and a host); "
               "rating: at most 5 (got 9); price: at most 3 digits before the decimal point (got 4)");
  std::vector<std::string> fields;
  for (const auto& problem : error.errors()) fields.push_back(problem.field + "/" + problem.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"title/max_length", "email/invalid_email", "site/invalid_url",
                                              "rating/max", "price/max_whole_digits"}));
  EXPECT_EQ(Entry::objects().count(db), 0);
  EXPECT_EQ(e.id, 0) << "still new: the next save() inserts";
}

TEST_F(WriteRules, AnUpdateIsValidatedToo) {
  Entry e;
  e.title = "Fine";
  e.email = "ada@example.com";
  e.save(db);
  e.email = "ada at example.com";
  EXPECT_EQ(test_support::message_of<orm::ValidationError>([&] { e.save(db); }),
            "Entry: email: 'ada at example.com' is not a valid email address");
  EXPECT_EQ(Entry::objects().get(db).email, "ada@example.com");
}

TEST_F(WriteRules, FullCleanChecksWithoutWritingOrChangingTheObject) {
  Entry e;
  e.title = "Hello";
  EXPECT_NO_THROW(e.full_clean()) << "the slug save() would derive is what gets checked";
  EXPECT_EQ(e.slug, "");
  EXPECT_EQ(e.created, cpprustango::DateTime{});
  e.rating = 0;
  EXPECT_EQ(test_support::message_of<orm::ValidationError>([&] { e.full_clean(); }),
            "Entry: rating: at least 1 (got 0)");
  e.title = "!!!";  // slugifies to "", which is no slug
  e.rating = 2;
  EXPECT_EQ(test_support::message_of<orm::ValidationError>([&] { e.full_clean(); }),
            "Entry: slug: '' is not a valid slug (letters, digits, '-' and '_')");
  EXPECT_EQ(Entry::objects().count(db), 0);
}

TEST_F(WriteRules, AutomaticValuesLandInTheDatabaseAndOnTheObject) {
  const auto before = orm::now_utc();
  Entry e;
  e.title = "Hello, Wörld & more";
  e.save(db);
  EXPECT_EQ(e.slug, "hello-world") << "slugified, cut to slug(12), no trailing '-'";
  EXPECT_GE(e.created, before);
  ASSERT_TRUE(e.updated);
  EXPECT_GE(*e.updated, e.created);
  EXPECT_GE(chr::sys_days(e.day), chr::floor<chr::days>(before));
  ASSERT_TRUE(e.at_time);

  const Entry back = Entry::objects().get(db);
  EXPECT_EQ(back.slug, "hello-world");
  EXPECT_EQ(back.created, e.created);
  EXPECT_EQ(back.updated, e.updated);
  EXPECT_EQ(back.day, e.day);
  EXPECT_EQ(back.at_time->to_duration(), e.at_time->to_duration());
}

TEST_F(WriteRules, LaterSavesRefreshAutoNowOnly) {
  Entry e;
  e.title = "First";
  e.save(db);
  const auto created = e.created;
  const auto updated = *e.updated;
  std::this_thread::sleep_for(chr::milliseconds(2));
  e.title = "Second title";
  e.save(db);
  EXPECT_EQ(e.created, created);
  EXPECT_EQ(e.slug, "first") << "@slug_from fills the slug on insert only";
  EXPECT_GT(*e.updated, updated);
  const Entry back = Entry::objects().get(db);
  EXPECT_EQ(back.created, created);
  EXPECT_EQ(back.updated, e.updated);
  EXPECT_EQ(back.slug, "first");
}

TEST_F(WriteRules, ValuesTheProgramSetAreKept) {
  const auto then = chr::sys_days(chr::year(2024) / 1 / 31) + chr::hours(9);
  Entry e;
  e.title = "Imported";
  e.slug = "my-own_slug";
  e.created = then;
  e.save(db);
  const Entry back = Entry::objects().get(db);
  EXPECT_EQ(back.slug, "my-own_slug");
  EXPECT_EQ(back.created, then) << "@auto_now_add fills only an unset value";
}

TEST_F(WriteRules, SlugFromWorksForNaturalKeysAndNullableSlugs) {
  Note n;
  n.code = "Ab Cd";
  n.save(db);
  EXPECT_EQ(n.label, "ab-cd");
  EXPECT_EQ(Note::objects().get(db).label, "ab-cd");
}

}  // namespace
