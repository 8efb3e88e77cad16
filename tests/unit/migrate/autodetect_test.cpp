// The autodetector and the operations' effect on states: diff(from, to)
// applied to `from` gives `to`, renames are never guessed, order keeps
// foreign keys valid, and every operation has an inverse.
#include <gtest/gtest.h>

#include <algorithm>
#include <cpprustango/migrate/autodetect.hpp>
#include <cpprustango/migrate/migration.hpp>

#include "fixtures.hpp"

namespace {

using namespace cpprustango::migrate;
using migrate_test::kBlog;
using migrate_test::state_of;

std::vector<std::string> described(const std::vector<Operation>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) out.push_back(describe(op));
  return out;
}

/** Applying `ops` to `from` reaches `to`, up to column order (added columns go last). */
void expect_reaches(State from, const std::vector<Operation>& ops, const State& to) {
  for (const auto& op : ops) apply(from, op);
  ASSERT_EQ(from.tables.size(), to.tables.size());
  for (const Table& want : to.tables) {
    const Table* got = from.table(want.name);
    ASSERT_NE(got, nullptr) << want.name;
    for (const Column& c : want.columns) {
      ASSERT_NE(got->column(c.name), nullptr) << want.name << "." << c.name;
      EXPECT_EQ(*got->column(c.name), c) << want.name << "." << c.name;
    }
    EXPECT_EQ(got->columns.size(), want.columns.size()) << want.name;
    EXPECT_EQ(got->indexes.size(), want.indexes.size()) << want.name;
    for (const Index& i : want.indexes) EXPECT_NE(got->index(i.name), nullptr) << i.name;
    EXPECT_EQ(got->checks.size(), want.checks.size()) << want.name;
  }
}

/** Undoing `ops` one by one from the state they reach returns to `from` exactly. */
void expect_reversible(const State& from, const std::vector<Operation>& ops) {
  std::vector<State> befores;
  State state = from;
  for (const auto& op : ops) {
    befores.push_back(state);
    apply(state, op);
  }
  for (std::size_t i = ops.size(); i-- > 0;) {
    for (const auto& undo : inverse(ops[i], befores[i])) apply(state, undo);
  }
  for (const Table& want : from.tables) {
    const Table* got = state.table(want.name);
    ASSERT_NE(got, nullptr) << want.name;
    for (const Column& c : want.columns) EXPECT_EQ(*got->column(c.name), c);
    EXPECT_EQ(got->indexes.size(), want.indexes.size()) << want.name;
  }
  EXPECT_EQ(state.tables.size(), from.tables.size());
}

TEST(MigrateAutodetect, FirstMigrationCreatesReferencedTablesFirst) {
  const State to = state_of("model Post {\n  author ref(Author)\n}\nmodel Author {\n  name string(20)\n}\n");
  const auto ops = diff({}, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"create_table blog_author", "create_table blog_post"}));
  expect_reaches({}, ops, to);
}

TEST(MigrateAutodetect, NoChangeNoOperations) {
  EXPECT_TRUE(diff(state_of(kBlog), state_of(kBlog)).empty());
  // Labels, help texts and admin options are not in the database.
  std::string relabelled = kBlog;
  relabelled.replace(relabelled.find("body   text"), 11, "body   text @help(\"The post\") @label(\"Text\")");
  EXPECT_TRUE(diff(state_of(kBlog), state_of(relabelled)).empty());
}

TEST(MigrateAutodetect, EveryKindOfColumnChange) {
  const State from = state_of(R"(
model Post {
  title  string(200)
  body   text
  score  int
  slug   slug(50)
  kind   choice(a, b)
  @@index([title, score])
  @@check("score >= 0")
}
)");
  const State to = state_of(R"(
model Post {
  title  string(250) @unique
  score  bigint? @default(0)
  slug   slug(50) @index
  kind   choice(a, b, c)
  teaser text?
  @@unique([title, slug])
  @@check("score >= 1")
}
)");
  const auto ops = diff(from, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{
                                 "drop_index blog_post_title_score_idx on blog_post",
                                 "drop_check blog_post_check_1 on blog_post",
                                 "drop_column blog_post.body",
                                 "alter_column blog_post.title",
                                 "alter_column blog_post.score",
                                 "alter_column blog_post.kind",
                                 "add_column blog_post.teaser",
                                 "add_index blog_post_slug_idx on blog_post",
                                 "add_index blog_post_title_slug_uniq on blog_post",
                                 "add_check blog_post_check_1 on blog_post",
                             }));
  expect_reaches(from, ops, to);
  expect_reversible(from, ops);
}

