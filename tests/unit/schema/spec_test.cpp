// Specs: the view types are literal (usable in constant expressions, as
// generated headers need), and SpecSet resolves every default from a parse.
#include "cpprustango/schema/spec.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include "cpprustango/schema/parser.hpp"

namespace schema = cpprustango::schema;
using schema::FieldKind;

namespace {

// What codegen writes for `model Post` (abridged), built by hand.
constexpr std::string_view kStatusChoices[] = {"draft", "published"};
constexpr std::string_view kIndexFields[] = {"status", "published_at"};
constexpr std::string_view kKey[] = {"id"};
constexpr std::string_view kListDisplay[] = {"title", "status"};
constexpr schema::FieldSpec kPostFields[] = {
    {.name = "id",
     .column = "id",
     .kind = FieldKind::BigInt,
     .primary_key = true,
     .auto_increment = true,
     .label = "id"},
    {.name = "title",
     .column = "title",
     .kind = FieldKind::String,
     .indexed = true,
     .max_length = 200,
     .label = "Headline"},
    {.name = "author",
     .column = "author_id",
     .kind = FieldKind::Ref,
     .ref_app = "blog",
     .ref_model = "Author",
     .related_name = "posts",
     .on_delete = schema::ReferentialAction::Restrict},
    {.name = "status",
     .column = "status",
     .kind = FieldKind::Choice,
     .choices = kStatusChoices,
     .default_kind = schema::DefaultKind::Choice,
     .default_value = "draft"},
    {.name = "rating", .column = "rating", .kind = FieldKind::SmallInt, .nullable = true, .min = 1, .max = 5},
    {.name = "ip", .column = "ip", .kind = FieldKind::Inet, .backend = schema::Backend::PostgreSQL},
};
constexpr schema::IndexSpec kPostIndexes[] = {{.name = "blog_post_status_published_at_idx", .fields = kIndexFields}};
constexpr schema::ModelSpec kPost{
    .app = "blog",
    .name = "Post",
    .table = "blog_post",
    .verbose_name = "post",
    .verbose_name_plural = "posts",
    .fields = kPostFields,
    .primary_key = kKey,
    .indexes = kPostIndexes,
    .admin = {.list_display = kListDisplay, .list_per_page = 50},
};

static_assert(std::is_aggregate_v<schema::FieldSpec> && std::is_aggregate_v<schema::ModelSpec>);
static_assert(std::is_trivially_destructible_v<schema::FieldSpec> &&
              std::is_trivially_destructible_v<schema::ModelSpec>);
static_assert(kPost.fields.size() == 6);
static_assert(kPost.field("title")->max_length == 200);
static_assert(kPost.field("author")->on_delete == schema::ReferentialAction::Restrict);
static_assert(kPost.field("status")->choices[1] == "published");
static_assert(*kPost.field("rating")->max == 5.0);
static_assert(kPost.field("nope") == nullptr);
static_assert(!kPost.field("ip")->exists_on(schema::Backend::SQLite));
static_assert(kPost.field("id")->exists_on(schema::Backend::SQLite));
static_assert(kPost.indexes[0].fields[0] == "status");
static_assert(kPost.admin.list_per_page == 50 && kPost.managed);
static_assert(schema::type_name(FieldKind::DateTime) == "datetime");
static_assert(schema::kind_from_name("multichoice") == FieldKind::MultiChoice);
static_assert(!schema::kind_from_name("varchar"));
static_assert(schema::is_postgres_only(FieldKind::Array) && !schema::is_postgres_only(FieldKind::Many));

constexpr const char* kBlog = R"(model Author {
  name string(120) @display
}

