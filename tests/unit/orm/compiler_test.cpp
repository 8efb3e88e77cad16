// Golden tests of the SQL compiler: every lookup and statement, on both
// dialects, with no database. The models are constexpr specs, as generated
// code declares them.
#include "cpprustango/orm/compiler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support/expect_throw.hpp"

namespace cpprustango::orm {
namespace {

using db::Dialect;
using db::Value;
using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

constexpr std::string_view kPk[] = {"id"};
constexpr std::string_view kStatuses[] = {"draft", "published"};

constexpr FieldSpec kAuthorFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "name", .column = "name", .kind = FieldKind::String, .max_length = 120},
    {.name = "email", .column = "email", .kind = FieldKind::Email, .nullable = true, .max_length = 254},
};
constexpr schema::OrderSpec kByName[] = {{.field = "name"}};
constexpr ModelSpec kAuthor{
    .app = "blog", .name = "Author", .table = "blog_author", .fields = kAuthorFields, .primary_key = kPk, .ordering = kByName};

constexpr FieldSpec kPostFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "title", .column = "title", .kind = FieldKind::String, .max_length = 200},
    {.name = "status", .column = "status", .kind = FieldKind::Choice, .choices = kStatuses},
    {.name = "author", .column = "author_id", .kind = FieldKind::Ref, .ref_app = "blog", .ref_model = "Author"},
    {.name = "rating", .column = "rating", .kind = FieldKind::SmallInt, .nullable = true},
    {.name = "published_at", .column = "published_at", .kind = FieldKind::DateTime, .nullable = true},
    {.name = "tags", .column = "", .kind = FieldKind::Many, .ref_app = "blog", .ref_model = "Tag",
     .through = "blog_post_tags", .through_source = "post_id", .through_target = "tag_id"},
    {.name = "search", .column = "search", .kind = FieldKind::TsVector, .nullable = true,
     .backend = schema::Backend::PostgreSQL},
};
constexpr ModelSpec kPost{.app = "blog", .name = "Post", .table = "blog_post", .fields = kPostFields, .primary_key = kPk};

constexpr FieldSpec kCommentFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "post", .column = "post_id", .kind = FieldKind::Ref, .ref_app = "blog", .ref_model = "Post"},
    {.name = "body", .column = "body", .kind = FieldKind::Text},
};
constexpr ModelSpec kComment{
    .app = "blog", .name = "Comment", .table = "blog_comment", .fields = kCommentFields, .primary_key = kPk};

constexpr std::string_view kPairKey[] = {"left", "right"};
constexpr FieldSpec kPairFields[] = {
    {.name = "left", .column = "left_id", .kind = FieldKind::Int, .primary_key = true},
    {.name = "right", .column = "right_id", .kind = FieldKind::Int, .primary_key = true},
    {.name = "weight", .column = "weight", .kind = FieldKind::Double},
};
constexpr ModelSpec kPair{.app = "graph", .name = "Pair", .table = "graph_pair", .fields = kPairFields, .primary_key = kPairKey};

constexpr FieldSpec kTagFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "name", .column = "name", .kind = FieldKind::String, .max_length = 40},
};
constexpr ModelSpec kTag{.app = "blog", .name = "Tag", .table = "blog_tag", .fields = kTagFields, .primary_key = kPk};

constexpr std::string_view kRatings[] = {"G", "PG-13"};
constexpr FieldSpec kFilmFields[] = {
    {.name = "id", .column = "id", .kind = FieldKind::BigInt, .primary_key = true, .auto_increment = true},
    {.name = "rating", .column = "rating", .kind = FieldKind::Choice, .choices = kRatings, .enum_type = "mpaa_rating"},
};
constexpr ModelSpec kFilm{.app = "blog", .name = "Film", .table = "blog_film", .fields = kFilmFields, .primary_key = kPk};

static_assert(kPost.field("author")->column == "author_id", "specs are usable in constant expressions");

const ModelSpec* resolve(const FieldSpec& field) {
  if (field.ref_model == "Author") return &kAuthor;
  if (field.ref_model == "Post") return &kPost;
  if (field.ref_model == "Tag") return &kTag;
  return nullptr;
}

