// The dynamic layer (orm::Table, orm::Record) on sqlite::memory: and a
// throwaway PostgreSQL cluster, over specs a SpecSet builds at run time from
// the schema text below, as the admin gets them: CRUD with automatic values
// and validation, string-built queries across refs, select_related records,
// and the exact message for each kind of bad identifier the admin might pass.
#include <cpprustango/db/database.hpp>
#include <cpprustango/orm/dynamic.hpp>
#include <cpprustango/orm/validation.hpp>
#include <cpprustango/schema/parser.hpp>
#include <cpprustango/schema/spec.hpp>
#include <gtest/gtest.h>

#include <optional>

#include "test_support/expect_throw.hpp"
#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
using test_support::message_of;

constexpr const char* kSchema = R"(
model Author {
  name string(60)
}

model Post {
  title string(20)
  slug slug(12)? @slug_from(title)
  status choice(draft, published) @default(draft)
  rating smallint? @min(1) @max(5)
  published_at datetime?
  created datetime @auto_now_add
  author ref(Author)? @on_delete(set_null)
  @@ordering([title])
}

model Tag {
  post  bigint
  label string(20)
  note  string(40)?
  @@id([post, label])
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE press_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE press_post (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, slug TEXT, status TEXT NOT NULL,
  rating INTEGER, published_at TEXT, created TEXT NOT NULL,
  author_id INTEGER REFERENCES press_author (id) ON DELETE SET NULL);
CREATE TABLE press_tag (post INTEGER NOT NULL, label TEXT NOT NULL, note TEXT, PRIMARY KEY (post, label));
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE press_author (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE press_post (id BIGSERIAL PRIMARY KEY, title VARCHAR(20) NOT NULL, slug VARCHAR(12),
  status VARCHAR(9) NOT NULL, rating SMALLINT, published_at TIMESTAMPTZ, created TIMESTAMPTZ NOT NULL,
  author_id BIGINT REFERENCES press_author (id) ON DELETE SET NULL);
CREATE TABLE press_tag (post BIGINT NOT NULL, label VARCHAR(20) NOT NULL, note VARCHAR(40), PRIMARY KEY (post, label));
)";

constexpr const char* kPostFields = "(fields: id, title, slug, status, rating, published_at, created, author)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "press/models.schema", "press"));
  return set;
}

orm::ModelResolver resolver() {
  return [](const schema::FieldSpec& field) { return specs().target(field); };
}

class DynamicOrm : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open(kSqliteDdl, kPostgresDdl); }

  std::int64_t author(const std::string& name) {
    orm::Record record = authors.new_record();
    record.set("name", name);
    authors.insert(db(), record);
    return db::as_int(record.get("id"));
  }

  orm::Record post(const std::string& title, std::optional<std::int64_t> author_id = std::nullopt,
                   const std::string& status = "draft") {
    orm::Record record = posts.new_record();
    record.set("title", title);
    record.set("status", status);
    if (author_id) record.set("author", *author_id);
    posts.insert(db(), record);
    return record;
  }

  std::vector<std::string> titles(const orm::TableQuery& query) {
    std::vector<std::string> out;
    for (const auto& record : query.fetch(db())) out.push_back(db::as_string(record.get("title")));
    return out;
  }

  orm::Table authors{*specs().find("press", "Author"), resolver()};
  orm::Table posts{*specs().find("press", "Post"), resolver()};
  orm::Table tags{*specs().find("press", "Tag"), resolver()};
};

