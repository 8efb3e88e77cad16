// Written into a fresh project by tests/e2e/models_test.cpp: the generated
// blog models, used the way an app would, on sqlite::memory:. The tables are
// written by hand until migrations exist.
#include <blog/models.hpp>
#include <cpprustango/db/database.hpp>
#include <gtest/gtest.h>

namespace {

using namespace blog;
namespace orm = cpprustango::orm;

constexpr const char* kDdl = R"(
CREATE TABLE blog_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE, site TEXT,
  bio TEXT, joined TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE blog_posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, slug TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL, days TEXT, author_id INTEGER NOT NULL REFERENCES blog_author (id) ON DELETE CASCADE,
  editor_key INTEGER, body TEXT NOT NULL, rating INTEGER, views INTEGER NOT NULL, shares INTEGER NOT NULL, score REAL,
  weight REAL NOT NULL, price TEXT NOT NULL, published_at TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,
  starts TEXT, token TEXT NOT NULL, data TEXT NOT NULL, blob BLOB, notes TEXT, UNIQUE (author_id, title));
CREATE TABLE blog_tag (name TEXT PRIMARY KEY);
CREATE TABLE blog_membership (author_id INTEGER NOT NULL, tag_id TEXT NOT NULL, since TEXT NOT NULL,
  PRIMARY KEY (author_id, tag_id));
CREATE TABLE blog_shift (id INTEGER PRIMARY KEY AUTOINCREMENT, starts TIMESTAMP NOT NULL, ends TIMESTAMP,
  logged TIMESTAMP NOT NULL, seen TIMESTAMP, at DATETIME NOT NULL);
)";

class Models : public ::testing::Test {
 protected:
  void SetUp() override { db.acquire().execute_script(kDdl); }

  Author author(const std::string& name) {
    Author a;
    a.name = name;
    a.save(db);
    return a;
  }
  Post post(const Author& by, const std::string& title, Post::Status status) {
    Post p;
    p.title = title;
    p.author = by.id;
    p.status = status;
    p.body = "text of " + title;
    p.save(db);
    return p;
  }

  cpprustango::db::Database db = cpprustango::db::Database::open("sqlite::memory:");
};

TEST_F(Models, SaveInsertsThenUpdates) {
  Author ada = author("Ada");
  ASSERT_GT(ada.id, 0);
  Post p = post(ada, "hello-c++", Post::Status::draft);
  p.data = {{"likes", 3}};
  p.price = cpprustango::Decimal("9.99");
  p.status = Post::Status::published;
  p.save(db);
  EXPECT_EQ(Post::objects().count(db), 1);
  const Post back = Post::objects().get(db);
  EXPECT_EQ(back.status, Post::Status::published);
  EXPECT_EQ(back.data["likes"], 3);
  EXPECT_EQ(back.price.str(), "9.99");
  EXPECT_EQ(back.days, (std::vector<Post::Days>{Post::Days::mon, Post::Days::wed}));
  EXPECT_EQ(back.token, p.token);
  EXPECT_EQ(back.created, p.created);
}

TEST_F(Models, FiltersOrdersLimitsAndSelectsRelated) {
  Author ada = author("Ada");
  Author bob = author("Bob");
  post(ada, "Learning C++", Post::Status::published);
  post(bob, "More c++ tricks", Post::Status::published);
  post(bob, "C++ draft", Post::Status::draft);
  post(ada, "Rust notes", Post::Status::published);

  const auto posts = Post::objects()
                         .filter(post::status == Post::Status::published && post::title.icontains("c++"))
                         .select_related(post::author)
                         .order_by(-post::title)
                         .limit(20)
                         .fetch(db);
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].title, "More c++ tricks");
  ASSERT_TRUE(posts[0].author_);
  EXPECT_EQ(posts[0].author_->name, "Bob");
  EXPECT_EQ(posts[1].author_->name, "Ada");
  EXPECT_EQ(Author::objects().first(db)->name, "Ada") << "@@ordering([name])";
  EXPECT_TRUE(Post::objects().filter(post::author == bob.id).exclude(post::status == Post::Status::draft).exists(db));
}

