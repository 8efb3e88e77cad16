// The write-path rules on a hand-built constexpr ModelSpec, the way generated
// headers declare theirs: each rule, its code and its exact message, and that
// one ValidationError carries every problem of a row. No database.
#include "cpprustango/orm/validation.hpp"

#include "cpprustango/orm/query.hpp"

#include <gtest/gtest.h>

#include "test_support/expect_throw.hpp"

namespace {

namespace orm = cpprustango::orm;
namespace db = cpprustango::db;
using cpprustango::schema::FieldKind;
using cpprustango::schema::FieldSpec;
using cpprustango::schema::ModelSpec;
using orm::FieldError;

constexpr std::string_view kPk[] = {"id"};
constexpr std::string_view kStatuses[] = {"draft", "published"};
constexpr std::string_view kDays[] = {"mon", "tue"};

// Field order is row order: kRow below has one value per field.
constexpr FieldSpec kPostFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "title", .column = "title", .kind = FieldKind::String, .max_length = 10},
    {.name = "status", .column = "status", .kind = FieldKind::Choice, .choices = kStatuses},
    {.name = "days", .column = "days", .kind = FieldKind::MultiChoice, .nullable = true, .choices = kDays},
    {.name = "email", .column = "email", .kind = FieldKind::Email, .nullable = true, .max_length = 254},
    {.name = "site", .column = "site", .kind = FieldKind::Url, .nullable = true, .max_length = 200},
    {.name = "slug", .column = "slug", .kind = FieldKind::Slug, .max_length = 20},
    {.name = "rating", .column = "rating", .kind = FieldKind::SmallInt, .nullable = true, .min = 1, .max = 5},
    {.name = "score", .column = "score", .kind = FieldKind::Double, .nullable = true, .min = 0.5},
    {.name = "price", .column = "price", .kind = FieldKind::Decimal, .precision = 5, .scale = 2, .min = -1},
    {.name = "body", .column = "body", .kind = FieldKind::Text},
    {.name = "tags", .kind = FieldKind::Many},
    {.name = "search", .column = "search", .kind = FieldKind::TsVector,
     .backend = cpprustango::schema::Backend::PostgreSQL},
};
constexpr ModelSpec kPost{.app = "blog", .name = "Post", .table = "blog_post", .fields = kPostFields,
                          .primary_key = kPk};

/** A row that passes every rule; each test spoils one value. */
std::vector<db::Value> good_row() {
  return {std::int64_t{0}, std::string("Hello"), std::string("draft"), std::string("mon,tue"),
          std::string("ada@example.com"), std::string("https://example.com/a?b#c"), std::string("hello-world_2"),
          std::int64_t{3}, 1.5, std::string("123.45"), std::string(""), nullptr, nullptr};
}

std::vector<FieldError> check_with(std::size_t index, db::Value value, bool insert = true) {
  auto row = good_row();
  row[index] = std::move(value);
  return orm::check_row(kPost, row, insert);
}

std::vector<FieldError> one(std::string field, std::string code, std::string message) {
  return {{std::move(field), std::move(code), std::move(message)}};
}

TEST(Validation, AcceptsAGoodRow) { EXPECT_TRUE(orm::check_row(kPost, good_row(), true).empty()); }

TEST(Validation, RequiresNonNullableValuesButNotTheAutoKeyOnInsert) {
  EXPECT_EQ(check_with(1, nullptr), one("title", "required", "this field is required"));
  EXPECT_TRUE(check_with(0, nullptr).empty()) << "the database assigns the key";
  EXPECT_EQ(check_with(0, nullptr, false), one("id", "required", "this field is required"));
  EXPECT_TRUE(check_with(3, nullptr).empty()) << "nullable";
  EXPECT_TRUE(check_with(12, nullptr).empty()) << "a PostgreSQL-only field has no value in a SQLite row";
}

TEST(Validation, CountsMaxLengthInCharactersNotBytes) {
  EXPECT_TRUE(check_with(1, std::string("Ünïcödé!!!")).empty()) << "10 characters, 14 bytes";
  EXPECT_EQ(check_with(1, std::string("Ünïcödé!!!!")),
            one("title", "max_length", "at most 10 characters (got 11)"));
  EXPECT_TRUE(check_with(10, std::string(5000, 'x')).empty()) << "text has no limit";
}

TEST(Validation, ChecksMinAndMax) {
  EXPECT_EQ(check_with(7, std::int64_t{0}), one("rating", "min", "at least 1 (got 0)"));
  EXPECT_EQ(check_with(7, std::int64_t{6}), one("rating", "max", "at most 5 (got 6)"));
  EXPECT_TRUE(check_with(7, std::int64_t{5}).empty());
  EXPECT_EQ(check_with(8, 0.25), one("score", "min", "at least 0.5 (got 0.25)"));
  EXPECT_EQ(check_with(9, std::string("-1.50")), one("price", "min", "at least -1 (got -1.50)"));
}

TEST(Validation, ChecksChoicesAndEachItemOfAMultichoice) {
  EXPECT_EQ(check_with(2, std::string("archived")),
            one("status", "invalid_choice", "'archived' is not one of draft, published"));
  EXPECT_EQ(check_with(3, std::string("mon,sun")), one("days", "invalid_choice", "'sun' is not one of mon, tue"));
  EXPECT_TRUE(check_with(3, std::string("")).empty()) << "no days chosen";
}