INSTANTIATE_TEST_SUITE_P(Sqlite, DynamicOrm, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, DynamicOrm, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(DynamicOrm, InsertFillsDefaultsKeyAndAutomaticValues) {
  orm::Record record = posts.new_record();
  EXPECT_EQ(record.get("status"), db::Value("draft")) << "the schema's @default";
  EXPECT_TRUE(db::is_null(record.get("id")));
  record.set("title", "Hello, Wörld!");
  posts.insert(db(), record);
  EXPECT_GT(db::as_int(record.get("id")), 0) << "RETURNING gave the key back";
  EXPECT_EQ(record.get("slug"), db::Value("hello-world")) << "@slug_from";
  EXPECT_FALSE(db::is_null(record.get("created"))) << "@auto_now_add";

  const orm::Record stored = posts.get(db(), record.get("id"));
  EXPECT_EQ(stored.get("title"), db::Value("Hello, Wörld!"));
  EXPECT_EQ(stored.get("slug"), db::Value("hello-world"));
}

TEST_P(DynamicOrm, UpdateAndRemoveByKey) {
  orm::Record record = post("First");
  record.set("title", "Renamed");
  record.set("rating", std::int64_t{4});
  posts.update(db(), record);
  const orm::Record stored = posts.get(db(), record.get("id"));
  EXPECT_EQ(stored.get("title"), db::Value("Renamed"));
  EXPECT_EQ(db::as_int(stored.get("rating")), 4);

  EXPECT_TRUE(posts.remove(db(), record.get("id")));
  EXPECT_FALSE(posts.remove(db(), record.get("id"))) << "nothing left to delete";
  EXPECT_EQ(message_of<orm::DoesNotExist>([&] { posts.get(db(), record.get("id")); }),
            "Post matching the query does not exist");
  EXPECT_EQ(message_of<orm::DoesNotExist>([&] { posts.update(db(), record); }),
            "Post matching the query does not exist");
}

TEST_P(DynamicOrm, InsertValidatesAndWritesNothingOnError) {
  orm::Record record = posts.new_record();
  record.set("title", "A title far too long for it");
  record.set("status", "archived");
  record.set("rating", std::int64_t{9});
  EXPECT_EQ(message_of<orm::ValidationError>([&] { posts.insert(db(), record); }),
            "Post: title: at most 20 characters (got 27); status: 'archived' is not one of draft, published; "
            "rating: at most 5 (got 9)");
  orm::Record blank = posts.new_record();
  EXPECT_EQ(message_of<orm::ValidationError>([&] { posts.insert(db(), blank); }),
            "Post: title: this field is required");
  EXPECT_EQ(posts.query().count(db()), 0);
  orm::Record author_record = authors.new_record();
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.insert(db(), author_record); }),
            "the Post table cannot write a record of Author");
}

TEST_P(DynamicOrm, FiltersOrderingAndPaging) {
  post("Apple", std::nullopt, "published");
  post("apricot");
  post("Banana", std::nullopt, "published");
  post("C++ tips");

  EXPECT_EQ(titles(posts.query()), (std::vector<std::string>{"Apple", "Banana", "C++ tips", "apricot"}))
      << "the model's @@ordering";
  EXPECT_EQ(titles(posts.query().filter("title", "istartswith", {"ap"}).order_by({"-title"})),
            (std::vector<std::string>{"apricot", "Apple"}));
  EXPECT_EQ(titles(posts.query().filter_django("title__startswith", "A")), (std::vector<std::string>{"Apple"}));
  EXPECT_EQ(titles(posts.query().filter_django("title", "C++ tips")), (std::vector<std::string>{"C++ tips"}));
  EXPECT_EQ(titles(posts.query().filter_django("status__in", "published,nothing")),
            (std::vector<std::string>{"Apple", "Banana"}));
  EXPECT_EQ(titles(posts.query().exclude("status", "exact", {"published"}).order_by({"title"})),
            (std::vector<std::string>{"C++ tips", "apricot"}));
  EXPECT_EQ(titles(posts.query().exclude_django("title__icontains", "a")), (std::vector<std::string>{"C++ tips"}));
  EXPECT_EQ(titles(posts.query().offset(1).limit(2)), (std::vector<std::string>{"Banana", "C++ tips"}));
  EXPECT_EQ(posts.query().filter("title", "contains", {"p"}).count(db()), 3);
  EXPECT_TRUE(posts.query().filter("rating", "isnull", {true}).exists(db()));
  EXPECT_FALSE(posts.query().filter("title", "exact", {"x' OR '1'='1"}).exists(db())) << "values are bound";
  EXPECT_EQ(db::as_string(posts.query().order_by({"-title"}).first(db())->get("title")), "apricot");
  EXPECT_FALSE(posts.query().filter("title", "exact", {"none"}).first(db()));
  EXPECT_EQ(message_of<orm::MultipleObjectsReturned>([&] { posts.query().get(db()); }),
            "get() returned more than one Post -- it returned 4");
}