class CompilerTest : public ::testing::TestWithParam<Dialect> {
 protected:
  SqlCompiler compiler{GetParam(), resolve};
  bool sqlite() const { return GetParam() == Dialect::Sqlite; }
  /** Placeholder n (1-based) in this dialect. */
  std::string p(int n) const { return sqlite() ? "?" : "$" + std::to_string(n); }

  Statement where(Q q, const ModelSpec& model = kPost) const {
    Query query{.model = &model};
    query.where = std::move(q);
    query.only = {"id"};
    return compiler.select(query).statement;
  }
  std::string condition(Q q, const ModelSpec& model = kPost) const {
    const std::string sql = where(std::move(q), model).sql;
    return sql.substr(sql.find(" WHERE ") + 7);
  }
};

INSTANTIATE_TEST_SUITE_P(BothDialects, CompilerTest, ::testing::Values(Dialect::Sqlite, Dialect::Postgresql),
                         [](const auto& info) { return info.param == Dialect::Sqlite ? "Sqlite" : "Postgresql"; });

TEST_P(CompilerTest, SelectsEveryColumnOfTheBackendByName) {
  const auto compiled = compiler.select(Query{.model = &kPost});
  const std::string columns = R"("t0"."id", "t0"."title", "t0"."status", "t0"."author_id", "t0"."rating", "t0"."published_at")";
  EXPECT_EQ(compiled.statement.sql,
            "SELECT " + columns + (sqlite() ? "" : R"(, "t0"."search")") + R"( FROM "blog_post" AS "t0")");
  EXPECT_EQ(compiled.columns.size(), sqlite() ? 6U : 7U);
  EXPECT_EQ(compiled.columns[3].field->name, "author");
  EXPECT_TRUE(compiled.statement.params.empty());
}

TEST_P(CompilerTest, APageCanCarryItsCappedCountAsALastColumn) {
  Query query{.model = &kPost, .order_by = {{"title", false}}, .limit = 21, .offset = 40, .only = {"title"}};
  query.where = Q("status", Lookup::Exact, {"published"});
  const auto compiled = compiler.select(query, 500);
  EXPECT_EQ(compiled.statement.sql,
            R"(SELECT "t0"."id", "t0"."title", (SELECT COUNT(*) FROM (SELECT 1 AS "x" FROM "blog_post" AS "t0")"
            R"( WHERE "t0"."status" = )" + p(1) + " LIMIT " + p(2) + R"() AS "counted") AS "counted_rows")"
            R"( FROM "blog_post" AS "t0" WHERE "t0"."status" = )" + p(3) + R"( ORDER BY "t0"."title" ASC)" +
            " LIMIT " + p(4) + " OFFSET " + p(5));
  EXPECT_EQ(compiled.statement.params,
            (std::vector<Value>{"published", std::int64_t{501}, "published", std::int64_t{21}, std::int64_t{40}}))
      << "the count's values first, as its placeholders come first";
  EXPECT_EQ(compiled.count_column, 2);
  EXPECT_EQ(compiler.select(query).count_column, -1);
}

TEST_P(CompilerTest, ExactAndNull) {
  const auto statement = where(Q("status", Lookup::Exact, {"published"}));
  EXPECT_EQ(statement.sql.substr(statement.sql.find(" WHERE ")), R"( WHERE "t0"."status" = )" + p(1));
  EXPECT_EQ(statement.params, std::vector<Value>{"published"});
  EXPECT_EQ(condition(Q("rating", Lookup::Exact, {nullptr})), R"("t0"."rating" IS NULL)");
}

