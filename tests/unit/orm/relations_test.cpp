// Relations of the typed ORM on SQLite (:memory:) and a throwaway PostgreSQL
// cluster, through a header generated from shelf/models.schema: prefetching
// reverse refs and many() fields (one query per relation, counted), the
// many() manager over the join table, the reverse accessor's QuerySet, and
// typed paths across refs in filters, ordering, select_related, aggregates,
// values() and only().
#include <shelf/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "test_support/expect_throw.hpp"
#include "test_support/orm_database.hpp"

namespace {

using namespace shelf;
namespace orm = cpprustango::orm;
using cpprustango::Date;

// Until migrations exist: the join table has the shape migrations give it,
// (source, target) as its key and both sides ON DELETE CASCADE.
constexpr const char* kSqliteDdl = R"(
CREATE TABLE shelf_country (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shelf_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  country_id TEXT REFERENCES shelf_country (code) ON DELETE SET NULL, born TEXT, awards INTEGER NOT NULL);
CREATE TABLE shelf_book (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES shelf_author (id) ON DELETE CASCADE,
  editor_id INTEGER REFERENCES shelf_author (id) ON DELETE SET NULL);
CREATE TABLE shelf_tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE shelf_book_tags (
  book_id INTEGER NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES shelf_tag (id) ON DELETE CASCADE,
  PRIMARY KEY (book_id, tag_id));
CREATE TABLE shelf_placement (id INTEGER PRIMARY KEY AUTOINCREMENT,
  path_id INTEGER NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  row_id INTEGER REFERENCES shelf_author (id) ON DELETE CASCADE);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE shelf_country (code VARCHAR(2) PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE shelf_author (id BIGSERIAL PRIMARY KEY, name VARCHAR(120) NOT NULL,
  country_id VARCHAR(2) REFERENCES shelf_country (code) ON DELETE SET NULL, born DATE, awards INTEGER NOT NULL);
CREATE TABLE shelf_book (id BIGSERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL,
  author_id BIGINT NOT NULL REFERENCES shelf_author (id) ON DELETE CASCADE,
  editor_id BIGINT REFERENCES shelf_author (id) ON DELETE SET NULL);
CREATE TABLE shelf_tag (id BIGSERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE);
CREATE TABLE shelf_book_tags (
  book_id BIGINT NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES shelf_tag (id) ON DELETE CASCADE,
  PRIMARY KEY (book_id, tag_id));
CREATE TABLE shelf_placement (id BIGSERIAL PRIMARY KEY,
  path_id BIGINT NOT NULL REFERENCES shelf_book (id) ON DELETE CASCADE,
  row_id BIGINT REFERENCES shelf_author (id) ON DELETE CASCADE);
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
  Author author(std::string name, std::optional<std::string> country_code = std::nullopt,
                std::optional<Date> born = std::nullopt, int awards = 0) {
    Author a;
    a.name = std::move(name);
    a.country = std::move(country_code);
    a.born = born;
    a.awards = awards;
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

TEST_P(Relations, SelectRelatedFillsRefsNamedLikeTheGeneratedParameters) {
  const Author ada = author("Ada");
  Placement placement;
  placement.path = book("a", ada).id;
  placement.row = ada.id;
  placement.save(db());

  const auto placements = Placement::objects().select_related(placement::path).select_related(placement::row).fetch(db());
  ASSERT_EQ(placements.size(), 1u);
  ASSERT_TRUE(placements[0].path_) << "a ref named path fills its own member, not the parameter path_";
  EXPECT_EQ(placements[0].path_->title, "a");
  ASSERT_TRUE(placements[0].row_);
  EXPECT_EQ(placements[0].row_->name, "Ada");
}

/** Three authors (one without country, birth date or awards) and four books, two of them edited. */
class PathQueries : public Relations {
 protected:
  void SetUp() override {
    Relations::SetUp();
    using namespace std::chrono;
    country("FR", "France");
    country("NO", "Norway");
    ada = author("Ada", "FR", 1815y / December / 10, 3);
    bo = author("Bo", "NO", 1990y / January / 2, 1);
    cy = author("Cy");
    book("a1", ada, &bo);
    book("a2", ada);
    book("b1", bo, &ada);
    book("c1", cy);
  }
  Author ada, bo, cy;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, PathQueries, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, PathQueries, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(PathQueries, AggregatesFollowPathsAndSkipNullHops) {
  using namespace std::chrono;
  const auto youngest = Book::objects().max(db(), book::author(author::born));
  static_assert(std::is_same_v<decltype(youngest), const std::optional<Date>>);
  EXPECT_EQ(youngest, Date(1990y / January / 2));
  EXPECT_EQ(Book::objects().min(db(), book::author(author::born)), Date(1815y / December / 10));
  EXPECT_EQ(Book::objects().sum(db(), book::author(author::awards)), 7.0) << "Ada's 3 once per book of hers: 3+3+1+0";
  EXPECT_EQ(Book::objects().avg(db(), book::author(author::awards)), 1.75);
  EXPECT_EQ(Book::objects().sum(db(), book::editor(author::awards)), 4.0) << "books without editor add nothing";
  EXPECT_EQ(Book::objects().max(db(), book::author(author::country)(country::name)), "Norway") << "two hops";
  EXPECT_EQ(Book::objects().filter(book::title.startswith("a")).max(db(), book::editor(author::born)),
            Date(1990y / January / 2));
  EXPECT_EQ(Book::objects().filter(book::title == "a2").max(db(), book::editor(author::born)), std::nullopt)
      << "the only row's editor is NULL";
  EXPECT_EQ(Book::objects().filter(book::title == "zz").sum(db(), book::author(author::awards)), std::nullopt);
  EXPECT_EQ(Book::objects().order_by(book::title).limit(2).sum(db(), book::author(author::awards)), 6.0)
      << "a limit applies to the rows before they are summed";
}

TEST_P(PathQueries, CountDistinctCountsEachNonNullValueOnce) {
  EXPECT_EQ(Book::objects().count_distinct(db(), book::author), 3);
  EXPECT_EQ(Book::objects().count_distinct(db(), book::author(author::country)), 2) << "Cy's NULL is not a value";
  EXPECT_EQ(Book::objects().count_distinct(db(), book::editor(author::name)), 2);
  EXPECT_EQ(Book::objects().filter(book::author(author::name) == "Ada").count_distinct(db(), book::author), 1);
}

TEST_P(PathQueries, ValuesReadColumnsAndPathsInTheirTypes) {
  const auto rows = Book::objects().order_by(book::title).values(db(), book::title, book::editor(author::name),
                                                                 book::author(author::country)(country::name));
  using Row = std::tuple<std::string, std::optional<std::string>, std::optional<std::string>>;
  static_assert(std::is_same_v<decltype(rows), const std::vector<Row>>, "past a nullable ref, a path is optional");
  EXPECT_EQ(rows, (std::vector<Row>{{"a1", "Bo", "France"},
                                    {"a2", std::nullopt, "France"},
                                    {"b1", "Ada", "Norway"},
                                    {"c1", std::nullopt, std::nullopt}}));

  const auto names = Book::objects()
                         .filter(book::author(author::country)(country::code) == "FR")
                         .order_by(-book::title)
                         .values(db(), book::author(author::name), book::author(author::awards), book::id);
  static_assert(std::is_same_v<decltype(names)::value_type, std::tuple<std::string, int, std::int64_t>>,
                "across a required ref, a required column stays required");
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(std::get<0>(names[0]), "Ada");
  EXPECT_EQ(std::get<1>(names[0]), 3);
  EXPECT_EQ(std::get<2>(names[0]), Book::objects().filter(book::title == "a2").get(db()).id) << "a2, by the descending title";
}

TEST_P(PathQueries, OnlyRestrictsASelectRelatedHopAndKeepsItsKey) {
  const auto before = statements();
  const auto books = Book::objects()
                         .select_related(book::author)
                         .only(book::title, book::author(author::name))
                         .order_by(book::title)
                         .fetch(db());
  EXPECT_EQ(statements() - before, 1u);
  ASSERT_EQ(books.size(), 4u);
  EXPECT_EQ(books[0].title, "a1");
  EXPECT_EQ(books[0].author, ada.id) << "the ref select_related follows is kept";
  EXPECT_EQ(books[0].editor, std::nullopt) << "not asked for";
  ASSERT_TRUE(books[0].author_);
  EXPECT_EQ(books[0].author_->id, ada.id) << "the joined object keeps its key";
  EXPECT_EQ(books[0].author_->name, "Ada");
  EXPECT_EQ(books[0].author_->awards, 0) << "not loaded: the member keeps its default";
  EXPECT_EQ(books[0].author_->born, std::nullopt);

  const auto edited = Book::objects()
                          .select_related(book::editor)
                          .only(book::title, book::editor(author::born))
                          .order_by(book::title)
                          .fetch(db());
  ASSERT_EQ(edited.size(), 4u);
  ASSERT_TRUE(edited[0].editor_);
  EXPECT_EQ(edited[0].editor_->born, bo.born);
  EXPECT_EQ(edited[0].editor_->name, "");
  EXPECT_FALSE(edited[1].editor_) << "a NULL ref builds no object";
}

TEST_P(PathQueries, OnlyThroughTwoHopsRestrictsEveryHopOnTheWay) {
  const auto books = Book::objects()
                         .select_related(book::author(author::country))
                         .only(book::title, book::author(author::country)(country::name))
                         .order_by(book::title)
                         .fetch(db());
  ASSERT_EQ(books.size(), 4u);
  ASSERT_TRUE(books[0].author_);
  EXPECT_EQ(books[0].author_->id, ada.id);
  EXPECT_EQ(books[0].author_->name, "") << "the first hop keeps only its key and the ref followed further";
  EXPECT_EQ(books[0].author_->country, "FR");
  ASSERT_TRUE(books[0].author_->country_);
  EXPECT_EQ(books[0].author_->country_->name, "France");
  EXPECT_FALSE(books[3].author_->country_) << "Cy has no country";

  const auto full = Book::objects().select_related(book::author).only(book::title).order_by(book::title).fetch(db());
  ASSERT_TRUE(full[0].author_);
  EXPECT_EQ(full[0].author_->awards, 3) << "a hop only() does not mention keeps all its columns";
}

TEST_P(PathQueries, OnlyOfAHopThatIsNotSelectRelatedIsAnError) {
  EXPECT_EQ(test_support::message_of<orm::QueryError>([&] { Book::objects().only(book::title, book::author(author::name)).fetch(db()); }),
            "Book: only() names author.name, but author is not select_related; add select_related(author) or leave it out");
  EXPECT_EQ(test_support::message_of<orm::QueryError>([&] {
              Book::objects().select_related(book::author).only(book::author(author::country)(country::name)).fetch(db());
            }),
            "Book: only() names author.country.name, but author.country is not select_related; "
            "add select_related(author.country) or leave it out");
}

}  // namespace