model Post {
  title        string(200) @index @label("Headline")
  slug         slug(220)   @unique @slug_from(title)
  author       ref(Author) @related_name("posts")
  editor       ref(Author)? @on_delete(set_null) @on_update(restrict) @related_name("edits")
  buyer        ref(shop.Customer)? @on_delete(set_null)
  status       choice(draft, published) @default(draft)
  tags         many(Tag)
  rating       smallint? @min(1) @max(5)
  price        decimal(10, 2) @default(0)
  names        array(string(20)) @backend(postgresql)
  body         text @widget(markdown) @help("Markdown") @example("Hello") @noform @noedit @comment("CLOB")

  @@index([status, title], name: "post_status")
  @@unique([author, slug])
  @@check("rating between 1 and 5")
  @@ordering([-title])
  @@admin(list_display: [title, status], list_per_page: 20, fieldsets: [("Main", [title, body])])
}

model Tag {
  name string(50)
  @@managed(false)
  @@comment("shared with the wiki")
  @@admin(actions: [])
}
)";

}  // namespace

TEST(SchemaSpec, ConstantSpecsWorkAtRunTimeToo) {
  EXPECT_EQ(kPost.field("author")->ref_model, "Author");
  EXPECT_EQ(kPost.admin.list_display.size(), 2u);
}

TEST(SchemaSpec, ResolvesModelDefaults) {
  const schema::SpecSet specs(schema::parse(kBlog, "apps/blog/models.schema", "blog"));
  ASSERT_EQ(specs.models().size(), 3u);
  const schema::ModelSpec* post = specs.find("blog", "Post");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->app, "blog");
  EXPECT_EQ(post->table, "blog_post");
  EXPECT_EQ(post->verbose_name, "post");
  EXPECT_EQ(post->verbose_name_plural, "posts");
  EXPECT_EQ(post->display, "");
  EXPECT_EQ(specs.find("blog", "Author")->display, "{name}");
  ASSERT_EQ(post->primary_key.size(), 1u);
  EXPECT_EQ(post->primary_key[0], "id");
  EXPECT_EQ(post->fields[0].name, "id");
  EXPECT_TRUE(post->fields[0].auto_increment);
  ASSERT_EQ(post->ordering.size(), 1u);
  EXPECT_EQ(post->ordering[0].field, "title");
  EXPECT_TRUE(post->ordering[0].descending);
  EXPECT_EQ(specs.find("blog", "Nope"), nullptr);
  EXPECT_EQ(specs.find("shop", "Post"), nullptr);
}

TEST(SchemaSpec, ResolvesFieldDefaults) {
  const schema::SpecSet specs(schema::parse(kBlog, "apps/blog/models.schema", "blog"));
  const schema::ModelSpec& post = *specs.find("blog", "Post");
  const auto& title = *post.field("title");
  EXPECT_EQ(title.kind, FieldKind::String);
  EXPECT_EQ(title.max_length, 200);
  EXPECT_TRUE(title.indexed);
  EXPECT_EQ(title.label, "Headline");
  EXPECT_EQ(title.line, 6);
  EXPECT_EQ(post.field("slug")->slug_from, "title");
  EXPECT_TRUE(post.field("slug")->unique);

  const auto& author = *post.field("author");
  EXPECT_EQ(author.column, "author_id");
  EXPECT_EQ(author.ref_app, "blog");
  EXPECT_EQ(author.ref_model, "Author");
  EXPECT_EQ(author.on_delete, schema::ReferentialAction::Cascade) << "cascade when not written";
  EXPECT_EQ(author.label, "author");
  EXPECT_EQ(specs.target(author), specs.find("blog", "Author"));
  const auto& editor = *post.field("editor");
  EXPECT_TRUE(editor.nullable);
  EXPECT_EQ(editor.on_delete, schema::ReferentialAction::SetNull);
  EXPECT_EQ(editor.on_update, schema::ReferentialAction::Restrict);
  EXPECT_EQ(post.field("buyer")->ref_app, "shop");
  EXPECT_EQ(specs.target(*post.field("buyer")), nullptr) << "not in this set";

  const auto& status = *post.field("status");
  ASSERT_EQ(status.choices.size(), 2u);
  EXPECT_EQ(status.choices[0], "draft");
  EXPECT_EQ(status.default_kind, schema::DefaultKind::Choice);
  EXPECT_EQ(status.default_value, "draft");
  const auto& tags = *post.field("tags");
  EXPECT_EQ(tags.column, "");
  EXPECT_EQ(tags.through, "blog_post_tags");
  EXPECT_EQ(*post.field("rating")->min, 1.0);
  EXPECT_EQ(post.field("price")->precision, 10);
  EXPECT_EQ(post.field("price")->scale, 2);
  const auto& names = *post.field("names");
  EXPECT_EQ(names.element, FieldKind::String);
  EXPECT_EQ(names.max_length, 20);
  EXPECT_FALSE(names.exists_on(schema::Backend::SQLite));
  const auto& body = *post.field("body");
  EXPECT_EQ(body.widget, schema::Widget::Markdown);
  EXPECT_EQ(body.help, "Markdown");
  EXPECT_EQ(body.example, "Hello");
  EXPECT_TRUE(body.noform && body.noedit);
  EXPECT_EQ(body.comment, "CLOB");
}