TEST_P(CompilerTest, TextLookupsEscapeWildcardsAndFoldCaseOnBothSides) {
  auto statement = where(Q("title", Lookup::Contains, {"100%_c\\"}));
  if (sqlite()) {
    // SQLite's LIKE ignores ASCII case; GLOB matches case-sensitively as PostgreSQL's LIKE does.
    EXPECT_THAT(statement.sql, ::testing::EndsWith(R"("t0"."title" GLOB ?)"));
    EXPECT_EQ(statement.params, std::vector<Value>{"*100%_c\\*"});
    EXPECT_EQ(where(Q("title", Lookup::Contains, {"a*b?[c]"})).params, std::vector<Value>{"*a[*]b[?][[]c]*"});
  } else {
    EXPECT_THAT(statement.sql, ::testing::EndsWith(R"("t0"."title" LIKE $1 ESCAPE '\')"));
    EXPECT_EQ(statement.params, std::vector<Value>{"%100\\%\\_c\\\\%"});
  }
  EXPECT_EQ(condition(Q("title", Lookup::IContains, {"c++"})), R"(LOWER("t0"."title") LIKE LOWER()" + p(1) + R"() ESCAPE '\')");
  EXPECT_EQ(where(Q("title", Lookup::StartsWith, {"How"})).params, std::vector<Value>{sqlite() ? "How*" : "How%"});
  EXPECT_EQ(where(Q("title", Lookup::IStartsWith, {"How"})).params, std::vector<Value>{"How%"});
  EXPECT_EQ(where(Q("title", Lookup::EndsWith, {"?"})).params, std::vector<Value>{sqlite() ? "*[?]" : "%?"});
  EXPECT_EQ(condition(Q("title", Lookup::IEndsWith, {"x"})), R"(LOWER("t0"."title") LIKE LOWER()" + p(1) + R"() ESCAPE '\')");
  EXPECT_EQ(condition(Q("title", Lookup::IExact, {"Hello"})), R"(LOWER("t0"."title") = LOWER()" + p(1) + ")");
}

TEST_P(CompilerTest, TextLookupsOnAPostgresEnumMatchItsLabelsAsText) {
  const std::string column = sqlite() ? R"("t0"."rating")" : R"(CAST("t0"."rating" AS TEXT))";
  EXPECT_EQ(condition(Q("rating", Lookup::IContains, {"pg"}), kFilm),
            "LOWER(" + column + ") LIKE LOWER(" + p(1) + R"() ESCAPE '\')");
  EXPECT_EQ(condition(Q("rating", Lookup::IExact, {"pg-13"}), kFilm), "LOWER(" + column + ") = LOWER(" + p(1) + ")");
  EXPECT_EQ(condition(Q("rating", Lookup::Exact, {"G"}), kFilm), R"("t0"."rating" = )" + p(1));
}

TEST_P(CompilerTest, ComparisonsInRangeAndIsNull) {
  EXPECT_EQ(condition(Q("rating", Lookup::Gt, {std::int64_t{3}})), R"("t0"."rating" > )" + p(1));
  EXPECT_EQ(condition(Q("rating", Lookup::Gte, {std::int64_t{3}})), R"("t0"."rating" >= )" + p(1));
  EXPECT_EQ(condition(Q("rating", Lookup::Lt, {std::int64_t{3}})), R"("t0"."rating" < )" + p(1));
  EXPECT_EQ(condition(Q("rating", Lookup::Lte, {std::int64_t{3}})), R"("t0"."rating" <= )" + p(1));
  EXPECT_EQ(condition(Q("id", Lookup::In, {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}})),
            R"("t0"."id" IN ()" + p(1) + ", " + p(2) + ", " + p(3) + ")");
  EXPECT_EQ(condition(Q("id", Lookup::In, {})), "1 = 0");
  EXPECT_EQ(condition(Q("published_at", Lookup::Range, {"2026-01-01", "2026-12-31"})),
            R"("t0"."published_at" BETWEEN )" + p(1) + " AND " + p(2));
  EXPECT_EQ(condition(Q("published_at", Lookup::IsNull, {true})), R"("t0"."published_at" IS NULL)");
  EXPECT_EQ(condition(Q("published_at", Lookup::IsNull, {false})), R"("t0"."published_at" IS NOT NULL)");
}

TEST_P(CompilerTest, QCombinesWithAndOrNot) {
  const auto statement = where((Q("status", Lookup::Exact, {"published"}) || Q("rating", Lookup::Gte, {std::int64_t{4}})) &&
                               !Q("title", Lookup::IContains, {"draft"}));
  EXPECT_THAT(statement.sql, ::testing::EndsWith(R"( WHERE (("t0"."status" = )" + p(1) + R"( OR "t0"."rating" >= )" + p(2) +
                                                  R"() AND NOT LOWER("t0"."title") LIKE LOWER()" + p(3) + R"() ESCAPE '\'))"));
  EXPECT_EQ(statement.params, (std::vector<Value>{"published", std::int64_t{4}, "%draft%"}));
}

