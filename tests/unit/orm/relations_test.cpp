// Relations of the typed ORM on SQLite (:memory:) and a throwaway PostgreSQL
// cluster, through a header generated from shelf/models.schema: prefetching
// reverse refs and many() fields (one query per relation, counted), the
// many() manager over the join table, the reverse accessor's QuerySet, and
// typed paths across refs in filters, ordering and select_related.
#include <shelf/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support/expect_throw.hpp"
#include "test_support/orm_database.hpp"

namespace {

using namespace shelf;
namespace orm = cpprustango::orm;

// Until migrations exist: the join table has the shape migrations give it,
// (source, target) as its key and both sides ON DELETE CASCADE.
constexpr const char* kSqliteDdl = R"(
CREATE TABLE shelf_country (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shelf_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  country_id TEXT REFERENCES shelf_country (code) ON DELETE SET NULL);
CREATE TABLE shelf_book (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES shelf_author (id) ON DELETE CASCADE,
  editor_id INTEGER REFERENCES shelf_author (id) ON DELETE SET NULL);
CREATE TABLE shelf_tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE shelf_book_tags (
  book_id INTEGER NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES shelf_tag (id) ON DELETE CASCADE,
  PRIMARY KEY (book_id, tag_id));
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE shelf_country (code VARCHAR(2) PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE shelf_author (id BIGSERIAL PRIMARY KEY, name VARCHAR(120) NOT NULL,
  country_id VARCHAR(2) REFERENCES shelf_country (code) ON DELETE SET NULL);
CREATE TABLE shelf_book (id BIGSERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL,
  author_id BIGINT NOT NULL REFERENCES shelf_author (id) ON DELETE CASCADE,
  editor_id BIGINT REFERENCES shelf_author (id) ON DELETE SET NULL);
CREATE TABLE shelf_tag (id BIGSERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE);
CREATE TABLE shelf_book_tags (
  book_id BIGINT NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES shelf_tag (id) ON DELETE CASCADE,
  PRIMARY KEY (book_id, tag_id));
)";

class Relations : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open(kSqliteDdl, kPostgresDdl); }

  Country country(std::string code, std::string name) {
    Country c;
    c.code = std::move(code);
    c.name = std::move(name);
    c.save(db());
    return c;
  }
  Author author(std::string name, std::optional<std::string> country_code = std::nullopt) {
    Author a;
    a.name = std::move(name);
    a.country = std::move(country_code);
    a.save(db());
    return a;
  }
  Book book(std::string title, const Author& by, const Author* editor = nullptr) {
    Book b;
    b.title = std::move(title);
    b.author = by.id;
    if (editor != nullptr) b.editor = editor->id;
    b.save(db());
    return b;
  }
  Tag tag(std::string name) {
    Tag t;
    t.name = std::move(name);
    t.save(db());
    return t;
  }
  /** Statements run on the test database so far. */
  std::uint64_t statements() { return db().pool_status().statements; }

  template <class Objects>
  static std::vector<std::string> titles(const Objects& objects) {
    std::vector<std::string> out;
    for (const auto& object : objects) out.push_back(object.title);
    return out;
  }
  template <class Objects>
  static std::vector<std::string> names(const Objects& objects) {
    std::vector<std::string> out;
    for (const auto& object : objects) out.push_back(object.name);
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Sqlite, Relations, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Relations, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

using Names = std::vector<std::string>;

TEST_P(Relations, PrefetchOfReverseRefsTakesOneQueryPerRelation) {
  const Author ada = author("Ada");
  const Author bo = author("Bo");
  const Author cy = author("Cy");
  book("Zeta", ada);
  book("Alpha", ada, &bo);
  book("Mid", bo, &ada);
  book("Edited", cy, &ada);

  const auto before = statements();
  const auto authors = Author::objects().prefetch_related(author::books, author::book_set).fetch(db());
  EXPECT_EQ(statements() - before, 3u) << "the authors, then one query per relation, whatever their number";

  ASSERT_EQ(names(authors), (Names{"Ada", "Bo", "Cy"}));
  EXPECT_EQ(titles(authors[0].books_), (Names{"Alpha", "Zeta"})) << "in Book's @@ordering";
  EXPECT_EQ(titles(authors[1].books_), Names{"Mid"});
  EXPECT_EQ(titles(authors[2].books_), Names{"Edited"});
  EXPECT_EQ(titles(authors[0].book_set_), (Names{"Edited", "Mid"})) << "Book.editor has Django's default name";
  EXPECT_EQ(titles(authors[1].book_set_), Names{"Alpha"});
  EXPECT_TRUE(authors[2].book_set_.fetched());
  EXPECT_TRUE(authors[2].book_set_.empty()) << "an author nobody edited has an empty list, not a missing one";
}

TEST_P(Relations, PrefetchWorksThroughFirstAndGetAndSkipsTheQueryWithoutOwners) {
  const Author ada = author("Ada");
  book("One", ada);
  EXPECT_EQ(titles(Author::objects().prefetch_related(author::books).get(db()).books_), Names{"One"});
  EXPECT_EQ(titles(Author::objects().prefetch_related(author::books).first(db())->books_), Names{"One"});

  const auto before = statements();
  EXPECT_TRUE(Author::objects().filter(author::name == "nobody").prefetch_related(author::books).fetch(db()).empty());
  EXPECT_EQ(statements() - before, 1u) << "no owners, nothing to prefetch";
}

TEST_P(Relations, PrefetchForManyOwnersSplitsPastTheParameterLimit) {
  std::vector<Author> authors(30'001);
  for (std::size_t i = 0; i < authors.size(); ++i) authors[i].name = "a" + std::to_string(i);
  Author::objects().bulk_create(db(), authors);
  book("first", authors.front());
  book("last", authors.back());
  book("last too", authors.back());

  const auto before = statements();
  const auto fetched = Author::objects().order_by(author::id).prefetch_related(author::books).fetch(db());
  EXPECT_EQ(statements() - before, 3u) << "the authors, then two queries of at most 30,000 keys each";
  ASSERT_EQ(fetched.size(), authors.size());
  EXPECT_EQ(titles(fetched.front().books_), Names{"first"});
  EXPECT_EQ(titles(fetched.back().books_), (Names{"last", "last too"}));
  EXPECT_TRUE(fetched[1].books_.empty());
}

TEST_P(Relations, ReadingARelationThatWasNotPrefetchedThrows) {
  author("Ada");
  const Author ada = Author::objects().get(db());
  EXPECT_FALSE(ada.books_.fetched());
  EXPECT_EQ(test_support::message_of<orm::QueryError>([&] { (void)ada.books_.size(); }),
            "Author.books was not prefetched: add prefetch_related(...) with it to the query");
}

TEST_P(Relations, TheReverseAccessorIsAQuerySet) {
  const Author ada = author("Ada");
  const Author bo = author("Bo");
  book("B", ada);
  book("A", ada);
  book("C", bo, &ada);
  EXPECT_EQ(titles(ada.books().fetch(db())), (Names{"A", "B"}));
  EXPECT_EQ(ada.books().filter(book::title > "A").count(db()), 1);
  EXPECT_EQ(titles(ada.book_set().fetch(db())), Names{"C"});
}

TEST_P(Relations, ManyManagerAddsRemovesSetsAndClearsLinks) {
  const Author ada = author("Ada");
  Book b = book("Book", ada);
  const Tag red = tag("red");
  const Tag green = tag("green");
  const Tag blue = tag("blue");

  b.tags().add(db(), red);
  b.tags().add(db(), {green.id, red.id});  // red is linked already: kept once
  EXPECT_EQ(names(b.tags().all().order_by(tag::name).fetch(db())), (Names{"green", "red"}));
  EXPECT_EQ(b.tags().all().count(db()), 2);
  EXPECT_TRUE(b.tags().all().filter(tag::name == "red").exists(db()));

  b.tags().remove(db(), red);
  EXPECT_EQ(names(b.tags().all().fetch(db())), Names{"green"});
  EXPECT_EQ(Tag::objects().count(db()), 3) << "remove unlinks; the tag itself stays";

  b.tags().set(db(), {blue.id, red.id});
  EXPECT_EQ(names(b.tags().all().order_by(tag::name).fetch(db())), (Names{"blue", "red"}));
  b.tags().set(db(), std::vector<std::int64_t>{red.id});
  EXPECT_EQ(names(b.tags().all().fetch(db())), Names{"red"});

  b.tags().clear(db());
  EXPECT_FALSE(b.tags().all().exists(db()));

  b.tags().add(db(), {blue.id});
  b.remove(db());
  EXPECT_EQ(db().query("SELECT COUNT(*) FROM shelf_book_tags").scalar(), cpprustango::db::Value(std::int64_t{0}))
      << "deleting the book cascades to its links";
}

TEST_P(Relations, ManyManagerOfAnotherOwnerSeesOnlyItsLinks) {
  const Author ada = author("Ada");
  const Book one = book("One", ada);
  const Book two = book("Two", ada);
  const Tag red = tag("red");
  const Tag blue = tag("blue");
  one.tags().add(db(), {red.id, blue.id});
  two.tags().add(db(), {blue.id});
  EXPECT_EQ(names(two.tags().all().fetch(db())), Names{"blue"});
  two.tags().all().update(db(), {tag::name.set("navy")});
  EXPECT_EQ(names(Tag::objects().order_by(tag::name).fetch(db())), (Names{"navy", "red"}))
      << "a queryset update through the join table changes only the linked rows";
  two.tags().clear(db());
  EXPECT_EQ(one.tags().all().count(db()), 2) << "clearing one owner leaves the other's links";
}

TEST_P(Relations, ManyManagerNeedsASavedOwner) {
  Book unsaved;
  EXPECT_EQ(test_support::message_of<orm::QueryError>([&] { unsaved.tags().add(db(), {1}); }),
            "save the Book before using its tags: its links need its key");
}

TEST_P(Relations, PrefetchOfAManyFieldTakesOneQuery) {
  const Author ada = author("Ada");
  Book one = book("One", ada);
  Book two = book("Two", ada);
  book("Three", ada);
  const Tag red = tag("red");
  const Tag blue = tag("blue");
  one.tags().add(db(), {red.id, blue.id});
  two.tags().add(db(), {blue.id});

  const auto before = statements();
  const auto books = Book::objects().prefetch_related(book::tags).order_by(book::id).fetch(db());
  EXPECT_EQ(statements() - before, 2u);
  ASSERT_EQ(books.size(), 3u);
  EXPECT_EQ(names(books[0].tags_), (Names{"red", "blue"})) << "in Tag's key order, Tag having no @@ordering";
  EXPECT_EQ(names(books[1].tags_), Names{"blue"}) << "a tag shared by two books comes to each";
  EXPECT_TRUE(books[2].tags_.empty());
}

TEST_P(Relations, TypedPathsFilterAndOrderAcrossRefs) {
  country("FR", "France");
  country("NO", "Norway");
  const Author ada = author("Ada", "FR");
  const Author bo = author("Bo", "NO");
  const Author cy = author("Cy");
  book("b1", bo);
  book("a1", ada);
  book("c1", cy);
  book("a2", ada);

  EXPECT_EQ(titles(Book::objects().filter(book::author(author::name) == "Ada").fetch(db())), (Names{"a1", "a2"}));
  EXPECT_EQ(titles(Book::objects().filter(book::author(author::name).icontains("B")).fetch(db())), Names{"b1"});
  EXPECT_EQ(titles(Book::objects().filter(book::author(author::country)(country::name) == "Norway").fetch(db())),
            Names{"b1"}) << "two hops";
  EXPECT_EQ(titles(Book::objects().filter(book::author(author::country).isnull()).fetch(db())), Names{"c1"});
  EXPECT_EQ(titles(Book::objects().order_by(-book::author(author::name), book::title).fetch(db())),
            (Names{"c1", "b1", "a1", "a2"}));
  EXPECT_EQ(book::author(author::country)(country::code).path(), "author.country.code");
}

TEST_P(Relations, SelectRelatedFollowsTwoHopsInOneQuery) {
  country("FR", "France");
  const Author ada = author("Ada", "FR");
  const Author cy = author("Cy");
  book("a", ada);
  book("c", cy);

  const auto before = statements();
  const auto books = Book::objects().select_related(book::author(author::country)).fetch(db());
  EXPECT_EQ(statements() - before, 1u);
  ASSERT_EQ(books.size(), 2u);
  ASSERT_TRUE(books[0].author_) << "every hop on the path is built";
  ASSERT_TRUE(books[0].author_->country_);
  EXPECT_EQ(books[0].author_->country_->name, "France");
  ASSERT_TRUE(books[1].author_);
  EXPECT_FALSE(books[1].author_->country_) << "a NULL ref on the second hop leaves that slot empty";
}

}  // namespace