TEST(Validation, ChecksEmailFormat) {
  for (const char* good : {"a@b.co", "first.last+tag@mail.example.org", "ü@exämple.de"}) {
    EXPECT_TRUE(check_with(4, std::string(good)).empty()) << good;
  }
  for (const char* bad : {"", "plain", "@example.com", "a@b", "a@@b.com", "a@b@c.com", "a b@c.com", "a@.com",
                          "a@b.com.", "a@b..com"}) {
    EXPECT_EQ(check_with(4, std::string(bad)),
              one("email", "invalid_email", "'" + std::string(bad) + "' is not a valid email address"))
        << bad;
  }
}

constexpr std::string_view kShiftPk[] = {"starts"};
constexpr FieldSpec kShiftFields[] = {{.name = "starts", .column = "starts", .kind = FieldKind::Timestamp}};
constexpr ModelSpec kShift{.app = "cal", .name = "Shift", .table = "cal_shift", .fields = kShiftFields,
                           .primary_key = kShiftPk};

TEST(Validation, ChecksATimestampHasNoZone) {
  const std::vector<db::Value> reading{std::string("2026-01-02 03:04:05.25")};
  EXPECT_TRUE(orm::check_row(kShift, reading, true).empty());
  const std::vector<db::Value> instant{std::string("2026-01-02T03:04:05Z")};
  EXPECT_EQ(orm::check_row(kShift, instant, true),
            one("starts", "invalid_timestamp",
                "'2026-01-02T03:04:05Z' is not a timestamp (YYYY-MM-DD HH:MM:SS, with no time zone)"));
}

TEST(Validation, ChecksUrlFormat) {
  for (const char* good : {"http://localhost", "https://example.com", "HTTPS://Example.com:8443/p?q=1#f",
                           "http://user:pw@host.example/x", "http://[::1]:8000/"}) {
    EXPECT_TRUE(check_with(5, std::string(good)).empty()) << good;
  }
  for (const char* bad : {"", "example.com", "ftp://example.com", "http://", "http:///path", "http://a b.com",
                          "http://host:port/", "http://exa_mple.com", "http://[]/"}) {
    EXPECT_EQ(check_with(5, std::string(bad)),
              one("site", "invalid_url",
                  "'" + std::string(bad) + "' is not a valid URL (http:// or https:// and a host)"))
        << bad;
  }
}

TEST(Validation, ChecksSlugFormat) {
  EXPECT_EQ(check_with(6, std::string("hello world")),
            one("slug", "invalid_slug", "'hello world' is not a valid slug (letters, digits, '-' and '_')"));
  EXPECT_EQ(check_with(6, std::string("")),
            one("slug", "invalid_slug", "'' is not a valid slug (letters, digits, '-' and '_')"));
  EXPECT_EQ(check_with(6, std::string("héllo")).at(0).code, "invalid_slug");
}

TEST(Validation, ChecksDecimalDigitsLikeANumericColumn) {
  EXPECT_TRUE(check_with(9, std::string("-0.05")).empty());
  EXPECT_EQ(check_with(9, std::string("1234.56")), one("price", "max_digits", "at most 5 digits in total (got 6)"));
  EXPECT_EQ(check_with(9, std::string("1.234")),
            one("price", "max_decimal_places", "at most 2 decimal places (got 3)"));
  EXPECT_EQ(check_with(9, std::string("1000")),
            one("price", "max_whole_digits", "at most 3 digits before the decimal point (got 4)"));
  EXPECT_EQ(check_with(9, std::string("1e5")), one("price", "invalid_decimal", "'1e5' is not a decimal number"));
}

TEST(Validation, ThrowsOneErrorWithEveryProblem) {
  auto row = good_row();
  row[1] = std::string(13, 'x');
  row[2] = std::string("archived");
  row[4] = std::string("nope");
  const auto error = test_support::expect_throw<orm::ValidationError>([&] { orm::validate_row(kPost, row, true); });
  EXPECT_STREQ(error.what(),
               "Post: title: at most 10 characters (got 13); status: 'archived' is not one of draft, published; "
               "email: 'nope' is not a valid email address");
  ASSERT_EQ(error.errors().size(), 3u);
  EXPECT_EQ(error.errors()[1].code, "invalid_choice");
  EXPECT_EQ(error.errors_of("email"), one("email", "invalid_email", "'nope' is not a valid email address"));
  EXPECT_TRUE(error.errors_of("slug").empty());
  const orm::Error& base = error;  // one catch for every ORM error
  EXPECT_NE(std::string(base.what()).find("Post: "), std::string::npos);
}

TEST(Validation, RefusesARowOfTheWrongWidth) {
  const std::vector<db::Value> short_row(3, nullptr);
  EXPECT_EQ(test_support::message_of<orm::QueryError>([&] { orm::check_row(kPost, short_row, true); }),
            "Post: a row of 3 values for 13 fields");
}

TEST(Slugify, LowerCasesAndJoinsRunsWithOneDash) {
  EXPECT_EQ(orm::slugify("Hello, World!"), "hello-world");
  EXPECT_EQ(orm::slugify("  --C++ in 2026--  "), "c-in-2026");
  EXPECT_EQ(orm::slugify("snake_case name"), "snake-case-name");
  EXPECT_EQ(orm::slugify("Ünïcödé Straße Æsir"), "unicode-strasse-aesir");
  EXPECT_EQ(orm::slugify("日本語 text"), "text");
  EXPECT_EQ(orm::slugify("!!!"), "");
}

TEST(Slugify, CutsToTheMaxLengthWithoutATrailingDash) {
  EXPECT_EQ(orm::slugify("C++ in 2026", 5), "c-in");
  EXPECT_EQ(orm::slugify("abcdef", 3), "abc");
  EXPECT_EQ(orm::slugify("abcdef", 0), "abcdef");
}

}  // namespace