TEST_P(CompilerTest, FiltersAcrossForeignKeysJoinOnce) {
  Query query{.model = &kComment, .only = {"id"}};
  query.where = Q("post.author.name", Lookup::Exact, {"Ann"}) && Q("post.title", Lookup::StartsWith, {"C"});
  EXPECT_EQ(compiler.select(query).statement.sql,
            R"(SELECT "t0"."id" FROM "blog_comment" AS "t0")"
            R"( LEFT JOIN "blog_post" AS "t1" ON "t1"."id" = "t0"."post_id")"
            R"( LEFT JOIN "blog_author" AS "t2" ON "t2"."id" = "t1"."author_id")"
            R"( WHERE ("t2"."name" = )" + p(1) + R"( AND "t1"."title" )" + (sqlite() ? "GLOB ?" : R"(LIKE $2 ESCAPE '\')") + ")");
}

TEST_P(CompilerTest, SelectRelatedBringsTheTargetColumns) {
  const auto compiled = compiler.select(Query{.model = &kComment, .select_related = {"post.author"}});
  EXPECT_EQ(compiled.statement.sql,
            R"(SELECT "t0"."id", "t0"."post_id", "t0"."body", "t2"."id", "t2"."name", "t2"."email")"
            R"( FROM "blog_comment" AS "t0" LEFT JOIN "blog_post" AS "t1" ON "t1"."id" = "t0"."post_id")"
            R"( LEFT JOIN "blog_author" AS "t2" ON "t2"."id" = "t1"."author_id")");
  ASSERT_EQ(compiled.columns.size(), 6U);
  EXPECT_EQ(compiled.columns[4].relation, "post.author");
  EXPECT_EQ(compiled.columns[4].model, &kAuthor);
}

TEST_P(CompilerTest, OrderingPutsNullsWherePostgresDoesAndDefaultsToTheModel) {
  Query query{.model = &kPost, .order_by = {{"published_at", true}, {"title", false}}, .only = {"id"}};
  EXPECT_THAT(compiler.select(query).statement.sql,
              ::testing::EndsWith(R"( ORDER BY "t0"."published_at" DESC NULLS FIRST, "t0"."title" ASC)"));
  EXPECT_THAT(compiler.select(Query{.model = &kAuthor, .only = {"id"}}).statement.sql,
              ::testing::EndsWith(R"( ORDER BY "t0"."name" ASC)"));
  Query by_author{.model = &kPost, .order_by = {{"author.email", false}}, .only = {"id"}};
  EXPECT_THAT(compiler.select(by_author).statement.sql, ::testing::EndsWith(R"("t1"."email" ASC NULLS LAST)"));
}

TEST_P(CompilerTest, LimitAndOffsetAreBound) {
  Query query{.model = &kPost, .limit = 20, .offset = 40, .only = {"id"}};
  const auto statement = compiler.select(query).statement;
  EXPECT_THAT(statement.sql, ::testing::EndsWith(" LIMIT " + p(1) + " OFFSET " + p(2)));
  EXPECT_EQ(statement.params, (std::vector<Value>{std::int64_t{20}, std::int64_t{40}}));
  Query offset_only{.model = &kPost, .offset = 5, .only = {"id"}};
  EXPECT_THAT(compiler.select(offset_only).statement.sql,
              ::testing::EndsWith(sqlite() ? " LIMIT -1 OFFSET ?" : " OFFSET $1"));
}