TEST_F(Models, PrefetchesReverseRefsAndManagesManyToMany) {
  db.acquire().execute_script(
      "CREATE TABLE blog_posts_tags (post_id INTEGER NOT NULL REFERENCES blog_posts (id) ON DELETE CASCADE,"
      " tag_id TEXT NOT NULL REFERENCES blog_tag (name) ON DELETE CASCADE, PRIMARY KEY (post_id, tag_id));");
  Author ada = author("Ada");
  Post p = post(ada, "one", Post::Status::draft);
  Tag cpp;
  cpp.name = "cpp";
  cpp.save(db);
  p.tags().add(db, cpp);
  p.tags().add(db, {std::string("cpp")});
  EXPECT_EQ(p.tags().all().count(db), 1);

  const auto authors = Author::objects().prefetch_related(author::posts, author::post_set).fetch(db);
  ASSERT_EQ(authors.size(), 1u);
  ASSERT_EQ(authors[0].posts_.size(), 1u);
  EXPECT_TRUE(authors[0].post_set_.empty()) << "nobody edits";
  EXPECT_EQ(ada.posts().count(db), 1);

  const auto posts = Post::objects()
                         .filter(post::author(author::name) == "Ada")
                         .select_related(post::author)
                         .prefetch_related(post::tags)
                         .fetch(db);
  ASSERT_EQ(posts.size(), 1u);
  ASSERT_EQ(posts[0].tags_.size(), 1u);
  EXPECT_EQ(posts[0].tags_[0].name, "cpp");
  p.tags().clear(db);
  EXPECT_FALSE(p.tags().all().exists(db));
}

TEST_F(Models, UpdatesDeletesAndCounts) {
  Author ada = author("Ada");
  post(ada, "one", Post::Status::draft);
  Post two = post(ada, "two", Post::Status::draft);
  EXPECT_EQ(Post::objects().filter(post::title.in({"one", "two"})).update(db, {post::views.set(7)}), 2);
  EXPECT_EQ(Post::objects().sum(db, post::views), 14.0);
  two.remove(db);
  EXPECT_EQ(Post::objects().count(db), 1);
  EXPECT_EQ(Post::objects().filter(post::views == 7).remove(db), 1);
  EXPECT_THROW(Post::objects().get(db), orm::DoesNotExist);
}

TEST_F(Models, CompositeKeysSaveByThePersistedFlag) {
  Author ada = author("Ada");
  Tag tag;
  tag.name = "cpp";
  tag.save(db);
  Membership m;
  m.author = ada.id;
  m.tag = tag.name;
  m.save(db);
  m.save(db);  // persisted: an UPDATE of the same row, not a second INSERT
  EXPECT_EQ(Membership::objects().count(db), 1);
  EXPECT_TRUE(Membership::objects().filter(membership::tag == "cpp").get(db).persisted_);
}

TEST_F(Models, TimestampsAreLocalDateTimesAndKeepTheirReading) {
  static_assert(std::is_same_v<decltype(Shift::starts), cpprustango::LocalDateTime>);
  static_assert(std::is_same_v<decltype(Shift::ends), std::optional<cpprustango::LocalDateTime>>);
  static_assert(std::is_same_v<decltype(Shift::at), cpprustango::DateTime>);
  static_assert(std::is_same_v<decltype(Network::opens), std::optional<std::string>>);
  Shift work;
  EXPECT_EQ(orm::format_local_datetime(work.starts), "2026-01-02 09:30:00");
  work.ends = work.starts + std::chrono::hours{8};
  work.save(db);
  EXPECT_NE(work.logged, cpprustango::LocalDateTime{});
  ASSERT_TRUE(work.seen);
  const Shift back = Shift::objects().get(db);
  EXPECT_EQ(back.starts, work.starts);
  EXPECT_EQ(orm::format_local_datetime(*back.ends), "2026-01-02 17:30:00");
  EXPECT_EQ(back.logged, work.logged);
  EXPECT_EQ(Shift::objects().filter(shift::ends > work.starts).count(db), 1);
}

}  // namespace