TEST_P(DynamicOrm, APageCarriesItsCappedCountInOneStatement) {
  const auto ann = author("Ann Lee");
  for (int i = 0; i < 7; ++i) post("Post " + std::to_string(i), i % 2 == 0 ? std::optional(ann) : std::nullopt,
                                   i < 5 ? "published" : "draft");
  // Values bound in the count's subquery and in the page's own WHERE, LIMIT and OFFSET: placeholders in text order.
  const auto published = posts.query().filter("status", "exact", {"published"}).filter("title", "contains", {"Post"});
  const auto statements = [&] { return db().pool_status().statements; };
  auto before = statements();
  auto page = published.select_related("author").offset(2).limit(2).fetch_counted(db(), 100);
  EXPECT_EQ(page.count, 5) << "the whole filtered query, not the page";
  EXPECT_EQ(statements() - before, 1U) << "the count rides along in the page's statement";
  ASSERT_EQ(page.rows.size(), 2U);
  EXPECT_EQ(page.rows[0].get("title"), db::Value("Post 2"));
  ASSERT_NE(page.rows[0].related("author"), nullptr) << "select_related still fills the page";
  EXPECT_EQ(page.rows[0].related("author")->get("name"), db::Value("Ann Lee"));

  EXPECT_EQ(published.limit(2).fetch_counted(db(), 3).count, 4) << "the count stops at count_limit + 1";
  EXPECT_EQ(published.offset(4).limit(2).fetch_counted(db(), 100).count, 5) << "the last, short page";
  const auto past = published.offset(40).limit(2).fetch_counted(db(), 100);
  EXPECT_TRUE(past.rows.empty());
  EXPECT_EQ(past.count, 5) << "a page past the end still counts the rows before it";
  EXPECT_EQ(posts.query().filter("title", "exact", {"none"}).limit(2).fetch_counted(db(), 100).count, 0);
}

TEST_P(DynamicOrm, OnlyLeavesOtherFieldsNull) {
  post("Apple", std::nullopt, "published");
  const auto records = posts.query().only({"title"}).fetch(db());
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0].get("title"), db::Value("Apple"));
  EXPECT_FALSE(db::is_null(records[0].get("id"))) << "the key is always selected";
  EXPECT_TRUE(db::is_null(records[0].get("status")));
}

TEST_P(DynamicOrm, FiltersAcrossRefsAndSelectsRelatedRecords) {
  const auto ann = author("Ann Lee");
  const auto bob = author("Bob");
  post("By Ann", ann);
  post("By Bob", bob);
  post("Anonymous");

  EXPECT_EQ(titles(posts.query().filter("author.name", "icontains", {"ann"})), (std::vector<std::string>{"By Ann"}));
  EXPECT_EQ(titles(posts.query().filter_django("author__name__icontains", "ANN")),
            (std::vector<std::string>{"By Ann"}));
  EXPECT_EQ(titles(posts.query().filter_django("author__name", "Bob")), (std::vector<std::string>{"By Bob"}));
  EXPECT_EQ(titles(posts.query().filter(orm::Q("author.name", orm::Lookup::Exact, {"Bob"}) ||
                                        orm::Q("author", orm::Lookup::IsNull, {true}))),
            (std::vector<std::string>{"Anonymous", "By Bob"}));

  const auto records = posts.query().select_related("author").fetch(db());
  ASSERT_EQ(records.size(), 3U);
  EXPECT_EQ(records[0].related("author"), nullptr) << "a NULL reference has no related record";
  ASSERT_NE(records[1].related("author"), nullptr);
  EXPECT_EQ(records[1].related("author")->get("name"), db::Value("Ann Lee"));
  EXPECT_EQ(&records[1].related("author")->model(), specs().find("press", "Author"));
  EXPECT_EQ(records[2].related("author")->get("id"), db::Value(bob));
  EXPECT_EQ(posts.query().fetch(db())[1].related("author"), nullptr) << "only select_related fills it";
}