TEST(MigrateAutodetect, DatetimeAndTimestampAreDifferentTypes) {
  const State from = state_of("model Shift {\n  starts datetime\n  opens time?\n}\n");
  const State to = state_of("model Shift {\n  starts timestamp\n  opens timetz? @backend(postgresql)\n}\n");
  const auto ops = diff(from, to);
  EXPECT_EQ(described(ops), (std::vector<std::string>{"alter_column blog_shift.starts", "alter_column blog_shift.opens"}));
  expect_reaches(from, ops, to);
  expect_reversible(from, ops);
  Migration m{"0002_naive", {"0001_initial"}, ops, to};
  const std::string text = to_json(m);
  EXPECT_NE(text.find("\"type\": \"timestamp\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"type\": \"timetz\""), std::string::npos) << text;
  EXPECT_EQ(parse_migration(text, "0002_naive.json"), m);
}

TEST(MigrateAutodetect, RenamesAreNeverGuessed) {
  const State from = state_of("model Post {\n  title string(200)\n}\n");
  const State to = state_of("model Post {\n  heading string(200)\n}\n");
  EXPECT_EQ(described(diff(from, to)),
            (std::vector<std::string>{"drop_column blog_post.title", "add_column blog_post.heading"}));
  EXPECT_EQ(rename_candidates(from, to), (std::vector<RenameCandidate>{{false, "blog_post", "title", "heading"}}));
  const auto ops = diff(from, to, {.columns = {{"blog_post", "title", "heading"}}});
  EXPECT_EQ(described(ops), (std::vector<std::string>{"rename_column blog_post.title -> heading"}));
  EXPECT_TRUE(rename_candidates(from, to, {.columns = {{"blog_post", "title", "heading"}}}).empty());
}

TEST(MigrateAutodetect, ChangedTableNameOfTheSameModelIsARename) {
  const State from = state_of("model Post {\n  title string(20)\n}\n");
  const State to = state_of("model Post {\n  title string(20)\n  @@table(\"posts\")\n}\n");
  EXPECT_EQ(described(diff(from, to)), (std::vector<std::string>{"rename_table blog_post -> posts"}));
}

TEST(MigrateAutodetect, RenamedModelIsACandidateAndTakesItsJoinTablesAlong) {
  const State from = state_of("model Tag {\n  name string(20)\n}\nmodel Post {\n  title string(20)\n  tags many(Tag)\n}\n");
  const State to =
      state_of("model Tag {\n  name string(20)\n}\nmodel Article {\n  title string(20)\n  tags many(Tag)\n}\n");
  EXPECT_EQ(rename_candidates(from, to), (std::vector<RenameCandidate>{{true, "", "blog_post", "blog_article"}}));
  const auto ops = diff(from, to, {.tables = {{"blog_post", "blog_article"}}});
  EXPECT_EQ(described(ops), (std::vector<std::string>{
                                 "rename_table blog_post -> blog_article",
                                 "rename_table blog_post_tags -> blog_article_tags",
                                 "rename_column blog_article_tags.post_id -> article_id",
                                 "drop_index blog_post_tags_tag_id_idx on blog_article_tags",
                                 "add_index blog_article_tags_tag_id_idx on blog_article_tags",
                             }));
  expect_reaches(from, ops, to);
}

TEST(MigrateAutodetect, DroppedTablesGoLastReferencingOnesFirst) {
  const State from = state_of("model Author {\n  name string(20)\n}\nmodel Post {\n  author ref(Author)\n}\n");
  EXPECT_EQ(described(diff(from, {})), (std::vector<std::string>{"drop_table blog_post", "drop_table blog_author"}));
}