TEST_P(CompilerTest, CountExistsAndAggregates) {
  Query query{.model = &kPost};
  query.where = Q("status", Lookup::Exact, {"draft"});
  EXPECT_EQ(compiler.count(query).sql, R"(SELECT COUNT(*) FROM "blog_post" AS "t0" WHERE "t0"."status" = )" + p(1));
  EXPECT_EQ(compiler.exists(query).sql,
            R"(SELECT 1 AS "e" FROM "blog_post" AS "t0" WHERE "t0"."status" = )" + p(1) + " LIMIT 1");
  EXPECT_EQ(compiler.aggregate(query, Aggregate::Avg, "rating").sql,
            R"(SELECT AVG("t0"."rating") FROM "blog_post" AS "t0" WHERE "t0"."status" = )" + p(1));
  EXPECT_EQ(compiler.aggregate(Query{.model = &kPost}, Aggregate::Max, "published_at").sql,
            R"(SELECT MAX("t0"."published_at") FROM "blog_post" AS "t0")");
  query.limit = 10;
  EXPECT_EQ(compiler.count(query).sql, R"(SELECT COUNT(*) FROM (SELECT 1 AS "x" FROM "blog_post" AS "t0" WHERE "t0"."status" = )" +
                                           p(1) + " LIMIT " + p(2) + R"() AS "counted")");
  EXPECT_EQ(compiler.aggregate(query, Aggregate::Sum, "rating").sql,
            R"(SELECT SUM("v") FROM (SELECT "t0"."rating" AS "v" FROM "blog_post" AS "t0" WHERE "t0"."status" = )" + p(1) +
                " LIMIT " + p(2) + R"() AS "limited")");
}

TEST_P(CompilerTest, InsertReturnsThePrimaryKey) {
  const std::vector<std::string> fields = {"title", "status", "author"};
  const std::vector<std::vector<Value>> rows = {{"A", "draft", std::int64_t{1}}, {"B", "published", std::int64_t{2}}};
  const auto statement = compiler.insert(kPost, fields, rows);
  EXPECT_EQ(statement.sql, R"(INSERT INTO "blog_post" ("title", "status", "author_id") VALUES ()" + p(1) + ", " + p(2) +
                               ", " + p(3) + "), (" + p(4) + ", " + p(5) + ", " + p(6) + R"() RETURNING "id")");
  EXPECT_EQ(statement.params.size(), 6U);
  const std::vector<std::vector<Value>> one_empty_row = {{}};
  EXPECT_EQ(compiler.insert(kAuthor, {}, one_empty_row).sql, R"(INSERT INTO "blog_author" DEFAULT VALUES RETURNING "id")");
  const std::vector<std::string> pair_fields = {"left", "right", "weight"};
  const std::vector<std::vector<Value>> pair_rows = {{std::int64_t{1}, std::int64_t{2}, 0.5}};
  EXPECT_THAT(compiler.insert(kPair, pair_fields, pair_rows).sql, ::testing::EndsWith(R"( RETURNING "left_id", "right_id")"));
}

TEST_P(CompilerTest, RowUpdateAndDeleteAddressThePrimaryKey) {
  const std::vector<Assignment> set = {{"title", "New"}, {"rating", nullptr}};
  const std::vector<Value> pk = {std::int64_t{7}};
  const auto update = compiler.update_row(kPost, set, pk);
  EXPECT_EQ(update.sql, R"(UPDATE "blog_post" SET "title" = )" + p(1) + R"(, "rating" = )" + p(2) + R"( WHERE "id" = )" + p(3));
  EXPECT_EQ(update.params, (std::vector<Value>{"New", nullptr, std::int64_t{7}}));
  EXPECT_EQ(compiler.delete_row(kPost, pk).sql, R"(DELETE FROM "blog_post" WHERE "id" = )" + p(1));
  const std::vector<Value> pair_pk = {std::int64_t{1}, std::int64_t{2}};
  EXPECT_EQ(compiler.delete_row(kPair, pair_pk).sql,
            R"(DELETE FROM "graph_pair" WHERE "left_id" = )" + p(1) + R"( AND "right_id" = )" + p(2));
}