TEST(SchemaSpec, ResolvesIndexCheckAndAdminNames) {
  const schema::SpecSet specs(schema::parse(kBlog, "apps/blog/models.schema", "blog"));
  const schema::ModelSpec& post = *specs.find("blog", "Post");
  ASSERT_EQ(post.indexes.size(), 1u);
  EXPECT_EQ(post.indexes[0].name, "post_status");
  EXPECT_EQ(post.indexes[0].fields[1], "title");
  ASSERT_EQ(post.uniques.size(), 1u);
  EXPECT_EQ(post.uniques[0].name, "blog_post_author_slug_uniq");
  EXPECT_TRUE(post.uniques[0].unique);
  ASSERT_EQ(post.checks.size(), 1u);
  EXPECT_EQ(post.checks[0].name, "blog_post_check_1");
  EXPECT_EQ(post.checks[0].expression, "rating between 1 and 5");
  EXPECT_EQ(post.admin.list_per_page, 20);
  EXPECT_EQ(post.admin.list_display[0], "title");
  ASSERT_EQ(post.admin.fieldsets.size(), 1u);
  EXPECT_EQ(post.admin.fieldsets[0].title, "Main");
  EXPECT_EQ(post.admin.fieldsets[0].fields[1], "body");
  ASSERT_EQ(post.admin.actions.size(), 1u);
  EXPECT_EQ(post.admin.actions[0], "delete_selected") << "the default action";

  const schema::ModelSpec& tag = *specs.find("blog", "Tag");
  EXPECT_FALSE(tag.managed);
  EXPECT_EQ(tag.comment, "shared with the wiki");
  EXPECT_TRUE(tag.admin.actions.empty()) << "actions: [] turns them off";
  EXPECT_EQ(tag.admin.list_per_page, 100);
  const schema::ModelSpec& author = *specs.find("blog", "Author");
  EXPECT_EQ(author.admin.actions[0], "delete_selected");
}

TEST(SchemaSpec, ViewsOutliveTheSourceAndSurviveMoves) {
  std::vector<schema::SchemaFile> files;
  files.push_back(schema::parse("model Customer {\n  name string(9)\n}\n", "apps/shop/models.schema", "shop"));
  files.push_back(schema::parse(kBlog, "apps/blog/models.schema", "blog"));
  std::optional<schema::SpecSet> original(std::in_place, files);
  files.clear();  // the set keeps its own copy
  const schema::ModelSpec* post = original->find("blog", "Post");
  const std::string_view title_label = post->field("title")->label;
  schema::SpecSet moved(std::move(*original));
  original.reset();
  EXPECT_EQ(moved.models().size(), 4u);
  EXPECT_EQ(moved.find("blog", "Post"), post) << "moving the set keeps every view where it was";
  EXPECT_EQ(title_label, "Headline");
  EXPECT_EQ(moved.target(*post->field("buyer")), moved.find("shop", "Customer"));
  EXPECT_EQ(moved.models()[0].name, "Customer");
}