TEST(MigrateAutodetect, UnmanagedModelsAreLeftAlone) {
  const State to = state_of("model Legacy {\n  name string(20)\n  @@managed(false)\n}\nmodel Post {\n  old ref(Legacy)\n}\n");
  EXPECT_EQ(to.table("blog_legacy"), nullptr);
  EXPECT_EQ(described(diff({}, to)), (std::vector<std::string>{"create_table blog_post"}));
  EXPECT_EQ(to.table("blog_post")->column("old_id")->references->table, "blog_legacy");
}

TEST(MigrateAutodetect, ChangedPrimaryKeyIsAnErrorThatSaysWhatToDo) {
  const State from = state_of("model Code {\n  code string(8) @id\n}\n");
  const State to = state_of("model Code {\n  key string(8) @id\n  code string(8)\n}\n");
  try {
    diff(from, to);
    FAIL() << "expected DiffError";
  } catch (const DiffError& e) {
    EXPECT_NE(std::string(e.what()).find("primary key of blog_code changed (code -> key)"), std::string::npos) << e.what();
  }
}

TEST(MigrateOperations, ApplyRejectsWhatDoesNotFit) {
  State state = state_of(kBlog);
  EXPECT_THROW(apply(state, CreateTable{*state.table("blog_post")}), StateError);
  EXPECT_THROW(apply(state, DropColumn{"blog_post", "nope"}), StateError);
  EXPECT_THROW(apply(state, DropColumn{"blog_post", "id"}), StateError);
  EXPECT_THROW(apply(state, AddIndex{"blog_post", {"x_idx", {"missing"}, false}}), StateError);
  EXPECT_THROW(inverse(RunSql{{.both = "SELECT 1"}, std::nullopt}, state), StateError);
}

TEST(MigrateOperations, RenamesFollowForeignKeys) {
  State state = state_of(kBlog);
  apply(state, RenameTable{"blog_author", "blog_writer"});
  apply(state, RenameColumn{"blog_writer", "id", "writer_id"});
  const auto& fk = *state.table("blog_post")->column("author_id")->references;
  EXPECT_EQ(fk.table, "blog_writer");
  EXPECT_EQ(fk.column, "writer_id");
  EXPECT_EQ(state.table("blog_writer")->primary_key, std::vector<std::string>{"writer_id"});
}

}  // namespace

namespace {

TEST(MigrateState, RefToAKeyThatIsARefTakesTheTypeAtTheEndOfTheChain) {
  // A customer's key is its person's key; an order refers to the customer.
  const State state = state_of(R"(
model Person {
  code string(12) @id
}
model Customer {
  person ref(Person) @id
}
model Vip {
  customer ref(Customer) @id
}
model Order {
  vip ref(Vip)
}
)");
  const ColumnType text_key{.kind = cpprustango::schema::FieldKind::String, .max_length = 12};
  EXPECT_EQ(state.table("blog_customer")->column("person_id")->type, text_key);
  EXPECT_EQ(state.table("blog_vip")->column("customer_id")->type, text_key);
  EXPECT_EQ(state.table("blog_order")->column("vip_id")->type, text_key);
  EXPECT_EQ(state.table("blog_order")->column("vip_id")->references->table, "blog_vip");
  EXPECT_EQ(state.table("blog_order")->column("vip_id")->references->column, "customer_id");
}

TEST(MigrateState, KeysThatReferToEachOtherInACircleAreRefused) {
  const char* circle = "model A {\n  b ref(B) @id\n}\nmodel B {\n  a ref(A) @id\n}\n";
  try {
    (void)state_of(circle);
    FAIL() << "expected a StateError";
  } catch (const StateError& e) {
    EXPECT_EQ(std::string(e.what()),
              "the key of blog.A is a ref that leads back to itself; one model of the circle needs a key of its own "
              "type");
  }
}

}  // namespace