TEST_P(CompilerTest, QuerySetUpdateAndDeleteGoThroughTheFilteredKeys) {
  Query query{.model = &kPost};
  query.where = Q("author.name", Lookup::Exact, {"Ann"});
  const std::vector<Assignment> set = {{"status", "draft"}};
  const auto update = compiler.update(query, set);
  EXPECT_EQ(update.sql, R"(UPDATE "blog_post" SET "status" = )" + p(1) + R"( WHERE "id" IN (SELECT "t0"."id" FROM "blog_post" AS "t0")"
                        R"( LEFT JOIN "blog_author" AS "t1" ON "t1"."id" = "t0"."author_id" WHERE "t1"."name" = )" + p(2) + ")");
  EXPECT_EQ(update.params, (std::vector<Value>{"draft", "Ann"}));
  EXPECT_EQ(compiler.remove(Query{.model = &kPost}).sql, R"(DELETE FROM "blog_post")");
  Query pairs{.model = &kPair};
  pairs.where = Q("weight", Lookup::Lt, {0.1});
  EXPECT_EQ(compiler.remove(pairs).sql, R"(DELETE FROM "graph_pair" WHERE ("left_id", "right_id") IN (SELECT "t0"."left_id", "t0"."right_id")"
                                        R"( FROM "graph_pair" AS "t0" WHERE "t0"."weight" < )" + p(1) + ")");
}

TEST_P(CompilerTest, AManyFieldJoinsItsTableAndSelectsTheOwnerLast) {
  Query query{.model = &kTag};
  query.through = Through{kPost.field("tags"), {std::int64_t{7}, std::int64_t{8}}};
  query.where = Q("name", Lookup::StartsWith, {"c"});
  const auto compiled = compiler.select(query);
  EXPECT_EQ(compiled.statement.sql,
            R"(SELECT "t0"."id", "t0"."name", "m"."post_id" FROM "blog_tag" AS "t0")"
            R"( INNER JOIN "blog_post_tags" AS "m" ON "m"."tag_id" = "t0"."id")"
            R"( WHERE "m"."post_id" IN ()" + p(1) + ", " + p(2) + R"() AND "t0"."name" )" +
                (sqlite() ? "GLOB " : "LIKE ") + p(3) + (sqlite() ? "" : R"( ESCAPE '\')"));
  EXPECT_EQ(compiled.owner_column, 2);
  EXPECT_THAT(compiler.count(query).sql,
              ::testing::StartsWith(R"(SELECT COUNT(*) FROM "blog_tag" AS "t0" INNER JOIN "blog_post_tags" AS "m")"));
  EXPECT_THAT(compiler.remove(query).sql,
              ::testing::StartsWith(R"(DELETE FROM "blog_tag" WHERE "id" IN (SELECT "t0"."id" FROM "blog_tag" AS "t0" INNER JOIN)"));
  query.through->owners.clear();
  EXPECT_THAT(compiler.select(query).statement.sql, ::testing::HasSubstr(R"( WHERE 1 = 0 AND )"));

  Query wrong{.model = &kAuthor};
  wrong.through = Through{kPost.field("tags"), {std::int64_t{1}}};
  EXPECT_EQ(test_support::message_of<QueryError>([&] { compiler.select(wrong); }),
            "the many() field tags relates Tag, not Author");
}

TEST_P(CompilerTest, LinksUnlinksAndReadsTheJoinTable) {
  const FieldSpec& tags = *kPost.field("tags");
  const std::vector<Value> two = {std::int64_t{3}, std::int64_t{4}};
  const auto link = compiler.link(tags, std::int64_t{7}, two);
  EXPECT_EQ(link.sql, R"(INSERT INTO "blog_post_tags" ("post_id", "tag_id") VALUES ()" + p(1) + ", " + p(2) + "), (" +
                          p(3) + ", " + p(4) + ") ON CONFLICT DO NOTHING");
  EXPECT_EQ(link.params, (std::vector<Value>{std::int64_t{7}, std::int64_t{3}, std::int64_t{7}, std::int64_t{4}}));
  EXPECT_EQ(compiler.unlink(tags, std::int64_t{7}, two, false).sql,
            R"(DELETE FROM "blog_post_tags" WHERE "post_id" = )" + p(1) + R"( AND "tag_id" IN ()" + p(2) + ", " + p(3) + ")");
  EXPECT_EQ(compiler.unlink(tags, std::int64_t{7}, two, true).sql,
            R"(DELETE FROM "blog_post_tags" WHERE "post_id" = )" + p(1) + R"( AND "tag_id" NOT IN ()" + p(2) + ", " + p(3) + ")");
  EXPECT_EQ(compiler.unlink(tags, std::int64_t{7}, {}, true).sql, R"(DELETE FROM "blog_post_tags" WHERE "post_id" = )" + p(1));
  EXPECT_EQ(test_support::message_of<QueryError>([&] { compiler.link(*kPost.field("author"), std::int64_t{1}, two); }),
            "author is not a many() field with a join table");
  const auto links = compiler.links(tags, two);
  EXPECT_EQ(links.sql, R"(SELECT "post_id", "tag_id" FROM "blog_post_tags" WHERE "post_id" IN ()" + p(1) + ", " + p(2) +
                           R"() ORDER BY "tag_id")");
  EXPECT_EQ(links.params, two);
  EXPECT_EQ(test_support::message_of<QueryError>([&] { compiler.links(tags, {}); }),
            "the links of tags need at least one owner");
}