TEST_P(DynamicOrm, UnknownFieldsNameTheModelAndItsFields) {
  orm::Record record = posts.new_record();
  const std::string unknown = std::string("Post has no field 'titel' ") + kPostFields;
  EXPECT_EQ(message_of<orm::QueryError>([&] { record.get("titel"); }), unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { record.set("titel", "x"); }), unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("titel", "exact", {"x"}); }), unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter_django("titel__icontains", "x"); }), unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().only({"titel"}); }), unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter(orm::Q("titel", orm::Lookup::Exact, {"x"})); }),
            unknown);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("author.nom", "exact", {"x"}); }),
            "Author has no field 'nom' (fields: id, name)");
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("title.name", "exact", {"x"}); }),
            "Post.title is not a ref field, so it cannot be followed");
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().select_related("title"); }),
            "Post.title is not a ref field, so it cannot be followed");
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().select_related(""); }),
            std::string("Post has no field '' ") + kPostFields);
}

TEST_P(DynamicOrm, UnknownLookupsListTheLookups) {
  const std::string message =
      "Post filter title: unknown lookup 'contain' (lookups: exact, iexact, contains, icontains, startswith, "
      "istartswith, endswith, iendswith, gt, gte, lt, lte, in, isnull, range)";
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("title", "contain", {"x"}); }), message);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter_django("title__contain", "x"); }), message);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("title", "exact); DROP TABLE x; --", {"x"}); }),
            "Post filter title: unknown lookup 'exact); DROP TABLE x; --' (lookups: exact, iexact, contains, "
            "icontains, startswith, istartswith, endswith, iendswith, gt, gte, lt, lte, in, isnull, range)");
}

TEST_P(DynamicOrm, BadOrderingsAndInjectionLookingNamesAreRefused) {
  post("Kept");
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().order_by({"-titel"}); }),
            std::string("Post has no field 'titel' ") + kPostFields);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().order_by({"-"}); }),
            std::string("Post has no field '' ") + kPostFields);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().order_by({"title; DROP TABLE press_post"}); }),
            std::string("Post has no field 'title; DROP TABLE press_post' ") + kPostFields);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter_django("title\" OR 1=1 --", "x"); }),
            std::string("Post has no field 'title\" OR 1=1 --' ") + kPostFields);
  EXPECT_EQ(message_of<orm::QueryError>([&] { posts.query().filter("author.name\"", "exact", {"x"}); }),
            "Author has no field 'name\"' (fields: id, name)");
  EXPECT_EQ(posts.query().count(db()), 1) << "the table is still there";
}

TEST_P(DynamicOrm, CompositeKeysGetUpdateAndRemoveByEveryKeyColumn) {
  for (const auto& [post_id, label] : std::vector<std::pair<std::int64_t, std::string>>{{1, "a"}, {1, "b"}, {2, "a"}}) {
    orm::Record tag = tags.new_record();
    tag.set("post", post_id);
    tag.set("label", label);
    tags.insert(db(), tag);
  }
  const std::vector<db::Value> key{std::int64_t{1}, db::Value("b")};
  orm::Record tag = tags.get(db(), key);
  EXPECT_EQ(tag.get("label"), db::Value("b"));
  tag.set("note", "changed");
  tags.update(db(), tag);
  EXPECT_EQ(tags.get(db(), key).get("note"), db::Value("changed"));
  EXPECT_TRUE(db::is_null(tags.get(db(), std::vector<db::Value>{std::int64_t{1}, db::Value("a")}).get("note")))
      << "the update matched both key columns, not only the first";

  EXPECT_TRUE(tags.remove(db(), key));
  EXPECT_FALSE(tags.remove(db(), key)) << "nothing left to delete";
  EXPECT_EQ(tags.query().count(db()), 2);
  EXPECT_EQ(message_of<orm::DoesNotExist>([&] { tags.get(db(), key); }), "Tag matching the query does not exist");
  EXPECT_EQ(message_of<orm::QueryError>([&] { tags.get(db(), std::vector<db::Value>{std::int64_t{1}}); }),
            "Tag has 2 key columns, but 1 key value was given");
  EXPECT_EQ(message_of<orm::QueryError>([&] { tags.remove(db(), db::Value(std::int64_t{1})); }),
            "Tag has a composite primary key; pass one value per key column");
  orm::Record first = post("Solo");
  EXPECT_EQ(db::as_string(posts.get(db(), std::vector<db::Value>{first.get("id")}).get("title")), "Solo")
      << "a single key works through the span form too";
}

}  // namespace