TEST_P(CompilerTest, IdentifiersAreQuoted) { EXPECT_EQ(quote_identifier(R"(we"ird)"), R"("we""ird")"); }

std::string error_of(const std::function<void()>& action) { return test_support::message_of<QueryError>(action); }

TEST_P(CompilerTest, BadQueriesNameTheModelAndField) {
  EXPECT_EQ(error_of([&] { where(Q("titel", Lookup::Exact, {"x"})); }),
            "Post has no field 'titel' (fields: id, title, status, author, rating, published_at, tags, search)");
  EXPECT_EQ(error_of([&] { where(Q("rating", Lookup::IContains, {"x"})); }),
            "Post filter rating__icontains: icontains applies to text fields, and rating is smallint");
  EXPECT_EQ(error_of([&] { where(Q("rating", Lookup::Range, {std::int64_t{1}})); }),
            "Post filter rating__range takes 2 values, got 1");
  EXPECT_EQ(error_of([&] { where(Q("rating", Lookup::IsNull, {"yes"})); }), "Post filter rating__isnull needs true or false");
  EXPECT_EQ(error_of([&] { where(Q("tags", Lookup::Exact, {std::int64_t{1}})); }),
            "Post.tags is many-to-many: query it through its related manager, not as a column");
  EXPECT_EQ(error_of([&] { where(Q("title.x", Lookup::Exact, {"x"})); }),
            "Post.title is not a ref field, so it cannot be followed");
  EXPECT_EQ(error_of([&] { compiler.aggregate(Query{.model = &kPost}, Aggregate::Sum, "title"); }),
            "SUM needs a number field, and title is string");
  if (sqlite()) {
    EXPECT_EQ(error_of([&] { where(Q("search", Lookup::IsNull, {true})); }).substr(0, 31), "Post has no field 'search' (fie");
  }
}


// The joins of a Comment's path to its post's author, as every path test below spells them.
const std::string kToAuthor = R"( LEFT JOIN "blog_post" AS "t1" ON "t1"."id" = "t0"."post_id")"
                              R"( LEFT JOIN "blog_author" AS "t2" ON "t2"."id" = "t1"."author_id")";

TEST_P(CompilerTest, AggregatesFollowPathsAcrossRefs) {
  Query query{.model = &kComment};
  query.where = Q("body", Lookup::Exact, {"x"});
  EXPECT_EQ(compiler.aggregate(query, Aggregate::Max, "post.author.name").sql,
            R"(SELECT MAX("t2"."name") FROM "blog_comment" AS "t0")" + kToAuthor + R"( WHERE "t0"."body" = )" + p(1));
  EXPECT_EQ(compiler.aggregate(Query{.model = &kComment}, Aggregate::Count, "post.author", true).sql,
            R"(SELECT COUNT(DISTINCT "t1"."author_id") FROM "blog_comment" AS "t0")"
            R"( LEFT JOIN "blog_post" AS "t1" ON "t1"."id" = "t0"."post_id")");
  query.limit = 3;
  const auto limited = compiler.aggregate(query, Aggregate::Sum, "post.rating");
  EXPECT_EQ(limited.sql, R"(SELECT SUM("v") FROM (SELECT "t1"."rating" AS "v" FROM "blog_comment" AS "t0")"
                         R"( LEFT JOIN "blog_post" AS "t1" ON "t1"."id" = "t0"."post_id" WHERE "t0"."body" = )" +
                             p(1) + " LIMIT " + p(2) + R"() AS "limited")");
  EXPECT_EQ(limited.params, (std::vector<Value>{"x", std::int64_t{3}}));
  EXPECT_EQ(error_of([&] { compiler.aggregate(Query{.model = &kComment}, Aggregate::Avg, "post.author.name"); }),
            "AVG needs a number field, and post.author.name is string");
}

TEST_P(CompilerTest, ValuesSelectsColumnsAndPathsInOrder) {
  Query query{.model = &kComment, .order_by = {{"post.title", true}}, .limit = 5};
  query.where = Q("post.author.name", Lookup::Exact, {"Ann"});
  const std::vector<std::string> fields{"body", "post.author.email", "id"};
  const auto statement = compiler.values(query, fields);
  EXPECT_EQ(statement.sql, R"(SELECT "t0"."body", "t2"."email", "t0"."id" FROM "blog_comment" AS "t0")" + kToAuthor +
                               R"( WHERE "t2"."name" = )" + p(1) + R"( ORDER BY "t1"."title" DESC LIMIT )" + p(2));
  EXPECT_EQ(statement.params, (std::vector<Value>{"Ann", std::int64_t{5}}));
  EXPECT_EQ(compiler.values(Query{.model = &kAuthor}, std::vector<std::string>{"name"}).sql,
            R"(SELECT "t0"."name" FROM "blog_author" AS "t0" ORDER BY "t0"."name" ASC)")
      << "the model's ordering, as fetch() has it";
  EXPECT_EQ(error_of([&] { compiler.values(Query{.model = &kPost}, std::vector<std::string>{}); }),
            "values() of Post needs at least one field");
  EXPECT_EQ(error_of([&] { compiler.values(Query{.model = &kComment}, std::vector<std::string>{"post.tags"}); }),
            "Post.tags is many-to-many: query it through its related manager, not as a column");
}

TEST_P(CompilerTest, OnlyRestrictsSelectRelatedHopsAndKeepsTheirKeys) {
  // The comment keeps its key and the ref to the fetched post; the post, which the path passes through,
  // keeps its key and the ref to the fetched author; the author keeps its key and the named field.
  const auto compiled = compiler.select(
      Query{.model = &kComment, .select_related = {"post", "post.author"}, .only = {"body", "post.author.name"}});
  EXPECT_EQ(compiled.statement.sql, R"(SELECT "t0"."id", "t0"."post_id", "t0"."body", "t1"."id", "t1"."author_id",)"
                                    R"( "t2"."id", "t2"."name" FROM "blog_comment" AS "t0")" + kToAuthor);
  ASSERT_EQ(compiled.columns.size(), 7U);
  EXPECT_EQ(compiled.columns[6].relation, "post.author");
  EXPECT_EQ(compiled.columns[6].field, kAuthor.field("name"));

  EXPECT_EQ(compiler.select(Query{.model = &kPost, .select_related = {"author"}, .only = {"title"}}).statement.sql,
            R"(SELECT "t0"."id", "t0"."title", "t0"."author_id", "t1"."id", "t1"."name", "t1"."email")"
            R"( FROM "blog_post" AS "t0" LEFT JOIN "blog_author" AS "t1" ON "t1"."id" = "t0"."author_id")")
      << "a hop only() does not name keeps every column";
}

TEST_P(CompilerTest, OnlyOfAHopThatIsNotFetchedIsAnError) {
  EXPECT_EQ(error_of([&] { compiler.select(Query{.model = &kComment, .only = {"body", "post.title"}}); }),
            "Comment: only() names post.title, but post is not select_related; add select_related(post) or leave it out");
  EXPECT_EQ(error_of([&] {
              compiler.select(Query{.model = &kComment, .select_related = {"post"}, .only = {"post.titel"}});
            }),
            QueryError::unknown_field(kPost, "titel").what());
}

}  // namespace
}  // namespace cpprustango::orm
